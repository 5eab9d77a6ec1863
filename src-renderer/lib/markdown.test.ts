import { describe, expect, it } from 'vitest';
import { markdownBlocks, renderMarkdown, safeHref } from './markdown';

describe('GitHub-flavoured markdown', () => {
  it('renders tables, task lists, strikethrough and autolinks', () => {
    const html = renderMarkdown('| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n- [ ] todo\n\n~~old~~ see https://example.com');
    expect(html).toContain('<table>');
    expect(html).toContain('<td>1</td>');
    expect(html).toMatch(/<input checked="" disabled="" type="checkbox"[^>]*>/);
    expect(html).toContain('<del>old</del>');
    expect(html).toContain('<a href="https://example.com" target="_blank" rel="noopener noreferrer">https://example.com</a>');
  });

  it('keeps a half-streamed fence as a growing code block', () => {
    expect(renderMarkdown('```ts\nconst a = 1;')).toBe('<pre class="md-code" data-lang="ts"><code class="hljs">const a = 1;</code></pre>');
  });

  it('shows raw HTML as text, never as markup', () => {
    const html = renderMarkdown('<img src=x onerror=alert(1)> and <script>alert(1)</script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('drops javascript: and data: links, keeping their text', () => {
    const html = renderMarkdown('[click](javascript:alert(1)) [data](data:text/html,hi) [ok](https://a.dev)');
    expect(html).not.toContain('javascript:');
    expect(html).not.toContain('data:');
    expect(html).toContain('click');
    expect(html).toContain('<a href="https://a.dev"');
    expect(safeHref(' JavaScript:alert(1)')).toBeNull();
    expect(safeHref('mailto:a@b.c')).toBe('mailto:a@b.c');
  });

  it('does not fetch images: an image becomes a link to it', () => {
    expect(renderMarkdown('![logo](https://a.dev/x.png)')).toContain('<a href="https://a.dev/x.png" target="_blank" rel="noopener noreferrer">logo</a>');
  });

  it('uses a highlighter when it has the language', () => {
    const html = renderMarkdown('```js\nlet x\n```', (code, lang) => (lang === 'js' ? `<b>${code}</b>` : null));
    expect(html).toContain('<code class="hljs"><b>let x</b></code>');
    expect(renderMarkdown('```zz\n<x>\n```', () => null)).toContain('&lt;x&gt;');
  });

  it('splits the text into top-level blocks, each keyed by its source', () => {
    const text = '# Plan\n\n1. one\n2. two\n\nText **bold**\n';
    const blocks = markdownBlocks(text);
    expect(blocks.map((b) => b.type)).toEqual(['heading', 'list', 'paragraph']);
    expect(blocks.map((b) => b.raw.trim())).toEqual(['# Plan', '1. one\n2. two', 'Text **bold**']);
  });
});
