/**
 * highlight.js, loaded on demand: its core is a chunk of its own, fetched the first time some
 * code is shown, and each language's grammar is another chunk, registered the first time a block
 * or file in it appears. Nothing here is in the startup bundle.
 *
 * The highlighter is synchronous once loaded; a caller that asks for a language not yet loaded
 * gets null (plain text) and is told through `onHighlighterChange` when it has arrived.
 */
import type { HLJSApi, LanguageFn } from 'highlight.js';

type Grammar = () => Promise<{ default: LanguageFn }>;

/** The grammars we ship, by highlight.js name; each import becomes its own chunk. */
const GRAMMARS: Record<string, Grammar> = {
  javascript: () => import('highlight.js/lib/languages/javascript'),
  typescript: () => import('highlight.js/lib/languages/typescript'),
  python: () => import('highlight.js/lib/languages/python'),
  go: () => import('highlight.js/lib/languages/go'),
  rust: () => import('highlight.js/lib/languages/rust'),
  c: () => import('highlight.js/lib/languages/c'),
  cpp: () => import('highlight.js/lib/languages/cpp'),
  java: () => import('highlight.js/lib/languages/java'),
  kotlin: () => import('highlight.js/lib/languages/kotlin'),
  csharp: () => import('highlight.js/lib/languages/csharp'),
  ruby: () => import('highlight.js/lib/languages/ruby'),
  php: () => import('highlight.js/lib/languages/php'),
  swift: () => import('highlight.js/lib/languages/swift'),
  bash: () => import('highlight.js/lib/languages/bash'),
  shell: () => import('highlight.js/lib/languages/shell'),
  json: () => import('highlight.js/lib/languages/json'),
  yaml: () => import('highlight.js/lib/languages/yaml'),
  ini: () => import('highlight.js/lib/languages/ini'),
  css: () => import('highlight.js/lib/languages/css'),
  scss: () => import('highlight.js/lib/languages/scss'),
  xml: () => import('highlight.js/lib/languages/xml'),
  markdown: () => import('highlight.js/lib/languages/markdown'),
  sql: () => import('highlight.js/lib/languages/sql'),
  diff: () => import('highlight.js/lib/languages/diff'),
  dockerfile: () => import('highlight.js/lib/languages/dockerfile'),
  makefile: () => import('highlight.js/lib/languages/makefile'),
};

/** Fence names and file extensions, to a grammar above. */
const ALIASES: Record<string, string> = {
  js: 'javascript', jsx: 'javascript', mjs: 'javascript', cjs: 'javascript',
  ts: 'typescript', tsx: 'typescript', mts: 'typescript', cts: 'typescript',
  py: 'python', rs: 'rust', h: 'c', cc: 'cpp', cxx: 'cpp', hpp: 'cpp', 'c++': 'cpp',
  kt: 'kotlin', kts: 'kotlin', cs: 'csharp', rb: 'ruby', sh: 'bash', zsh: 'bash', console: 'shell',
  yml: 'yaml', toml: 'ini', html: 'xml', htm: 'xml', svg: 'xml', vue: 'xml', md: 'markdown',
  patch: 'diff', docker: 'dockerfile', make: 'makefile', mk: 'makefile', jsonc: 'json',
};

/** The grammar name for a fence's language or a file's extension, or null if we have none. */
export function grammarName(langOrExt: string): string | null {
  const key = langOrExt.toLowerCase();
  if (key in GRAMMARS) return key;
  return ALIASES[key] ?? null;
}

/** The grammar for a file path, by extension (or a known file name). */
export function grammarForPath(path: string): string | null {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (name === 'dockerfile') return 'dockerfile';
  if (name === 'makefile') return 'makefile';
  const dot = name.lastIndexOf('.');
  return dot < 0 ? null : grammarName(name.slice(dot + 1));
}

let core: HLJSApi | null = null;
let coreLoading: Promise<HLJSApi> | null = null;
const loading = new Map<string, Promise<void>>();
const listeners = new Set<() => void>();
let version = 0;

/** Bumped whenever a grammar arrives; callers re-render when it changes. */
export const highlighterVersion = (): number => version;

export function onHighlighterChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function loadCore(): Promise<HLJSApi> {
  coreLoading ??= import('highlight.js/lib/core').then((module) => (core = module.default));
  return coreLoading;
}

/** Starts loading the core and one grammar (once); resolves when both are ready. */
export function ensureGrammar(name: string): Promise<void> {
  const grammar = GRAMMARS[name];
  if (!grammar) return Promise.resolve();
  let pending = loading.get(name);
  if (!pending) {
    pending = Promise.all([loadCore(), grammar()]).then(([hljs, language]) => {
      hljs.registerLanguage(name, language.default);
      version += 1;
      for (const listener of listeners) listener();
    });
    pending.catch(() => loading.delete(name));
    loading.set(name, pending);
  }
  return pending;
}

/** Highlighted HTML (highlight.js escapes the text), or null while the grammar is not loaded. */
export function highlightCode(code: string, langOrExt: string): string | null {
  const name = grammarName(langOrExt);
  if (!name) return null;
  if (!core?.getLanguage(name)) {
    void ensureGrammar(name);
    return null;
  }
  return core.highlight(code, { language: name, ignoreIllegals: true }).value;
}
