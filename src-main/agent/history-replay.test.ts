import { describe, expect, it } from 'vitest';
import { LOST_TOOL_OUTPUT, replayHistory } from './history-replay';

const call = (callId: string, response: number) => ({ type: 'tool_call', callId, name: 'exec_command', input: '{}', format: 'function', response });
const output = (callId: string) => ({ type: 'tool_output', callId, format: 'function', output: 'ok' });
const lost = (callId: string) => ({ type: 'tool_output', callId, format: 'function', output: LOST_TOOL_OUTPUT });

describe('replayHistory', () => {
  it('replays the conversation in order and numbers new answers after the old ones', () => {
    const items = [
      { type: 'user', text: 'hi' },
      { type: 'message', key: 'k', text: 'hello', phase: null, response: 0 },
      call('c1', 1),
      output('c1'),
    ];
    expect(replayHistory(items)).toEqual({ items, responses: 2 });
  });

  it('answers a call the dead worker never finished, right after its answer', () => {
    const replayed = replayHistory([{ type: 'user', text: 'go' }, call('c1', 0), call('c2', 0), output('c1'), { type: 'user', text: 'again' }]);
    expect(replayed.items).toEqual([{ type: 'user', text: 'go' }, call('c1', 0), call('c2', 0), output('c1'), lost('c2'), { type: 'user', text: 'again' }]);
    expect(replayHistory([call('c9', 3)]).items).toEqual([call('c9', 3), lost('c9')]);
  });

  it('skips items it cannot read instead of failing the thread', () => {
    expect(replayHistory([{ type: 'user', text: 'ok' }, { type: 'mystery' }, 42, null]).items).toEqual([{ type: 'user', text: 'ok' }]);
  });
});
