import { describe, expect, it } from 'vitest';
import { FlowControl, HIGH_WATERMARK_CHARS, LOW_WATERMARK_CHARS } from './flow-control';

describe('terminal flow control', () => {
  it('pauses past the high watermark of the slowest consumer and resumes under the low one', () => {
    const calls: boolean[] = [];
    const flow = new FlowControl((paused) => calls.push(paused));
    flow.addConsumer('fast');
    flow.addConsumer('slow');
    flow.sent(HIGH_WATERMARK_CHARS);
    flow.acked('fast', HIGH_WATERMARK_CHARS);
    expect(calls).toEqual([]);
    flow.sent(1);
    expect(calls).toEqual([true]);
    flow.acked('slow', HIGH_WATERMARK_CHARS - LOW_WATERMARK_CHARS);
    expect(calls).toEqual([true]);
    flow.acked('slow', 2);
    expect(calls).toEqual([true, false]);
    expect(flow.pauses).toBe(1);
  });

  it('lets a consumer that went away stop holding the source back', () => {
    const calls: boolean[] = [];
    const flow = new FlowControl((paused) => calls.push(paused));
    flow.addConsumer('gone');
    flow.sent(HIGH_WATERMARK_CHARS + 1);
    flow.removeConsumer('gone');
    expect(calls).toEqual([true, false]);
  });
});
