/**
 * Reads the palette's custom properties out of a stylesheet and resolves them to colours for one
 * theme, the way the browser would: var() references, light-dark(light, dark), hex, rgb(a) and
 * color-mix(in srgb, <colour> N%, transparent). Then WCAG 2 contrast ratios. Test support only.
 */

export type Theme = 'light' | 'dark';
export interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

/** Every `--name: value;` in the CSS (comments dropped); a later declaration wins. */
export function customProperties(css: string): Map<string, string> {
  const props = new Map<string, string>();
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '');
  for (const match of text.matchAll(/(--[\w-]+)\s*:\s*([^;{}]+);/g)) props.set(match[1]!, match[2]!.trim());
  return props;
}

export function resolveColor(value: string, props: Map<string, string>, theme: Theme, depth = 0): Rgba {
  if (depth > 20) throw new Error(`Circular palette reference at ${value}`);
  const v = value.trim();
  const call = /^([\w-]+)\((.*)\)$/s.exec(v);
  if (v.startsWith('#')) return parseHex(v);
  if (v === 'transparent') return { r: 0, g: 0, b: 0, a: 0 };
  if (!call) throw new Error(`Not a colour the test understands: ${v}`);
  const [, fn, inner] = call as unknown as [string, string, string];
  const args = splitTopLevel(inner);
  switch (fn) {
    case 'var': {
      const name = args[0]!;
      const ref = props.get(name);
      if (ref === undefined) throw new Error(`${name} is not defined`);
      return resolveColor(ref, props, theme, depth + 1);
    }
    case 'light-dark':
      return resolveColor(theme === 'light' ? args[0]! : args[1]!, props, theme, depth + 1);
    case 'rgb':
    case 'rgba': {
      const [r, g, b, a] = args.map(Number);
      return { r: r!, g: g!, b: b!, a: a ?? 1 };
    }
    case 'color-mix': {
      const [space, first, second] = args;
      const mix = /^(.*)\s+([\d.]+)%$/s.exec(first ?? '');
      if (space !== 'in srgb' || second !== 'transparent' || !mix) throw new Error(`Unsupported color-mix: ${v}`);
      const base = resolveColor(mix[1]!, props, theme, depth + 1);
      return { ...base, a: base.a * (Number(mix[2]) / 100) };
    }
    default:
      throw new Error(`Not a colour the test understands: ${v}`);
  }
}

function parseHex(hex: string): Rgba {
  const digits = hex.slice(1);
  const full = digits.length <= 4 ? [...digits].map((d) => d + d).join('') : digits;
  const n = (i: number) => parseInt(full.slice(i, i + 2), 16);
  return { r: n(0), g: n(2), b: n(4), a: full.length === 8 ? n(6) / 255 : 1 };
}

function splitTopLevel(args: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of args) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += ch;
  }
  parts.push(current.trim());
  return parts;
}

/** A translucent colour painted over an opaque one. */
export function over(top: Rgba, bottom: Rgba): Rgba {
  const mix = (t: number, b: number) => t * top.a + b * (1 - top.a);
  return { r: mix(top.r, bottom.r), g: mix(top.g, bottom.g), b: mix(top.b, bottom.b), a: 1 };
}

function luminance(c: Rgba): number {
  const channel = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}

/** WCAG 2 contrast ratio of a text colour (blended over the background if translucent). */
export function contrastRatio(text: Rgba, background: Rgba): number {
  const a = luminance(over(text, background));
  const b = luminance(background);
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}
