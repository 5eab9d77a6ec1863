/**
 * The "remote" side the real-sshd tests share: a Node that satisfies package.json engines for the
 * remote's PATH, a HOME of its own holding a repository, a local dir for the client's data, and
 * an sshd whose sessions see that HOME and PATH, made before the describe block and gone after it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { makeRepo, makeTempDir, removeTempDir } from '../../git/test-support/temp-repo';
import { remoteNodeDir, SSHD, startSshd, type TestSshd } from './sshd';

const root = join(__dirname, '..', '..', '..');
const nodeDir = remoteNodeDir(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).engines.node as string) ?? '';

/** Whether the remote tests run here: outside CI, a machine without sshd or a qualifying Node skips (CI never does). */
export const skipRemoteTests = !(existsSync(SSHD) && nodeDir !== '') && process.env.CI !== 'true';

export interface RemoteSide {
  readonly sshd: TestSshd;
  /** The remote's HOME: the bundle and the remote data dir land here. */
  readonly remoteHome: string;
  /** The client's own dir (its data dir and HOME live under it). */
  readonly local: string;
  /** A repository on the remote side. */
  readonly repo: string;
}

/** Call in a describe block; `stopServer` stops what the tests started on the remote before sshd goes. */
export function useRemoteSide(stopServer: () => Promise<unknown>): RemoteSide {
  let side: { sshd?: TestSshd; remoteHome: string; local: string; repo: string } | null = null;
  beforeAll(async () => {
    const remoteHome = makeTempDir('flotilla-remote-home-');
    side = { remoteHome, local: makeTempDir('flotilla-local-'), repo: makeRepo(join(remoteHome, 'repo')) };
    // The remote's PATH: a Node that satisfies engines first.
    side.sshd = await startSshd({ HOME: remoteHome, PATH: `${nodeDir}:/usr/bin:/bin` });
  });
  afterAll(async () => {
    if (!side) return;
    if (side.sshd) await stopServer().catch(() => undefined);
    await side.sshd?.stop();
    removeTempDir(side.remoteHome);
    removeTempDir(side.local);
  });
  const now = () => {
    if (!side?.sshd) throw new Error('useRemoteSide()\'s remote exists only while the describe block runs.');
    return side as Required<typeof side> & { sshd: TestSshd };
  };
  return {
    get sshd() { return now().sshd; },
    get remoteHome() { return now().remoteHome; },
    get local() { return now().local; },
    get repo() { return now().repo; },
  };
}
