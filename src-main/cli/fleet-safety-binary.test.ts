/**
 * The built CLI as a user runs it, against the ways it used to lose or hide things: a second
 * fleet on a data dir in use, a malformed settings.json, a closed stdout.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeRepo, makeTempDir, removeTempDir } from '../git/test-support/temp-repo';
import { waitFor } from '../server/test-support/ws-test-client';
import { servedUrl, startCli, type RunningCli } from './test-support/cli-process-support';

describe('dist/main/cli.cjs keeps one fleet per data dir and fails loudly', () => {
  let base: string;
  let home: string;
  let repo: string;
  const running: RunningCli[] = [];
  beforeEach(() => {
    base = makeTempDir('flotilla-cli-safety-');
    home = join(base, 'home');
    repo = makeRepo(join(base, 'repo'));
  });
  afterEach(async () => {
    for (const run of running.splice(0)) {
      run.child.kill('SIGKILL');
      await run.exited;
    }
    removeTempDir(base);
  });

  async function serve(): Promise<RunningCli> {
    const server = startCli(['serve', '--port', '0', '--demo'], { FLOTILLA_HOME: home });
    running.push(server);
    await waitFor(() => servedUrl(server) !== null || server.child.exitCode !== null, 30_000, 'the URL line');
    expect(servedUrl(server)).not.toBeNull();
    return server;
  }

  it('serve + serve and serve + run: the second refuses, names the first, and exits non-zero', async () => {
    const first = await serve();
    const url = new URL(servedUrl(first)!);
    url.search = '';
    const named = `Another Flotilla is already using the data dir ${home} (process ${first.child.pid}, serving ${url.toString()})`;

    const second = startCli(['serve', '--port', '0', '--demo'], { FLOTILLA_HOME: home });
    running.push(second);
    expect(await second.exited).toBe(1);
    expect(second.stderr()).toContain(named);
    expect(second.stdout()).toBe('');

    const run = startCli(['run', '--repo', repo, '--agents', '1', '--demo', 'Add a note'], { FLOTILLA_HOME: home });
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toContain(named);
    expect(execFileSync('git', ['branch', '--list', 'flotilla/*'], { cwd: repo, encoding: 'utf8' })).toBe('');
  }, 60_000);

  it('run with a malformed settings.json exits non-zero with the file and field, and runs nothing', async () => {
    execFileSync('mkdir', ['-p', home]);
    writeFileSync(join(home, 'settings.json'), JSON.stringify({ providers: [{ label: 'Real', api: 'responses', baseUrl: 'http://127.0.0.1:9/v1' }] }));
    const run = startCli(['run', '--repo', repo, '--agents', '1', 'Real work'], { FLOTILLA_HOME: home });
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toContain(`${join(home, 'settings.json')} has invalid settings: providers.0.model:`);
    expect(run.stdout()).toBe('');
    expect(execFileSync('git', ['branch', '--list', 'flotilla/*'], { cwd: repo, encoding: 'utf8' })).toBe('');
  });

  it('a closed stdout (`| head`) ends the command quietly with status 0', async () => {
    const help = startCli(['--help'], { FLOTILLA_HOME: home });
    help.child.stdout?.destroy();
    expect(await help.exited).toBe(0);
    expect(help.stderr()).toBe('');

    await serve();
    const threads = startCli(['threads'], { FLOTILLA_HOME: home });
    threads.child.stdout?.destroy();
    expect(await threads.exited).toBe(0);
    expect(threads.stderr()).toBe('');
  }, 60_000);
});
