import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentEventMsg } from '../../../src-shared/protocol/agent';
import { AgentEventMsgSchema } from '../../../src-shared/protocol/agent';
import { PtyShell } from '../../terminal/pty-shell';
import { makeTempDir, waitUntil } from '../../terminal/test-support/shell-fixtures';
import { createExecCommandTool, createWriteStdinTool } from './exec-command';
import type { ToolContext } from './tool';

let dir: ReturnType<typeof makeTempDir>;
let shell: PtyShell;

beforeAll(async () => {
  dir = makeTempDir('flotilla-exec-');
  shell = await PtyShell.start({ cwd: dir.path });
});

afterAll(() => {
  shell.dispose();
  dir.remove();
});

let calls = 0;

function context(signal: AbortSignal = new AbortController().signal) {
  const events: AgentEventMsg[] = [];
  const ctx: ToolContext = {
    turnId: 'turn-1',
    callId: `call-${++calls}`,
    worktreePath: dir.path,
    signal,
    emit: (msg) => events.push(AgentEventMsgSchema.parse(msg)),
  };
  return { ctx, events };
}

function exec(args: Record<string, unknown>, signal?: AbortSignal) {
  const { ctx, events } = context(signal);
  const text = createExecCommandTool(shell).run(JSON.stringify(args), ctx);
  return { ctx, events, text };
}

function deltas(events: AgentEventMsg[]): string {
  return events.map((event) => (event.type === 'item_delta' ? event.delta : '')).join('');
}

function completions(events: AgentEventMsg[]) {
  return events.flatMap((event) => (event.type === 'item_completed' && event.item.type === 'command' ? [event.item] : []));
}

describe('exec_command', () => {
  it('emits item_started, output deltas and item_completed with one id, and answers in Codex form', async () => {
    const { ctx, events, text } = exec({ cmd: 'echo hello; echo oops >&2' });
    expect(await text).toMatch(/^Exit code: 0\nWall time: \d+\.\d seconds\nOutput:\nhello\noops\n$/);
    const [first, last] = [events[0], events[events.length - 1]];
    expect(first).toMatchObject({ type: 'item_started', turnId: 'turn-1', item: { type: 'command', id: ctx.callId, status: 'in_progress' } });
    expect(last).toMatchObject({ type: 'item_completed', item: { id: ctx.callId, exitCode: 0, status: 'completed', cwd: dir.path } });
    expect(events.slice(1, -1).every((event) => event.type === 'item_delta' && event.itemId === ctx.callId)).toBe(true);
    expect(deltas(events)).toBe('hello\noops\n');
    expect(completions(events)[0]?.output).toBe('hello\noops\n');
  });

  it('reports failure exit codes', async () => {
    const { events, text } = exec({ cmd: 'echo bad; exit 42' });
    expect(await text).toMatch(/^Exit code: 42\n/);
    expect(completions(events)[0]).toMatchObject({ exitCode: 42, status: 'failed' });
  });

  it('runs in workdir', async () => {
    const { events, text } = exec({ cmd: 'pwd -P', workdir: '.' });
    expect(await text).toContain(`Output:\n${dir.path}\n`);
    expect(completions(events)[0]?.cwd).toBe(dir.path);
  });

  it('streams deltas that add up to the output', async () => {
    const { events, text } = exec({ cmd: 'for i in $(seq 1 300); do echo "line $i"; done; sleep 0.1; echo last' });
    await text;
    expect(deltas(events)).toBe(completions(events)[0]?.output);
    expect(deltas(events).endsWith('line 300\nlast\n')).toBe(true);
  });

  it('truncates long output in the middle, saying how much was left out', async () => {
    const text = await exec({ cmd: 'seq 1 100000', max_output_tokens: 100 }).text;
    expect(text).toMatch(/^Exit code: 0\nWall time: .*\nTotal output lines: 100000\nOutput:\n1\n2\n3\n/);
    expect(text).toMatch(/\[\.\.\. \d+ bytes \(about \d+ tokens\) omitted from the middle \.\.\.\]\n/);
    expect(text.endsWith('99999\n100000\n')).toBe(true);
    expect(text.length).toBeLessThan(1000);
  });

  it('caps the transcript copy of huge output', async () => {
    const { events, text } = exec({ cmd: 'head -c 3000000 /dev/zero | base64' });
    expect(await text).toContain('omitted from the middle');
    expect(deltas(events).length).toBeLessThan(1.2 * 1024 * 1024);
    const output = completions(events)[0]?.output ?? '';
    expect(output).toContain('characters of output omitted');
    expect(output.length).toBeLessThan(1.1 * 1024 * 1024);
  });

  it('strips colour codes from what the model reads, not from the transcript', async () => {
    const { events, text } = exec({ cmd: "printf '\\033[31mred\\033[0m\\n'" });
    expect(await text).toContain('Output:\nred\n');
    expect(completions(events)[0]?.output).toBe('\x1b[31mred\x1b[0m\n');
  });

  it('marks an aborted command interrupted and keeps the shell usable', async () => {
    const controller = new AbortController();
    const { events, text } = exec({ cmd: 'echo started; sleep 30' }, controller.signal);
    await waitUntil(() => deltas(events).includes('started'), 'the command to start');
    controller.abort();
    expect(await text).toContain('interrupted');
    expect(completions(events)[0]?.status).toBe('interrupted');
    expect(await exec({ cmd: 'echo fine' }).text).toContain('Output:\nfine\n');
  });

  it.each([
    ['bad JSON', '{"cmd": "ls"'],
    ['no cmd', '{}'],
    ['an empty cmd', '{"cmd": "  "}'],
    ['cmd of the wrong type', '{"cmd": ["ls", "-la"]}'],
    ['yield_time_ms of the wrong type', '{"cmd": "ls", "yield_time_ms": "soon"}'],
    ['an array', '[]'],
  ])('answers %s with an error text and no events', async (_name, input) => {
    const { ctx, events } = context();
    const text = await createExecCommandTool(shell).run(input, ctx);
    expect(text).toMatch(/^exec_command: /);
    expect(events).toEqual([]);
  });
});

