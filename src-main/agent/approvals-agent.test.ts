/**
 * The approval gate in the agent loop, in-process over Chat Completions (where apply_patch is a
 * function with one `input` string), against the demo model over real HTTP, with tools that
 * record whether they ran.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoModelServer, startDemoModelServer } from '../demo/server';
import { fakeEnvironment, makeConfig, recordingTool, startTestAgent } from './test-support/agent-test-support';
import { DENIED_OUTPUT } from './approvals';
import { APPLY_PATCH_FUNCTION_DEFINITION } from './tools/apply-patch-tool';
import type { Tool } from './tools/tool';

let server: DemoModelServer;
beforeAll(async () => {
  server = await startDemoModelServer();
});
afterAll(() => server.close());

const PATCH = '*** Begin Patch\n*** Add File: a.txt\n+a\n*** End Patch';

function recordingPatchTool(): Tool & { inputs: string[] } {
  const inputs: string[] = [];
  return {
    inputs,
    definition: { kind: 'freeform', name: 'apply_patch', description: 'Test patch tool.', grammar: 'start: /(.|\\n)+/' },
    run: async (input) => {
      inputs.push(input);
      return 'applied';
    },
  };
}

describe('approvals in the agent loop over Chat Completions', () => {
  it('denies a patch without running it, tells the model, and runs an approved command', async () => {
    const exec = recordingTool('exec_command', () => 'Exit code: 0');
    const patchTool = recordingPatchTool();
    const form = APPLY_PATCH_FUNCTION_DEFINITION;
    if (form.kind !== 'function') throw new Error('apply_patch must have a function form for Chat Completions');
    const env = { ...fakeEnvironment([exec, patchTool]), functionForms: { apply_patch: form } };
    const config = { ...makeConfig({ baseUrl: server.url, worktreePath: process.cwd(), api: 'chat' }), approvalMode: 'suggest' as const };
    server.registerScript(config.threadId, {
      name: 'chat-approvals',
      responses: [
        { output: [{ type: 'custom_tool_call', name: 'apply_patch', input: PATCH }] },
        { output: [{ type: 'function_call', name: 'exec_command', arguments: { cmd: 'rm -rf build' } }] },
        { output: [{ type: 'message', text: 'Done.' }] },
      ],
    });
    const bodies = () => server.requests.filter((r) => r.promptCacheKey === config.threadId).map((r) => JSON.stringify(r.body));
    const t = startTestAgent({ createEnvironment: async () => env });
    t.send({ type: 'configure', config });
    await t.log.waitForMsg('ready');
    t.send({ type: 'user_input', text: 'Edit, then clean.' });

    const patchRequest = await t.log.waitForMsg('approval_requested', (m) => m.kind === 'patch');
    expect(patchRequest.reason).toBe('Edit a.txt');
    const shown = t.log.msgs('item_started').find((m) => m.item.id === patchRequest.itemId);
    expect(shown?.item).toMatchObject({ type: 'patch', patch: PATCH, status: 'in_progress' });
    expect(bodies()).toHaveLength(1);
    t.send({ type: 'approval_decision', requestId: patchRequest.requestId, decision: 'deny' });

    const commandRequest = await t.log.waitForMsg('approval_requested', (m) => m.kind === 'command');
    expect(commandRequest.reason).toBe('rm -rf build');
    expect(patchTool.inputs).toEqual([]);
    expect(bodies()).toHaveLength(2);
    expect(bodies()[1]).toContain(DENIED_OUTPUT.patch);
    const declined = t.log.msgs('item_completed').find((m) => m.item.id === patchRequest.itemId);
    expect(declined?.item).toMatchObject({ type: 'patch', status: 'declined' });
    t.send({ type: 'approval_decision', requestId: commandRequest.requestId, decision: 'approve' });

    const done = await t.log.waitForMsg('turn_completed');
    expect(done.summary).toBe('Done.');
    expect(exec.inputs.map((input) => JSON.parse(input) as unknown)).toEqual([{ cmd: 'rm -rf build' }]);
    expect(t.log.msgs('approval_resolved').map((m) => m.decision)).toEqual(['deny', 'approve']);
    t.send({ type: 'shutdown' });
    await t.agent.closed;
  });
});
