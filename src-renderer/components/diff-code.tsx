/**
 * Syntax-highlighted text for one diff line, by highlight.js, highlighted when the row is drawn:
 * the diff view is virtualised, so only the lines on screen are ever highlighted, and a line
 * already seen is taken from a cache when it scrolls back. Lines are highlighted one at a time,
 * so a block comment's middle lines stay plain; until the file's grammar has loaded, all are.
 */
import { memo, useSyncExternalStore } from 'react';
import { highlightCode, highlighterVersion, onHighlighterChange } from '../lib/code-highlight';

const CACHE_LIMIT = 4000;
const cache = new Map<string, string>();

function highlightedLine(text: string, grammar: string): string | null {
  const key = `${grammar}\n${text}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const html = highlightCode(text, grammar);
  if (html === null) return null;
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, html);
  return html;
}

export const HighlightedCode = memo(function HighlightedCode(props: { text: string; grammar: string | null }) {
  const { text, grammar } = props;
  useSyncExternalStore(grammar ? onHighlighterChange : noSubscription, highlighterVersion);
  const html = grammar && text ? highlightedLine(text, grammar) : null;
  if (html === null) return <span className="diff-code">{text}</span>;
  // highlight.js escapes the text; the markup is its own spans.
  return <span className="diff-code" dangerouslySetInnerHTML={{ __html: html }} />;
});

const noSubscription = () => () => {};
