/**
 * App-wide state that changes rarely: app info, the connection, the open repository, where the
 * user is, and errors to show. Built from slices so each concern stays small; nothing here changes
 * while agents stream, so subscribers of this store never re-render on deltas.
 */
import { create, type StateCreator } from 'zustand';
import type { ApiError, AppInfo } from '../../src-shared/protocol/api';
import type { RepoInfo } from '../../src-shared/domain/thread';

/** `refused`: the server would not let this page in (a wrong token, another version); no retry. */
export type ConnectionState = 'connecting' | 'connected' | 'disconnected' | 'refused';

export type Route = { view: 'dashboard' } | { view: 'thread'; threadId: string };

export interface Notice {
  id: number;
  message: string;
}

interface ConnectionSlice {
  connection: ConnectionState;
  appInfo: AppInfo | null;
  setConnected: (connected: boolean) => void;
  setRefused: () => void;
  setAppInfo: (info: AppInfo) => void;
}

interface RepoSlice {
  repo: RepoInfo | null;
  repoPending: boolean;
  repoError: ApiError | null;
  setRepoPending: () => void;
  setRepoResult: (repo: RepoInfo | null, error: ApiError | null) => void;
}

interface RouteSlice {
  route: Route;
  navigate: (route: Route) => void;
}

interface NoticeSlice {
  notices: Notice[];
  pushNotice: (message: string) => void;
  dismissNotice: (id: number) => void;
}

export type AppState = ConnectionSlice & RepoSlice & RouteSlice & NoticeSlice;
type Slice<T> = StateCreator<AppState, [], [], T>;

const connectionSlice: Slice<ConnectionSlice> = (set) => ({
  connection: 'connecting',
  appInfo: null,
  setConnected: (connected) => set({ connection: connected ? 'connected' : 'disconnected' }),
  setRefused: () => set({ connection: 'refused' }),
  setAppInfo: (appInfo) => set({ appInfo }),
});

const repoSlice: Slice<RepoSlice> = (set) => ({
  repo: null,
  repoPending: false,
  repoError: null,
  setRepoPending: () => set({ repoPending: true, repoError: null }),
  // A failed open keeps the previous repository: the user's work there is still valid.
  setRepoResult: (repo, repoError) => set((s) => ({ repo: repo ?? s.repo, repoError, repoPending: false })),
});

const routeSlice: Slice<RouteSlice> = (set) => ({
  route: { view: 'dashboard' },
  navigate: (route) => set({ route }),
});

const MAX_NOTICES = 4;
let nextNoticeId = 1;

const noticeSlice: Slice<NoticeSlice> = (set) => ({
  notices: [],
  pushNotice: (message) =>
    set((s) => ({ notices: [...s.notices, { id: nextNoticeId++, message }].slice(-MAX_NOTICES) })),
  dismissNotice: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
});

export const useAppStore = create<AppState>()((...a) => ({
  ...connectionSlice(...a),
  ...repoSlice(...a),
  ...routeSlice(...a),
  ...noticeSlice(...a),
}));
