import { SetupControls } from './setup-controls';
import { memo, type KeyboardEvent } from 'react';
import type { ThreadSummary } from '../../src-shared/domain/thread';
import { useTranscriptFeed } from '../session/session-context';
import { useAppStore } from '../stores/app-store';
import { useThreadSummary, useTranscriptTail } from '../stores/selectors';
import type { TranscriptStore } from '../stores/transcript-feed';
import { useThreadUnread } from '../stores/attention-store';
import { BranchName, CostView, DiffStatView, Elapsed, StatusBadge, TokenUsage } from './thread-meta';
import { WorktreeSize } from './archive-controls';
import { RepoLabel, ThreadTitle, UnreadMarker } from './thread-name';
import { ThreadControls } from './thread-controls';
import { MergeStateBadge, SelectThreadCheckbox } from './merge-controls';
import { SandboxBadge } from './sandbox-grants';

/**
 * A dashboard card. It subscribes to its own summary (by id) and its own transcript tail, so a
 * batch for another thread, or a delta for this one, re-renders this card and nothing else.
 */
export const ThreadCard = memo(function ThreadCard(props: { threadId: string }) {
  const summary = useThreadSummary(props.threadId);
  const feed = useTranscriptFeed(props.threadId);
  const navigate = useAppStore((s) => s.navigate);
  const unread = useThreadUnread(props.threadId);
  if (!summary) return null;

  const open = () => navigate({ view: 'thread', threadId: summary.id });
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      open();
    }
  };
  return (
    <article
      className="card"
      role="button"
      tabIndex={0}
      data-testid="thread-card"
      data-thread-id={summary.id}
      data-status={summary.status}
      data-unread={unread ? 'true' : undefined}
      onClick={open}
      onKeyDown={onKeyDown}
    >
      <header className="card-head">
        <SelectThreadCheckbox threadId={summary.id} />
        <span className="agent-chip" title={`Agent ${summary.agentIndex}`}>
          {summary.agentIndex}
        </span>
        <ThreadTitle summary={summary} />
        {unread && <UnreadMarker kind={unread.kind} />}
        <StatusBadge status={summary.status} slotWait={summary.slotWait !== undefined} />
        <MergeStateBadge state={summary.mergeState} />
        <SandboxBadge grants={summary.sandbox} />
        {summary.agent === 'codex' && (
          <span className="sandbox-badge codex-badge" data-testid="agent-kind-badge" title="This thread runs the Codex CLI (codex app-server)">
            Codex
          </span>
        )}
        <ThreadControls threadId={summary.id} status={summary.status} compact />
      </header>
      <div className="card-details">
        <RepoLabel repoPath={summary.repoPath} host={summary.host} />
        <BranchName branch={summary.branch} testId="thread-branch" />
      </div>
      {summary.pendingApproval && (
        <NeedsApproval
          label={summary.pendingApproval.kind === 'unsandboxed' ? 'Sandbox blocked a command' : 'Needs approval'}
          reason={summary.pendingApproval.reason}
        />
      )}
      <div className="card-activity-row">
        <ActivityLine summary={summary} />
        <DiffStatView diffStat={summary.diffStat} />
        <WorktreeSize bytes={summary.worktreeBytes} archived={summary.archived} />
      </div>
      <SetupControls summary={summary} />
      <CardTail store={feed.store} />
      <footer className="card-foot">
        <Elapsed createdAt={summary.createdAt} finishedAt={summary.finishedAt} status={summary.status} pausedMs={summary.pausedMs} pausedAt={summary.pausedAt} />
        <TokenUsage usage={summary.usage} />
        <CostView costUsd={summary.costUsd} />
      </footer>
    </article>
  );
});

/** The agent is blocked on the user; the card says so above everything else it shows. */
function NeedsApproval(props: { label: string; reason: string }) {
  return (
    <div className="needs-approval" data-testid="needs-approval" title={props.reason}>
      <span className="needs-approval-label">{props.label}</span>
      <span className="needs-approval-reason">{props.reason}</span>
    </div>
  );
}

export function ActivityLine(props: { summary: ThreadSummary }) {
  const { summary } = props;
  const failed = summary.status === 'failed' && summary.error;
  const text = failed ? summary.error : summary.activity || '—';
  return (
    <div className={failed ? 'activity activity-error' : 'activity'} data-testid="thread-activity" title={text ?? ''}>
      {text}
    </div>
  );
}

const CardTail = memo(function CardTail(props: { store: TranscriptStore }) {
  const tail = useTranscriptTail(props.store);
  if (tail.kind === 'none') return <div className="card-tail card-tail-empty">Waiting for output…</div>;
  // The inner block is bottom-aligned, so the clipped overflow is the oldest text, not the newest.
  return (
    <div className={`card-tail card-tail-${tail.kind}`}>
      <pre>{tail.text}</pre>
    </div>
  );
});
