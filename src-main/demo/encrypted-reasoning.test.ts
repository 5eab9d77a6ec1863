// The demo server's encrypted reasoning, over real HTTP: handed out only when asked for, and
// checked when replayed, with the Responses API's errors for an item without it or with a forgery.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptReasoning, encryptReasoning } from './encrypted-reasoning';
import { startDemoModelServer, type DemoModelServer } from './server';
import { rawRequest } from './test-support/demo-clients';

let server: DemoModelServer;
beforeAll(async () => {
  server = await startDemoModelServer();
});
afterAll(() => server.close());

const THINK = { name: 'think', responses: [{ output: [{ type: 'reasoning' as const, text: 'Secret plan.' }, { type: 'message' as const, text: 'Hi.' }] }] };

async function respond(key: string, extra: Record<string, unknown>) {
  const body = { model: 'flotilla-demo', prompt_cache_key: key, store: false, input: [{ role: 'user', content: 'hi' }], ...extra };
  const answer = await rawRequest(server, 'POST', '/responses', JSON.stringify(body));
  return { status: answer.status, json: JSON.parse(answer.text) as { output?: { type: string; id: string; encrypted_content?: string }[]; error?: { message: string } } };
}

describe('demo model server: encrypted reasoning', () => {
  it('returns the reasoning encrypted only when the request includes reasoning.encrypted_content', async () => {
    server.registerScript('enc-with', THINK);
    server.registerScript('enc-without', THINK);
    const withIt = await respond('enc-with', { include: ['reasoning.encrypted_content'] });
    const without = await respond('enc-without', {});
    const [reasoning] = withIt.json.output ?? [];
    expect(reasoning?.type).toBe('reasoning');
    expect(decryptReasoning(reasoning?.encrypted_content ?? '')).toEqual({ id: reasoning?.id, text: 'Secret plan.' });
    expect(without.json.output?.[0]).not.toHaveProperty('encrypted_content');
  });

  it('accepts its own encrypted content back, and refuses an item without it or with a forgery', async () => {
    server.registerScript('enc-replay', { name: 'replay', responses: [{ output: [{ type: 'message', text: 'ok' }] }] });
    const replayed = (content?: string) => ({
      input: [
        { role: 'user', content: 'hi' },
        { type: 'reasoning', id: 'rs_1', summary: [], ...(content === undefined ? {} : { encrypted_content: content }) },
      ],
    });
    expect((await respond('enc-replay', replayed(encryptReasoning('rs_1', 'plan')))).status).toBe(200);
    const missing = await respond('enc-replay', replayed());
    expect(missing.status).toBe(404);
    expect(missing.json.error?.message).toContain("Item with id 'rs_1' not found. Items are not persisted when `store` is set to false.");
    const forged = await respond('enc-replay', replayed('gAAAA-not-ours'));
    expect(forged.status).toBe(400);
    expect(forged.json.error?.message).toBe('The encrypted content for item rs_1 could not be verified.');
  });
});