describe('exec_command with write_stdin', () => {
  it('yields a running command; write_stdin polls it and reports in items of its own', async () => {
    const gate = join(dir.path, 'gate');
    const command = `echo begin; while [ ! -e '${gate}' ]; do sleep 0.05; done; echo end`;
    const { ctx, events, text } = exec({ cmd: command, yield_time_ms: 250 });
    const first = await text;
    const sessionId = Number(/^Process running with session ID (\d+)\n/.exec(first)?.[1]);
    expect(sessionId).toBeGreaterThan(0);
    expect(completions(events)).toHaveLength(1);
    expect(completions(events)[0]).toMatchObject({ id: ctx.callId, status: 'in_progress', sessionId, exitCode: null });

    const writeStdin = createWriteStdinTool(shell);
    const quiet = context();
    expect(await writeStdin.run(JSON.stringify({ session_id: sessionId, yield_time_ms: 250 }), quiet.ctx)).toMatch(
      /^Process running with session ID \d+\n/,
    );
    expect(quiet.events).toEqual([]);

    writeFileSync(gate, '');
    let answer: string;
    let output = '';
    let last = context();
    do {
      last = context();
      answer = await writeStdin.run(JSON.stringify({ session_id: sessionId, yield_time_ms: 1000 }), last.ctx);
      output += answer.slice(answer.indexOf('Output:\n') + 'Output:\n'.length);
    } while (answer.startsWith('Process running'));
    expect(answer).toMatch(/^Exit code: 0\n/);
    expect(output).toContain('end\n');
    expect(last.events[0]).toMatchObject({ type: 'item_started', item: { id: last.ctx.callId, command } });
    expect(completions(last.events)).toEqual([
      expect.objectContaining({ id: last.ctx.callId, command, status: 'completed', exitCode: 0, sessionId }),
    ]);
    expect(completions(last.events)[0]?.output).toContain('end\n');
    // The exec item was closed at the yield: nothing of what followed went into it.
    expect(events.at(-1)?.type).toBe('item_completed');
    expect(completions(events)).toHaveLength(1);
  });

  it('sends input to a command waiting for it', async () => {
    const first = await exec({ cmd: 'read -r answer; echo "got $answer"', yield_time_ms: 250 }).text;
    const sessionId = Number(/session ID (\d+)/.exec(first)?.[1]);
    const answer = await createWriteStdinTool(shell).run(JSON.stringify({ session_id: sessionId, chars: 'yes\n', yield_time_ms: 5000 }), context().ctx);
    expect(answer).toMatch(/^Exit code: 0\n[\s\S]*got yes\n$/);
  });

  it('answers an unknown session or bad arguments with an error text', async () => {
    const writeStdin = createWriteStdinTool(shell);
    expect(await writeStdin.run('{"session_id": 999}', context().ctx)).toMatch(/^write_stdin failed: There is no running session with ID 999/);
    expect(await writeStdin.run('{"session_id": "one"}', context().ctx)).toMatch(/^write_stdin: invalid arguments: session_id/);
    expect(await writeStdin.run('nope', context().ctx)).toMatch(/^write_stdin: the arguments are not valid JSON/);
  });
});
