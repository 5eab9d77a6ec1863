/**
 * The window's colour before the page paints: the page's own background (--bg in
 * src-renderer/styles/theme.css), on the side the OS asks for, so opening the app shows no flash
 * of the other theme. The user's own choice in Settings lives in the page's localStorage, which
 * the main process cannot read before the page loads: a user who chose the other side of the
 * OS's sees the OS's colour until the first paint. window-background.test.ts keeps these equal to
 * theme.css.
 */
export const WINDOW_BACKGROUND = { light: '#f3f4f6', dark: '#0c0e12' } as const;

export function windowBackground(dark: boolean): string {
  return dark ? WINDOW_BACKGROUND.dark : WINDOW_BACKGROUND.light;
}
