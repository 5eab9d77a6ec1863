/**
 * The real sandbox, attacked from inside a real PtyShell under a policy like the fleet's. Each
 * attack here succeeded against the unwrapped shell this replaces.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentShellEnv } from '../../agent/shell-env';
import { PtyShell } from '../pty-shell';
import { buildSandboxWrapper } from './sandbox-wrapper';
import { describeWithBwrap, makeFleetLikeFixture, type FleetLikeFixture } from './test-support/sandbox-test-support';
import type { SandboxPolicy } from '../../../src-shared/protocol/sandbox';

const MARKER = `FLOTILLA_TEST_MARKER_${process.pid}`;

/** Where this user's daemons keep their sockets: /run for root, /run/user/<uid> for a user. */
const RUN_DIR = [process.getuid?.() === 0 ? '/run' : `/run/user/${process.getuid?.()}`].find((dir) => {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    console.warn(`Skipping the /run socket test: ${dir} is not writable here.`);
    return false;
  }
});
let fixture: FleetLikeFixture;
const shells: PtyShell[] = [];

async function sandboxedShell(policy: SandboxPolicy): Promise<PtyShell> {
  const wrapper = await buildSandboxWrapper(policy, fixture.worktree);
  const env = { ...agentShellEnv(process.env, { privateTmp: wrapper.tmpDir }), HOME: fixture.home };
  const shell = await PtyShell.start({ cwd: fixture.worktree, env, wrapper: wrapper.argv });
  shells.push(shell);
  return shell;
}

