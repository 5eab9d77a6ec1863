/**
 * Best-of-N: a task's threads side by side (status, files, lines, tokens, cost), a way into each
 * one's diff, and "Pick this one", which merges the winner and discards the rest after a confirm.
 */
import { useState, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ThreadSummary } from '../../src-shared/domain/thread';
import type { ApiError } from '../../src-shared/protocol/api';
import { ErrorMessage } from '../components/error-message';
import { MergeStateBadge } from '../components/merge-controls';
import { StatusBadge } from '../components/thread-meta';
import { formatCost, formatUsage } from '../lib/format';
import { pickThread } from '../session/merge-actions';
import { useClient } from '../session/session-context';
import { useAppStore } from '../stores/app-store';
import { useThreadTabStore } from '../stores/thread-tab-store';
import { useThreadsStore } from '../stores/threads-store';
import { Overlay } from './overlay';

export function CompareView(props: { taskId: string; onClose: () => void }) {
  const threads = useThreadsStore(
    useShallow((s) => {
      const task = s.tasks.find((t) => t.taskId === props.taskId);
      return (task?.threadIds ?? []).flatMap((id) => (s.byId[id] ? [s.byId[id]] : []));
    }),
  );
  const client = useClient();
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const viewDiff = (id: string) => {
    useThreadTabStore.getState().setTab(id, 'changes');
    useAppStore.getState().navigate({ view: 'thread', threadId: id });
    props.onClose();
  };
  const pick = async (winner: ThreadSummary) => {
    const others = threads.filter((t) => t.id !== winner.id && t.mergeState !== 'discarded').map((t) => t.id);
    const question = `Merge agent ${winner.agentIndex}'s work into ${winner.baseBranch} and discard the other ${others.length}?`;
    if (!window.confirm(question)) return;
    setBusy(true);
    const outcome = await pickThread(client, winner.id, others);
    setBusy(false);
    setError(outcome.ok ? null : outcome.error);
    if (outcome.ok) setDone(winner.id);
  };
  const prompt = threads[0]?.prompt ?? '';
  return (
    <Overlay title="Compare agents" onClose={props.onClose} testId="compare-view" wide>
      <div className="compare-prompt" title={prompt}>
        {prompt}
      </div>
      <div className="compare-scroll">
        <table className="compare-table">
          <thead>
            <tr>
              <th />
              {threads.map((t) => (
                <th key={t.id} data-thread-id={t.id}>
                  <span className="agent-chip">{t.agentIndex}</span> <span className="mono">{t.branch}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <CompareRow label="Status" threads={threads} cell={(t) => <><StatusBadge status={t.status} /> <MergeStateBadge state={t.mergeState} /></>} />
            <CompareRow label="Model" threads={threads} cell={(t) => <span data-testid="compare-provider">{t.providerLabel}</span>} />
            <CompareRow label="Files changed" threads={threads} cell={(t) => t.diffStat?.files ?? 0} />
            <CompareRow label="Lines" threads={threads} cell={(t) => <LineCounts thread={t} />} />
            <CompareRow label="Tokens" threads={threads} cell={(t) => formatUsage(t.usage)} />
            <CompareRow label="Cost" threads={threads} cell={(t) => (t.costUsd === null ? '—' : formatCost(t.costUsd))} />
            <CompareRow
              label=""
              threads={threads}
              cell={(t) => (
                <div className="compare-actions">
                  <button type="button" className="button" data-testid="view-diff-button" onClick={() => viewDiff(t.id)}>
                    View diff
                  </button>
                  <button
                    type="button"
                    className="button primary"
                    data-testid="pick-button"
                    data-thread-id={t.id}
                    disabled={busy || done !== null || t.mergeState !== 'unmerged'}
                    onClick={() => void pick(t)}
                  >
                    Pick this one
                  </button>
                </div>
              )}
            />
          </tbody>
        </table>
      </div>
      {done && <div className="merge-ok" data-testid="pick-done">Merged agent {threads.find((t) => t.id === done)?.agentIndex}; the others were discarded.</div>}
      {error && <ErrorMessage error={error} />}
    </Overlay>
  );
}

function CompareRow(props: { label: string; threads: ThreadSummary[]; cell: (t: ThreadSummary) => ReactNode }) {
  return (
    <tr>
      <th className="compare-label">{props.label}</th>
      {props.threads.map((t) => (
        <td key={t.id}>{props.cell(t)}</td>
      ))}
    </tr>
  );
}

function LineCounts(props: { thread: ThreadSummary }) {
  const stat = props.thread.diffStat;
  return (
    <span className="mono">
      <span className="diff-add">+{stat?.additions ?? 0}</span> <span className="diff-del">−{stat?.deletions ?? 0}</span>
    </span>
  );
}
