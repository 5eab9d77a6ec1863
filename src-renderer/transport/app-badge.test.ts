import { describe, expect, it } from 'vitest';
import { showAppBadge } from './app-badge';

describe('the app badge', () => {
  it('goes through the preload bridge inside the app', () => {
    const counts: number[] = [];
    const bridge = { hello: async () => null, call: async () => null, onEvent: () => () => undefined, setBadgeCount: (n: number) => counts.push(n) };
    showAppBadge(4, { flotillaBridge: bridge });
    showAppBadge(0, { flotillaBridge: bridge });
    expect(counts).toEqual([4, 0]);
  });

  it('uses the Badging API in a browser that has it, and does nothing where it is absent', () => {
    const calls: string[] = [];
    const navigator = { setAppBadge: async (n: number) => void calls.push(`set ${n}`), clearAppBadge: async () => void calls.push('clear') };
    showAppBadge(2, { navigator });
    showAppBadge(0, { navigator });
    expect(calls).toEqual(['set 2', 'clear']);
    expect(() => showAppBadge(3, { navigator: {} })).not.toThrow();
  });
});
