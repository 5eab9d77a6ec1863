/**
 * A small, line-at-a-time syntax highlighter for diffs: keywords, strings, comments and numbers in
 * the common languages, picked by file extension. It is deliberately light — one regex pass per
 * visible line, no state carried across lines (a block comment's middle lines stay plain) —
 * because the diff view tokenizes only the rows on screen, on every scroll.
 */

export type TokenKind = 'plain' | 'keyword' | 'string' | 'comment' | 'number';
export interface Token {
  kind: TokenKind;
  text: string;
}

export interface Language {
  keywords: ReadonlySet<string>;
  /** Line-comment openers, e.g. `//` or `#`. */
  lineComments: readonly string[];
  /** Whether `/* ... *\/` comments exist. */
  blockComments: boolean;
}

const words = (s: string): ReadonlySet<string> => new Set(s.split(/\s+/).filter(Boolean));

const C_LIKE_COMMON =
  'break case catch class const continue default do else enum extends false finally for if import in new null return static super switch this throw true try void while';
const JS = words(
  `${C_LIKE_COMMON} as async await debugger delete export from function instanceof let of typeof undefined var yield interface type implements private protected public readonly keyof declare namespace abstract satisfies`,
);
const PY = words(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield self',
);
const GO = words(
  'break case chan const continue default defer else fallthrough for func go goto if import interface map package range return select struct switch type var nil true false',
);
const RUST = words(
  'as async await break const continue crate dyn else enum extern false fn for if impl in let loop match mod move mut pub ref return self Self static struct super trait true type unsafe use where while',
);
const C = words(
  `${C_LIKE_COMMON} auto char double float int long short signed sizeof struct typedef union unsigned volatile goto extern register inline namespace template typename public private protected virtual using bool nullptr`,
);
const JAVA = words(
  `${C_LIKE_COMMON} abstract boolean byte char double final float implements instanceof int interface long native package private protected public short synchronized throws transient var fun val when object`,
);
const SH = words('if then else elif fi for while do done case esac in function return local export set unset echo exit');

const LANGUAGES: Record<string, Language> = {
  js: { keywords: JS, lineComments: ['//'], blockComments: true },
  py: { keywords: PY, lineComments: ['#'], blockComments: false },
  go: { keywords: GO, lineComments: ['//'], blockComments: true },
  rs: { keywords: RUST, lineComments: ['//'], blockComments: true },
  c: { keywords: C, lineComments: ['//'], blockComments: true },
  java: { keywords: JAVA, lineComments: ['//'], blockComments: true },
  sh: { keywords: SH, lineComments: ['#'], blockComments: false },
  css: { keywords: words('important'), lineComments: [], blockComments: true },
  yaml: { keywords: words('true false null yes no'), lineComments: ['#'], blockComments: false },
  json: { keywords: words('true false null'), lineComments: [], blockComments: false },
};

const EXTENSIONS: Record<string, string> = {
  js: 'js', jsx: 'js', mjs: 'js', cjs: 'js', ts: 'js', tsx: 'js', mts: 'js', cts: 'js',
  py: 'py', go: 'go', rs: 'rs',
  c: 'c', h: 'c', cc: 'c', cpp: 'c', hpp: 'c', cs: 'c',
  java: 'java', kt: 'java', scala: 'java', swift: 'java',
  sh: 'sh', bash: 'sh', zsh: 'sh',
  css: 'css', scss: 'css', less: 'css',
  yml: 'yaml', yaml: 'yaml', toml: 'yaml',
  json: 'json',
};

/** The language for a path, or null (plain text) for unknown extensions. */
export function languageFor(path: string): Language | null {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (name === 'Dockerfile' || name === 'Makefile') return LANGUAGES.sh ?? null;
  const dot = name.lastIndexOf('.');
  if (dot < 0) return null;
  const id = EXTENSIONS[name.slice(dot + 1).toLowerCase()];
  return id ? (LANGUAGES[id] ?? null) : null;
}

const IDENT = /[A-Za-z_$][\w$]*/y;
const NUMBER = /(?:0[xX][\da-fA-F_]+|\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?)[a-zA-Z]*/y;

/** Splits one line into tokens; adjacent plain text is merged into one token. */
export function tokenizeLine(text: string, lang: Language | null): Token[] {
  if (!lang) return text ? [{ kind: 'plain', text }] : [];
  const tokens: Token[] = [];
  const push = (kind: TokenKind, value: string) => {
    const last = tokens[tokens.length - 1];
    if (kind === 'plain' && last?.kind === 'plain') last.text += value;
    else tokens.push({ kind, text: value });
  };
  let i = 0;
  while (i < text.length) {
    const end = matchSpecial(text, i, lang);
    if (end) {
      push(end.kind, text.slice(i, end.at));
      i = end.at;
      continue;
    }
    IDENT.lastIndex = i;
    const ident = IDENT.exec(text);
    if (ident) {
      push(lang.keywords.has(ident[0]) ? 'keyword' : 'plain', ident[0]);
      i += ident[0].length;
      continue;
    }
    push('plain', text[i] ?? '');
    i += 1;
  }
  return tokens;
}

/** A comment, string or number starting at `i`: its kind and where it ends. */
function matchSpecial(text: string, i: number, lang: Language): { kind: TokenKind; at: number } | null {
  if (lang.lineComments.some((open) => text.startsWith(open, i))) return { kind: 'comment', at: text.length };
  if (lang.blockComments && text.startsWith('/*', i)) {
    const close = text.indexOf('*/', i + 2);
    return { kind: 'comment', at: close < 0 ? text.length : close + 2 };
  }
  const ch = text[i];
  if (ch === '"' || ch === "'" || ch === '`') return { kind: 'string', at: stringEnd(text, i, ch) };
  if (ch !== undefined && ch >= '0' && ch <= '9' && !isIdentChar(text[i - 1])) {
    NUMBER.lastIndex = i;
    const num = NUMBER.exec(text);
    if (num) return { kind: 'number', at: i + num[0].length };
  }
  return null;
}

function stringEnd(text: string, start: number, quote: string): number {
  for (let j = start + 1; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === quote) return j + 1;
  }
  return text.length;
}

function isIdentChar(ch: string | undefined): boolean {
  return ch !== undefined && /[\w$]/.test(ch);
}
