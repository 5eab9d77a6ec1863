import { describe, expect, it } from 'vitest';
import type { DemoStep } from './script';
import { chooseStep, lastUserMessage } from './step-choice';

const say = (text: string, when?: string): DemoStep => ({
  ...(when ? { when: { lastUserMessageIncludes: when } } : {}),
  output: [{ type: 'message', text }],
});

const responsesBody = (...users: string[]) => ({ input: users.map((text) => ({ type: 'message', role: 'user', content: text })) });

describe('chooseStep', () => {
  it('plays steps in order when none has a condition', () => {
    const steps = [say('a'), say('b')];
    expect(chooseStep(steps, new Set(), {})).toBe(0);
    expect(chooseStep(steps, new Set([0]), {})).toBe(1);
    expect(chooseStep(steps, new Set([0, 1]), {})).toBeNull();
  });

  it('plays the first unplayed step whose condition matches the latest user message, else the next plain one', () => {
    const steps = [say('start'), say('stopping', 'stop'), say('carry on')];
    expect(chooseStep(steps, new Set([0]), responsesBody('please stop', 'go on'))).toBe(2);
    expect(chooseStep(steps, new Set([0]), responsesBody('go on', 'please stop'))).toBe(1);
    expect(chooseStep(steps, new Set([0, 1]), responsesBody('stop again'))).toBe(2);
  });

  it('reads the latest user message of Responses and Chat bodies', () => {
    expect(lastUserMessage(responsesBody('one', 'two'))).toBe('two');
    expect(lastUserMessage({ input: [{ role: 'user', content: [{ type: 'input_text', text: 'parts' }] }] })).toBe('parts');
    expect(lastUserMessage({ messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'yo' }] })).toBe('hi');
    expect(lastUserMessage({ input: 'plain' })).toBe('plain');
    expect(lastUserMessage(null)).toBeNull();
  });
});
