/** The thread runtime: one agent's thread — its host, journal, worker, events and summary. Code outside this folder imports it only through this file. */
export * from './event-log';
export * from './restart-interruption';
export * from './sandbox-policy';
export * from './spawn-worker';
export * from './stream-compaction';
export * from './summary-reducer';
export * from './thread-host';
export * from './thread-journal';
export * from './thread-registry';
export * from './worker-setup';
