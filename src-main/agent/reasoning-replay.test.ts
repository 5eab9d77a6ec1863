// Reasoning survives between requests as Codex keeps it with store: false: the agent asks for
// `include: ["reasoning.encrypted_content"]` and sends each reasoning item back, with its content,
// before the tool call it led to, in later requests of the turn and in later turns. The demo
// server hands out encrypted content and refuses a reasoning item replayed without it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptReasoning } from '../demo/encrypted-reasoning';
import { type DemoModelServer, startDemoModelServer } from '../demo/server';
import { callTool, runUserTurn, say, startScriptedAgent } from './test-support/agent-test-support';

let server: DemoModelServer;
beforeAll(async () => {
  server = await startDemoModelServer();
});
afterAll(() => server.close());

interface SentItem {
  type: string;
  id?: string;
  encrypted_content?: string;
  summary?: { text: string }[];
}

const inputOf = (body: string): SentItem[] => (JSON.parse(body) as { input: SentItem[] }).input;

describe('reasoning replay', () => {
  it('requests encrypted reasoning and replays it, in order, within the turn and in the next one', async () => {
    const thinkThenCall = { output: [{ type: 'reasoning' as const, text: 'List the files first.' }, ...callTool('exec_command', { cmd: 'ls' }).output] };
    const t = await startScriptedAgent(server, [thinkThenCall, say('Done.'), say('Again.')]);
    expect(await runUserTurn(t, 'look around')).toMatchObject({ type: 'turn_completed', summary: 'Done.' });
    expect(await runUserTurn(t, 'once more')).toMatchObject({ type: 'turn_completed', summary: 'Again.' });

    const bodies = t.bodies();
    expect(bodies).toHaveLength(3);
    for (const body of bodies) expect(JSON.parse(body)).toMatchObject({ store: false, include: ['reasoning.encrypted_content'] });
    for (const body of bodies.slice(1)) {
      const input = inputOf(body);
      const types = input.map((item) => item.type);
      const at = types.indexOf('reasoning');
      expect(types.filter((type) => type === 'reasoning')).toHaveLength(1);
      expect(types.slice(at, at + 3)).toEqual(['reasoning', 'function_call', 'function_call_output']);
      const reasoning = input[at] as SentItem;
      expect(decryptReasoning(reasoning.encrypted_content ?? '')).toEqual({ id: reasoning.id, text: 'List the files first.' });
      expect(reasoning.summary).toEqual([{ type: 'summary_text', text: 'List the files first.' }]);
    }
    // Append-only: the second request is a prefix of the third, so the prompt cache holds.
    const [, second, third] = bodies.map((body) => JSON.stringify(inputOf(body))) as [string, string, string];
    expect(third.startsWith(second.slice(0, -1))).toBe(true);
  });
});
