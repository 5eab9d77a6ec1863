/**
 * A mid-thread approval-mode change reaches the model as an appended message, as Codex appends its
 * permissions update: the request before the change is a byte prefix of the request after it, so
 * the instructions, tools and environment context (and the provider's prompt cache) stay intact.
 * Bodies are the demo server's record of each request over real HTTP, serialized again; the SDK
 * serializes with JSON.stringify, so this is the bytes it sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoModelServer, startDemoModelServer } from '../demo/server';
import { approvalModeNote } from './approvals';
import { nextTick, runUserTurn as turn, say, startScriptedAgent, type ScriptedAgent } from './test-support/agent-test-support';
import { batch, execTool, waitUntil } from './test-support/batch-tools';

let server: DemoModelServer;
beforeAll(async () => {
  server = await startDemoModelServer();
});
afterAll(() => server.close());

interface InputItem {
  type: string;
  role?: string;
  content?: unknown;
}

/** The items request `later` appends to request `earlier`, once the earlier body is shown to be its byte prefix. */
function appendedItems(t: ScriptedAgent, earlier: number, later: number): InputItem[] {
  const [before, after] = [t.bodies()[earlier] ?? '', t.bodies()[later] ?? ''];
  // `input` is the body's last key, so the earlier body less its closing "]}" is where the later one grows.
  expect(before.endsWith(']}')).toBe(true);
  expect(after.startsWith(before.slice(0, -2))).toBe(true);
  const count = (JSON.parse(before) as { input: unknown[] }).input.length;
  return (JSON.parse(after) as { input: InputItem[] }).input.slice(count);
}

function firstInput(t: ScriptedAgent): InputItem {
  return (JSON.parse(t.bodies()[0] ?? '{}') as { input: InputItem[] }).input[0]!;
}

describe('a mid-thread approval-mode change', () => {
  it('between turns is appended before the next input, leaving the prefix byte-identical', async () => {
    const t = await startScriptedAgent(server, [say('first'), say('second')]);
    await turn(t, 'one');
    t.send({ type: 'set_approval_mode', mode: 'suggest' });
    expect(await turn(t, 'two')).toMatchObject({ type: 'turn_completed', summary: 'second' });
    const appended = appendedItems(t, 0, 1);
    expect(appended.map((i) => [i.role, i.content])).toEqual([
      ['assistant', 'first'],
      ['user', approvalModeNote('suggest')],
      ['user', 'two'],
    ]);
    // The environment context at the head still says what it said when the thread began.
    expect(JSON.stringify(firstInput(t))).toContain('<approval_mode>full-auto</approval_mode>');
  });

  it('during an answer\'s calls applies from the next call and is told after all their outputs', async () => {
    const exec = execTool();
    const t = await startScriptedAgent(server, [batch('hold a', 'touch b'), say('done')], [exec.tool]);
    t.send({ type: 'user_input', text: 'go' });
    await waitUntil(() => exec.runs.length === 1);
    t.send({ type: 'set_approval_mode', mode: 'suggest' });
    // Ops are handled a microtask after they arrive: let it land while the first call still runs.
    await nextTick();
    exec.runs[0]!.release();
    const asked = await t.log.waitForMsg('approval_requested');
    expect(asked.reason).toBe('touch b');
    t.send({ type: 'approval_decision', requestId: asked.requestId, decision: 'approve' });
    await t.log.waitForMsg('turn_completed');
    const appended = appendedItems(t, 0, 1);
    expect(appended.map((i) => i.type)).toEqual(['message', 'function_call', 'function_call', 'function_call_output', 'function_call_output', 'message']);
    expect(appended.at(-1)).toMatchObject({ role: 'user', content: approvalModeNote('suggest') });
  });

  it('made while no worker ran is told by the next worker, whose prefix keeps the thread\'s first mode', async () => {
    const history = [
      { type: 'user' as const, text: 'earlier task' },
      { type: 'message' as const, key: 'o0', text: 'earlier answer', phase: null, response: 0 },
    ];
    const resumed = { approvalMode: 'suggest' as const, contextApprovalMode: 'full-auto' as const, history };
    const t = await startScriptedAgent(server, [say('resumed')], undefined, {}, resumed);
    await turn(t, 'continue');
    const input = (JSON.parse(t.bodies()[0] ?? '{}') as { input: InputItem[] }).input;
    expect(JSON.stringify(input[0])).toContain('<approval_mode>full-auto</approval_mode>');
    expect(input.slice(-2).map((i) => i.content)).toEqual([approvalModeNote('suggest'), 'continue']);

    // A worker whose history already told the model says nothing more.
    const told = { ...resumed, history: [...history, { type: 'user' as const, text: approvalModeNote('suggest') }] };
    const again = await startScriptedAgent(server, [say('resumed')], undefined, {}, told);
    await turn(again, 'continue');
    const againInput = (JSON.parse(again.bodies()[0] ?? '{}') as { input: InputItem[] }).input;
    expect(againInput.filter((i) => i.content === approvalModeNote('suggest'))).toHaveLength(1);
  });

  it('back to the same mode tells the model nothing', async () => {
    const t = await startScriptedAgent(server, [say('first'), say('second')]);
    await turn(t, 'one');
    t.send({ type: 'set_approval_mode', mode: 'full-auto' });
    await turn(t, 'two');
    expect(appendedItems(t, 0, 1).map((i) => i.content)).toEqual(['first', 'two']);
  });
});
