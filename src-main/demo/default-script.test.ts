import type { ResponseInputItem } from 'openai/resources/responses/responses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DEMO_SCRIPT } from './script';
import { startDemoModelServer, type DemoModelServer } from './server';
import { demoClient } from './test-support/demo-clients';

interface ToolCall {
  name: string;
  input: string;
}

/** Plays a whole turn the way the agent loop does: stream, answer every tool call, repeat. */
async function playTurn(server: DemoModelServer, key: string): Promise<{ calls: ToolCall[]; finalText: string }> {
  const client = demoClient(server);
  const input: ResponseInputItem[] = [{ role: 'user', content: 'Do the task.' }];
  const calls: ToolCall[] = [];
  for (let request = 0; request < 20; request += 1) {
    const response = await client.responses.stream({ model: 'demo', input, prompt_cache_key: key }).finalResponse();
    const turnCalls: ToolCall[] = [];
    for (const item of response.output) {
      if (item.type === 'function_call') {
        turnCalls.push({ name: item.name, input: item.arguments });
        input.push(item, { type: 'function_call_output', call_id: item.call_id, output: 'ok' });
      } else if (item.type === 'custom_tool_call') {
        turnCalls.push({ name: item.name, input: item.input });
        input.push(item, { type: 'custom_tool_call_output', call_id: item.call_id, output: 'ok' });
      }
    }
    if (turnCalls.length === 0) return { calls, finalText: response.output_text };
    calls.push(...turnCalls);
  }
  throw new Error('the turn never ended');
}

describe('the default demo script', () => {
  let server: DemoModelServer;
  beforeAll(async () => {
    server = await startDemoModelServer();
  });
  afterAll(() => server.close());

  it('gives every agent of a task its own change', async () => {
    const task = 'Make the README friendlier\nand shorter';
    server.registerScript('agent-1', DEFAULT_DEMO_SCRIPT, { agent: '1', task });
    server.registerScript('agent-2', DEFAULT_DEMO_SCRIPT, { agent: '2', task });
    const [one, two] = await Promise.all([playTurn(server, 'agent-1'), playTurn(server, 'agent-2')]);

    const commands = one.calls.filter((c) => c.name === 'exec_command').map((c) => (JSON.parse(c.input) as { cmd: string }).cmd);
    expect(commands).toEqual(['git status --short && ls', 'git log --oneline -3', 'wc -l flotilla-demo/agent-1.md']);
    const patchOne = one.calls.find((c) => c.name === 'apply_patch')?.input ?? '';
    const patchTwo = two.calls.find((c) => c.name === 'apply_patch')?.input ?? '';
    expect(patchOne).not.toBe(patchTwo);
    expect(patchTwo).toContain('*** Add File: flotilla-demo/agent-2.md');
    const lines = patchOne.split('\n');
    expect(lines[0]).toBe('*** Begin Patch');
    expect(lines[1]).toBe('*** Add File: flotilla-demo/agent-1.md');
    expect(lines[lines.length - 1]).toBe('*** End Patch');
    expect(lines.slice(2, -1).every((line) => line.startsWith('+'))).toBe(true);
    expect(patchOne).toContain('+Task: Make the README friendlier and shorter');
    expect(one.finalText).toContain('flotilla-demo/agent-1.md');
    expect(two.finalText).toContain('flotilla-demo/agent-2.md');

    // An append-only conversation keeps hitting the prefix cache.
    const later = server.requests.filter((r) => r.promptCacheKey === 'agent-1').slice(1);
    expect(later.every((r) => r.cachedTokens > 0 && r.cachedTokens < r.inputTokens)).toBe(true);
  });
});
