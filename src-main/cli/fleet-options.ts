/** The fleet the CLI runs in-process: plain Node workers, the data dir, no folder picker. */
import type { FleetOptions } from '../fleet/fleet-service';
import { spawnNodeWorker } from '../fleet/thread';
import type { CliContext } from './context';
import { builtPaths, dataDirFrom, ensureDataDir, readVersion } from './paths';

export interface FleetChoice {
  /** `--demo`; FLOTILLA_DEMO=1 in the environment asks for the same. */
  demo: boolean;
  initialRepo: string | null;
}

export function cliFleetOptions(ctx: CliContext, choice: FleetChoice): FleetOptions {
  const paths = builtPaths(ctx.bundleDir);
  return {
    dataDir: ensureDataDir(dataDirFrom(ctx.env)),
    workerEntry: paths.workerEntry,
    spawnWorker: spawnNodeWorker,
    forceDemo: choice.demo || ctx.env.FLOTILLA_DEMO === '1',
    initialRepo: choice.initialRepo,
    version: readVersion(paths.packageJson),
    pickFolder: null,
  };
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
