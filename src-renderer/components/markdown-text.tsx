import { memo, useMemo } from 'react';
import { parseBlocks, parseInline, type Block } from '../lib/markdown';

/** Assistant text with the small markdown subset; re-parsed only when the text changes. */
export const MarkdownText = memo(function MarkdownText(props: { text: string }) {
  const blocks = useMemo(() => parseBlocks(props.text), [props.text]);
  return (
    <div className="md">
      {blocks.map((block, i) => (
        <MarkdownBlock key={i} block={block} />
      ))}
    </div>
  );
});

function MarkdownBlock(props: { block: Block }) {
  const { block } = props;
  switch (block.type) {
    case 'paragraph':
      return <p>{<InlineText text={block.text} />}</p>;
    case 'heading':
      return (
        <div className={`md-heading md-h${block.level}`}>
          <InlineText text={block.text} />
        </div>
      );
    case 'list': {
      const items = block.items.map((item, i) => (
        <li key={i}>
          <InlineText text={item} />
        </li>
      ));
      return block.ordered ? <ol>{items}</ol> : <ul>{items}</ul>;
    }
    case 'code':
      return (
        <pre className="md-code" data-lang={block.lang || undefined}>
          <code>{block.text}</code>
        </pre>
      );
  }
}

function InlineText(props: { text: string }) {
  const parts = useMemo(() => parseInline(props.text), [props.text]);
  return (
    <>
      {parts.map((part, i) => {
        if (part.type === 'code') return <code key={i}>{part.text}</code>;
        if (part.type === 'bold') return <strong key={i}>{part.text}</strong>;
        return <span key={i}>{part.text}</span>;
      })}
    </>
  );
}
