/**
 * Several tool calls in one model answer (parallel_tool_calls, as Codex sends it), end to end: the
 * demo model streams them over real HTTP through the openai SDK; the loop runs them one after
 * another, in call order, and approvals, pause, interrupt and steering keep the history valid.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelApi, WorkerConfig } from '../../src-shared/protocol/agent';
import { type DemoModelServer, startDemoModelServer } from '../demo/server';
import { INTERRUPTED_NOTE } from './agent';
import { DENIED_OUTPUT } from './approvals';
import { nextTick, runUserTurn as turn, say, startScriptedAgent, type ScriptedAgent } from './test-support/agent-test-support';
import { batch, execTool, waitUntil } from './test-support/batch-tools';
import { abortedToolOutput } from './tool-calls';

let server: DemoModelServer;
beforeAll(async () => {
  server = await startDemoModelServer();
});
afterAll(() => server.close());

interface InputItem {
  type?: string;
  role?: string;
  call_id?: string;
  content?: unknown;
  output?: string;
  arguments?: string;
}

function inputOf(t: ScriptedAgent, request: number): InputItem[] {
  return (JSON.parse(t.bodies()[request] ?? '{}') as { input: InputItem[] }).input;
}

/** The calls of the last answer and the outputs after them, paired by call_id, in order. */
function callsAndOutputs(items: readonly InputItem[]): { calls: string[]; outputs: Array<[string, string]> } {
  const calls = items.filter((i) => i.type === 'function_call');
  const outputs = items.filter((i) => i.type === 'function_call_output');
  return {
    calls: calls.map((c) => JSON.parse(c.arguments ?? '{}').cmd as string),
    outputs: outputs.map((o) => {
      const call = calls.find((c) => c.call_id === o.call_id);
      return [JSON.parse(call?.arguments ?? '{}').cmd as string, o.output ?? ''];
    }),
  };
}

const SHELL_ABORTED = /^Wall time: \d+\.\d seconds\naborted by user$/;

const modelFor = (api: ModelApi): Partial<WorkerConfig> => ({
  model: { api, baseUrl: server.url, apiKey: 'sk-test', model: 'flotilla-demo', reasoningEffort: null },
});

describe.each<ModelApi>(['responses', 'chat'])('several calls in one answer over %s', (api) => {
  it('runs them one after another in call order, each output paired to its call id', async () => {
    const exec = execTool();
    const t = await startScriptedAgent(server, [batch('one', 'two', 'three'), say('done')], [exec.tool], {}, modelFor(api));
    expect(await turn(t, 'go')).toMatchObject({ type: 'turn_completed', summary: 'done' });
    expect(exec.runs.map((r) => r.cmd)).toEqual(['one', 'two', 'three']);
    expect(exec.maxActive()).toBe(1);
    const first = JSON.parse(t.bodies()[0] ?? '{}') as Record<string, unknown>;
    const second = JSON.parse(t.bodies()[1] ?? '{}') as Record<string, unknown>;
    if (api === 'responses') {
      expect(first.parallel_tool_calls).toBe(true);
      const { calls, outputs } = callsAndOutputs(second.input as InputItem[]);
      expect(calls).toEqual(['one', 'two', 'three']);
      expect(outputs).toEqual([['one', 'ran one'], ['two', 'ran two'], ['three', 'ran three']]);
      // Codex's layout: the answer's items (message, then every call), then the outputs.
      const types = (second.input as InputItem[]).slice(-7).map((i) => i.type);
      expect(types).toEqual(['message', ...Array(3).fill('function_call'), ...Array(3).fill('function_call_output')]);
    } else {
      expect(first).not.toHaveProperty('parallel_tool_calls');
      const messages = second.messages as Array<{ role: string; tool_calls?: Array<{ id: string }>; tool_call_id?: string; content: unknown }>;
      const assistant = messages.at(-4);
      expect(assistant?.role).toBe('assistant');
      const ids = assistant?.tool_calls?.map((c) => c.id) ?? [];
      expect(ids).toHaveLength(3);
      expect(messages.slice(-3).map((m) => [m.tool_call_id, m.content])).toEqual([
        [ids[0], 'ran one'],
        [ids[1], 'ran two'],
        [ids[2], 'ran three'],
      ]);
    }
  });
});