describeWithBwrap('the bwrap sandbox', () => {
  let shell: PtyShell;

  beforeAll(async () => {
    // A secret in this process's environment: the server's /proc/<pid>/environ in miniature.
    process.env[MARKER] = 'leaked-if-you-can-read-this';
    fixture = makeFleetLikeFixture();
    shell = await sandboxedShell(fixture.policy());
  });

  afterAll(() => {
    for (const started of shells) started.dispose();
    delete process.env[MARKER];
    fixture?.remove();
  });

  const run = async (command: string) => shell.run(command, { yieldTimeMs: 30_000 });

  describe('keeps secrets out of reach', () => {
    it('shows no other process, so no environment but its own', async () => {
      const environ = await run(`cat /proc/*/environ | tr '\\0' '\\n'; cat /proc/${process.pid}/environ`);
      expect(environ.output).toContain(`HOME=${fixture.home}`);
      expect(environ.output).not.toContain(MARKER);
      const ps = await run('ps -e -o pid=,comm=');
      const pids = ps.output.trim().split('\n').map((line) => Number(line.trim().split(/\s+/)[0]));
      expect(pids.every((pid) => pid < 100)).toBe(true);
      expect(ps.output).not.toMatch(/\bnode\b/);
      expect((await run(`ls /proc | grep -c '^[0-9]'`)).output.trim()).toMatch(/^[1-9]$/);
    });

    it("sees no other terminal: another agent's pty cannot be read or typed into", async () => {
      const other = await PtyShell.start({ cwd: fixture.worktree, wrapper: null });
      shells.push(other);
      expect(readdirSync('/dev/pts').length).toBeGreaterThan(1);
      expect((await run('ls /dev/pts')).output.trim().split(/\s+/)).toEqual(['ptmx']);
    });

    it("hides the data dir's server.json", async () => {
      const result = await run(`cat ${fixture.dataDir}/server.json`);
      expect(result.exitCode).not.toBe(0);
      expect(result.output).not.toContain(fixture.secret);
      expect(result.output).toContain('No such file');
    });

    it('hides credential folders and files, and shows one the policy allows', async () => {
      for (const path of ['.ssh/id_rsa', '.aws/credentials', '.netrc']) {
        const result = await run(`cat ~/${path}`);
        expect(result.exitCode, path).not.toBe(0);
        expect(result.output).not.toContain(fixture.secret);
      }
      const allowed = await sandboxedShell(fixture.policy({ credentials: ['ssh'] }));
      expect((await allowed.run('cat ~/.ssh/id_rsa')).output).toContain(fixture.secret);
      expect((await allowed.run('cat ~/.netrc')).exitCode).not.toBe(0);
    });
  });

  describe('confines writes', () => {
    it('refuses writes outside the worktree, in the home and in the hidden data dir', async () => {
      for (const path of [join(fixture.root, 'outside'), join(fixture.home, 'new'), join(fixture.repo, 'README.md'), join(fixture.dataDir, 'planted')]) {
        const result = await run(`echo x > ${path}`);
        expect(result.exitCode, path).not.toBe(0);
        expect(result.output).toContain('Read-only file system');
      }
      expect(existsSync(join(fixture.root, 'outside'))).toBe(false);
      expect(readFileSync(join(fixture.repo, 'README.md'), 'utf8')).toBe('# fixture\n');
    });

    it("cannot write, replace, rename or delete the worktree's .git file", async () => {
      const gitFile = join(fixture.worktree, '.git');
      const before = readFileSync(gitFile, 'utf8');
      writeFileSync(join(fixture.worktree, 'decoy'), 'gitdir: /nowhere\n');
      for (const attack of ['echo "gitdir: /tmp/evil" > .git', 'mv -f decoy .git', 'mv .git moved', 'rm -f .git', 'ln -sf /tmp .git']) {
        expect((await run(attack)).exitCode, attack).not.toBe(0);
      }
      expect(readFileSync(gitFile, 'utf8')).toBe(before);
    });

    it('cannot write into its gitdir or the main .git (no fsmonitor, no hooks)', async () => {
      for (const attack of [
        `echo x > ${fixture.gitdir}/HEAD`,
        `touch ${fixture.gitdir}/planted`,
        `echo x > ${fixture.repo}/.git/config`,
        `mkdir -p ${fixture.repo}/.git/hooks && echo x > ${fixture.repo}/.git/hooks/post-checkout`,
        'git config core.fsmonitor "touch /tmp/pwned"',
      ]) {
        expect((await run(attack)).exitCode, attack).not.toBe(0);
      }
      expect(readFileSync(join(fixture.repo, '.git', 'config'), 'utf8')).not.toContain('fsmonitor');
    });

    it('still runs git status, and the worktree stays writable', async () => {
      const status = await run('echo hello > note.txt && cat note.txt && git status --porcelain');
      expect(status).toMatchObject({ exitCode: 0 });
      expect(status.output).toMatch(/^hello\n(.*\n)*\?\? note\.txt\n/);
      expect(readFileSync(join(fixture.worktree, 'note.txt'), 'utf8')).toBe('hello\n');
    });

    it('gives a private, writable /tmp', async () => {
      const hostFile = join('/tmp', `flotilla-host-${process.pid}`);
      writeFileSync(hostFile, 'host');
      try {
        const result = await run(`ls /tmp; echo inside > /tmp/mine && cat /tmp/mine && echo "TMPDIR=$TMPDIR"`);
        expect(result.exitCode).toBe(0);
        expect(result.output).toContain('inside\nTMPDIR=/tmp');
        expect(result.output).not.toContain(`flotilla-host-${process.pid}`);
        expect(existsSync('/tmp/mine')).toBe(false);
      } finally {
        rmSync(hostFile, { force: true });
      }
    });

    it('leaves root inside without capabilities: no remount, no write after trying', async () => {
      const result = await run('grep CapEff /proc/self/status; mount -o remount,rw /; mount -o remount,rw ' + fixture.dataDir + '; umount ' + join(fixture.worktree, '.git') + '; echo x > /planted');
      expect(result.output).toMatch(/CapEff:\s+0+\n/);
      expect(result.output).toContain('Read-only file system');
      expect(existsSync('/planted')).toBe(false);
      expect(existsSync(join(fixture.worktree, '.git'))).toBe(true);
      expect((await run('cat .git')).output).toContain('gitdir:');
    });
  });

  describe('network', () => {
    let server: Server;
    let port: number;
    let connections = 0;

    beforeAll(async () => {
      server = createServer((socket) => {
        connections += 1;
        socket.end('hello from outside\n');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as { port: number }).port;
    });

    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    const connect = () => `exec 3<>/dev/tcp/127.0.0.1/${port} && cat <&3`;

    it('cannot reach a listener on the loopback outside', async () => {
      const result = await run(connect());
      expect(result.exitCode).not.toBe(0);
      expect(result.output).not.toContain('hello from outside');
      expect(connections).toBe(0);
    });

    it.skipIf(!RUN_DIR)("cannot reach a daemon's unix socket in /run, even with the network allowed", async () => {
      const path = `${RUN_DIR}/flotilla-test-${process.pid}.sock`;
      const daemon = createServer((socket) => socket.end('daemon\n'));
      await new Promise<void>((resolve) => daemon.listen(path, resolve));
      try {
        const script = `require('net').connect('${path}').on('data', (d) => { console.log('reached ' + d); process.exit(0); }).on('error', (e) => { console.log(e.code); process.exit(1); })`;
        const probe = `node -e "${script}"`;
        // Outside the sandbox the daemon answers.
        expect(await new Promise((resolve) => execFile(process.execPath, ['-e', script], (_error, stdout) => resolve(stdout)))).toContain('reached daemon');
        for (const contained of [shell, await sandboxedShell(fixture.policy({ network: true }))]) {
          const result = await contained.run(probe);
          expect(result.exitCode).not.toBe(0);
          expect(result.output).toContain('ENOENT');
        }
      } finally {
        await new Promise<void>((resolve) => daemon.close(() => resolve()));
      }
    });

    it('reaches it when the policy allows the network', async () => {
      const networked = await sandboxedShell(fixture.policy({ network: true }));
      const result = await networked.run(connect());
      expect(result).toMatchObject({ exitCode: 0 });
      expect(result.output).toContain('hello from outside');
    });
  });
});
