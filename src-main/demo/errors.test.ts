import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoScript } from './script';
import { startDemoModelServer, type DemoModelServer } from './server';
import { demoClient, rawRequest } from './test-support/demo-clients';

const errorStep = (status: number, message: string, retryAfterSeconds?: number): DemoScript['responses'][number] => ({
  error: { status, message, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) },
});

const CUT_SCRIPT: DemoScript = {
  name: 'cut',
  responses: [
    { chunkSize: 1, cutAfterDeltas: 3, output: [{ type: 'message', text: 'abcdefgh' }] },
    { output: [{ type: 'message', text: 'after the cut' }] },
  ],
};

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the request to fail');
}

describe('demo model server: failures', () => {
  let server: DemoModelServer;
  beforeAll(async () => {
    server = await startDemoModelServer();
  });
  afterAll(() => server.close());

  it('plays scripted HTTP errors as the SDK error classes, one step each', async () => {
    server.registerScript('errors', {
      name: 'errors',
      responses: [
        errorStep(401, 'Incorrect API key provided.'),
        errorStep(429, 'Slow down.', 7),
        errorStep(500, 'Boom.'),
        errorStep(404, 'No such model.'),
        { output: [{ type: 'message', text: 'recovered' }] },
      ],
    });
    const client = demoClient(server);
    const ask = (): Promise<unknown> => client.responses.create({ model: 'demo', input: 'hi', prompt_cache_key: 'errors' });

    const auth = await caught(ask());
    expect(auth).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((auth as InstanceType<typeof OpenAI.AuthenticationError>).message).toContain('Incorrect API key provided.');
    expect((auth as InstanceType<typeof OpenAI.AuthenticationError>).code).toBe('invalid_api_key');

    const rate = await caught(ask());
    expect(rate).toBeInstanceOf(OpenAI.RateLimitError);
    expect((rate as InstanceType<typeof OpenAI.RateLimitError>).headers?.get('retry-after')).toBe('7');

    expect(await caught(ask())).toBeInstanceOf(OpenAI.InternalServerError);
    expect(await caught(ask())).toBeInstanceOf(OpenAI.NotFoundError);
    expect(await ask()).toMatchObject({ output_text: 'recovered' });
  });

  it('scripted errors reach streaming requests too, and the SDK retries into the next step', async () => {
    server.registerScript('retry', { name: 'retry', responses: [errorStep(429, 'Wait.', 0), { output: [{ type: 'message', text: 'ok' }] }] });
    const retrying = new OpenAI({ baseURL: server.url, apiKey: 'k', maxRetries: 1 });
    const stream = retrying.responses.stream({ model: 'demo', input: 'hi', prompt_cache_key: 'retry' });
    expect((await stream.finalResponse()).output_text).toBe('ok');
  });

  it('cuts a Responses stream after N deltas, and the SDK throws', async () => {
    server.registerScript('cut-responses', CUT_SCRIPT);
    const stream = demoClient(server).responses.stream({ model: 'demo', input: 'hi', prompt_cache_key: 'cut-responses' });
    const deltas: string[] = [];
    const iterate = async (): Promise<void> => {
      for await (const event of stream) if (event.type === 'response.output_text.delta') deltas.push(event.delta);
    };
    expect(await caught(iterate())).toBeInstanceOf(Error);
    expect(deltas).toEqual(['a', 'b', 'c']);
    const next = await demoClient(server).responses.create({ model: 'demo', input: 'hi', prompt_cache_key: 'cut-responses' });
    expect(next.output_text).toBe('after the cut');
  });

  it('cuts a Chat Completions stream, and the SDK throws', async () => {
    server.registerScript('cut-chat', CUT_SCRIPT);
    const stream = demoClient(server).chat.completions.stream({
      model: 'demo',
      messages: [{ role: 'user', content: 'hi' }],
      prompt_cache_key: 'cut-chat',
    });
    let content = '';
    stream.on('content', (delta) => (content += delta));
    expect(await caught(stream.finalChatCompletion())).toBeInstanceOf(Error);
    expect(content).toBe('abc');
  });

  it('drops the connection of a non-streaming request on a cut step', async () => {
    server.registerScript('cut-plain', CUT_SCRIPT);
    const err = await caught(demoClient(server).responses.create({ model: 'demo', input: 'hi', prompt_cache_key: 'cut-plain' }));
    expect(err).toBeInstanceOf(OpenAI.APIConnectionError);
  });

  it('answers malformed requests with 400 and keeps serving', async () => {
    const before = server.requests.length;
    const badJson = await rawRequest(server, 'POST', '/responses', '{"model": "demo", "input": ');
    expect(badJson.status).toBe(400);
    expect(JSON.parse(badJson.text)).toMatchObject({ error: { type: 'invalid_request_error' } });
    const notObject = await rawRequest(server, 'POST', '/chat/completions', '[1, 2]');
    expect(notObject.status).toBe(400);
    const noModel = await rawRequest(server, 'POST', '/responses', '{"input": "hi"}');
    expect(JSON.parse(noModel.text)).toMatchObject({ error: { param: 'model' } });
    const noInput = await rawRequest(server, 'POST', '/responses', '{"model": "demo"}');
    expect(JSON.parse(noInput.text)).toMatchObject({ error: { param: 'input' } });
    const noMessages = await rawRequest(server, 'POST', '/chat/completions', '{"model": "demo", "messages": []}');
    expect(noMessages.status).toBe(400);
    expect(server.requests.length).toBe(before);

    const badRequest = await caught(demoClient(server).chat.completions.create({ model: '', messages: [] }));
    expect(badRequest).toBeInstanceOf(OpenAI.BadRequestError);

    server.registerScript('after-bad', { name: 'ok', responses: [{ output: [{ type: 'message', text: 'still here' }] }] });
    const ok = await demoClient(server).responses.create({ model: 'demo', input: 'hi', prompt_cache_key: 'after-bad' });
    expect(ok.output_text).toBe('still here');
  });

  it('answers unknown paths with 404', async () => {
    expect((await rawRequest(server, 'GET', '/nothing-here')).status).toBe(404);
    expect((await rawRequest(server, 'GET', '/responses')).status).toBe(404);
    expect((await rawRequest(server, 'POST', '/models', '{}')).status).toBe(404);
  });

  it('survives a client that goes away mid-stream', async () => {
    server.registerScript('abandoned', {
      name: 'abandoned',
      responses: [{ chunkSize: 1, delayMs: 5, output: [{ type: 'message', text: 'x'.repeat(200) }] }],
    });
    const stream = demoClient(server).responses.stream({ model: 'demo', input: 'hi', prompt_cache_key: 'abandoned' });
    for await (const event of stream) if (event.type === 'response.output_text.delta') break;
    server.registerScript('after-abandon', { name: 'ok', responses: [{ output: [{ type: 'message', text: 'fine' }] }] });
    const ok = await demoClient(server).responses.create({ model: 'demo', input: 'hi', prompt_cache_key: 'after-abandon' });
    expect(ok.output_text).toBe('fine');
  });
});

describe('demo model server: lifetime', () => {
  it('closes while a stream is still playing', async () => {
    const server = await startDemoModelServer({
      defaultScript: { name: 'long', responses: [{ chunkSize: 1, delayMs: 1000, output: [{ type: 'message', text: 'zzzz' }] }] },
    });
    const stream = demoClient(server).responses.stream({ model: 'demo', input: 'hi' });
    const failure = caught(stream.finalResponse());
    await new Promise<void>((resolve) => stream.on('response.created', () => resolve()));
    const started = performance.now();
    await server.close();
    // The script alone would take four seconds; close must not wait for it.
    expect(performance.now() - started).toBeLessThan(3000);
    expect(await failure).toBeInstanceOf(Error);
  });
});
