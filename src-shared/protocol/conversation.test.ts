import { describe, expect, it } from 'vitest';
import { AgentEventMsgSchema, AgentOpSchema } from './agent';
import { ConversationSchema, type ConversationItem } from './conversation';
import { ThreadEventSchema } from './thread-events';

const CONVERSATION: ConversationItem[] = [
  { type: 'user', text: 'Fix the build' },
  { type: 'reasoning', key: 'r0', id: 'rs_1', text: 'Tests first.', encryptedContent: 'gAAAAB-opaque==', response: 0 },
  { type: 'reasoning', key: 'r1', id: 'rs_2', text: '', encryptedContent: null, response: 0 },
  { type: 'message', key: 'm0', text: 'Running the tests.', phase: 'commentary', response: 0 },
  { type: 'message', key: 'm1', text: 'Plain chat answer.', phase: null, response: 0 },
  { type: 'tool_call', callId: 'call_1', name: 'exec_command', input: '{"cmd":"npm test"}', format: 'function', response: 0 },
  { type: 'tool_output', callId: 'call_1', format: 'function', output: 'ok' },
  { type: 'tool_call', callId: 'call_2', name: 'apply_patch', input: '*** Begin Patch', format: 'custom', response: 1 },
  { type: 'tool_output', callId: 'call_2', format: 'custom', output: 'Done.' },
];

const configure = (history: unknown[]) => ({
  type: 'configure',
  config: {
    threadId: 't',
    worktreePath: '/w',
    repoRoot: '/r',
    model: { api: 'responses', baseUrl: 'http://x', apiKey: 'k', model: 'm', reasoningEffort: null },
    approvalMode: 'full-auto',
    userInstructions: null,
    history,
  },
});

describe('the conversation schema', () => {
  it('keeps every item the agent stores, field for field, through JSON', () => {
    const wire = JSON.parse(JSON.stringify(CONVERSATION)) as unknown;
    expect(ConversationSchema.parse(wire)).toStrictEqual(CONVERSATION);
    const event = { threadId: 't', seq: 2, ts: 1, msg: { type: 'history_appended', items: CONVERSATION, replace: true } };
    expect(ThreadEventSchema.parse(JSON.parse(JSON.stringify(event)))).toStrictEqual(event);
  });

  it('refuses a malformed item where the conversation crosses a boundary, saying where', () => {
    const broken = { type: 'reasoning', key: 'r', id: 'rs', text: '', encryptedContent: 7, response: 0 };
    const op = AgentOpSchema.safeParse(configure([CONVERSATION[0], broken]));
    expect(op.success).toBe(false);
    expect(op.error?.issues[0]?.path).toEqual(['config', 'history', 1, 'encryptedContent']);
    const appended = AgentEventMsgSchema.safeParse({ type: 'history_appended', items: [{ type: 'mystery' }] });
    expect(appended.error?.issues[0]?.path).toEqual(['items', 0, 'type']);
    expect(ConversationSchema.safeParse([{ type: 'tool_call', callId: 'c', name: 'n', input: '', format: 'function', response: -1 }]).success).toBe(false);
  });

  it('accepts the configure op with the whole conversation', () => {
    const parsed = AgentOpSchema.parse(configure(CONVERSATION));
    expect(parsed.type === 'configure' && parsed.config.history).toStrictEqual(CONVERSATION);
  });
});
