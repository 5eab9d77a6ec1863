/**
 * The merge panel for the dashboard's selection: checks the selection (merge.check), shows the
 * conflict matrix with the threads that merge cleanly together pre-selected, runs the train
 * (merge.run) and shows its report; a stopped train offers to hand the conflict to the agent.
 */
import { useEffect, useState } from 'react';
import type { ApiError } from '../../src-shared/protocol/api';
import type { ConflictMatrix, MergeReport, MergeStrategy } from '../../src-shared/protocol/api-review';
import { ErrorMessage } from '../components/error-message';
import { compatibleSet } from '../lib/merge-plan';
import { safeCall } from '../session/safe-call';
import { useClient } from '../session/session-context';
import { ConflictMatrixTable, ThreadLabel } from './merge-matrix';
import { Overlay } from './overlay';

export function MergePanel(props: { threadIds: string[]; onClose: () => void }) {
  const { threadIds } = props;
  const client = useClient();
  const [matrix, setMatrix] = useState<ConflictMatrix | null>(null);
  const [included, setIncluded] = useState<ReadonlySet<string>>(new Set());
  const [strategy, setStrategy] = useState<MergeStrategy>('squash');
  const [report, setReport] = useState<MergeReport | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    void safeCall(client, 'merge.check', { threadIds }).then((result) => {
      if (!live) return;
      if (!result.ok) return setError(result.error);
      setMatrix(result.value);
      setIncluded(new Set(compatibleSet(result.value, threadIds)));
    });
    return () => {
      live = false;
    };
  }, [client, threadIds]);

  const run = async () => {
    setBusy(true);
    const chosen = threadIds.filter((id) => included.has(id));
    const result = await safeCall(client, 'merge.run', { threadIds: chosen, strategy });
    setBusy(false);
    setError(result.ok ? null : result.error);
    if (result.ok) setReport(result.value);
  };
  const toggle = (id: string) => setIncluded((s) => toggled(s, id));
  const count = included.size;
  return (
    <Overlay title={`Merge ${threadIds.length} thread${threadIds.length === 1 ? '' : 's'}${matrix ? ` into ${matrix.baseBranch}` : ''}`} onClose={props.onClose} testId="merge-panel">
      {!matrix && !error && <div className="muted">Checking which branches conflict…</div>}
      {matrix && <ConflictMatrixTable matrix={matrix} threadIds={threadIds} included={included} onToggle={toggle} />}
      {matrix && !report && (
        <div className="merge-actions">
          <label className="field-inline">
            Strategy
            <select className="input select" data-testid="merge-strategy" value={strategy} onChange={(e) => setStrategy(e.target.value as MergeStrategy)}>
              <option value="squash">Squash</option>
              <option value="merge">Merge commit</option>
              <option value="rebase">Rebase</option>
            </select>
          </label>
          <div className="top-spacer" />
          <button type="button" className="button primary" data-testid="merge-run-button" disabled={busy || count === 0} onClick={() => void run()}>
            Merge {count} thread{count === 1 ? '' : 's'}
          </button>
        </div>
      )}
      {report && <MergeReportView report={report} attempted={threadIds.filter((id) => included.has(id))} />}
      {error && <ErrorMessage error={error} />}
    </Overlay>
  );
}

function MergeReportView(props: { report: MergeReport; attempted: string[] }) {
  const { merged, stopped } = props.report;
  const settled = new Set([...merged.map((m) => m.threadId), stopped?.threadId]);
  const waiting = props.attempted.filter((id) => !settled.has(id));
  return (
    <div className="merge-report" data-testid="merge-report">
      {merged.length > 0 && (
        <ul className="merge-merged">
          {merged.map((m) => (
            <li key={m.threadId} data-testid="merged-thread" data-thread-id={m.threadId}>
              <span className="merge-ok">Merged</span> <ThreadLabel threadId={m.threadId} /> <span className="mono muted">{m.commit.slice(0, 10)}</span>
            </li>
          ))}
        </ul>
      )}
      {merged.length === 0 && !stopped && <div className="muted">Nothing to merge.</div>}
      {stopped && <StoppedTrain threadId={stopped.threadId} conflicts={stopped.conflicts} />}
      {stopped && waiting.length > 0 && (
        <div className="muted merge-not-reached" data-testid="merge-not-reached">
          Not merged, the train stopped before them:{' '}
          {waiting.map((id) => (
            <ThreadLabel key={id} threadId={id} short />
          ))}
        </div>
      )}
    </div>
  );
}

function StoppedTrain(props: { threadId: string; conflicts: string[] }) {
  const client = useClient();
  const [state, setState] = useState<'idle' | 'sent' | ApiError>('idle');
  const resolve = async () => {
    const result = await safeCall(client, 'merge.resolve', { threadId: props.threadId });
    setState(result.ok ? 'sent' : result.error);
  };
  return (
    <div className="merge-stopped" data-testid="merge-stopped">
      <div>
        Stopped at <ThreadLabel threadId={props.threadId} />: it conflicts with the base in
      </div>
      <ul className="matrix-conflicts">
        {props.conflicts.map((f) => (
          <li key={f} className="mono">
            {f}
          </li>
        ))}
      </ul>
      {state === 'sent' ? (
        <div className="muted">The agent is resolving the conflict; merge again when it is done.</div>
      ) : (
        <button type="button" className="button" data-testid="merge-resolve-button" onClick={() => void resolve()}>
          Let the agent resolve
        </button>
      )}
      {typeof state === 'object' && <ErrorMessage error={state} />}
    </div>
  );
}

function toggled(set: ReadonlySet<string>, key: string): ReadonlySet<string> {
  const next = new Set(set);
  if (next.has(key)) next.delete(key);
  else next.add(key);
  return next;
}