describe('several calls in one answer with the thread controls', () => {
  it('asks approval for each call in turn; a denial answers only its own call', async () => {
    const exec = execTool();
    const t = await startScriptedAgent(server, [batch('touch a', 'touch b'), say('done')], [exec.tool], {}, { approvalMode: 'suggest' });
    t.send({ type: 'user_input', text: 'go' });
    const first = await t.log.waitForMsg('approval_requested');
    expect(first.reason).toBe('touch a');
    await nextTick();
    expect(t.log.msgs('approval_requested')).toHaveLength(1);
    t.send({ type: 'approval_decision', requestId: first.requestId, decision: 'approve' });
    const second = await t.log.waitForMsg('approval_requested', (m) => m.requestId !== first.requestId);
    expect(second.reason).toBe('touch b');
    expect(exec.runs.map((r) => r.cmd)).toEqual(['touch a']);
    t.send({ type: 'approval_decision', requestId: second.requestId, decision: 'deny' });
    await t.log.waitForMsg('turn_completed');
    expect(exec.runs.map((r) => r.cmd)).toEqual(['touch a']);
    expect(callsAndOutputs(inputOf(t, 1)).outputs).toEqual([
      ['touch a', 'ran touch a'],
      ['touch b', DENIED_OUTPUT.command],
    ]);
  });

  it('a pause during the first call holds the next call until resume', async () => {
    const exec = execTool();
    const t = await startScriptedAgent(server, [batch('hold first', 'second'), say('done')], [exec.tool]);
    t.send({ type: 'user_input', text: 'go' });
    await waitUntil(() => exec.runs.length === 1);
    t.send({ type: 'pause' });
    exec.runs[0]!.release();
    await t.log.waitForMsg('history_appended', (m) => m.items.some((i) => i.type === 'tool_output'));
    await nextTick();
    await nextTick();
    expect(exec.runs).toHaveLength(1);
    t.send({ type: 'resume' });
    await t.log.waitForMsg('turn_completed');
    expect(exec.runs.map((r) => r.cmd)).toEqual(['hold first', 'second']);
    expect(callsAndOutputs(inputOf(t, 1)).outputs.map(([cmd]) => cmd)).toEqual(['hold first', 'second']);
  });

  it('an interrupt mid-answer gives the running and the remaining calls an aborted output, in order', async () => {
    const exec = execTool();
    const t = await startScriptedAgent(server, [batch('first', 'hold second', 'third'), say('fresh')], [exec.tool]);
    t.send({ type: 'user_input', text: 'go' });
    await waitUntil(() => exec.runs.length === 2);
    t.send({ type: 'interrupt' });
    await t.log.waitForMsg('turn_aborted', (m) => m.reason === 'interrupted');
    expect(exec.runs.map((r) => r.cmd)).toEqual(['first', 'hold second']);
    expect(await turn(t, 'next')).toMatchObject({ type: 'turn_completed', summary: 'fresh' });
    const input = inputOf(t, 1);
    const { calls, outputs } = callsAndOutputs(input);
    expect(calls).toEqual(['first', 'hold second', 'third']);
    expect(outputs.map(([cmd]) => cmd)).toEqual(calls);
    expect(outputs[0]?.[1]).toBe('ran first');
    // Codex 0.169's words for a shell call the user cut short, as its rollout records them.
    for (const [, output] of outputs.slice(1)) expect(output).toMatch(SHELL_ABORTED);
    expect(input.slice(-2).map((i) => i.content)).toEqual([INTERRUPTED_NOTE, 'next']);
  });

  it('an interrupt while a later call awaits approval closes its request and answers it and the rest as aborted', async () => {
    const exec = execTool();
    const responses = [batch('touch a', 'touch b', 'touch c'), say('fresh')];
    const t = await startScriptedAgent(server, responses, [exec.tool], {}, { approvalMode: 'suggest' });
    t.send({ type: 'user_input', text: 'go' });
    const first = await t.log.waitForMsg('approval_requested');
    t.send({ type: 'approval_decision', requestId: first.requestId, decision: 'approve' });
    const second = await t.log.waitForMsg('approval_requested', (m) => m.requestId !== first.requestId);
    t.send({ type: 'interrupt' });
    await t.log.waitForMsg('turn_aborted', (m) => m.reason === 'interrupted');
    expect(t.log.msgs('item_completed').find((m) => m.item.id === second.itemId)?.item).toMatchObject({ status: 'interrupted' });
    expect(exec.runs.map((r) => r.cmd)).toEqual(['touch a']);
    await turn(t, 'next');
    const outputs = callsAndOutputs(inputOf(t, 1)).outputs;
    expect(outputs.map(([cmd]) => cmd)).toEqual(['touch a', 'touch b', 'touch c']);
    expect(outputs.slice(1).every(([, output]) => SHELL_ABORTED.test(output))).toBe(true);
  });

  it('steering sent during the calls reaches the model after all their outputs', async () => {
    const exec = execTool();
    const t = await startScriptedAgent(server, [batch('hold first', 'second'), say('steered')], [exec.tool]);
    t.send({ type: 'user_input', text: 'go' });
    await waitUntil(() => exec.runs.length === 1);
    t.send({ type: 'steer', text: 'also check the docs' });
    exec.runs[0]!.release();
    expect(await t.log.waitForMsg('turn_completed')).toMatchObject({ summary: 'steered' });
    const tail = inputOf(t, 1).slice(-3);
    expect(tail.map((i) => i.type)).toEqual(['function_call_output', 'function_call_output', 'message']);
    expect(tail[2]).toMatchObject({ role: 'user', content: 'also check the docs' });
  });
});

describe('abortedToolOutput', () => {
  it('says what Codex 0.169 says: a wall time for its shell tools, a duration for the others', () => {
    expect(abortedToolOutput('exec_command', 2.24)).toBe('Wall time: 2.2 seconds\naborted by user');
    expect(abortedToolOutput('apply_patch', 0.04)).toBe('aborted by user after 0.0s');
    expect(abortedToolOutput('write_stdin', 12)).toBe('aborted by user after 12.0s');
  });
});
