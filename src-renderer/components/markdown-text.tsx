import type { Token } from 'marked';
import { memo, useMemo, useSyncExternalStore } from 'react';
import { highlightCode, highlighterVersion, onHighlighterChange } from '../lib/code-highlight';
import { markdownModule, onMarkdownLoaded } from '../lib/markdown-loader';

/**
 * Assistant text as GitHub-flavoured Markdown. Each top-level block is its own memoised element
 * keyed by its source, so a streamed delta re-lexes the text (cheap) but re-renders only the
 * block that changed. Until the markdown chunk has loaded (the first message shown), the text
 * shows as it is.
 */
export const MarkdownText = memo(function MarkdownText(props: { text: string }) {
  const markdown = useSyncExternalStore(onMarkdownLoaded, markdownModule);
  const blocks = useMemo(() => markdown?.markdownBlocks(props.text) ?? null, [markdown, props.text]);
  if (!blocks) return <div className="md md-pending">{props.text}</div>;
  return (
    <div className="md">
      {blocks.map((block, i) => (
        <MarkdownBlock key={i} raw={block.raw} block={block} />
      ))}
    </div>
  );
});

const MarkdownBlock = memo(
  function MarkdownBlock(props: { raw: string; block: Token }) {
    const markdown = markdownModule();
    const withCode = markdown?.hasCode(props.block) ?? false;
    // A block with code re-renders when a grammar arrives; the others never need to.
    const grammars = useSyncExternalStore(withCode ? onHighlighterChange : noSubscription, highlighterVersion);
    const html = useMemo(
      () => markdown?.renderSafeBlock(props.block, withCode ? highlightCode : null) ?? '',
      // The source stands for the block: a new token object with the same source renders the same.
      [markdown, props.raw, withCode, grammars],
    );
    return <div className="md-block" dangerouslySetInnerHTML={{ __html: html }} />;
  },
  (before, after) => before.raw === after.raw,
);

const noSubscription = () => () => {};
