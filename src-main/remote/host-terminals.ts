/**
 * A host's terminals on a dashboard of many hosts. Each dashboard connection names its views
 * (attachIds) itself, but all of them reach a host through one client, so on the host a view is
 * `<attachId>#<view number>`; the host's pushes go back to the connection that attached, under
 * its own attachId, with the terminal and thread renamed as events are (`<id>@<host>`). Views die
 * with their host connection (the host's server detaches them when its socket drops): after a
 * reconnect the Terminal tab is opened again.
 */
import type { TerminalPush } from '../../src-shared/protocol/api-terminal';
import { labelFromHost } from './host-ids';

interface View {
  host: string;
  attachId: string;
  deliver: (push: TerminalPush) => void;
}

let nextView = 0;

export class HostTerminalViews {
  /** By the host's attachId. */
  private readonly views = new Map<string, View>();

  /** One host's pushes: those for a view of this connection are delivered, the rest ignored. */
  receive(host: string, push: TerminalPush): void {
    const view = this.views.get(push.attachId);
    if (!view || view.host !== host) return;
    view.deliver({ ...(labelFromHost(push, host) as TerminalPush), attachId: view.attachId });
  }

  /** The attachId the host knows a new view by. */
  attach(host: string, attachId: string, deliver: (push: TerminalPush) => void): string {
    this.forget(attachId);
    const hostAttachId = `${attachId}#${++nextView}`;
    this.views.set(hostAttachId, { host, attachId, deliver });
    return hostAttachId;
  }

  /** The host and its attachId for a view of this connection, or null for a local view. */
  find(attachId: string): { host: string; hostAttachId: string } | null {
    for (const [hostAttachId, view] of this.views) if (view.attachId === attachId) return { host: view.host, hostAttachId };
    return null;
  }

  forget(attachId: string): void {
    const found = this.find(attachId);
    if (found) this.views.delete(found.hostAttachId);
  }

  /** Every view, for detaching them when the connection closes. */
  drain(): Array<{ host: string; hostAttachId: string }> {
    const all = [...this.views].map(([hostAttachId, view]) => ({ host: view.host, hostAttachId }));
    this.views.clear();
    return all;
  }
}
