/**
 * One fleet per data dir: a second one (in this process, or another process's) refuses to start
 * and names the first; a lock left by a dead process, or by a pid now reused, is taken over.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { servedUrl, startCli, type RunningCli } from '../cli/test-support/cli-process-support';
import { waitFor } from '../server/test-support/ws-test-client';
import { DataDirLockedError, dataDirLockPath } from './data-dir-lock';
import { createFleetFixture, type FleetFixture } from './test-support/fleet-fixture';
import { call } from './test-support/fleet-test-support';

describe('the data dir lock', () => {
  let fx: FleetFixture;
  let serve: RunningCli | null = null;
  beforeEach(async () => {
    fx = await createFleetFixture();
  });
  afterEach(async () => {
    serve?.child.kill('SIGKILL');
    await serve?.exited;
    serve = null;
    await fx.cleanup();
  });

  it('refuses a second fleet in this process until the first is disposed', async () => {
    const first = await fx.openFleet();
    const second = fx.openFleet();
    await expect(second).rejects.toBeInstanceOf(DataDirLockedError);
    await expect(second).rejects.toThrow(`Another Flotilla is already using the data dir ${fx.dataDir} (process ${process.pid}).`);
    expect(await call(first, 'threads.list', {})).toEqual([]);
    await first.dispose();
    const third = await fx.openFleet();
    expect(await call(third, 'threads.list', {})).toEqual([]);
  });

  it('names a running `flotilla serve` (pid and URL, no token), then takes over once it is killed', async () => {
    serve = startCli(['serve', '--port', '0', '--demo'], { FLOTILLA_HOME: fx.dataDir });
    await waitFor(() => servedUrl(serve!) !== null || serve!.child.exitCode !== null, 30_000, 'the URL line');
    const url = servedUrl(serve)!;
    const origin = new URL(url);
    origin.search = '';
    const refused = await fx.openFleet().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DataDirLockedError);
    expect((refused as DataDirLockedError).holder.pid).toBe(serve.child.pid);
    expect((refused as Error).message).toContain(`(process ${serve.child.pid}, serving ${origin.toString()})`);
    expect((refused as Error).message).not.toContain('token=');

    // Killed without a chance to clean up: its lock stays, naming a pid that is gone.
    serve.child.kill('SIGKILL');
    await serve.exited;
    expect(JSON.parse(readFileSync(dataDirLockPath(fx.dataDir), 'utf8'))).toMatchObject({ pid: serve.child.pid });
    const fleet = await fx.openFleet();
    expect(JSON.parse(readFileSync(dataDirLockPath(fx.dataDir), 'utf8'))).toMatchObject({ pid: process.pid });
    await fleet.dispose();
  }, 60_000);

  it('takes over a lock whose pid now belongs to another process', async () => {
    // Our parent is alive, but it is not the process that wrote this lock (its start time differs).
    writeFileSync(dataDirLockPath(fx.dataDir), JSON.stringify({ pid: process.ppid, procStart: '1', lockedAt: 0 }));
    const fleet = await fx.openFleet();
    expect(JSON.parse(readFileSync(dataDirLockPath(fx.dataDir), 'utf8'))).toMatchObject({ pid: process.pid });
    await fleet.dispose();
  });
});
