/**
 * The remote hosts a dashboard of many hosts shows (`flotilla serve --with-hosts`): each one's
 * connection state, from `hosts.status` on connect and from a batch's `hosts` when one changes.
 * Empty for a dashboard of this machine alone.
 */
import { create } from 'zustand';
import type { HostStatus } from '../../src-shared/protocol/api-hosts';

interface HostsState {
  hosts: HostStatus[];
  setHosts: (hosts: HostStatus[]) => void;
}

export const useHostsStore = create<HostsState>()((set) => ({
  hosts: [],
  setHosts: (hosts) => set({ hosts }),
}));
