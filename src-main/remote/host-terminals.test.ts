import { describe, expect, it } from 'vitest';
import type { TerminalInfo, TerminalPush } from '../../src-shared/protocol/api-terminal';
import { HostTerminalViews } from './host-terminals';

const INFO: TerminalInfo = { terminalId: 't:user-1@box', threadId: 't@box', kind: 'user', title: 'Shell', sandboxed: false, userCommand: false, agentWaiting: false, exited: false };

function viewsWithOne() {
  const views = new HostTerminalViews();
  const delivered: TerminalPush[] = [];
  const first = views.attach('box', 'view-1', 't:user-1', (push) => delivered.push(push));
  views.attached('view-1', INFO);
  return { views, delivered, first };
}

describe('a dashboard connection\'s views on hosts, attached again after a reconnect', () => {
  it('renames the view on the host, holds its pushes until the answer, then sends screen, info and the held stream', () => {
    const { views, delivered, first } = viewsWithOne();
    const other = views.attach('elsewhere', 'view-2', 't:user-9', () => undefined);
    const [again, ...rest] = views.reattachAll('box');
    expect(rest).toEqual([]);
    expect(again).toMatchObject({ attachId: 'view-1', hostTerminalId: 't:user-1' });
    expect(again!.hostAttachId).not.toBe(first);
    expect(views.find('view-1')).toEqual({ host: 'box', hostAttachId: again!.hostAttachId });
    expect(views.find('view-2')).toEqual({ host: 'elsewhere', hostAttachId: other });

    views.receive('box', { type: 'data', attachId: first, data: 'late for the old view' });
    views.receive('box', { type: 'data', attachId: again!.hostAttachId, data: 'early' });
    expect(delivered).toEqual([]);
    views.reattached(again!.hostAttachId, { screen: '$ ', info: INFO });
    views.receive('box', { type: 'data', attachId: again!.hostAttachId, data: 'next' });
    expect(delivered).toEqual([
      { type: 'screen', attachId: 'view-1', screen: '$ ' },
      { type: 'info', attachId: 'view-1', info: INFO },
      { type: 'data', attachId: 'view-1', data: 'early' },
      { type: 'data', attachId: 'view-1', data: 'next' },
    ]);
  });

  it('tells a view whose terminal is gone that it exited, and forgets it', () => {
    const { views, delivered } = viewsWithOne();
    const [again] = views.reattachAll('box');
    views.reattached(again!.hostAttachId, { message: 'No terminal t:user-1.' });
    expect(delivered).toEqual([{ type: 'info', attachId: 'view-1', info: { ...INFO, exited: true } }]);
    expect(views.find('view-1')).toBeNull();
    expect(views.drain()).toEqual([]);
  });

  it('ignores the answer for a view detached while it was being attached again', () => {
    const { views, delivered } = viewsWithOne();
    const [again] = views.reattachAll('box');
    views.forget('view-1');
    views.reattached(again!.hostAttachId, { screen: '$ ', info: INFO });
    expect(delivered).toEqual([]);
  });
});
