import { memo } from 'react';
import { useStore } from 'zustand';
import type { ThreadSummary } from '../../src-shared/domain/thread';
import type { ApprovalDecision } from '../../src-shared/protocol/agent';
import { useActions } from '../session/session-context';
import type { TranscriptStore } from '../stores/transcript-feed';
import { PatchText } from './patch-block';
import { useControlRunner } from './thread-controls';

type PendingApproval = NonNullable<ThreadSummary['pendingApproval']>;

const DECISIONS: { decision: ApprovalDecision; label: string; testId: string; className: string }[] = [
  { decision: 'approve', label: 'Approve', testId: 'approval-approve', className: 'button primary' },
  { decision: 'approve_for_thread', label: 'Approve for this thread', testId: 'approval-approve-thread', className: 'button' },
  { decision: 'deny', label: 'Deny', testId: 'approval-deny', className: 'button danger-ghost' },
];

/** Running a blocked command outside the sandbox is one approve at a time: no "for this thread". */
const UNSANDBOXED_DECISIONS: typeof DECISIONS = [
  { decision: 'approve', label: 'Run it outside the sandbox, once', testId: 'approval-approve', className: 'button danger-ghost' },
  { decision: 'deny', label: 'Keep it blocked', testId: 'approval-deny', className: 'button' },
];

/** Title and reason as shown: a sandbox denial says so plainly and shows what was blocked. */
function describe(pending: PendingApproval): { title: string; reason: string } {
  if (pending.kind !== 'unsandboxed') return { title: 'Needs approval', reason: pending.reason };
  return {
    title: 'The sandbox blocked this command. Run it again outside the sandbox?',
    // The first line repeats the command, which the subject below shows.
    reason: pending.reason.split('\n').slice(1).join(' '),
  };
}

/**
 * The agent is waiting on the user: what it wants to run or change (the transcript item the
 * request points at), why it asks, and the answers.
 */
export const ApprovalPanel = memo(function ApprovalPanel(props: {
  threadId: string;
  pending: PendingApproval;
  store: TranscriptStore;
}) {
  const { threadId, pending } = props;
  const actions = useActions();
  const [busy, run] = useControlRunner();
  const answer = (decision: ApprovalDecision) =>
    run('answer the approval', () => actions.approve(threadId, pending.requestId, decision));
  const { title, reason } = describe(pending);
  const unsandboxed = pending.kind === 'unsandboxed';
  return (
    <section className="approval" data-testid="approval-panel" data-request-id={pending.requestId} data-kind={pending.kind ?? 'command'}>
      <div className="approval-head">
        <span className="approval-title">{title}</span>
        {reason && <span className="approval-reason">{reason}</span>}
      </div>
      <PendingSubject store={props.store} itemId={pending.itemId} />
      {unsandboxed && (
        <p className="approval-warning">Outside the sandbox this command runs with your permissions: it can write anywhere, read your keys and reach the network.</p>
      )}
      <div className="approval-actions">
        {(unsandboxed ? UNSANDBOXED_DECISIONS : DECISIONS).map((d) => (
          <button
            key={d.decision}
            type="button"
            className={d.className}
            data-testid={d.testId}
            disabled={busy}
            onClick={() => answer(d.decision)}
          >
            {d.label}
          </button>
        ))}
      </div>
    </section>
  );
});

function PendingSubject(props: { store: TranscriptStore; itemId: string }) {
  const item = useStore(props.store, (s) => {
    const index = s.transcript.indexById[props.itemId];
    return index === undefined ? undefined : s.transcript.items[index];
  });
  if (item?.type === 'command') {
    return <pre className="approval-command mono" data-testid="approval-subject">$ {item.command}</pre>;
  }
  if (item?.type === 'patch') {
    return (
      <div className="approval-patch" data-testid="approval-subject">
        <PatchText patch={item.patch} />
      </div>
    );
  }
  return <div className="approval-missing muted">Loading what the agent wants to do…</div>;
}
