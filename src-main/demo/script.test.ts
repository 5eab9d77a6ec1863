import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BUILTIN_DEMO_SCRIPT_NAMES,
  builtinDemoScript,
  DEFAULT_DEMO_SCRIPT,
  fillDemoScript,
  loadDemoScriptFile,
  parseDemoScript,
  resolveDemoScript,
  type DemoScript,
} from './script';

describe('parseDemoScript', () => {
  it('accepts every item kind, raw-string arguments and all step options', () => {
    const result = parseDemoScript(
      {
        name: 'full',
        description: 'everything',
        vars: { agent: '1' },
        responses: [
          {
            output: [
              { type: 'reasoning', text: 'r' },
              { type: 'message', text: 'm' },
              { type: 'function_call', name: 'exec_command', arguments: '{"cmd": broken' },
              { type: 'custom_tool_call', name: 'apply_patch', input: '*** Begin Patch\n*** End Patch' },
            ],
            chunkSize: 3,
            delayMs: 0,
            cutAfterDeltas: 2,
          },
          { error: { status: 429, message: 'slow down', retryAfterSeconds: 1 } },
        ],
      },
      'inline',
    );
    expect(result.ok).toBe(true);
  });

  it('names the source and the bad field', () => {
    const wrongType = parseDemoScript({ name: 'x', responses: [{ output: [{ type: 'message', text: 3 }] }] }, 'my.json');
    expect(wrongType).toEqual({ ok: false, error: expect.stringContaining('my.json') });
    expect(!wrongType.ok && wrongType.error).toContain('responses[0].output[0].text');

    const typo = parseDemoScript({ name: 'x', responses: [{ chunksize: 3 }] }, 'typo.json');
    expect(!typo.ok && typo.error).toMatch(/typo\.json.*responses\[0\].*chunksize/);

    const badStatus = parseDemoScript({ name: 'x', responses: [{ error: { status: 200, message: 'm' } }] }, 's');
    expect(!badStatus.ok && badStatus.error).toContain('responses[0].error.status');

    const unknownItem = parseDemoScript({ name: 'x', responses: [{ output: [{ type: 'image' }] }] }, 's');
    expect(!unknownItem.ok && unknownItem.error).toContain('responses[0].output[0]');

    expect(parseDemoScript('nope', 'str')).toMatchObject({ ok: false, error: expect.stringContaining('(root)') });
  });
});

describe('loadDemoScriptFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'flotilla-demo-script-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('loads a valid file and reports unreadable, non-JSON and invalid files', async () => {
    const good = join(dir, 'good.json');
    await writeFile(good, JSON.stringify({ name: 'good', responses: [] }));
    expect(await loadDemoScriptFile(good)).toEqual({ ok: true, script: { name: 'good', responses: [] } });

    const missing = await loadDemoScriptFile(join(dir, 'missing.json'));
    expect(!missing.ok && missing.error).toContain('missing.json');

    const notJson = join(dir, 'not.json');
    await writeFile(notJson, '{ name: ');
    const parsed = await loadDemoScriptFile(notJson);
    expect(!parsed.ok && parsed.error).toMatch(/not\.json.*not valid JSON/);

    const invalid = join(dir, 'invalid.json');
    await writeFile(invalid, JSON.stringify({ responses: [] }));
    const checked = await loadDemoScriptFile(invalid);
    expect(!checked.ok && checked.error).toMatch(/invalid\.json.*name/);
  });

  it('resolves bundled names before paths', async () => {
    expect(await resolveDemoScript('slow')).toEqual({ ok: true, script: builtinDemoScript('slow') });
    const path = join(dir, 'custom.json');
    await writeFile(path, JSON.stringify({ name: 'custom', responses: [] }));
    expect(await resolveDemoScript(path)).toMatchObject({ ok: true, script: { name: 'custom' } });
  });
});

describe('placeholders', () => {
  const script: DemoScript = {
    name: 'agent {{agent}}',
    vars: { agent: '0', task: 'default task' },
    responses: [
      {
        output: [
          { type: 'message', text: 'Agent {{agent}} on "{{task}}" in {{ thread }}; {{unknown}} stays.' },
          { type: 'function_call', name: 'exec_command', arguments: { cmd: 'echo {{task}}', nested: ['{{agent}}'] } },
          { type: 'custom_tool_call', name: 'apply_patch', input: '+Task: {{task|oneline}}' },
        ],
      },
    ],
  };

  it('fills every string from vars, then the script defaults, and leaves unknown names alone', () => {
    const filled = fillDemoScript(script, { agent: '3', task: 'line one\n  line "two"', thread: 't-1' });
    expect(filled.name).toBe('agent 3');
    const [message, call, patch] = filled.responses[0]?.output ?? [];
    expect(message).toEqual({ type: 'message', text: 'Agent 3 on "line one\n  line "two"" in t-1; {{unknown}} stays.' });
    expect(call).toEqual({
      type: 'function_call',
      name: 'exec_command',
      arguments: { cmd: 'echo line one\n  line "two"', nested: ['3'] },
    });
    expect(patch).toEqual({ type: 'custom_tool_call', name: 'apply_patch', input: '+Task: line one line "two"' });
    expect(fillDemoScript(script, {}).name).toBe('agent 0');
    expect(fillDemoScript({ name: '{{constructor}} {{__proto__}}', responses: [] }, {}).name).toBe('{{constructor}} {{__proto__}}');
  });
});

describe('bundled scripts', () => {
  it('offers default and slow', () => {
    expect(BUILTIN_DEMO_SCRIPT_NAMES).toEqual(['default', 'slow']);
    expect(builtinDemoScript('default')).toBe(DEFAULT_DEMO_SCRIPT);
    expect(builtinDemoScript('nope')).toBeNull();
  });

  it.each(BUILTIN_DEMO_SCRIPT_NAMES)('%s: every step but the last calls a tool, and the last ends the turn', (name) => {
    const script = builtinDemoScript(name);
    const steps = script?.responses ?? [];
    expect(steps.length).toBeGreaterThan(3);
    const callsTool = steps.map((step) => (step.output ?? []).some((item) => item.type !== 'message' && item.type !== 'reasoning'));
    expect(callsTool).toEqual([...Array<boolean>(steps.length - 1).fill(true), false]);
  });

  it('default: streams visibly and still finishes in a few seconds', () => {
    const streamingMs = DEFAULT_DEMO_SCRIPT.responses.reduce((total, step) => {
      const chars = (step.output ?? []).reduce((sum, item) => sum + JSON.stringify(item).length, 0);
      return total + Math.ceil(chars / (step.chunkSize ?? 16)) * (step.delayMs ?? 0);
    }, 0);
    expect(DEFAULT_DEMO_SCRIPT.responses.every((step) => (step.delayMs ?? 0) > 0)).toBe(true);
    expect(streamingMs).toBeLessThan(5000);
  });

  it('slow: has a slowly streamed step and a sleep command', () => {
    const slow = builtinDemoScript('slow');
    expect(slow?.responses.some((step) => (step.delayMs ?? 0) >= 200)).toBe(true);
    const commands = (slow?.responses ?? []).flatMap((step) => step.output ?? []).flatMap((item) =>
      item.type === 'function_call' && typeof item.arguments === 'object' ? [item.arguments.cmd] : [],
    );
    expect(commands).toContain('sleep 3');
  });
});
