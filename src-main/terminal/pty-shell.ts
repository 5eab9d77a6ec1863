/**
 * The worktree's interactive shell. The agent's commands run in its main pty session, which is
 * also what the user's terminal view shows and types into. A command that outlives its yield
 * time keeps running there under a session id; commands issued meanwhile get a session (pty) of
 * their own, so two commands never share a terminal.
 */
import { resolve } from 'node:path';
import { CommandRecord } from './command-record';
import { resolveShell } from './shell-dialect';
import { ShellSession, type ShellSessionOptions } from './shell-session';
import { stopCommand } from './stop-command';
import {
  DEFAULT_POLL_YIELD_TIME_MS,
  DEFAULT_YIELD_TIME_MS,
  UnknownSessionError,
  type CommandResult,
  type PollOptions,
  type PtyShellOptions,
  type RunOptions,
} from './pty-shell-types';
import { TailBuffer } from './text-buffers';
import { waitWhileUserCommand, type SharedShellState } from './user-command-wait';
import { waitFor } from './wait';

export * from './pty-shell-types';
export type { SharedShellState } from './user-command-wait';

const SCROLLBACK_CHARS = 256 * 1024;

export class PtyShell {
  private readonly extras = new Set<ShellSession>();
  private readonly yielded = new Map<number, CommandRecord>();
  private readonly dataListeners = new Set<(data: string) => void>();
  private readonly stateListeners = new Set<(state: SharedShellState) => void>();
  private readonly scrollbackBuffer = new TailBuffer(SCROLLBACK_CHARS);
  private outputPaused = false;
  private agentsWaiting = 0;
  private mainStarting: Promise<ShellSession> | null = null;
  private nextSessionId = 1;
  private disposed = false;

  private constructor(
    private readonly sessionOptions: ShellSessionOptions,
    private main: ShellSession,
  ) {
    this.adoptMain(main);
  }

  /** Resolves once the shell is ready (its first prompt marker seen). */
  static async start(options: PtyShellOptions): Promise<PtyShell> {
    const env = options.env ?? definedEnv(process.env);
    const shell = resolveShell(env.PATH);
    const sessionOptions: ShellSessionOptions = {
      shellPath: shell.path,
      dialect: shell.dialect,
      cwd: options.cwd,
      env: shell.dialect.environment(env),
      cols: options.cols ?? 120,
      rows: options.rows ?? 30,
      wrapper: options.wrapper ?? null,
    };
    return new PtyShell(sessionOptions, await ShellSession.start(sessionOptions));
  }

  get shellPath(): string {
    return this.sessionOptions.shellPath;
  }

  /** The main shell's pid (it changes if that shell had to be restarted). */
  get pid(): number {
    return this.main.pid;
  }

  get cwd(): string {
    return this.sessionOptions.cwd;
  }

  /** Where a command with this `workdir` runs: relative paths are taken from the shell's cwd. */
  resolveWorkdir(workdir?: string): string {
    return resolve(this.sessionOptions.cwd, workdir || '.');
  }

  /** Run one command; output streams to onOutput as it arrives (markers stripped). */
  async run(command: string, options: RunOptions = {}): Promise<CommandResult> {
    const record = new CommandRecord(options);
    const { signal } = options;
    if (signal?.aborted || this.disposed) return this.result(record, false);
    const dir = this.resolveWorkdir(options.workdir);
    const started = await this.startCommand(command, dir, record, signal);
    if (!started) return this.result(record, false);
    const outcome = await waitFor(record.execution.done, options.yieldTimeMs ?? DEFAULT_YIELD_TIME_MS, signal);
    if (outcome === 'timeout') return this.yieldCommand(record);
    if (outcome === 'aborted') await this.abortCommand(record);
    this.release(record.session);
    return this.result(record, false);
  }

  /** Writes `chars` to a yielded command's stdin and returns its output since the last read. */
  async pollSession(sessionId: number, options: PollOptions = {}): Promise<CommandResult> {
    const record = this.yielded.get(sessionId);
    if (!record) throw new UnknownSessionError(sessionId);
    const startedAt = Date.now();
    if (options.chars && !record.finished) record.session.write(options.chars);
    if (!record.finished) {
      await waitFor(record.execution.done, options.yieldTimeMs ?? DEFAULT_POLL_YIELD_TIME_MS, options.signal);
    }
    const taken = record.take();
    const running = !record.finished;
    if (!running) this.yielded.delete(sessionId);
    const exitCode = record.exitCode;
    return { exitCode, ...taken, durationMs: Date.now() - startedAt, running, sessionId: running ? sessionId : null };
  }

  /** Stops a yielded command as an abort would (Ctrl-C, then SIGKILL); false when it already ended. */
  async stopSession(sessionId: number): Promise<boolean> {
    const record = this.yielded.get(sessionId);
    if (!record || record.finished) return false;
    await this.abortCommand(record);
    return true;
  }

  /** Raw terminal data (what a terminal view shows, markers stripped). Returns a disposer. */
  onData(listener: (data: string) => void): () => void {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }

  /** The last 256 KiB of raw terminal data, for a view that attaches late. */
  scrollback(): string {
    return this.scrollbackBuffer.text();
  }

