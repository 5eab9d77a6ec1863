import { describe, expect, it } from 'vitest';
import type { ThreadEventMsg } from '../../../src-shared/protocol/thread-events';
import { SecretSet } from './secret-set';
import { ThreadRedactor } from './thread-redactor';

const KEY = 'sk-proj-7Hq2vN9xLm4Rt8Wz';
const secrets = new SecretSet([{ name: 'OPENAI_API_KEY', value: KEY }]);

const delta = (itemId: string, text: string, stream: 'text' | 'output' = 'output'): ThreadEventMsg => ({
  type: 'item_delta',
  turnId: 'turn-1',
  itemId,
  stream,
  delta: text,
});

function deltaText(msg: ThreadEventMsg): string {
  if (msg.type !== 'item_delta') throw new Error(`not a delta: ${msg.type}`);
  return msg.delta;
}

describe('ThreadRedactor', () => {
  it('never lets a secret split across two chunks out in pieces', () => {
    const redactor = new ThreadRedactor(() => secrets);
    const first = deltaText(redactor.redact('t1', delta('cmd-1', `KEY=${KEY.slice(0, 11)}`)));
    const second = deltaText(redactor.redact('t1', delta('cmd-1', `${KEY.slice(11)}\ndone\n`)));
    expect(first).toBe('KEY=');
    expect(second).toBe('[redacted:OPENAI_API_KEY]\ndone\n');
  });

  it('releases a held tail that turned out not to be a secret, and holds per item, stream and thread', () => {
    const redactor = new ThreadRedactor(() => secrets);
    expect(deltaText(redactor.redact('t1', delta('cmd-1', 'run sk-')))).toBe('run ');
    // Another stream, item or thread does not complete this one's tail.
    expect(deltaText(redactor.redact('t1', delta('cmd-1', KEY.slice(3), 'text')))).toBe(KEY.slice(3));
    expect(deltaText(redactor.redact('t1', delta('cmd-2', KEY.slice(3))))).toBe(KEY.slice(3));
    expect(deltaText(redactor.redact('t2', delta('cmd-1', KEY.slice(3))))).toBe(KEY.slice(3));
    expect(deltaText(redactor.redact('t1', delta('cmd-1', 'learn is not a key\n')))).toBe('sk-learn is not a key\n');
  });

  it('redacts the completed item whole and forgets what the item held', () => {
    const redactor = new ThreadRedactor(() => secrets);
    redactor.redact('t1', delta('msg-1', `The key is ${KEY.slice(0, 5)}`, 'text'));
    const completed = redactor.redact('t1', {
      type: 'item_completed',
      turnId: 'turn-1',
      item: { type: 'assistant_message', id: 'msg-1', text: `The key is ${KEY}.` },
    });
    expect(completed).toMatchObject({ item: { text: 'The key is [redacted:OPENAI_API_KEY].' } });
    // Nothing of the old tail is prepended to a later stream of the same id.
    expect(deltaText(redactor.redact('t1', delta('msg-1', 'fresh', 'text')))).toBe('fresh');
  });

  it('redacts every other message deeply: approval reasons, errors, activity, the conversation', () => {
    const redactor = new ThreadRedactor(() => secrets);
    const msgs: ThreadEventMsg[] = [
      { type: 'approval_requested', turnId: 't', requestId: 'r', itemId: 'i', reason: `Run curl -H "Bearer ${KEY}"?` },
      { type: 'error', code: 'auth_failed', message: `Incorrect API key provided: ${KEY}`, willRetry: false },
      { type: 'status_changed', status: 'failed', activity: `Failed: ${KEY}`, error: KEY },
      { type: 'history_appended', items: [{ type: 'tool_output', callId: 'c', format: 'function', output: `KEY=${KEY}` }] },
    ];
    for (const msg of msgs) {
      const redacted = JSON.stringify(redactor.redact('t1', msg));
      expect(redacted).not.toContain(KEY);
      expect(redacted).toContain('[redacted:OPENAI_API_KEY]');
    }
  });
});
