/**
 * exec_command with a way out: real pty shells (the "sandboxed" one and the one outside), the
 * user's answer given by the test. The fleet e2e (sandbox-escalation-e2e.test.ts) covers the rest.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentEventMsg } from '../../../src-shared/protocol/agent';
import { PtyShell } from '../../terminal/pty-shell';
import { makeTempDir } from '../../terminal/test-support/shell-fixtures';
import { descendants } from '../../fleet/test-support/fleet-control-support';
import { createExecCommandTool } from './exec-command';
import { APPROVED_OUTSIDE_NOTE, STOPPED_OUTSIDE_NOTE } from './exec-escalation';
import type { ToolContext, UnsandboxedRequest } from './tool';

let dir: ReturnType<typeof makeTempDir>;
let inside: PtyShell;
let outside: PtyShell;
beforeAll(async () => {
  dir = makeTempDir('flotilla-escalate-');
  inside = await PtyShell.start({ cwd: dir.path });
  outside = await PtyShell.start({ cwd: dir.path });
});
afterAll(() => {
  inside.dispose();
  outside.dispose();
  dir.remove();
});

let calls = 0;
function run(cmd: string, answer: boolean, yieldMs = 10_000) {
  const asked: UnsandboxedRequest[] = [];
  const events: AgentEventMsg[] = [];
  const ctx: ToolContext = {
    turnId: 't',
    callId: `call-${++calls}`,
    worktreePath: dir.path,
    signal: new AbortController().signal,
    emit: (msg) => events.push(msg),
    askUnsandboxed: async (request) => (asked.push(request), answer),
  };
  const tool = createExecCommandTool(inside, { unsandboxed: { network: false, shell: async () => outside } });
  return { asked, events, text: tool.run(JSON.stringify({ cmd, yield_time_ms: yieldMs }), ctx) };
}

/** Blocked in the first shell, fine in the second: the shells have different pids. */
const blockedInside = (then: string) =>
  `if [ "$$" = "${inside.pid}" ]; then echo 'mkdir: cannot create directory: Read-only file system'; exit 1; else ${then}; fi`;

describe('exec_command outside the sandbox', () => {
  it('does not ask for a plain failure', async () => {
    const { asked, text } = run('echo nope; exit 3', true);
    expect(await text).toContain('Exit code: 3');
    expect(asked).toEqual([]);
  });

  it('reruns an approved blocked command in the other shell; a declined one stays blocked', async () => {
    const cmd = blockedInside('echo ran-outside');
    const approved = run(cmd, true);
    const text = await approved.text;
    expect(approved.asked).toEqual([expect.objectContaining({ blocked: 'mkdir: cannot create directory: Read-only file system', cwd: dir.path })]);
    expect(text.startsWith(APPROVED_OUTSIDE_NOTE)).toBe(true);
    expect(text).toContain('ran-outside');
    const rerunItem = approved.events.find((e) => e.type === 'item_completed' && e.item.id === approved.asked[0]!.itemId);
    expect(rerunItem).toMatchObject({ item: { exitCode: 0 } });

    const declined = run(cmd, false);
    expect(await declined.text).toContain('the user declined to run it outside the sandbox');
  });

  it('stops a command outside that outlives its yield time, so no session id of the other shell reaches the model', async () => {
    const cmd = blockedInside('echo started; exec sleep 60');
    const { text } = run(cmd, true, 300);
    const answer = await text;
    expect(answer).toContain(STOPPED_OUTSIDE_NOTE);
    expect(answer).not.toMatch(/session ID \d/);
    expect(descendants(outside.pid).some((p) => p.comm === 'sleep')).toBe(false);
  });
});
