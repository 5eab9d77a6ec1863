import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { createPacer, derivedSnapshot, pacedSubscribe } from './paced';

describe('pacer', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('runs each due listener once per beat, all in the same beat', () => {
    const pacer = createPacer(250);
    const calls: string[] = [];
    const a = () => calls.push('a');
    const b = () => calls.push('b');
    pacer.schedule(a);
    pacer.schedule(a);
    vi.advanceTimersByTime(100);
    pacer.schedule(b);
    pacer.schedule(a);
    expect(calls).toEqual([]);
    vi.advanceTimersByTime(150);
    expect(calls).toEqual(['a', 'b']);
    vi.advanceTimersByTime(1000);
    expect(calls).toEqual(['a', 'b']);
  });

  it('forgets a cancelled listener and stops its timer when nothing is due', () => {
    const pacer = createPacer(250);
    const listener = vi.fn();
    pacer.schedule(listener);
    pacer.cancel(listener);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(500);
    expect(listener).not.toHaveBeenCalled();
  });

  it('hears a store at most once per beat, and not after unsubscribing', () => {
    const pacer = createPacer(250);
    const store = createStore<{ n: number }>()(() => ({ n: 0 }));
    const listener = vi.fn();
    const unsubscribe = pacedSubscribe(store, pacer)(listener);
    for (let n = 1; n <= 20; n++) store.setState({ n });
    vi.advanceTimersByTime(250);
    expect(listener).toHaveBeenCalledTimes(1);
    store.setState({ n: 21 });
    unsubscribe();
    vi.advanceTimersByTime(250);
    expect(listener).toHaveBeenCalledTimes(1);
  });
});

describe('derivedSnapshot', () => {
  it('derives again only when its input changed, and keeps an equal value', () => {
    const store = createStore<{ items: string[]; other: number }>()(() => ({ items: ['a'], other: 0 }));
    const derive = vi.fn((items: string[]) => ({ last: items.at(-1) ?? '' }));
    const snapshot = derivedSnapshot(store.getState, (s) => s.items, derive, (x, y) => x.last === y.last);
    const first = snapshot();
    store.setState({ other: 1 });
    expect(snapshot()).toBe(first);
    expect(derive).toHaveBeenCalledTimes(1);
    store.setState({ items: ['b', 'a'] });
    expect(snapshot()).toBe(first);
    store.setState({ items: ['a', 'b'] });
    expect(snapshot()).toEqual({ last: 'b' });
    expect(derive).toHaveBeenCalledTimes(3);
  });
});
