import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WINDOW_BACKGROUND, windowBackground } from './window-background';

const THEME_CSS = join(__dirname, '../../src-renderer/styles/theme.css');

describe('the window background', () => {
  it("is the page's --bg on each side, so the first paint changes no colour", () => {
    const match = /--bg:\s*light-dark\((#[0-9a-f]{6}),\s*(#[0-9a-f]{6})\)/i.exec(readFileSync(THEME_CSS, 'utf8'));
    expect(match, 'theme.css defines --bg as light-dark(#light, #dark)').not.toBeNull();
    expect(WINDOW_BACKGROUND).toEqual({ light: match![1], dark: match![2] });
  });

  it('follows the side the OS asks for', () => {
    expect(windowBackground(true)).toBe(WINDOW_BACKGROUND.dark);
    expect(windowBackground(false)).toBe(WINDOW_BACKGROUND.light);
  });
});
