/** A thread's name as people read it ("Add a note · agent 2"), its repository, and the unread mark. */
import type { ThreadSummary } from '../../src-shared/domain/thread';
import { agentLabel, repoLabel, taskTitle } from '../lib/thread-title';
import { KIND_LABELS, type AttentionKind } from '../stores/notify-settings-store';

export function ThreadTitle(props: { summary: Pick<ThreadSummary, 'prompt' | 'agentIndex'>; as?: 'span' | 'h1' }) {
  const Tag = props.as ?? 'span';
  const task = taskTitle(props.summary.prompt);
  return (
    <Tag className="thread-title" data-testid="thread-title" title={props.summary.prompt}>
      <span className="thread-title-task">{task}</span>
      <span className="thread-title-agent"> · {agentLabel(props.summary.agentIndex)}</span>
    </Tag>
  );
}

/** The repository, and the remote host it is on when it is not this machine's. */
export function RepoLabel(props: { repoPath: string; host?: string }) {
  const where = props.host === undefined ? '' : ` on host ${props.host}`;
  return (
    <span className="repo-label" data-testid="thread-repo" data-host={props.host} title={`Repository: ${props.repoPath}${where}`}>
      {props.host === undefined ? repoLabel(props.repoPath) : `${props.host}: ${repoLabel(props.repoPath)}`}
    </span>
  );
}

export function UnreadMarker(props: { kind: AttentionKind }) {
  return <span className="unread-dot" data-testid="unread-marker" data-kind={props.kind} title={`Unread: ${KIND_LABELS[props.kind]}`} aria-label="Unread" />;
}
