/** Syntax-highlighted text for one diff line, tokenized when the row is drawn. */
import { memo } from 'react';
import { tokenizeLine, type Language } from '../lib/highlight';

export const HighlightedCode = memo(function HighlightedCode(props: { text: string; lang: Language | null }) {
  const tokens = tokenizeLine(props.text, props.lang);
  return (
    <span className="diff-code">
      {tokens.map((t, i) =>
        t.kind === 'plain' ? (
          <span key={i}>{t.text}</span>
        ) : (
          <span key={i} className={`tok-${t.kind}`}>
            {t.text}
          </span>
        ),
      )}
    </span>
  );
});
