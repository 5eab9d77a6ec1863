/**
 * The hub with a real user shell (node-pty) and views that never acknowledge: flow control
 * pauses the shell, and a connection that closes stops holding it back.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TerminalPush } from '../../../src-shared/protocol/api-terminal';
import type { ThreadHost } from '../thread';
import { HIGH_WATERMARK_CHARS, TerminalHub } from './index';

function fakeHost(dir: string): ThreadHost {
  return { id: 't1', summary: { worktreePath: dir, repoPath: dir } } as unknown as ThreadHost;
}

async function until(test: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('terminal hub', () => {
  let dir = '';
  let hub: TerminalHub | null = null;
  afterEach(() => {
    hub?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('pauses for a view that does not keep up, and lets go once its connection closes', async () => {
    dir = mkdtempSync(join(tmpdir(), 'flotilla-hub-'));
    hub = new TerminalHub(() => fakeHost(dir));
    const opened = hub.openUser('t1');
    if (!opened.ok) throw new Error(opened.error.message);
    const terminalId = opened.value.terminalId;
    let received = 0;
    const slow = hub.connect((push: TerminalPush) => {
      if (push.type === 'data') received += push.data.length;
    });
    expect(hub.attach(slow, terminalId, 'slow-view').ok).toBe(true);
    const total = 20 * HIGH_WATERMARK_CHARS;
    hub.input(terminalId, `head -c ${total} /dev/zero | tr '\\0' a; echo; echo 'fl''ood-over'\r`);
    await until(() => hub!.pauses(terminalId) > 0, 'flow control to pause the shell');
    // Paused: the view never acked, so it got about one high watermark, not the whole flood.
    expect(received).toBeLessThan(total / 2);

    hub.disconnect(slow);
    const late = hub.connect(() => undefined);
    await until(() => {
      const attached = hub!.attach(late, terminalId, 'late-view');
      return attached.ok && attached.value.screen.includes('flood-over');
    }, 'the flood to finish once nobody holds it back');
  }, 40_000);
});
