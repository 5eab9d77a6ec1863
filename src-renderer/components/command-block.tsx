import { memo, useMemo, useRef } from 'react';
import type { TranscriptItem } from '../../src-shared/protocol/items';
import { parseAnsi } from '../lib/ansi';
import { formatDuration } from '../lib/format';
import { useStickToBottom } from '../lib/use-stick-to-bottom';

type CommandItem = Extract<TranscriptItem, { type: 'command' }>;

/** `$ cmd`, its status, and its output in a capped box that follows the stream unless scrolled up. */
export const CommandBlock = memo(function CommandBlock(props: { item: CommandItem }) {
  const { item } = props;
  return (
    <div className="block command" data-status={item.status}>
      <div className="block-head command-head">
        <span className="command-line mono" title={item.cwd}>
          <span className="prompt">$</span> {item.command}
        </span>
        <span className="block-meta">
          {item.sessionId !== null && item.status === 'in_progress' && (
            <span className="pill" title="Still running; the agent can poll it">
              session {item.sessionId}
            </span>
          )}
          {item.durationMs !== null && <span className="duration">{formatDuration(item.durationMs)}</span>}
          <ExitBadge item={item} />
        </span>
      </div>
      {item.output && <CommandOutput output={item.output} />}
    </div>
  );
});

function ExitBadge(props: { item: CommandItem }) {
  const { item } = props;
  if (item.status === 'in_progress') {
    return (
      <span className="exit-badge running">
        <span className="spinner" aria-hidden />
        running
      </span>
    );
  }
  if (item.exitCode === null) return <span className="exit-badge bad">{item.status}</span>;
  const good = item.exitCode === 0;
  return <span className={good ? 'exit-badge good' : 'exit-badge bad'}>exit {item.exitCode}</span>;
}

/** Bounds DOM work per delta for chatty commands; the full output stays in the transcript. */
const MAX_OUTPUT_CHARS = 40_000;

function CommandOutput(props: { output: string }) {
  const hidden = Math.max(0, props.output.length - MAX_OUTPUT_CHARS);
  const shown = hidden ? props.output.slice(hidden) : props.output;
  const segments = useMemo(() => parseAnsi(shown), [shown]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const contentRef = useRef<HTMLPreElement>(null);
  useStickToBottom(scrollRef, contentRef);
  return (
    <div className="command-output" ref={scrollRef}>
      <pre ref={contentRef}>
        {hidden > 0 && <span className="output-clipped">… {hidden.toLocaleString()} earlier characters not shown{'\n'}</span>}
        {segments.map((segment, i) =>
          segment.className ? (
            <span key={i} className={segment.className}>
              {segment.text}
            </span>
          ) : (
            segment.text
          ),
        )}
      </pre>
    </div>
  );
}
