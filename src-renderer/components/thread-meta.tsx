/** Small pieces of thread metadata shared by the dashboard cards and the thread header. */
import { memo } from 'react';
import { isTerminalStatus, type DiffStat, type ThreadStatus, type Usage } from '../../src-shared/domain/thread';
import { elapsedMs } from '../lib/elapsed';
import { formatCost, formatElapsed, formatUsage } from '../lib/format';
import { useNow } from '../stores/clock';

/** `slotWait`: a thread setting up that waits for a slot (max agents) says so rather than "setting up". */
export const StatusBadge = memo(function StatusBadge(props: { status: ThreadStatus; slotWait?: boolean }) {
  return (
    <span className="status-badge" data-status={props.status} data-slot-wait={props.slotWait ? 'true' : undefined} data-testid="thread-status">
      <span className="status-dot" aria-hidden />
      {props.status === 'setting_up' ? (props.slotWait ? 'waiting for a slot' : 'setting up') : props.status}
    </span>
  );
});

/** The only thing that subscribes to the shared clock, so a tick re-renders just this text. Paused time does not count. */
export const Elapsed = memo(function Elapsed(props: {
  createdAt: number;
  finishedAt: number | null;
  status: ThreadStatus;
  pausedMs?: number | undefined;
  pausedAt?: number | null | undefined;
}) {
  const running = props.finishedAt === null && !isTerminalStatus(props.status);
  const now = useNow(running && props.status !== 'paused');
  const end = props.finishedAt ?? (running ? now : props.createdAt);
  return (
    <span className="elapsed" title={props.status === 'paused' ? 'Elapsed (stopped while paused)' : 'Elapsed'} data-testid="thread-elapsed">
      {formatElapsed(elapsedMs({ ...props, finishedAt: end }, end))}
    </span>
  );
});

export function TokenUsage(props: { usage: Usage }) {
  const { usage } = props;
  const title = `${usage.inputTokens} input (${usage.cachedInputTokens} cached) · ${usage.outputTokens} output · ${usage.reasoningTokens} reasoning`;
  return (
    <span className="tokens" data-testid="thread-tokens" title={title}>
      {formatUsage(usage)}
    </span>
  );
}

/** Nothing when the model has no price: an unknown cost is not a zero cost. */
export function CostView(props: { costUsd: number | null }) {
  if (props.costUsd === null) return null;
  return (
    <span className="cost" data-testid="thread-cost" title="Estimated cost">
      {formatCost(props.costUsd)}
    </span>
  );
}

export function DiffStatView(props: { diffStat: DiffStat | null }) {
  const { diffStat } = props;
  if (!diffStat) return null;
  const files = `${diffStat.files} file${diffStat.files === 1 ? '' : 's'}`;
  return (
    <span className="diffstat" data-testid="thread-diffstat">
      <span className="diffstat-files">{files}</span>
      <span className="add">+{diffStat.additions}</span>
      <span className="del">−{diffStat.deletions}</span>
    </span>
  );
}

/**
 * "flotilla/add-dark-mode-1a2b" with the common prefix dimmed. The text stays the full name; narrow
 * places (cards) hide the prefix and truncate from the start, since agents of one task share the
 * slug and differ only in the suffix.
 */
export function BranchName(props: { branch: string; testId?: string }) {
  const slash = props.branch.indexOf('/');
  const prefix = slash >= 0 ? props.branch.slice(0, slash + 1) : '';
  const rest = props.branch.slice(prefix.length);
  return (
    <span className="branch mono" data-testid={props.testId} title={props.branch}>
      <bdi>
        {prefix && <span className="branch-prefix">{prefix}</span>}
        {rest}
      </bdi>
    </span>
  );
}
