/**
 * The candidates' diffs for Compare: one thread.diff per candidate, fetched when the view opens
 * and again when a candidate's work changes (its diffStat), debounced like the Changes tab. After
 * a pick the candidates' worktrees are merged or gone, so `freeze` keeps what was compared.
 */
import { useEffect, useRef, useState } from 'react';
import type { ApiError } from '../../src-shared/protocol/api';
import type { ThreadDiff } from '../../src-shared/protocol/api-review';
import type { ThreadSummary } from '../../src-shared/domain/thread';
import { safeCall } from '../session/safe-call';
import { useClient } from '../session/session-context';

const RELOAD_DEBOUNCE_MS = 600;

export type CandidateDiff = { state: 'loading' } | { state: 'loaded'; diff: ThreadDiff } | { state: 'error'; error: ApiError };

export function useCandidateDiffs(threads: readonly ThreadSummary[], frozen: boolean): Record<string, CandidateDiff> {
  const client = useClient();
  const [diffs, setDiffs] = useState<Record<string, CandidateDiff>>({});
  const first = useRef(true);
  const key = threads.map((t) => `${t.id}:${t.diffStat?.files}:${t.diffStat?.additions}:${t.diffStat?.deletions}`).join(' ');
  const idsKey = threads.map((t) => t.id).join(' ');

  useEffect(() => {
    if (frozen) return;
    const controller = new AbortController();
    const load = async () => {
      const results = await Promise.all(idsKey.split(' ').filter(Boolean).map((threadId) => safeCall(client, 'thread.diff', { threadId, turn: null })));
      if (controller.signal.aborted) return;
      const next: Record<string, CandidateDiff> = {};
      idsKey.split(' ').filter(Boolean).forEach((id, i) => {
        const result = results[i];
        if (result) next[id] = result.ok ? { state: 'loaded', diff: result.value } : { state: 'error', error: result.error };
      });
      setDiffs(next);
    };
    const timer = setTimeout(() => void load(), first.current ? 0 : RELOAD_DEBOUNCE_MS);
    first.current = false;
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [client, idsKey, key, frozen]);

  return diffs;
}
