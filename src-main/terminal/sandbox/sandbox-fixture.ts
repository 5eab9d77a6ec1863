/**
 * For the sandbox's tests and benchmark: a layout like the fleet's (a real repository with a real
 * linked worktree inside a fake data dir, a fake home holding keys) and the policy the fleet
 * would send for it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CREDENTIAL_PATHS, type CredentialName, type SandboxPolicy } from '../../../src-shared/protocol/sandbox';

export interface FleetLikeFixture {
  root: string;
  home: string;
  repo: string;
  dataDir: string;
  worktree: string;
  /** The worktree's gitdir, `<repo>/.git/worktrees/<name>`. */
  gitdir: string;
  secret: string;
  policy(options?: { network?: boolean; credentials?: CredentialName[] }): SandboxPolicy;
  remove(): void;
}

/**
 * Outside /tmp on purpose: the sandbox's /tmp is private, so a home under /tmp would be invisible
 * whatever the policy said, and "readable when not hidden" could not be told apart.
 */
function fixtureBase(): string {
  return existsSync('/var/tmp') ? '/var/tmp' : tmpdir();
}

export function makeFleetLikeFixture(): FleetLikeFixture {
  const root = realpathSync(mkdtempSync(join(fixtureBase(), 'flotilla-sandbox-')));
  const secret = `secret-${process.pid}-${Date.now()}`;
  const home = join(root, 'home');
  const write = (path: string, text: string) => {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
  };
  write(join(home, '.ssh', 'id_rsa'), `-----BEGIN KEY----- ${secret}\n`);
  write(join(home, '.aws', 'credentials'), `aws_secret_access_key = ${secret}\n`);
  write(join(home, '.netrc'), `machine example.com password ${secret}\n`);
  const repo = join(root, 'repo');
  mkdirSync(repo);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  writeFileSync(join(repo, 'README.md'), '# fixture\n');
  git('add', '-A');
  git('-c', 'user.name=Test', '-c', 'user.email=test@example.com', 'commit', '-q', '-m', 'init');
  const dataDir = join(root, 'data');
  write(join(dataDir, 'server.json'), JSON.stringify({ token: secret }));
  const worktree = join(dataDir, 'worktrees', 'repo', 'thread-1');
  git('worktree', 'add', '-q', '-b', 'flotilla/thread-1', worktree);
  const gitdir = join(repo, '.git', 'worktrees', 'thread-1');
  return {
    root,
    home,
    repo,
    dataDir,
    worktree,
    gitdir,
    secret,
    policy: ({ network = false, credentials = [] } = {}) => ({
      kind: 'bwrap',
      network,
      writableRoots: [worktree],
      readOnlyPaths: [join(worktree, '.git'), gitdir, join(repo, '.git')],
      hiddenPaths: [
        dataDir,
        ...Object.entries(CREDENTIAL_PATHS)
          .filter(([name]) => !credentials.includes(name as CredentialName))
          .map(([, path]) => join(home, path)),
      ],
    }),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
