import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fail } from '../../src-shared/protocol/api';
import { appInfoHandler, createFakeFleet, fakeAppInfo } from '../server/test-support/fake-fleet';
import { apiUrl, connect, waitFor } from '../server/test-support/ws-test-client';
import { runCli } from './cli';
import { fakeContext } from './test-support/fake-context';
import { serverFilePath, type ServerFile } from './server-file';

describe('flotilla (in-process)', () => {
  let home: string;
  beforeEach(() => {
    home = join(mkdtempSync(join(tmpdir(), 'flotilla-cli-')), 'home');
  });
  afterEach(() => rmSync(join(home, '..'), { recursive: true, force: true }));

  it('prints help for the program and for each command', async () => {
    const ctx = fakeContext(home, createFakeFleet());
    expect(await runCli(['--help'], ctx)).toBe(0);
    expect(await runCli(['serve', '--help'], ctx)).toBe(0);
    expect(await runCli(['help', 'run'], ctx)).toBe(0);
    const out = ctx.stdout.text();
    expect(out).toContain('Usage: flotilla <command>');
    expect(out).toContain('Usage: flotilla serve');
    expect(out).toContain('Usage: flotilla run');
    expect(ctx.fleetOptions).toHaveLength(0);
  });

  it('exits 2 with the usage for an unknown command, flag or missing argument', async () => {
    const cases: [string[], RegExp][] = [
      [[], /a command is required/],
      [['bogus'], /unknown command "bogus"/],
      [['serve', '--bogus'], /Unknown option '--bogus'/],
      [['serve', '--port', 'x'], /--port must be a whole number/],
      [['run', 'task'], /--repo DIR is required/],
      [['run', '--repo', '.'], /Say what the agents should do/],
      [['run', '--repo'], /argument missing/],
    ];
    for (const [argv, message] of cases) {
      const ctx = fakeContext(home, createFakeFleet());
      expect(await runCli(argv, ctx)).toBe(2);
      expect(ctx.stderr.text()).toMatch(message);
      expect(ctx.stderr.text()).toContain('Usage: flotilla');
    }
  });

  it('serve: prints the URL, answers over the socket, writes server.json, and stops on SIGTERM', async () => {
    const fleet = createFakeFleet({ 'app.info': appInfoHandler() });
    const ctx = fakeContext(home, fleet);
    const exit = runCli(['serve', '--port', '0', '--demo'], ctx);
    await waitFor(() => ctx.stdout.text().includes('\n'), 20_000, 'the URL line');
    const url = /^Flotilla is listening on (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)\n$/.exec(ctx.stdout.text())?.[1];
    expect(url).toBeDefined();
    expect(statSync(home).mode & 0o777).toBe(0o700);
    const file = JSON.parse(readFileSync(serverFilePath(home), 'utf8')) as ServerFile;
    expect(file).toEqual({ url, token: new URL(url ?? '').searchParams.get('token'), pid: 4242 });
    expect(statSync(serverFilePath(home)).mode & 0o777).toBe(0o600);

    const client = await connect(apiUrl(url ?? ''));
    expect(await client.call('app.info', {})).toEqual({ ok: true, value: fakeAppInfo });
    ctx.raise('SIGTERM');
    expect(await exit).toBe(0);
    expect(fleet.disposed).toBe(true);
    expect(existsSync(serverFilePath(home))).toBe(false);
    expect(ctx.fleetOptions[0]).toMatchObject({ forceDemo: true, initialRepo: null, dataDir: home });
  });

  it('serve: prints the fleet\'s message and exits 2 when --repo cannot be opened', async () => {
    const fleet = createFakeFleet({ 'repo.open': () => fail('not_a_git_repo', '/x is not a git repository.') });
    const ctx = fakeContext(home, fleet);
    expect(await runCli(['serve', '--repo', '/x'], ctx)).toBe(2);
    expect(ctx.stderr.text()).toBe('/x is not a git repository.\n');
    expect(ctx.fleetOptions[0]?.initialRepo).toBe('/x');
    expect(fleet.disposed).toBe(true);
  });
});
