/**
 * Assistant text as GitHub-flavoured Markdown (tables, task lists, strikethrough, autolinks,
 * fences), through `marked`. Safe before any sanitiser runs: raw HTML in the text is shown as
 * text, never as markup, and a link or image whose URL is not http(s), mailto or a fragment
 * loses it (no javascript: or data: URLs). The component still passes the result through
 * DOMPurify, so a bug here cannot become script.
 *
 * Streaming: the text is split into its top-level blocks (lexing is cheap), and each block is
 * rendered to HTML on its own, so a delta re-renders only the block it lands in — the last one.
 */
import { Marked, type Token, type Tokens } from 'marked';

/** A code highlighter, when its chunk has loaded: HTML for the code, or null for a language it lacks. */
export type CodeHighlighter = (code: string, lang: string) => string | null;

const SAFE_URL = /^(?:https?:|mailto:|#)/i;

/** The URL to keep for a link, or null: only web, mail and in-page links survive. */
export function safeHref(href: string | null | undefined): string | null {
  const trimmed = (href ?? '').trim();
  return SAFE_URL.test(trimmed) ? trimmed : null;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function makeMarked(highlight: CodeHighlighter | null): Marked {
  const marked = new Marked({ gfm: true, breaks: true });
  marked.use({
    renderer: {
      html: (token: Tokens.HTML | Tokens.Tag) => escapeHtml(token.text),
      link(token: Tokens.Link) {
        const label = this.parser.parseInline(token.tokens);
        const href = safeHref(token.href);
        if (!href) return label;
        const title = token.title ? ` title="${escapeHtml(token.title)}"` : '';
        return `<a href="${escapeHtml(href)}"${title} target="_blank" rel="noopener noreferrer">${label}</a>`;
      },
      image(token: Tokens.Image) {
        // No remote images: a transcript must not make requests the user did not ask for.
        const href = safeHref(token.href);
        const text = escapeHtml(token.text || 'image');
        return href ? `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">${text}</a>` : text;
      },
      code(token: Tokens.Code) {
        const lang = (token.lang ?? '').trim().split(/\s+/)[0] ?? '';
        const body = (lang && highlight?.(token.text, lang)) || escapeHtml(token.text);
        const langAttr = lang ? ` data-lang="${escapeHtml(lang)}"` : '';
        return `<pre class="md-code"${langAttr}><code class="hljs">${body}</code></pre>`;
      },
    },
  });
  return marked;
}

const plain = makeMarked(null);
let highlighted: { highlight: CodeHighlighter; marked: Marked } | null = null;

function markedFor(highlight: CodeHighlighter | null): Marked {
  if (!highlight) return plain;
  if (highlighted?.highlight !== highlight) highlighted = { highlight, marked: makeMarked(highlight) };
  return highlighted.marked;
}

/** The text's top-level blocks, each with the source it came from (its key for re-rendering). */
export function markdownBlocks(text: string): Token[] {
  return plain.lexer(text).filter((token) => token.type !== 'space');
}

/** One block's HTML (not yet sanitised). */
export function renderBlock(block: Token, highlight: CodeHighlighter | null): string {
  const marked = markedFor(highlight);
  const list = Object.assign([block], { links: {} });
  return marked.parser(list);
}

/** Whether a block holds a fenced code block (anywhere inside, e.g. in a list item). */
export function hasCode(block: Token): boolean {
  return block.type === 'code' || /```|~~~/.test(block.raw);
}

/** The whole text as HTML: for tests and anything that renders once. */
export function renderMarkdown(text: string, highlight: CodeHighlighter | null = null): string {
  return markdownBlocks(text)
    .map((block) => renderBlock(block, highlight))
    .join('');
}
