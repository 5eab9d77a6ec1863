/**
 * Loads a thread's diff and checkpoints, and reloads them when the thread's summary says its work
 * changed (diffStat or lastSeq), debounced so a streaming turn costs one reload after it settles
 * rather than one per event. No polling: the summary arrives with the fleet's pushed batches.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError } from '../../src-shared/protocol/api';
import type { Checkpoint, ThreadDiff } from '../../src-shared/protocol/api-review';
import { safeCall } from '../session/safe-call';
import { useClient } from '../session/session-context';
import { useThreadSummary } from './selectors';

const RELOAD_DEBOUNCE_MS = 600;

export interface DiffSource {
  diff: ThreadDiff | null;
  checkpoints: Checkpoint[];
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
}

export function useThreadDiff(threadId: string, turn: number | null): DiffSource {
  const client = useClient();
  const summary = useThreadSummary(threadId);
  const [state, setState] = useState<Omit<DiffSource, 'reload'>>({ diff: null, checkpoints: [], error: null, loading: true });
  const [nonce, setNonce] = useState(0);
  const current = useRef<Loaded | null>(null);
  const reload = useCallback(() => setNonce((n) => n + 1), []);

  const stat = summary?.diffStat;
  const changeKey = `${stat?.files}:${stat?.additions}:${stat?.deletions}|${summary?.lastSeq ?? 0}`;

  // The first load, and a turn switch or explicit reload, go at once; change signals are debounced.
  const debounce = useRef(false);
  useEffect(() => {
    debounce.current = false;
  }, [threadId, turn, nonce]);

  useEffect(() => {
    const controller = new AbortController();
    const run = async () => {
      setState((s) => ({ ...s, loading: true }));
      const [diff, checkpoints] = await Promise.all([
        safeCall(client, 'thread.diff', { threadId, turn }),
        safeCall(client, 'thread.checkpoints', { threadId }),
      ]);
      if (controller.signal.aborted) return;
      // Decided here, not inside a state updater: React may run an updater twice.
      const next = diff.ok ? keepIfSame(current.current, diff.value) : null;
      current.current = next;
      setState((s) => ({
        diff: next?.diff ?? null,
        checkpoints: checkpoints.ok ? checkpoints.value : s.checkpoints,
        error: diff.ok ? null : diff.error,
        loading: false,
      }));
    };
    const delay = debounce.current ? RELOAD_DEBOUNCE_MS : 0;
    debounce.current = true;
    const timer = setTimeout(() => void run(), delay);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [client, threadId, turn, nonce, changeKey]);

  return { ...state, reload };
}

type Loaded = { diff: ThreadDiff; json: string };

/** Keeps the current diff object when the reload brought the same content, so nothing re-renders. */
function keepIfSame(current: Loaded | null, diff: ThreadDiff): Loaded {
  const json = JSON.stringify(diff);
  return current && current.json === json ? current : { diff, json };
}
