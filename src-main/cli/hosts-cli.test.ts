/**
 * `flotilla hosts` and `--host` against a real sshd on 127.0.0.1 (see
 * src-main/remote/test-support/sshd.ts): the "remote" is this machine with a HOME of its own.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FleetService } from '../fleet/fleet-service';
import { remoteLayout } from '../remote/install-bundle';
import { readRemoteServer, stopRemoteServer } from '../remote/remote-server';
import { connectSsh } from '../remote/ssh-connect';
import { knownHostsFiles } from '../remote/known-hosts';
import { skipRemoteTests, useRemoteSide } from '../remote/test-support/remote-side';
import { runCli, takeHostFlag } from './cli';
import { startCli } from './test-support/cli-process-support';
import { fakeContext, type FakeContext } from './test-support/fake-context';

const root = join(__dirname, '..', '..');

describe.skipIf(skipRemoteTests)('flotilla hosts over a real sshd', { timeout: 300_000 }, () => {
  const side = useRemoteSide(() => stopServer());

  function context(): FakeContext {
    const ctx = fakeContext(join(side.local, 'data'), {} as FleetService);
    return { ...ctx, env: { FLOTILLA_HOME: join(side.local, 'data'), HOME: join(side.local, 'home') }, bundleDir: join(root, 'dist', 'main') };
  }

  async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const ctx = context();
    const code = await runCli(argv, ctx);
    return { code, stdout: ctx.stdout.text(), stderr: ctx.stderr.text() };
  }

  async function stopServer(): Promise<void> {
    // The record itself is gone by now (the test removes it); the server it started is not.
    const record = { name: 'box', host: '127.0.0.1', port: side.sshd.port, user: side.sshd.user, auth: { kind: 'key' as const, path: side.sshd.clientKey }, demo: true };
    const opened = await connectSsh(record, { knownHosts: knownHostsFiles(join(side.local, 'data'), join(side.local, 'home')), env: {} });
    if (!opened.ok) return;
    const server = await readRemoteServer(opened.ssh, process.execPath, remoteLayout(side.remoteHome));
    if (server) await stopRemoteServer(opened.ssh, server.pid);
    opened.ssh.end();
  }

  it('adds a host only once its key is accepted, checks it, and runs commands there with --host', async () => {
    const destination = `${side.sshd.user}@127.0.0.1:${side.sshd.port}`;
    const refused = await cli('hosts', 'add', 'box', destination, '--identity', side.sshd.clientKey, '--demo');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(side.sshd.hostFingerprint);
    expect((await cli('hosts', 'list')).stdout).toContain('No hosts yet');

    const added = await cli('hosts', 'add', 'box', destination, '--identity', side.sshd.clientKey, '--demo', '--accept-host-key', side.sshd.hostFingerprint);
    expect(added).toMatchObject({ code: 0, stderr: '' });
    expect((await cli('hosts', 'list')).stdout).toContain(`box  ${side.sshd.user}@[127.0.0.1]:${side.sshd.port}, key ${side.sshd.clientKey}, demo model`);

    const checked = await cli('hosts', 'check', 'box');
    expect(checked.stderr).toContain('Installed Flotilla');
    expect(checked).toMatchObject({ code: 0 });
    expect(checked.stdout).toContain('Host box is ready');

    const started = await cli('new', '--host', 'box', '--repo', side.repo, '--agents', '2', 'Add a greeting');
    expect(started.code).toBe(0);
    const ids = started.stdout.trim().split('\n');
    expect(ids).toHaveLength(2);
    const listed = await cli('threads', '--json', '--host=box');
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.stdout) as Array<{ id: string }>).map((t) => t.id)).toEqual(expect.arrayContaining(ids));

    const ran = await cli('run', '--host', 'box', '--repo', side.repo, '--agents', '2', 'Add a greeting');
    expect(ran.stderr).not.toContain('Installed Flotilla');
    expect(ran.code).toBe(0);
    expect(ran.stdout.trim().split('\n')).toHaveLength(2);
    expect(ran.stdout).toContain('done');

    // One dashboard: the local server shows the host's threads too, named <id>@box.
    const serve = startCli(['serve', '--with-hosts'], { FLOTILLA_HOME: join(side.local, 'data'), HOME: join(side.local, 'home') });
    try {
      await until(() => serve.stderr().includes('Host box: connected') || serve.child.exitCode !== null, 'the served host to connect');
      const dashboard = await cli('threads', '--json');
      expect(dashboard.code).toBe(0);
      const shown = JSON.parse(dashboard.stdout) as Array<{ id: string; host?: string }>;
      expect(shown.filter((t) => t.host === 'box').map((t) => t.id)).toEqual(expect.arrayContaining(ids.map((id) => `${id}@box`)));
    } finally {
      serve.child.kill('SIGTERM');
      await serve.exited;
    }

    expect((await cli('threads', '--host', 'nowhere')).stderr).toContain('No host named "nowhere"');
    expect((await cli('hosts', 'remove', 'box')).code).toBe(0);
    expect((await cli('hosts', 'list')).stdout).toContain('No hosts yet');
  });
});

describe('takeHostFlag', () => {
  it('takes --host NAME or --host=NAME out of the arguments, and nothing after --', () => {
    expect(takeHostFlag(['--host', 'box', '--json'])).toEqual({ host: 'box', argv: ['--json'] });
    expect(takeHostFlag(['x', '--host=box'])).toEqual({ host: 'box', argv: ['x'] });
    expect(takeHostFlag(['--', '--host', 'box'])).toEqual({ host: undefined, argv: ['--', '--host', 'box'] });
    expect(() => takeHostFlag(['--host'])).toThrow(/needs the name of a host/);
  });
});

async function until(test: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
