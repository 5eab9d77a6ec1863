import { createContext, useContext, useEffect, useMemo, type ReactNode } from 'react';
import type { FlotillaClient } from '../../src-shared/protocol/api';
import type { TranscriptFeed } from '../stores/transcript-feed';
import type { Actions } from './actions';
import type { Session } from './session';

interface SessionValue {
  session: Session;
  actions: Actions;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider(props: { session: Session; actions: Actions; children: ReactNode }) {
  const { session, actions } = props;
  const value = useMemo(() => ({ session, actions }), [session, actions]);
  return <SessionContext.Provider value={value}>{props.children}</SessionContext.Provider>;
}

function useSessionValue(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('SessionProvider is missing');
  return value;
}

export function useActions(): Actions {
  return useSessionValue().actions;
}

/** The fleet client, for views that call review and merge commands directly. */
export function useClient(): FlotillaClient {
  return useSessionValue().session.client;
}

/**
 * The thread's transcript feed, kept alive (and caught up) while the calling component is mounted.
 * Creating the feed during render is idempotent, so the first render already has a store.
 */
export function useTranscriptFeed(threadId: string): TranscriptFeed {
  const { session } = useSessionValue();
  const feed = session.registry.ensure(threadId);
  useEffect(() => session.show(threadId), [session, threadId]);
  return feed;
}
