/**
 * Best-of-N: a task's threads side by side. The table gives each candidate's status, model,
 * files, lines, checks (the commands its agent ran), tokens and cost; below it their changes,
 * file by file and hunk by hunk, lined up (compare-diffs.tsx). "Pick this one" merges the winner
 * and discards the rest after a confirm, then says what was kept: the commit on the base branch,
 * the files it brought, and which candidates were discarded (and where their work was kept).
 */
import { useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { ThreadSummary } from '../../src-shared/domain/thread';
import type { ApiError } from '../../src-shared/protocol/api';
import { ErrorMessage } from '../components/error-message';
import { MergeStateBadge } from '../components/merge-controls';
import { StatusBadge } from '../components/thread-meta';
import { checksLabel, checksOf } from '../lib/compare-checks';
import { formatCost, formatUsage } from '../lib/format';
import { pickThread, type Discarded } from '../session/merge-actions';
import { useClient, useTranscriptFeed } from '../session/session-context';
import { useAppStore } from '../stores/app-store';
import { useCandidateDiffs, type CandidateDiff } from '../stores/candidate-diffs';
import { useThreadTabStore } from '../stores/thread-tab-store';
import { useThreadsStore } from '../stores/threads-store';
import { CompareDiffs } from './compare-diffs';
import { Overlay } from './overlay';

type Picked = { winner: string; commit: string; baseBranch: string; discarded: Discarded[] };

export function CompareView(props: { taskId: string; onClose: () => void }) {
  const threads = useThreadsStore(
    useShallow((s) => {
      const task = s.tasks.find((t) => t.taskId === props.taskId);
      return (task?.threadIds ?? []).flatMap((id) => (s.byId[id] ? [s.byId[id]] : []));
    }),
  );
  const client = useClient();
  const [error, setError] = useState<ApiError | null>(null);
  const [picked, setPicked] = useState<Picked | null>(null);
  const [busy, setBusy] = useState(false);
  // Frozen from the pick on: the merged and discarded worktrees no longer hold what was compared.
  const diffs = useCandidateDiffs(threads, busy || picked !== null);

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
    const commit = outcome.report?.merged.find((m) => m.threadId === winner.id)?.commit;
    if (commit) setPicked({ winner: winner.id, commit, baseBranch: outcome.report?.landedOn?.branch ?? winner.baseBranch, discarded: outcome.discarded });
  };
  const prompt = threads[0]?.prompt ?? '';
  return (
    <Overlay title="Compare agents" onClose={props.onClose} testId="compare-view" wide>
      <div className="compare-prompt" title={prompt}>
        {prompt}
      </div>
      {picked && <PickResult picked={picked} threads={threads} diff={diffs[picked.winner]} />}
      {error && <ErrorMessage error={error} />}
      <div className="compare-scroll">
        <table className="compare-table">
          <thead>
            <tr>
              <th />
              {threads.map((t) => (
                <th key={t.id} data-thread-id={t.id} className={columnClass(t, picked)}>
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
            <CompareRow label="Checks" threads={threads} cell={(t) => <ChecksCell threadId={t.id} />} />
            <CompareRow label="Tokens" threads={threads} cell={(t) => <span data-testid="compare-tokens">{formatUsage(t.usage)}</span>} />
            <CompareRow label="Cost" threads={threads} cell={(t) => <span data-testid="compare-cost">{t.costUsd === null ? '—' : formatCost(t.costUsd)}</span>} />
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
                    disabled={busy || picked !== null || t.mergeState !== 'unmerged'}
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
      <h3 className="compare-section-title">Changes side by side</h3>
      <CompareDiffs threads={threads} diffs={diffs} />
    </Overlay>
  );
}

function columnClass(thread: ThreadSummary, picked: Picked | null): string | undefined {
  if (!picked) return undefined;
  return thread.id === picked.winner ? 'compare-kept' : 'compare-discarded';
}

/** After a pick: what landed where, and what happened to the other candidates. */
function PickResult(props: { picked: Picked; threads: readonly ThreadSummary[]; diff: CandidateDiff | undefined }) {
  const { picked, threads, diff } = props;
  const agent = (id: string) => threads.find((t) => t.id === id)?.agentIndex ?? '?';
  const files = diff?.state === 'loaded' ? diff.diff.files : [];
  return (
    <div className="merge-ok compare-result" data-testid="pick-done">
      <div data-testid="pick-kept">
        Kept agent {agent(picked.winner)}: merged into <span className="mono">{picked.baseBranch}</span> as{' '}
        <span className="mono">{picked.commit.slice(0, 10)}</span>
        {files.length > 0 && (
          <>
            {' '}
            ({files.length} file{files.length === 1 ? '' : 's'}:{' '}
            {files.map((f, i) => (
              <span key={f.path}>
                {i > 0 && ', '}
                <span className="mono" data-testid="pick-kept-file">
                  {f.path}
                </span>
              </span>
            ))}
            )
          </>
        )}
      </div>
      {picked.discarded.map((d) => (
        <div key={d.threadId} data-testid="pick-discarded" data-thread-id={d.threadId}>
          Discarded agent {agent(d.threadId)}
          {d.keptRef ? (
            <>
              ; its work is kept under <span className="mono">{d.keptRef}</span>
            </>
          ) : (
            '; it held nothing unmerged'
          )}
        </div>
      ))}
    </div>
  );
}

function ChecksCell(props: { threadId: string }) {
  const feed = useTranscriptFeed(props.threadId);
  const checks = useStore(feed.store, useShallow((s) => checksOf(s.transcript.items)));
  return (
    <span
      data-testid="compare-checks"
      data-failed={checks.failed}
      className={checks.failed ? 'diff-del' : undefined}
      title={checks.lastFailure ? `Last failure: ${checks.lastFailure}` : undefined}
    >
      {checksLabel(checks)}
    </span>
  );
}

function CompareRow(props: { label: string; threads: readonly ThreadSummary[]; cell: (t: ThreadSummary) => ReactNode }) {
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
