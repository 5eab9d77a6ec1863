import { describe, expect, it } from 'vitest';
import type { ThreadEventMsg } from './protocol/thread-events';
import { applyThreadEvent, emptyTranscript } from './transcript';

function fold(msgs: ThreadEventMsg[]) {
  return msgs.reduce((t, msg, i) => applyThreadEvent(t, { threadId: 't', seq: i + 1, ts: i, msg }), emptyTranscript()).items;
}

const userItem = (id: string, text: string) => ({ type: 'user_message' as const, id, text });

describe('transcript: queued messages', () => {
  it('shows a queued message at once, then once only when the worker delivers it', () => {
    const items = fold([
      { type: 'user_message', text: 'later', delivery: 'queue', messageId: 'm_1' },
      { type: 'message_state', messageId: 'm_1', state: 'queued', text: 'later' },
      { type: 'message_state', messageId: 'm_1', state: 'edited', text: 'later, edited' },
      { type: 'message_state', messageId: 'm_1', state: 'delivered', text: 'later, edited' },
      { type: 'item_started', turnId: 'u', item: userItem('m_1', 'later, edited') },
      { type: 'item_completed', turnId: 'u', item: userItem('m_1', 'later, edited') },
    ]);
    expect(items).toEqual([{ ...userItem('m_1', 'later, edited'), delivery: 'delivered' }]);
  });

  it('marks a dropped message and shows new-turn messages only through the worker', () => {
    const items = fold([
      { type: 'user_message', text: 'never mind', delivery: 'queue', messageId: 'm_1' },
      { type: 'message_state', messageId: 'm_1', state: 'dropped', text: 'never mind' },
      { type: 'user_message', text: 'go', delivery: 'new_turn', messageId: 'm_2' },
      { type: 'history_appended', items: [] },
    ]);
    expect(items).toEqual([{ ...userItem('m_1', 'never mind'), delivery: 'dropped' }]);
  });
});

describe('transcript: steered messages', () => {
  it('shows a steer at once as pending, then delivered in place when the worker takes it', () => {
    const pending = fold([{ type: 'user_message', text: 'use tabs', delivery: 'steer', messageId: 'm_1' }]);
    expect(pending).toEqual([{ ...userItem('m_1', 'use tabs'), delivery: 'pending' }]);
    const delivered = fold([
      { type: 'user_message', text: 'use tabs', delivery: 'steer', messageId: 'm_1' },
      { type: 'item_started', turnId: 'u', item: userItem('m_1', 'use tabs') },
      { type: 'item_completed', turnId: 'u', item: userItem('m_1', 'use tabs') },
    ]);
    expect(delivered).toEqual([{ ...userItem('m_1', 'use tabs'), delivery: 'delivered' }]);
  });

  it('never turns a message the worker already showed back into pending', () => {
    const items = fold([
      { type: 'item_completed', turnId: 'u', item: userItem('m_1', 'use tabs') },
      { type: 'user_message', text: 'use tabs', delivery: 'steer', messageId: 'm_1' },
    ]);
    expect(items).toEqual([userItem('m_1', 'use tabs')]);
  });
});
