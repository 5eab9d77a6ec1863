import { describe, expect, it } from 'vitest';
import { LOST_TOOL_OUTPUT, replayHistory } from './history-replay';
import type { ConversationItem } from './providers/provider';

const user = (text: string): ConversationItem => ({ type: 'user', text });
const call = (callId: string, response: number): ConversationItem => ({ type: 'tool_call', callId, name: 'exec_command', input: '{}', format: 'function', response });
const output = (callId: string): ConversationItem => ({ type: 'tool_output', callId, format: 'function', output: 'ok' });
const lost = (callId: string): ConversationItem => ({ type: 'tool_output', callId, format: 'function', output: LOST_TOOL_OUTPUT });

describe('replayHistory', () => {
  it('replays the conversation in order and numbers new answers after the old ones', () => {
    const items: ConversationItem[] = [
      user('hi'),
      { type: 'message', key: 'k', text: 'hello', phase: null, response: 0 },
      { type: 'reasoning', key: 'r', id: 'rs_1', text: 'thinking', encryptedContent: 'gAAAA', response: 1 },
      call('c1', 1),
      output('c1'),
    ];
    expect(replayHistory(items)).toEqual({ items, responses: 2 });
  });

  it('answers a call the dead worker never finished, right after its answer', () => {
    const replayed = replayHistory([user('go'), call('c1', 0), call('c2', 0), output('c1'), user('again')]);
    expect(replayed.items).toEqual([user('go'), call('c1', 0), call('c2', 0), output('c1'), lost('c2'), user('again')]);
    expect(replayHistory([call('c9', 3)]).items).toEqual([call('c9', 3), lost('c9')]);
  });

  it('drops an output whose call is not in the conversation, which no provider accepts', () => {
    expect(replayHistory([user('go'), output('gone'), call('c1', 0), output('c1')]).items).toEqual([user('go'), call('c1', 0), output('c1')]);
  });
});
