import { useCallback, useEffect } from 'react';
import { ActivityLine } from '../components/thread-card';
import { ApprovalPanel } from '../components/approval-panel';
import { ThreadApprovalMode } from '../components/approval-mode';
import { SandboxBadge, ThreadSandbox } from '../components/sandbox-grants';
import { BranchName, CostView, DiffStatView, Elapsed, StatusBadge, TokenUsage } from '../components/thread-meta';
import { Composer } from '../components/composer';
import { QueueList } from '../components/queue-list';
import { ThreadControls } from '../components/thread-controls';
import { TranscriptList } from '../components/transcript-list';
import { useTranscriptFeed } from '../session/session-context';
import { useAppStore } from '../stores/app-store';
import { useThreadSummary } from '../stores/selectors';
import { useThreadsStore } from '../stores/threads-store';
import { DiscardButton, MergeStateBadge } from '../components/merge-controls';
import { ArchiveControls, WorktreeSize } from '../components/archive-controls';
import { useThreadTab } from '../stores/thread-tab-store';
import { RepoLabel, ThreadTitle } from '../components/thread-name';
import { useUiPrefs } from '../stores/ui-prefs-store';
import { DiffTab } from './diff-tab';
import { ThreadSplit } from './thread-split';
import { useAttentionFocus } from './use-attention-focus';
import { ThreadTabs } from './thread-tabs';
import { TerminalTab } from '../terminal/terminal-tab';
import { TerminalSplit } from '../terminal/terminal-split';

/** One agent: its header, its live transcript (its own store) and a composer. */
export function ThreadView(props: { threadId: string }) {
  const summary = useThreadSummary(props.threadId);
  const feed = useTranscriptFeed(props.threadId);
  const navigate = useAppStore((s) => s.navigate);
  const loaded = useThreadsStore((s) => s.loaded);
  const tab = useThreadTab(props.threadId);
  const sideBySide = useUiPrefs((s) => s.threadLayout === 'side');
  const back = useCallback(() => navigate({ view: 'dashboard' }), [navigate]);
  useEscapeToGoBack(back);
  useAttentionFocus(props.threadId);

  if (!summary) {
    return (
      <div className="thread-view">
        <BackButton onClick={back} />
        <div className="empty">
          <div className="empty-title">{loaded ? 'Thread not found' : 'Loading thread…'}</div>
        </div>
      </div>
    );
  }
  return (
    <div className="thread-view" data-thread-id={summary.id}>
      <header className="thread-header">
        <div className="thread-title-row">
          <BackButton onClick={back} />
          <span className="agent-chip">{summary.agentIndex}</span>
          <ThreadTitle summary={summary} />
          <StatusBadge status={summary.status} slotWait={summary.slotWait !== undefined} />
          <MergeStateBadge state={summary.mergeState} />
          <SandboxBadge grants={summary.sandbox} />
          <div className="top-spacer" />
          <Elapsed createdAt={summary.createdAt} finishedAt={summary.finishedAt} status={summary.status} pausedMs={summary.pausedMs} pausedAt={summary.pausedAt} />
          <ThreadControls threadId={summary.id} status={summary.status} />
        </div>
        <ActivityLine summary={summary} />
        <div className="thread-meta-row">
          <RepoLabel repoPath={summary.repoPath} />
          <BranchName branch={summary.branch} testId="thread-branch" />
          <TokenUsage usage={summary.usage} />
          <CostView costUsd={summary.costUsd} />
          <DiffStatView diffStat={summary.diffStat} />
          <ThreadApprovalMode threadId={summary.id} mode={summary.approvalMode} />
          <ThreadSandbox threadId={summary.id} grants={summary.sandbox} />
          <span className="mono muted worktree" title={`Worktree: ${summary.worktreePath}`}>
            <bdi>{summary.worktreePath}</bdi>
          </span>
          <WorktreeSize bytes={summary.worktreeBytes} archived={summary.archived} />
          <ArchiveControls summary={summary} />
          <DiscardButton threadId={summary.id} mergeState={summary.mergeState} />
        </div>
        <ThreadTabs threadId={summary.id} />
      </header>
      {tab === 'terminal' ? (
        <TerminalTab key={summary.id} threadId={summary.id} worktreePath={summary.worktreePath} />
      ) : sideBySide ? (
        <ThreadSplit left={<TranscriptList key={summary.id} store={feed.store} />} right={<DiffTab threadId={summary.id} />} />
      ) : tab === 'changes' ? (
        <DiffTab threadId={summary.id} />
      ) : (
        <TerminalSplit threadId={summary.id} worktreePath={summary.worktreePath}>
          <TranscriptList key={summary.id} store={feed.store} />
        </TerminalSplit>
      )}
      {summary.pendingApproval && (
        <ApprovalPanel
          key={summary.pendingApproval.requestId}
          threadId={summary.id}
          pending={summary.pendingApproval}
          store={feed.store}
        />
      )}
      <QueueList threadId={summary.id} queue={summary.queue} />
      <Composer threadId={summary.id} status={summary.status} />
    </div>
  );
}

function BackButton(props: { onClick: () => void }) {
  return (
    <button type="button" className="button ghost back" data-testid="back-to-dashboard" onClick={props.onClick}>
      ← Dashboard
    </button>
  );
}

/** Escape goes back, unless the user is typing (Escape there should only blur or do nothing). */
function useEscapeToGoBack(back: () => void): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target;
      const typing = target instanceof Element && target.closest('input, textarea, [contenteditable="true"]');
      // An open dialog or menu takes Escape for itself (it closes, or marks the event handled).
      const dialog = event.defaultPrevented || document.querySelector('[role="dialog"]') !== null;
      if (event.key === 'Escape' && !typing && !dialog) back();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [back]);
}
