/**
 * What the transports (Electron IPC, the headless server's WebSocket, the CLI) see of the fleet:
 * one dispatcher for the client API and one event stream. Nothing else crosses. Transports hand
 * raw messages to `handle`; in-process callers use the typed `call`, whose answers need no
 * re-parsing: they are the fleet's own values.
 */
import type { ClientEvent, CommandName, CommandParams, CommandResult, Result } from '../../src-shared/protocol/api';
import type { TerminalPush } from '../../src-shared/protocol/api-terminal';
import type { FlotillaClient } from '../../src-shared/protocol/wire';
import type { StartDemoServer } from './demo-model';
import type { FleetLogger } from './logger';
import type { SpawnWorker } from './thread';
import type { StreamingOptions } from './thread';
import type { SandboxSupport } from '../terminal/sandbox/detect';

/** The fleet's call and onEvent are the client API's, typed the same, with no wire between. */
export interface FleetService extends Pick<FlotillaClient, 'call' | 'onEvent'> {
  /** For transports: checks the command name, validates `params` against its schema and runs it. Never throws. */
  handle(command: string, params: unknown): Promise<Result<unknown>>;
  /** For in-process callers: the same, typed. Never throws. */
  call<C extends CommandName>(command: C, params: CommandParams<C>): Promise<Result<CommandResult<C>>>;
  /** This Flotilla's version, for the hello a transport sends first. */
  readonly appVersion: string;
  /** Batched per frame. Returns a disposer. */
  onEvent(listener: (event: ClientEvent) => void): () => void;
  /**
   * Terminal streams of views attached through `call`/`handle` (the in-process connection).
   * Returns a disposer. Absent on stand-in fleets without terminals.
   */
  onTerminal?(listener: (push: TerminalPush) => void): () => void;
  /**
   * A transport's connection: the same API, with terminal views of its own, pushed to
   * `onTerminal` and detached when it closes (so a client gone away never holds a pty back).
   */
  connect?(onTerminal: (push: TerminalPush) => void): FleetConnection;
  /** Stops every worker (their threads come back interrupted) and flushes the logs. */
  dispose(): Promise<void>;
}

export interface FleetConnection {
  handle(command: string, params: unknown): Promise<Result<unknown>>;
  call<C extends CommandName>(command: C, params: CommandParams<C>): Promise<Result<CommandResult<C>>>;
  /** Detaches the connection's terminal views. */
  close(): void;
}

export interface FleetOptions {
  /** Flotilla's data dir: settings.json, threads/<id>.jsonl, worktrees/<repo>/<thread>. */
  dataDir: string;
  /** The built worker bundle (dist/main/worker.cjs). */
  workerEntry: string;
  spawnWorker: SpawnWorker;
  /** Force the demo model even when a provider is configured. */
  forceDemo: boolean;
  /** A repository named on the command line, opened for the user at start. */
  initialRepo: string | null;
  version: string;
  /** Native folder picker; only the Electron app has one. */
  pickFolder: (() => Promise<string | null>) | null;
  /** Where the fleet reports problems it cannot return to a client; default: console. */
  logger?: FleetLogger;
  /** Starts the demo model server; default: the bundled one (src-main/demo), in-process. */
  startDemoServer?: StartDemoServer;
  /** Where API keys typed into Settings are kept, encrypted; absent = keys come only from env vars. */
  keyStore?: KeyStore;
  /** What this machine's sandbox offers; default: detectSandbox(). Tests pretend bwrap is missing. */
  detectSandbox?: () => Promise<SandboxSupport>;
  /** The headless server's access token, redacted like a key from everything the fleet logs or sends. */
  serverToken?: string;
  /** A demo script file named on an in-process fleet's command line (`flotilla run --demo-script`), read wherever it is. */
  commandLineDemoScript?: string | null;
  /**
   * How long the worker of a finished thread waits for a follow-up before it exits (a new one
   * starts, with the full history, on the next message); default 60 s.
   */
  idleWorkerGraceMs?: number;
  /**
   * Delta coalescing and compaction of completed items, both on by default. Off is the stream
   * bench's baseline (every delta its own event, kept for ever); no user setting reaches it.
   */
  streaming?: StreamingOptions;
}

/** API keys by provider label. The desktop app's is backed by Electron's safeStorage. */
export interface KeyStore {
  /** False when the host has no encryption: keys are then never stored (no plain-text fallback). */
  readonly canStore: boolean;
  get(label: string): Promise<string | null>;
  /** null removes the key. */
  set(label: string, key: string | null): Promise<void>;
}
