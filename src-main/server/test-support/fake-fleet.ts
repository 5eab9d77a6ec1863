/**
 * A stand-in FleetService for transport tests: answers from a table, records calls, and lets the
 * test push events and watch subscriptions come and go.
 */
import { fail, ok, type ClientEvent, type Result } from '../../../src-shared/protocol/api';
import type { FleetService } from '../../fleet/fleet-service';

export type FakeHandler = (params: unknown) => Result<unknown> | Promise<Result<unknown>>;

export interface FakeFleet extends FleetService {
  readonly calls: { command: string; params: unknown }[];
  listenerCount(): number;
  emit(event: ClientEvent): void;
  disposed: boolean;
}

export function createFakeFleet(handlers: Record<string, FakeHandler> = {}): FakeFleet {
  const listeners = new Set<(event: ClientEvent) => void>();
  const fleet: FakeFleet = {
    calls: [],
    disposed: false,
    appVersion: fakeAppInfo.version,
    async handle(command, params) {
      fleet.calls.push({ command, params });
      const handler = handlers[command];
      return handler ? handler(params) : fail('unknown_command', `Unknown command: ${command}`);
    },
    // The table's results are the test's promise to match the contract.
    call: (command, params) => fleet.handle(command, params) as never,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async dispose() {
      fleet.disposed = true;
    },
    listenerCount: () => listeners.size,
    emit: (event) => {
      for (const listener of [...listeners]) listener(event);
    },
  };
  return fleet;
}

export const fakeAppInfo = {
  version: '0.0.0-test',
  demoMode: true,
  dataDir: '/tmp/flotilla-test',
  maxAgents: 16,
  initialRepo: null,
  providerLabel: 'Demo model',
  canPickFolder: false,
  providers: [],
  sandbox: { kind: 'bwrap' as const, available: true, problem: null, allowUnsandboxed: false },
};

export function appInfoHandler(): FakeHandler {
  return () => ok(fakeAppInfo);
}
