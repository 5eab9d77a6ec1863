/**
 * The setup most fleet tests with real workers share: a fresh fixture (repository and data dir)
 * and a demo model server owned by the test, made before each test and gone after it. The
 * server outlives any fleet the test opens, so a restarted fleet meets the same recorded requests.
 */
import { afterEach, beforeEach } from 'vitest';
import type { DemoModelServer } from '../../demo/server';
import type { StartDemoServer } from '../demo-model';
import type { FleetOptions, FleetService } from '../fleet-service';
import { startTestDemoServer, WORKER } from './fleet-control-support';
import { createFleetFixture, type FleetFixture } from './fleet-fixture';

export interface DemoFleet {
  /** This test's repository and data dir. */
  readonly fx: FleetFixture;
  /** This test's demo model server, with every request it was sent. */
  readonly demo: DemoModelServer;
  /** Opens a fleet in demo mode that runs the built worker against `demo`. */
  open(overrides?: Partial<FleetOptions>): Promise<FleetService>;
}

interface Current {
  fx: FleetFixture;
  demo: DemoModelServer;
  start: StartDemoServer;
}

/** Call in a describe block (or at a file's top level): its hooks make and remove the setup around each test. */
export function useDemoFleet(): DemoFleet {
  let current: Current | null = null;
  beforeEach(async () => {
    const fx = await createFleetFixture();
    const { server, start } = await startTestDemoServer();
    current = { fx, demo: server, start };
  });
  afterEach(async () => {
    const done = current;
    current = null;
    if (!done) return;
    try {
      await done.fx.cleanup();
    } finally {
      await done.demo.close();
    }
  });
  const now = (): Current => {
    if (!current) throw new Error('useDemoFleet()\'s fixture exists only while a test runs: use it inside a test or a hook registered after useDemoFleet().');
    return current;
  };
  return {
    get fx() {
      return now().fx;
    },
    get demo() {
      return now().demo;
    },
    open: (overrides = {}) => now().fx.openFleet({ forceDemo: true, workerEntry: WORKER, startDemoServer: now().start, ...overrides }),
  };
}
