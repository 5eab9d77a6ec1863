/**
 * The figures the model is told about a long output (its total lines, the bytes left out) must
 * be true at any size, also past the capture's bound, where the middle of the output is never
 * kept. Real commands print lines of known length through a real pty; the expected figures
 * follow from the command alone.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentEventMsgSchema } from '../../../src-shared/protocol/agent';
import { POLL_CAPTURE_CHARS, RUN_CAPTURE_CHARS } from '../../terminal/command-record';
import { PtyShell } from '../../terminal/pty-shell';
import { makeTempDir } from '../../terminal/test-support/shell-fixtures';
import { DEFAULT_MAX_OUTPUT_TOKENS } from './exec-args';
import { createExecCommandTool, createWriteStdinTool } from './exec-command';
import { formatCommandResult } from './exec-format';
import type { ToolContext } from './tool';

const BIG_TIMEOUT_MS = 240_000;
/** 8 bytes, 8 characters. */
const ASCII_LINE = '1234567\n';
/** 13 bytes in 6 UTF-16 code units: 3-, 3-, 4- and 2-byte characters, split across pty reads. */
const WIDE_LINE = '漢字🙂é\n';

let dir: ReturnType<typeof makeTempDir>;
let shell: PtyShell;
let calls = 0;

beforeAll(async () => {
  dir = makeTempDir('flotilla-figures-');
  shell = await PtyShell.start({ cwd: dir.path });
});

afterAll(() => {
  shell.dispose();
  dir.remove();
});

function context(): ToolContext {
  return {
    turnId: 'turn-1',
    callId: `call-${++calls}`,
    worktreePath: dir.path,
    signal: new AbortController().signal,
    emit: (msg) => void AgentEventMsgSchema.parse(msg),
  };
}

function exec(args: Record<string, unknown>): Promise<string> {
  return createExecCommandTool(shell).run(JSON.stringify({ yield_time_ms: 30_000, ...args }), context());
}

/**
 * What exec_command tells the model about `command`, with no yield time to race: on a loaded
 * machine 32 MiB through a pty may outlast the tool's longest yield.
 */
async function toldAboutRun(command: string): Promise<string> {
  const result = await shell.run(command, { yieldTimeMs: BIG_TIMEOUT_MS });
  return formatCommandResult(result, { maxOutputTokens: DEFAULT_MAX_OUTPUT_TOKENS });
}

interface Told {
  exitLine: string;
  totalLines: number | null;
  head: string;
  omittedBytes: number | null;
  omittedTokens: number | null;
  tail: string;
}

/** Reads back what the model was told. */
function parse(text: string): Told {
  const match = /^(.*)\nWall time: [\d.]+ seconds\n(?:Total output lines: (\d+)\n)?Output:\n([\s\S]*)$/.exec(text);
  if (!match) throw new Error(`not a tool result: ${text.slice(0, 200)}`);
  const output = match[3] as string;
  const note = /\[\.\.\. (\d+) bytes \(about (\d+) tokens\) omitted from the middle \.\.\.\]\n/.exec(output);
  return {
    exitLine: match[1] as string,
    totalLines: match[2] === undefined ? null : Number(match[2]),
    head: note ? output.slice(0, note.index) : output,
    omittedBytes: note ? Number(note[1]) : null,
    omittedTokens: note ? Number(note[2]) : null,
    tail: note ? output.slice(note.index + note[0].length) : '',
  };
}

/** Figures of `lines` copies of `line`, then `last` without a newline. */
function expectTold(told: Told, { line, lines, last = '' }: { line: string; lines: number; last?: string }) {
  const totalBytes = lines * Buffer.byteLength(line) + Buffer.byteLength(last);
  expect(told.exitLine).toBe('Exit code: 0');
  expect(told.totalLines).toBe(lines + (last ? 1 : 0));
  expect(told.omittedBytes).not.toBeNull();
  // What was shown and what the note says was left out add up to the whole output, exactly.
  expect(Buffer.byteLength(told.head) + (told.omittedBytes ?? 0) + Buffer.byteLength(told.tail)).toBe(totalBytes);
  expect(told.omittedTokens).toBe(Math.ceil((told.omittedBytes ?? 0) / 4));
  // And what was shown is the output's real start and end, whole lines.
  expect(told.head).toBe(line.repeat(told.head.length / line.length));
  expect(told.tail.endsWith(last)).toBe(true);
  expect(told.tail.slice(0, told.tail.length - last.length)).toBe(line.repeat((told.tail.length - last.length) / line.length));
  expect(told.head.length).toBeGreaterThan(0);
  expect(told.tail.length).toBeGreaterThan(last.length);
}

function asciiLines(count: number): string {
  return `yes 1234567 | head -n ${count}`;
}

describe('figures told to the model about a run', () => {
  const capLines = RUN_CAPTURE_CHARS / ASCII_LINE.length;

  it.each([
    ['just under the capture bound', capLines - 1],
    ['exactly at the capture bound', capLines],
    ['just over the capture bound', capLines + 1],
  ])(
    '%s',
    async (_name, lines) => {
      expectTold(parse(await toldAboutRun(asciiLines(lines))), { line: ASCII_LINE, lines });
    },
    BIG_TIMEOUT_MS,
  );

  it(
    'over the bound, with a last line that has no newline',
    async () => {
      const lines = capLines + 1000;
      const told = parse(await toldAboutRun(`${asciiLines(lines)}; printf 'no newline'`));
      expectTold(told, { line: ASCII_LINE, lines, last: 'no newline' });
    },
    BIG_TIMEOUT_MS,
  );

  it('for a short output, also without a last newline', async () => {
    const told = parse(await exec({ cmd: `${asciiLines(3000)}; printf 'end'`, max_output_tokens: 100 }));
    expectTold(told, { line: ASCII_LINE, lines: 3000, last: 'end' });
  });
});

describe('figures told to the model about a poll', () => {
  it.each([
    ['in multi-byte characters split across pty reads', `'${WIDE_LINE.trim()}'`, WIDE_LINE, WIDE_LINE.length],
    ['not counting colour codes, which the model is not shown', "$'\\e[31mred\\e[0m'", 'red\n', '\x1b[31mred\x1b[0m\n'.length],
  ])(
    'past the polling bound, %s',
    async (_name, word, line, charsPerLine) => {
      const lines = Math.ceil(POLL_CAPTURE_CHARS / charsPerLine) + 5000;
      const gate = `go-${calls}`;
      // Held back until the command has yielded, so all of its output falls in one poll.
      const command = `until [ -e ${gate} ]; do sleep 0.02; done; yes ${word} | head -n ${lines}`;
      const first = parse(await exec({ cmd: command, yield_time_ms: 250 }));
      const sessionId = Number(/session ID (\d+)/.exec(first.exitLine)?.[1]);
      expect(first.head).toBe('');
      writeFileSync(join(dir.path, gate), '');
      const poll = createWriteStdinTool(shell).run(JSON.stringify({ session_id: sessionId, yield_time_ms: 200_000 }), context());
      expectTold(parse(await poll), { line, lines });
    },
    BIG_TIMEOUT_MS,
  );
});
