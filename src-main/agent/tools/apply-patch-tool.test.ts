import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentEventMsg } from '../../../src-shared/protocol/agent';
import { AgentEventMsgSchema } from '../../../src-shared/protocol/agent';
import { APPLY_PATCH_LARK_GRAMMAR } from './apply-patch/grammar';
import { makeTempDir, patch, readTree, removeDir, writeTree } from './apply-patch/test-tree';
import { APPLY_PATCH_FUNCTION_DEFINITION, createApplyPatchTool } from './apply-patch-tool';
import type { ToolContext } from './tool';

describe('apply_patch tool', () => {
  let root = '';
  let events: AgentEventMsg[] = [];
  const ctx = (): ToolContext => ({
    turnId: 'turn-1',
    callId: 'call-7',
    worktreePath: root,
    signal: new AbortController().signal,
    emit: (msg) => events.push(AgentEventMsgSchema.parse(msg)),
  });
  beforeEach(async () => {
    root = await makeTempDir();
    events = [];
  });
  afterEach(async () => {
    await removeDir(root);
  });

  it('is a freeform tool with the Lark grammar, and a function tool for Chat Completions', () => {
    const { definition } = createApplyPatchTool();
    expect(definition).toMatchObject({ kind: 'freeform', name: 'apply_patch', grammar: APPLY_PATCH_LARK_GRAMMAR });
    expect(APPLY_PATCH_FUNCTION_DEFINITION).toMatchObject({
      kind: 'function',
      name: 'apply_patch',
      parameters: { type: 'object', properties: { input: { type: 'string' } }, required: ['input'] },
    });
  });

  it('applies a patch and reports a patch item from started to completed under the call id', async () => {
    await writeTree(root, { 'a.txt': 'one\ntwo\n' });
    const text = patch('*** Update File: a.txt', '@@', ' one', '-two', '+2', '*** Add File: b.txt', '+b');
    const output = await createApplyPatchTool().run(text, ctx());
    expect(output).toBe('Success. Updated the following files:\nA b.txt\nM a.txt\n');
    expect(await readTree(root)).toEqual({ 'a.txt': 'one\n2\n', 'b.txt': 'b\n' });
    const changes = [
      { path: 'a.txt', kind: 'update', movePath: null, additions: 1, deletions: 1 },
      { path: 'b.txt', kind: 'add', movePath: null, additions: 1, deletions: 0 },
    ];
    expect(events).toEqual([
      { type: 'item_started', turnId: 'turn-1', item: { type: 'patch', id: 'call-7', patch: text, changes, error: null, status: 'in_progress' } },
      { type: 'item_completed', turnId: 'turn-1', item: { type: 'patch', id: 'call-7', patch: text, changes, error: null, status: 'completed' } },
    ]);
  });

  it('unwraps the Chat Completions form {"input": ...}', async () => {
    const output = await createApplyPatchTool().run(JSON.stringify({ input: patch('*** Add File: c.txt', '+c') }), ctx());
    expect(output).toContain('A c.txt');
    expect(await readFile(path.join(root, 'c.txt'), 'utf8')).toBe('c\n');
    expect(events[0]?.type === 'item_started' && events[0].item).toMatchObject({ patch: patch('*** Add File: c.txt', '+c') });
  });

  it('reports a failure as a failed item and an error text, changing nothing', async () => {
    await writeTree(root, { 'a.txt': 'x\n' });
    const output = await createApplyPatchTool().run(patch('*** Update File: a.txt', '@@', '-nope', '+y'), ctx());
    expect(output).toBe(`apply_patch failed; no file was changed.\nFailed to find expected lines in ${path.join(root, 'a.txt')}:\nnope`);
    expect(await readTree(root)).toEqual({ 'a.txt': 'x\n' });
    expect(events.map((e) => e.type)).toEqual(['item_started', 'item_completed']);
    expect(events[1]?.type === 'item_completed' && events[1].item).toMatchObject({
      id: 'call-7',
      status: 'failed',
      changes: [],
      error: `Failed to find expected lines in ${path.join(root, 'a.txt')}:\nnope`,
    });
  });

  it('reports an interrupted item when the turn was already aborted', async () => {
    const aborted = new AbortController();
    aborted.abort();
    const output = await createApplyPatchTool().run(patch('*** Add File: x.txt', '+x'), { ...ctx(), signal: aborted.signal });
    expect(output).toBe('apply_patch was interrupted; no file was changed.');
    expect(await readTree(root)).toEqual({});
    expect(events[1]?.type === 'item_completed' && events[1].item).toMatchObject({ id: 'call-7', status: 'interrupted' });
  });

  it.each([
    ['not a patch at all', 'hello', 'The first line of the patch must be'],
    ['malformed JSON', '{"input": ', 'The arguments are not valid JSON'],
    ['JSON without input', '{"patch": "x"}', 'Expected the arguments {"input": "<the patch text>"}'],
    ['JSON with a non-string input', '{"input": 42}', 'Expected the arguments'],
  ])('never throws on bad input: %s', async (_name, input, message) => {
    const output = await createApplyPatchTool().run(input, ctx());
    expect(output).toMatch(/^apply_patch failed; no file was changed\.\n/);
    expect(output).toContain(message);
    expect(events.map((e) => e.type)).toEqual(['item_started', 'item_completed']);
    expect(events.every((e) => 'item' in e && e.item.id === 'call-7')).toBe(true);
  });
});
