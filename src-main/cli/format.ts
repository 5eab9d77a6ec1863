/** Plain-text views of threads for the terminal: progress lines and the final summary. */
import type { ThreadSummary } from '../../src-shared/domain/thread';

export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

export function formatTokens(n: number): string {
  if (n < 1000) return `${n}`;
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

function elapsedOf(thread: ThreadSummary, now: number): number {
  return (thread.finishedAt ?? now) - thread.createdAt;
}

function tokensOf(thread: ThreadSummary): number {
  return thread.usage.inputTokens + thread.usage.outputTokens;
}

/** One line per agent for the live TTY view, cut to the terminal's width. */
export function progressLines(threads: readonly ThreadSummary[], now: number, columns: number): string[] {
  const branchWidth = Math.max(0, ...threads.map((t) => t.branch.length));
  return threads.map((t) => {
    const head = `#${t.agentIndex}  ${t.branch.padEnd(branchWidth)}  ${t.status.padEnd(11)}`;
    const tail = `${formatElapsed(elapsedOf(t, now)).padStart(6)}  ${formatTokens(tokensOf(t)).padStart(6)} tok`;
    // Two gaps of two spaces, and the last column left empty so the terminal never wraps.
    const room = columns - head.length - tail.length - 5;
    const activity = room > 1 ? clip(t.error ?? t.activity, room).padEnd(room) : '';
    return `${head}  ${activity}  ${tail}`.slice(0, Math.max(1, columns - 1));
  });
}

/** One line for a status change, for logs and pipes. */
export function statusLine(thread: ThreadSummary, now: number): string {
  const detail = thread.error ?? thread.activity;
  const suffix = detail ? `: ${detail}` : '';
  return `[${formatElapsed(elapsedOf(thread, now))}] agent ${thread.agentIndex} (${thread.branch}) ${thread.status}${suffix}`;
}

/** `<branch>  <status>  <files> files  +<add> -<del>`, columns aligned across agents. */
export function summaryLines(threads: readonly ThreadSummary[]): string[] {
  const rows = threads.map((t) => ({
    branch: t.branch,
    status: t.status,
    files: `${t.diffStat?.files ?? 0}`,
    add: `+${t.diffStat?.additions ?? 0}`,
    del: `-${t.diffStat?.deletions ?? 0}`,
  }));
  const width = (key: keyof (typeof rows)[number]) => Math.max(0, ...rows.map((r) => r[key].length));
  const w = { branch: width('branch'), status: width('status'), files: width('files'), add: width('add') };
  return rows.map(
    (r) => `${r.branch.padEnd(w.branch)}  ${r.status.padEnd(w.status)}  ${r.files.padStart(w.files)} files  ${r.add.padStart(w.add)} ${r.del}`,
  );
}

function clip(text: string, width: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= width ? oneLine : `${oneLine.slice(0, Math.max(0, width - 1))}…`;
}
