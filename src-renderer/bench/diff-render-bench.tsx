/**
 * `npm run bench` loads this page in Chromium to time the Changes tab on a 20,000-line diff over
 * 300 files: from mounting the tab to the first diff line on screen, then the frames of a scroll
 * from top to bottom. The fleet is a fake client, so the figure is the renderer's own work (the
 * transport's parsing is not in it). Figures, not a test.
 */
import '../zod-setup';
import { createRoot } from 'react-dom/client';
import { ok } from '../../src-shared/protocol/api';
import { createActions } from '../session/actions';
import { Session } from '../session/session';
import { SessionProvider } from '../session/session-context';
import { largeDiff } from '../test-support/diff-fixtures';
import { fakeClient } from '../test-support/fake-client';
import { DiffTab } from '../views/diff-tab';
import '../styles.css';

const SCROLL_STEPS = 60;

export interface DiffRenderFigures {
  files: number;
  lines: number;
  firstLineMs: number;
  rowsInDom: number;
  /** Each scroll step is timed until two frames have painted, so the display's pace (~33 ms) is its floor. */
  scrollStepMedianMs: number;
  scrollStepMaxMs: number;
  /** Main-thread tasks over 50 ms while scrolling: what a user would feel as a stutter. */
  longTasks: number;
  longestTaskMs: number;
}

const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));

async function until<T>(probe: () => T | null): Promise<T> {
  for (;;) {
    const found = probe();
    if (found) return found;
    await frame();
  }
}

async function run(): Promise<DiffRenderFigures> {
  const diff = largeDiff(300, 67);
  const { client } = fakeClient({ 'thread.diff': () => ok(diff), 'thread.checkpoints': () => ok([]) });
  const session = new Session(client);
  const container = document.getElementById('root');
  if (!container) throw new Error('The bench page has no #root');
  const started = performance.now();
  createRoot(container).render(
    <SessionProvider session={session} actions={createActions(session)}>
      <DiffTab threadId="bench" />
    </SessionProvider>,
  );
  await until(() => document.querySelector('[data-testid=diff-line]'));
  await frame();
  const firstLineMs = performance.now() - started;
  const list = await until(() => document.querySelector<HTMLElement>('.vlist'));
  const longTasks: number[] = [];
  const observer = new PerformanceObserver((entries) => longTasks.push(...entries.getEntries().map((e) => e.duration)));
  observer.observe({ type: 'longtask' });
  const frames = await scrollThrough(list);
  observer.disconnect();
  frames.sort((a, b) => a - b);
  return {
    files: diff.files.length,
    lines: diff.files.reduce((n, f) => n + f.additions + f.deletions, 0),
    firstLineMs,
    rowsInDom: document.querySelectorAll('.vrow').length,
    scrollStepMedianMs: frames[Math.floor(frames.length / 2)] ?? 0,
    scrollStepMaxMs: frames[frames.length - 1] ?? 0,
    longTasks: longTasks.length,
    longestTaskMs: Math.max(0, ...longTasks),
  };
}

/** Jumps through the whole list in equal steps, timing each step until its frame is painted. */
async function scrollThrough(list: HTMLElement): Promise<number[]> {
  const frames: number[] = [];
  const step = (list.scrollHeight - list.clientHeight) / SCROLL_STEPS;
  for (let i = 1; i <= SCROLL_STEPS; i++) {
    const before = performance.now();
    list.scrollTop = i * step;
    await frame();
    await frame();
    frames.push(performance.now() - before);
  }
  return frames;
}

Object.assign(window, { flotillaDiffBench: run });