  /** Flow control for the terminal view: stops reading the main shell's pty until resumed. */
  pauseOutput(): void {
    this.outputPaused = true;
    this.main.pauseOutput();
  }

  resumeOutput(): void {
    this.outputPaused = false;
    this.main.resumeOutput();
  }

  /** Whether the user's command holds the shell and whether the agent waits for it. */
  sharedState(): SharedShellState {
    return { userCommand: this.main.runningUserCommand, agentWaiting: this.agentsWaiting > 0 };
  }

  /** Hears every change of sharedState(). Returns a disposer. */
  onSharedState(listener: (state: SharedShellState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** What the user types into the terminal view. */
  write(data: string): void {
    this.main.write(data);
  }

  resize(cols: number, rows: number): void {
    this.sessionOptions.cols = cols;
    this.sessionOptions.rows = rows;
    this.main.resize(cols, rows);
  }

  /** Process group id of the running foreground command, for pause (SIGSTOP) / resume (SIGCONT) later. */
  runningProcessGroups(): number[] {
    const groups: number[] = [];
    for (const session of [this.main, ...this.extras]) {
      const group = session.runningAgentCommand ? session.foregroundGroup() : null;
      if (group !== null) groups.push(group);
    }
    return groups;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.main.dispose();
    for (const session of this.extras) session.dispose();
    this.extras.clear();
    this.yielded.clear();
    this.dataListeners.clear();
  }

  /** Claims a session and types the command there; false when aborted or disposed meanwhile. */
  private async startCommand(command: string, dir: string, record: CommandRecord, signal?: AbortSignal) {
    let main = await this.liveMain();
    while (main.runningUserCommand && !signal?.aborted && !this.disposed) main = await this.waitForUser(main, signal);
    if (signal?.aborted || this.disposed) return false;
    const inMain = main.execute(command, dir, record.append);
    if (inMain) {
      record.attach(main, inMain);
      return true;
    }
    const extra = await this.startExtra();
    if (!extra || signal?.aborted || this.disposed) {
      if (extra) this.release(extra);
      return false;
    }
    const execution = extra.execute(command, dir, record.append);
    if (!execution) throw new Error('a fresh shell session was not idle');
    record.attach(extra, execution);
    return true;
  }

  /** The user's command holds the main shell: the agent's command waits for it, then takes the shell. */
  private async waitForUser(main: ShellSession, signal?: AbortSignal): Promise<ShellSession> {
    this.agentsWaiting += 1;
    this.emitState();
    try {
      await waitWhileUserCommand(main, signal);
    } finally {
      this.agentsWaiting -= 1;
      this.emitState();
    }
    return this.liveMain();
  }

  private emitState(): void {
    const state = this.sharedState();
    for (const listener of [...this.stateListeners]) listener(state);
  }

  private yieldCommand(record: CommandRecord): CommandResult {
    const sessionId = this.nextSessionId++;
    record.sessionId = sessionId;
    this.yielded.set(sessionId, record);
    void record.execution.done.then(() => this.release(record.session));
    return this.result(record, true);
  }

  private async abortCommand(record: CommandRecord): Promise<void> {
    const stopped = await stopCommand(record.session, record.execution);
    // A shell that ignores Ctrl-C and outlives SIGKILL of its job is replaced, not reused.
    if (!stopped) record.session.dispose();
  }

  private result(record: CommandRecord, running: boolean): CommandResult {
    return {
      exitCode: running ? null : record.exitCode,
      ...record.take(),
      durationMs: Date.now() - record.startedAt,
      running,
      sessionId: running ? record.sessionId : null,
    };
  }

  /** Extra sessions live as long as their command; the main one stays. */
  private release(session: ShellSession): void {
    if (!this.extras.delete(session)) return;
    session.dispose();
  }

  private async startExtra(): Promise<ShellSession | null> {
    if (this.disposed) return null;
    const session = await ShellSession.start(this.sessionOptions);
    this.extras.add(session);
    if (this.disposed) this.release(session);
    return this.disposed ? null : session;
  }

  /** The main session, restarted if it went away (the user typed `exit`, or it was wedged). */
  private liveMain(): Promise<ShellSession> {
    if (!this.main.exited || this.disposed) return Promise.resolve(this.main);
    this.mainStarting ??= ShellSession.start(this.sessionOptions).then(
      (session) => {
        this.mainStarting = null;
        if (this.disposed) session.dispose();
        else this.adoptMain(session);
        return session;
      },
      (error: unknown) => {
        this.mainStarting = null;
        throw error;
      },
    );
    return this.mainStarting;
  }

  private adoptMain(session: ShellSession): void {
    if (session !== this.main) this.emitData('\r\n[shell restarted]\r\n');
    this.main = session;
    if (this.outputPaused) session.pauseOutput();
    this.emitData(session.startupOutput);
    session.onRaw((data) => this.emitData(data));
    session.onStateChange(() => this.emitState());
    // The terminal view should always have a shell; a restart that fails is retried by the next run.
    session.onExit(() => {
      if (!this.disposed && this.main === session) this.liveMain().catch(() => undefined);
    });
  }

  private emitData(data: string): void {
    if (!data) return;
    this.scrollbackBuffer.append(data);
    for (const listener of this.dataListeners) listener(data);
  }
}

function definedEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const defined: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined) defined[name] = value;
  return defined;
}
