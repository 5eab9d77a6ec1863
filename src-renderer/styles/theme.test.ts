/**
 * The palette in theme.css, checked in both themes: every status colour and every text colour
 * against the surfaces it is drawn on must reach WCAG AA for text (4.5:1). The colours are parsed
 * from the CSS itself, so changing one in the stylesheet is what makes this pass or fail.
 */
import { describe, expect, it } from 'vitest';
import { THREAD_STATUSES } from '../../src-shared/domain/thread';
import { contrastRatio, customProperties, over, resolveColor, type Theme } from '../test-support/css-palette';

/** Every stylesheet in this folder, by file name, as text. */
const SHEETS = Object.fromEntries(
  Object.entries(import.meta.glob<string>('./*.css', { query: '?raw', import: 'default', eager: true })).map(([path, text]) => [path.slice(2), text]),
);
const read = (file: string) => {
  const text = SHEETS[file];
  if (text === undefined) throw new Error(`No stylesheet ${file}`);
  return text;
};
const palette = customProperties(read('theme.css'));
const AA_TEXT = 4.5;
const THEMES: Theme[] = ['light', 'dark'];

const color = (expr: string, theme: Theme) => resolveColor(expr, palette, theme);
const ratio = (text: string, surface: string, theme: Theme, tint?: string) => {
  const base = color(surface, theme);
  const background = tint ? over(color(tint, theme), base) : base;
  return contrastRatio(color(text, theme), background);
};

/** How strongly a status badge is tinted with its own colour, read from cards.css. */
function badgeTintPercent(): number {
  const rule = /\.status-badge \{[^}]*background: color-mix\(in srgb, var\(--status\) (\d+)%, transparent\)/.exec(read('cards.css'));
  if (!rule) throw new Error('cards.css: .status-badge has no color-mix background');
  return Number(rule[1]);
}

const SURFACES = ['var(--bg)', 'var(--bg-sunken)', 'var(--panel)', 'var(--raised)', 'var(--raised-2)'];
const STATUSES = [...THREAD_STATUSES, 'merged', 'discarded'];

describe.each(THEMES)('the %s theme', (theme) => {
  it.each(STATUSES)('status "%s" reads on every surface and on its own badge', (status) => {
    const text = `var(--status-${status})`;
    const tint = `color-mix(in srgb, ${text} ${badgeTintPercent()}%, transparent)`;
    for (const surface of SURFACES) {
      expect(ratio(text, surface, theme), `${status} on ${surface}`).toBeGreaterThanOrEqual(AA_TEXT);
      expect(ratio(text, surface, theme, tint), `${status} badge on ${surface}`).toBeGreaterThanOrEqual(AA_TEXT);
    }
  });

  it.each(['--text', '--text-strong', '--text-soft', '--muted', '--accent', '--green', '--red', '--amber', '--violet'])(
    '%s reads on every surface',
    (name) => {
      for (const surface of SURFACES) expect(ratio(`var(${name})`, surface, theme), `${name} on ${surface}`).toBeGreaterThanOrEqual(AA_TEXT);
    },
  );

  it('text on tinted and coloured surfaces reads', () => {
    const pairs: Array<[string, string, string?]> = [
      ['var(--error-text)', 'var(--panel)', 'var(--red-soft)'],
      ['var(--notice-text)', 'var(--notice-bg)'],
      ['var(--add-text)', 'var(--bg-sunken)', 'color-mix(in srgb, var(--green) 10%, transparent)'],
      ['var(--del-text)', 'var(--bg-sunken)', 'color-mix(in srgb, var(--red) 10%, transparent)'],
      ['var(--on-accent)', 'var(--accent-strong)'],
      ['var(--on-accent)', 'var(--accent-hover)'],
      ['var(--amber)', 'var(--panel)', 'color-mix(in srgb, var(--amber) 12%, transparent)'],
      ['var(--green)', 'var(--bg-sunken)', 'color-mix(in srgb, var(--green) 12%, transparent)'],
      ['var(--red)', 'var(--bg-sunken)', 'color-mix(in srgb, var(--red) 12%, transparent)'],
    ];
    for (const [text, surface, tint] of pairs) expect(ratio(text, surface, theme, tint), `${text} on ${surface} ${tint ?? ''}`).toBeGreaterThanOrEqual(AA_TEXT);
  });

  it('syntax and terminal colours read on the code background', () => {
    const code = ['--tok-keyword', '--tok-string', '--tok-comment', '--tok-number'];
    // ANSI black/white (0, 7, 8, 15) are meant to be dim or faint on one of the two themes, as in a terminal.
    const ansi = [1, 2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 14].map((n) => `--ansi-${n}`);
    for (const name of [...code, ...ansi]) {
      expect(ratio(`var(${name})`, 'var(--bg-sunken)', theme), name).toBeGreaterThanOrEqual(AA_TEXT);
    }
  });
});

describe('the stylesheets', () => {
  const files = Object.keys(SHEETS);

  it('are all read', () => expect(files).toEqual(expect.arrayContaining(['theme.css', 'base.css', 'cards.css', 'diff.css'])));

  it('take every colour from the palette', () => {
    const literal = /#[0-9a-f]{3,8}\b|\b(rgba?|hsla?|hwb|lab|lch|oklab|oklch)\(|:\s*(white|black)\b/i;
    for (const file of files.filter((f) => f !== 'theme.css')) {
      const lines = read(file).replace(/\/\*[\s\S]*?\*\//g, '').split('\n');
      const offenders = lines.filter((line) => literal.test(line));
      expect(offenders, file).toEqual([]);
    }
  });

  it('use only custom properties that are defined', () => {
    const all = files.map(read).join('\n');
    const defined = customProperties(all);
    // Only a var() without a fallback must be defined in CSS: one with a fallback is set from script.
    const used = new Set([...all.matchAll(/var\((--[\w-]+)\)/g)].map((m) => m[1]!));
    expect([...used].filter((name) => !defined.has(name))).toEqual([]);
  });

  it('give every colour a light and a dark value', () => {
    for (const theme of THEMES) for (const name of palette.keys()) if (!name.startsWith('--font') && !name.startsWith('--radius')) color(`var(${name})`, theme);
    expect(color('var(--bg)', 'light')).not.toEqual(color('var(--bg)', 'dark'));
  });
});
