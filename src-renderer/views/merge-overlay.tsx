/** Hosts whichever merge overlay the dashboard opened; closing it also ends selection mode. */
import { useCallback } from 'react';
import { useMergeUiStore } from '../stores/merge-ui-store';
import { useThreadsStore } from '../stores/threads-store';
import { CompareView } from './compare-view';
import { MergePanel } from './merge-panel';

export function MergeOverlayHost() {
  const overlay = useMergeUiStore((s) => s.overlay);
  const close = useCallback(() => {
    const store = useMergeUiStore.getState();
    if (store.overlay.kind === 'merge') store.setSelecting(false);
    store.open({ kind: 'none' });
  }, []);
  if (overlay.kind === 'merge') return <MergePanel threadIds={overlay.threadIds} onClose={close} />;
  if (overlay.kind === 'compare') return <CompareView taskId={overlay.taskId} onClose={close} />;
  return null;
}

/** The dashboard header's selection controls: "Select" to start, then "Merge…" and "Cancel". */
export function MergeSelectionBar() {
  const selecting = useMergeUiStore((s) => s.selecting);
  const count = useMergeUiStore((s) => s.selected.size);
  const setSelecting = useMergeUiStore((s) => s.setSelecting);
  if (!selecting) {
    return (
      <button type="button" className="button" data-testid="select-mode-button" onClick={() => setSelecting(true)}>
        Select…
      </button>
    );
  }
  const openMerge = () => {
    // Dashboard order (task, then agent), which is also the order the train merges in.
    const { selected, open } = useMergeUiStore.getState();
    const ordered = useThreadsStore.getState().tasks.flatMap((t) => t.threadIds).filter((id) => selected.has(id));
    open({ kind: 'merge', threadIds: ordered });
  };
  return (
    <span className="selection-bar">
      <span className="muted">{count} selected</span>
      <button type="button" className="button primary" data-testid="merge-button" disabled={count === 0} onClick={openMerge}>
        Merge…
      </button>
      <button type="button" className="button ghost" onClick={() => setSelecting(false)}>
        Cancel
      </button>
    </span>
  );
}

/** In a task's header: opens the best-of-N comparison of its agents. */
export function CompareButton(props: { taskId: string }) {
  const open = useMergeUiStore((s) => s.open);
  return (
    <button type="button" className="button ghost small" data-testid="compare-button" onClick={() => open({ kind: 'compare', taskId: props.taskId })}>
      Compare
    </button>
  );
}
