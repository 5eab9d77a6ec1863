/**
 * A host's terminals on a dashboard of many hosts. Each dashboard connection names its views
 * (attachIds) itself, but all of them reach a host through one client, so on the host a view is
 * `<attachId>#<view number>`; the host's pushes go back to the connection that attached, under
 * its own attachId, with the terminal and thread renamed as events are (`<id>@<host>`). The
 * host's server drops its views when the SSH link drops, so after a reconnect every view on that
 * host is attached again under a new host attachId (a fresh view there: nothing unacknowledged,
 * and late pushes for the old one are ignored); the client gets a `screen` push and the stream
 * goes on under the same attachId.
 */
import type { TerminalInfo, TerminalPush } from '../../src-shared/protocol/api-terminal';
import { labelFromHost } from './host-ids';

/** Attached: pushes flow. Reattaching: the host's answer is awaited, its early pushes are held. */
type ViewState = { state: 'attached' } | { state: 'reattaching'; early: TerminalPush[] };

interface View {
  host: string;
  attachId: string;
  /** The terminal as the host names it, for attaching again. */
  hostTerminalId: string;
  deliver: (push: TerminalPush) => void;
  /** The last info the client got (renamed), so a view whose terminal is gone can say it exited. */
  info: TerminalInfo | null;
  link: ViewState;
}

/** A view to attach again on its host, under `hostAttachId`. */
export interface Reattach {
  attachId: string;
  hostAttachId: string;
  hostTerminalId: string;
}

let nextView = 0;

export class HostTerminalViews {
  /** By the host's attachId. */
  private readonly views = new Map<string, View>();

  /** One host's pushes: those for a view of this connection are delivered, the rest ignored. */
  receive(host: string, push: TerminalPush): void {
    const view = this.views.get(push.attachId);
    if (!view || view.host !== host) return;
    const renamed = { ...(labelFromHost(push, host) as TerminalPush), attachId: view.attachId };
    if (view.link.state === 'reattaching') view.link.early.push(renamed);
    else this.deliver(view, renamed);
  }

  /** The attachId the host knows a new view by. */
  attach(host: string, attachId: string, hostTerminalId: string, deliver: (push: TerminalPush) => void): string {
    this.forget(attachId);
    const hostAttachId = `${attachId}#${++nextView}`;
    this.views.set(hostAttachId, { host, attachId, hostTerminalId, deliver, info: null, link: { state: 'attached' } });
    return hostAttachId;
  }

  /** The host answered the attach; `info` is renamed. */
  attached(attachId: string, info: TerminalInfo): void {
    const found = this.viewOf(attachId);
    if (found) found.view.info = info;
  }

  /** Every view on `host`, renamed on the host and holding its pushes until `reattached`. */
  reattachAll(host: string): Reattach[] {
    const moved: Reattach[] = [];
    for (const [oldId, view] of [...this.views]) {
      if (view.host !== host) continue;
      this.views.delete(oldId);
      const hostAttachId = `${view.attachId}#${++nextView}`;
      view.link = { state: 'reattaching', early: [] };
      this.views.set(hostAttachId, view);
      moved.push({ attachId: view.attachId, hostAttachId, hostTerminalId: view.hostTerminalId });
    }
    return moved;
  }

  /**
   * The host's answer to attaching again (screen and info renamed, or the reason it failed): the
   * client gets the fresh screen, the info, then what the host pushed meanwhile. A view that
   * could not be attached again is told its terminal exited, and forgotten.
   */
  reattached(hostAttachId: string, answer: { screen: string; info: TerminalInfo } | { message: string }): void {
    const view = this.views.get(hostAttachId);
    if (!view || view.link.state !== 'reattaching') return;
    const early = view.link.early;
    view.link = { state: 'attached' };
    if ('message' in answer) {
      this.views.delete(hostAttachId);
      if (view.info) view.deliver({ type: 'info', attachId: view.attachId, info: { ...view.info, exited: true } });
      return;
    }
    view.deliver({ type: 'screen', attachId: view.attachId, screen: answer.screen });
    this.deliver(view, { type: 'info', attachId: view.attachId, info: answer.info });
    for (const push of early) this.deliver(view, push);
  }

  /** The host and its attachId for a view of this connection, or null for a local view. */
  find(attachId: string): { host: string; hostAttachId: string } | null {
    const found = this.viewOf(attachId);
    return found ? { host: found.view.host, hostAttachId: found.hostAttachId } : null;
  }

  forget(attachId: string): void {
    const found = this.viewOf(attachId);
    if (found) this.views.delete(found.hostAttachId);
  }

  /** Every view, for detaching them when the connection closes. */
  drain(): Array<{ host: string; hostAttachId: string }> {
    const all = [...this.views].map(([hostAttachId, view]) => ({ host: view.host, hostAttachId }));
    this.views.clear();
    return all;
  }

  private viewOf(attachId: string): { hostAttachId: string; view: View } | null {
    for (const [hostAttachId, view] of this.views) if (view.attachId === attachId) return { hostAttachId, view };
    return null;
  }

  private deliver(view: View, push: TerminalPush): void {
    if (push.type === 'info') view.info = push.info;
    view.deliver(push);
  }
}
