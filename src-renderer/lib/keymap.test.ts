import { describe, expect, it } from 'vitest';
import { commandForKey, type KeyInput } from './keymap';

const key = (k: string, extra: Partial<KeyInput> = {}): KeyInput => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  typing: false,
  isMac: false,
  ...extra,
});

describe('keymap', () => {
  it('maps number keys, arrows and letters', () => {
    expect(commandForKey(key('3'))).toEqual({ type: 'agent', number: 3 });
    expect(commandForKey(key('0'))).toBeNull();
    expect(commandForKey(key('ArrowRight'))).toEqual({ type: 'step', delta: 1 });
    expect(commandForKey(key('ArrowUp'))).toEqual({ type: 'step', delta: -1, vertical: true });
    expect(commandForKey(key('p'))).toEqual({ type: 'toggle-pause' });
    expect(commandForKey(key('y'))).toEqual({ type: 'approve' });
    expect(commandForKey(key('?', { shiftKey: true }))).toEqual({ type: 'help' });
  });

  it('never takes a plain key while the user types, but the palette chord works everywhere', () => {
    for (const k of ['1', 'p', 'y', 'n', '?', 'ArrowLeft', 'c']) expect(commandForKey(key(k, { typing: true }))).toBeNull();
    expect(commandForKey(key('k', { ctrlKey: true, typing: true }))).toEqual({ type: 'palette' });
    expect(commandForKey(key('k', { metaKey: true, isMac: true, typing: true }))).toEqual({ type: 'palette' });
  });

  it('leaves browser and system chords alone', () => {
    expect(commandForKey(key('1', { ctrlKey: true }))).toBeNull();
    expect(commandForKey(key('p', { metaKey: true }))).toBeNull();
    expect(commandForKey(key('ArrowLeft', { altKey: true }))).toBeNull();
    expect(commandForKey(key('P', { shiftKey: true }))).toBeNull();
    // On a Mac, Ctrl+K is "delete to end of line" in text fields: only Cmd+K opens the palette.
    expect(commandForKey(key('k', { ctrlKey: true, isMac: true }))).toBeNull();
  });
});
