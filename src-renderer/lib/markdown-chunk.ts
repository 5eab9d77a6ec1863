/**
 * What the markdown chunk holds: `marked` and DOMPurify (30 KB compressed), loaded the first time
 * a message is shown rather than with the app, so startup does not pay for them.
 */
import DOMPurify from 'dompurify';
import type { Token } from 'marked';
import { renderBlock, type CodeHighlighter } from './markdown';

export { hasCode, markdownBlocks } from './markdown';

/** One block's HTML, sanitised: belt and braces, as the renderer already emits no raw HTML and no unsafe URL. */
export function renderSafeBlock(block: Token, highlight: CodeHighlighter | null): string {
  return DOMPurify.sanitize(renderBlock(block, highlight), {
    // DOMPurify's own pattern with only web and mail schemes: it is matched against every
    // attribute's value, so scheme-less values (type="checkbox") must pass it too.
    ALLOWED_URI_REGEXP: /^(?:(?:https?|mailto):|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i,
    ADD_ATTR: ['target'],
    FORBID_TAGS: ['style', 'form', 'img'],
  });
}
