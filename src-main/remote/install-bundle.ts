/**
 * Puts the server bundle on the remote over SFTP, into `~/.flotilla/server/<installId>`: the
 * files go into a fresh directory beside it that is renamed into place only when complete, so an
 * interrupted upload never looks installed. An install that is already there is left alone.
 */
import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import type { Client, SFTPWrapper } from 'ssh2';
import type { ServerBundle } from './server-bundle';
import { execRemote, shellQuote } from './ssh-connect';

export interface RemoteLayout {
  /** The remote's Flotilla data dir (its FLOTILLA_HOME): `<home>/.flotilla`. */
  dataDir: string;
  /** Where installs live: `<dataDir>/server`. */
  serverRoot: string;
}

export function remoteLayout(home: string): RemoteLayout {
  const dataDir = posix.join(home, '.flotilla');
  return { dataDir, serverRoot: posix.join(dataDir, 'server') };
}

export function installDir(layout: RemoteLayout, bundle: ServerBundle): string {
  return posix.join(layout.serverRoot, bundle.installId);
}

export type Installed = { fresh: boolean; dir: string; bytes: number };

export async function installBundle(ssh: Client, layout: RemoteLayout, bundle: ServerBundle, onFile?: (remote: string) => void): Promise<Installed> {
  const dir = installDir(layout, bundle);
  const present = await execRemote(ssh, `test -f ${shellQuote(posix.join(dir, 'package.json'))}`);
  if (present.code === 0) return { fresh: false, dir, bytes: 0 };
  const partial = `${dir}.partial-${randomBytes(4).toString('hex')}`;
  const dirs = [...new Set(bundle.files.map((file) => posix.dirname(posix.join(partial, file.remote))))];
  const made = await execRemote(ssh, `umask 077 && mkdir -p ${dirs.map(shellQuote).join(' ')}`);
  if (made.code !== 0) throw new Error(`Could not create ${partial} on the remote: ${made.stderr.trim()}`);
  const sftp = await openSftp(ssh);
  let bytes = 0;
  try {
    for (const file of bundle.files) {
      onFile?.(file.remote);
      bytes += await put(sftp, file.local, posix.join(partial, file.remote));
    }
  } finally {
    sftp.end();
  }
  // Another client may have finished the same install meanwhile: theirs stays, ours goes.
  const moved = await execRemote(ssh, `if [ -e ${shellQuote(dir)} ]; then rm -rf ${shellQuote(partial)}; else mv ${shellQuote(partial)} ${shellQuote(dir)}; fi`);
  if (moved.code !== 0) throw new Error(`Could not move the server bundle into ${dir}: ${moved.stderr.trim()}`);
  return { fresh: true, dir, bytes };
}

function openSftp(ssh: Client): Promise<SFTPWrapper> {
  return new Promise((resolve, reject) => ssh.sftp((error, sftp) => (error ? reject(error) : resolve(sftp))));
}

function put(sftp: SFTPWrapper, local: string, remote: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let total = 0;
    sftp.fastPut(local, remote, { step: (transferred) => (total = transferred) }, (error) => (error ? reject(new Error(`Uploading ${remote}: ${error.message}`)) : resolve(total)));
  });
}
