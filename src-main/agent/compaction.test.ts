/**
 * Compaction: the estimate, the compacted conversation, and the loop end to end against the demo
 * model with a small context window (a tool that answers with long outputs fills it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentEventMsg } from '../../src-shared/protocol/agent';
import { type DemoModelServer, startDemoModelServer } from '../demo/server';
import { callTool, fakeEnvironment, makeConfig, recordingTool, runUserTurn, say, startTestAgent } from './test-support/agent-test-support';
import { ContextMeter, compactedHistory, recentMessages, SUMMARIZATION_PROMPT, SUMMARY_PREFIX } from './compaction';

describe('recentMessages', () => {
  it('keeps the newest messages that fit, in order, and cuts a lone newest one to its end', () => {
    expect(recentMessages(['aaaa', 'bb', 'cc'], 5)).toEqual(['bb', 'cc']);
    expect(recentMessages(['a', '0123456789'], 4)).toEqual(['[...]6789']);
  });
});

describe('compactedHistory', () => {
  it('keeps the environment context, the user messages but earlier summaries, then the summary', () => {
    const next = compactedHistory(
      [
        { type: 'user', text: '<environment_context/>' },
        { type: 'user', text: 'task' },
        { type: 'message', key: 'k', text: 'on it', phase: null, response: 0 },
        { type: 'tool_call', callId: 'c', name: 'exec_command', input: '{}', format: 'function', response: 0 },
        { type: 'tool_output', callId: 'c', format: 'function', output: 'lots' },
        { type: 'user', text: `${SUMMARY_PREFIX}old summary` },
        { type: 'user', text: 'steer' },
      ],
      'new summary',
    );
    expect(next).toEqual([
      { type: 'user', text: '<environment_context/>' },
      { type: 'user', text: 'task' },
      { type: 'user', text: 'steer' },
      { type: 'user', text: `${SUMMARY_PREFIX}new summary` },
    ]);
  });
});

describe('ContextMeter', () => {
  it('adds an estimate of what was appended since the last count to that count', () => {
    const meter = new ContextMeter({ contextWindow: 1000, threshold: 0.9 });
    const history = [{ type: 'user' as const, text: 'x'.repeat(400) }];
    const request = { instructions: 'i'.repeat(400), tools: [], history };
    expect(meter.estimate(request)).toBeGreaterThan(200);
    meter.observe(1, { inputTokens: 50, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0 });
    expect(meter.estimate(request)).toBe(50);
    history.push({ type: 'user', text: 'y'.repeat(800) });
    expect(meter.estimate(request)).toBeGreaterThan(250);
    expect(meter.limit()).toBe(900);
  });
});

describe('compaction in the loop', () => {
  let server: DemoModelServer;
  beforeAll(async () => {
    server = await startDemoModelServer();
  });
  afterAll(() => server.close());

  it('summarizes when the window fills, then continues from the same prefix, the user messages and the summary', async () => {
    const config = { ...makeConfig({ baseUrl: server.url, worktreePath: process.cwd() }), compaction: { contextWindow: 12_000, threshold: 0.9 } };
    server.registerScript(config.threadId, {
      name: 'fill-the-window',
      responses: [
        callTool('exec_command', { cmd: 'cat big-1' }),
        callTool('exec_command', { cmd: 'cat big-2' }),
        say('SUMMARY: read big-1 and big-2; next, say done.'),
        say('Done.'),
      ],
    });
    const long = recordingTool('exec_command', () => `${'0123456789abcdef'.repeat(1_250)}\n`);
    const t = startTestAgent({ createEnvironment: async () => fakeEnvironment([long]) });
    t.send({ type: 'configure', config });
    await t.log.waitForMsg('ready');
    const end = await runUserTurn(t, 'Read the two big files.');
    t.send({ type: 'shutdown' });
    expect(end.type).toBe('turn_completed');

    const requests = server.requests.filter((r) => r.promptCacheKey === config.threadId);
    expect(requests).toHaveLength(4);
    const bodies = requests.map((r) => r.body as { instructions: string; tools?: unknown[]; input: Array<{ content?: unknown }> });
    const [first, beforeSummary, summaryRequest, after] = bodies as [(typeof bodies)[0], (typeof bodies)[0], (typeof bodies)[0], (typeof bodies)[0]];
    // The summary request: the whole conversation, no tools, the instruction last.
    expect(summaryRequest.tools ?? []).toEqual([]);
    expect(JSON.stringify(summaryRequest.input[summaryRequest.input.length - 1])).toContain('context checkpoint');
    expect(JSON.stringify(summaryRequest.input)).toContain(JSON.stringify(SUMMARIZATION_PROMPT).slice(1, 40));
    // After: same prefix, smaller input, the user's message and the summary.
    expect(after.instructions).toBe(first.instructions);
    expect(after.tools).toEqual(first.tools);
    expect(after.input[0]).toEqual(first.input[0]);
    expect(requests[3]?.inputTokens).toBeLessThan(requests[1]?.inputTokens ?? 0);
    const afterText = JSON.stringify(after.input);
    expect(afterText).toContain('Read the two big files.');
    expect(afterText).toContain('SUMMARY: read big-1 and big-2');
    expect(afterText).not.toContain('0123456789abcdef');
    expect(beforeSummary.input.length).toBeGreaterThan(after.input.length);
    // The prefix (instructions, tools, environment context) is still cached after the compaction.
    expect(requests[3]?.cachedTokens).toBeGreaterThan(0);

    // Shown in the transcript; reported as a replacement for a later worker's replay.
    const msgs = t.log.events.map((e) => e.msg);
    const shown = msgs.find((m): m is Extract<AgentEventMsg, { type: 'item_completed' }> => m.type === 'item_completed' && m.item.id.includes('compaction'));
    expect(shown?.item).toEqual({ type: 'compaction', id: expect.stringContaining('compaction'), text: 'SUMMARY: read big-1 and big-2; next, say done.' });
    const replaced = msgs.find((m) => m.type === 'history_appended' && m.replace === true);
    expect(replaced?.type === 'history_appended' && replaced.items).toEqual([
      { type: 'user', text: 'Read the two big files.' },
      { type: 'user', text: `${SUMMARY_PREFIX}SUMMARY: read big-1 and big-2; next, say done.` },
    ]);
  });

  it('does not compact a conversation that stays under the threshold', async () => {
    const config = makeConfig({ baseUrl: server.url, worktreePath: process.cwd() });
    server.registerScript(config.threadId, { name: 'small', responses: [callTool('exec_command', { cmd: 'ls' }), say('Done.')] });
    const t = startTestAgent({ createEnvironment: async () => fakeEnvironment([recordingTool('exec_command')]) });
    t.send({ type: 'configure', config });
    await t.log.waitForMsg('ready');
    await runUserTurn(t, 'List.');
    t.send({ type: 'shutdown' });
    expect(server.requests.filter((r) => r.promptCacheKey === config.threadId)).toHaveLength(2);
  });
});
