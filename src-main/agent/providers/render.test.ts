import { describe, expect, it } from 'vitest';
import type { ModelConfig } from '../../../src-shared/protocol/agent';
import { ConversationItemSchema, type ConversationItemType } from '../../../src-shared/protocol/conversation';
import type { ToolDefinition } from '../tools/tool';
import { buildChatBody, renderChatMessages } from './chat';
import type { ConversationItem, ModelRequest } from './provider';
import { buildResponsesBody, renderTool } from './responses';

const model: ModelConfig = { api: 'responses', baseUrl: 'http://x/v1', apiKey: 'k', model: 'm', reasoningEffort: null };
const exec: ToolDefinition = { kind: 'function', name: 'exec_command', description: 'run', parameters: { type: 'object' } };
const patch: ToolDefinition = { kind: 'freeform', name: 'apply_patch', description: 'edit', grammar: 'start: "x"' };

const history: ConversationItem[] = [
  { type: 'user', text: '<environment_context/>' },
  { type: 'user', text: 'do it' },
  { type: 'reasoning', key: 'o0', id: 'rs_1', text: 'thinking', encryptedContent: null, response: 0 },
  { type: 'message', key: 'o1', text: 'on it', phase: 'commentary', response: 0 },
  { type: 'tool_call', callId: 'c1', name: 'exec_command', input: '{"cmd":"ls"}', format: 'function', response: 0 },
  { type: 'tool_call', callId: 'c2', name: 'apply_patch', input: '*** Begin Patch', format: 'custom', response: 0 },
  { type: 'tool_output', callId: 'c1', format: 'function', output: 'a.txt' },
  { type: 'tool_output', callId: 'c2', format: 'custom', output: 'Done' },
  { type: 'message', key: 'o0', text: 'finished', phase: null, response: 1 },
];
const request: ModelRequest = { instructions: 'be good', tools: [exec, patch], history };

describe('Responses rendering', () => {
  it('renders function and grammar-constrained custom tools', () => {
    expect(renderTool(exec)).toEqual({ type: 'function', name: 'exec_command', description: 'run', parameters: { type: 'object' }, strict: false });
    expect(renderTool(patch)).toEqual({
      type: 'custom',
      name: 'apply_patch',
      description: 'edit',
      format: { type: 'grammar', syntax: 'lark', definition: 'start: "x"' },
    });
  });

  it('is stateless, cache-keyed, with the growing input last and no server ids', () => {
    const body = buildResponsesBody(request, model, 'thread-1');
    expect(Object.keys(body).at(-1)).toBe('input');
    expect(body).toMatchObject({ store: false, stream: true, prompt_cache_key: 'thread-1', instructions: 'be good' });
    expect(body).not.toHaveProperty('include');
    expect(body.input).toEqual([
      { type: 'message', role: 'user', content: '<environment_context/>' },
      { type: 'message', role: 'user', content: 'do it' },
      // Reasoning without encrypted content cannot be replayed with store: false.
      { type: 'message', role: 'assistant', content: 'on it', phase: 'commentary' },
      { type: 'function_call', call_id: 'c1', name: 'exec_command', arguments: '{"cmd":"ls"}' },
      { type: 'custom_tool_call', call_id: 'c2', name: 'apply_patch', input: '*** Begin Patch' },
      { type: 'function_call_output', call_id: 'c1', output: 'a.txt' },
      { type: 'custom_tool_call_output', call_id: 'c2', output: 'Done' },
      { type: 'message', role: 'assistant', content: 'finished' },
    ]);
  });

  it('asks for reasoning summaries when an effort is set', () => {
    const body = buildResponsesBody(request, { ...model, reasoningEffort: 'high' }, 't');
    expect(body.reasoning).toEqual({ effort: 'high', summary: 'auto' });
  });

  it('asks for encrypted reasoning from reasoning models only, which non-reasoning models reject', () => {
    const include = (name: string, reasoningEffort: ModelConfig['reasoningEffort'] = null) =>
      buildResponsesBody(request, { ...model, model: name, reasoningEffort }, 't').include;
    for (const name of ['gpt-5', 'gpt-5.1-codex', 'o3', 'o4-mini', 'codex-mini-latest', 'openai/gpt-5-mini', 'gpt-oss-120b', 'flotilla-demo']) {
      expect(include(name), name).toEqual(['reasoning.encrypted_content']);
    }
    for (const name of ['gpt-4.1', 'gpt-4o-mini', 'gpt-5-chat-latest', 'gpt-5.1-chat-latest', 'llama3']) expect(include(name), name).toBeUndefined();
    expect(include('my-local-model', 'low')).toEqual(['reasoning.encrypted_content']);
  });

  it('renders a longer history as an extension of the shorter one', () => {
    const short = JSON.stringify(buildResponsesBody({ ...request, history: history.slice(0, 4) }, model, 't'));
    const long = JSON.stringify(buildResponsesBody(request, model, 't'));
    expect(long.startsWith(short.slice(0, -2))).toBe(true);
  });
});

/** One item of each kind, every field set to a value of its own (the reasoning's encrypted content too). */
const everyKind: { [K in ConversationItemType]: Extract<ConversationItem, { type: K }> } = {
  user: { type: 'user', text: 'user-text' },
  message: { type: 'message', key: 'msg-key', text: 'message-text', phase: 'final_answer', response: 0 },
  reasoning: { type: 'reasoning', key: 'rs-key', id: 'rs-id', text: 'reasoning-summary', encryptedContent: 'rs-encrypted', response: 0 },
  tool_call: { type: 'tool_call', callId: 'call-id', name: 'call-name', input: 'call-input', format: 'function', response: 0 },
  tool_output: { type: 'tool_output', callId: 'call-id', format: 'function', output: 'call-output' },
};
/** What the loop keeps for itself: stream keys, answer numbers, and what picks the wire item's type. */
const LOCAL_FIELDS = new Set(['type', 'key', 'response', 'format']);

describe('Responses rendering of the conversation', () => {
  // The provider's wire format cannot share the conversation's schema; this holds the two together.
  it('sends every field of every kind of item, so a field added to the schema cannot be dropped here', () => {
    for (const option of ConversationItemSchema.options) {
      const item = everyKind[option.shape.type.value];
      expect(Object.keys(item).sort()).toEqual(Object.keys(option.shape).sort());
      const sent = JSON.stringify(buildResponsesBody({ ...request, history: [item] }, model, 't').input);
      for (const [field, value] of Object.entries(item)) {
        if (!LOCAL_FIELDS.has(field)) expect(sent, `${item.type}.${field}`).toContain(JSON.stringify(value));
      }
    }
  });
});

describe('Chat Completions rendering', () => {
  it('groups one answer into one assistant message with its tool calls', () => {
    expect(renderChatMessages(history)).toEqual([
      { role: 'user', content: '<environment_context/>' },
      { role: 'user', content: 'do it' },
      {
        role: 'assistant',
        content: 'on it',
        tool_calls: [
          { id: 'c1', type: 'function', function: { name: 'exec_command', arguments: '{"cmd":"ls"}' } },
          { id: 'c2', type: 'function', function: { name: 'apply_patch', arguments: '{"input":"*** Begin Patch"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'c1', content: 'a.txt' },
      { role: 'tool', tool_call_id: 'c2', content: 'Done' },
      { role: 'assistant', content: 'finished' },
    ]);
  });

  it('offers free-form tools as a function with one input string, or its hand-written form', () => {
    const generic = buildChatBody(request, { model, cacheKey: 't' });
    expect(generic.tools?.[1]).toMatchObject({
      type: 'function',
      function: { name: 'apply_patch', parameters: { properties: { input: { type: 'string' } }, required: ['input'] } },
    });
    const form = { kind: 'function' as const, name: 'apply_patch', description: 'prose', parameters: { type: 'object' } };
    const custom = buildChatBody(request, { model, cacheKey: 't', functionForms: { apply_patch: form } });
    expect(custom.tools?.[1]).toEqual({ type: 'function', function: { name: 'apply_patch', description: 'prose', parameters: { type: 'object' } } });
    expect(custom).toMatchObject({ stream: true, stream_options: { include_usage: true }, prompt_cache_key: 't' });
    expect(custom.messages[0]).toEqual({ role: 'system', content: 'be good' });
    expect(Object.keys(custom).at(-1)).toBe('messages');
  });
});
