/**
 * One interactive shell in a pty, driven through its shell-integration markers. It knows whether
 * the shell sits at its prompt, runs one command at a time for the agent, captures exactly that
 * command's output (between our start and end markers), and keeps a marker-free raw stream for
 * a terminal view.
 */
import { spawn, type IPty } from 'node-pty';
import { MarkerParser, type ShellMarker } from './osc-markers';
import { signalGroup, terminalForegroundGroup } from './process-group';
import type { ShellDialect } from './shell-dialect';
import { Execution } from './execution';
import { agentExecution, hidesRaw, transition, type ShellEvent, type ShellState, type TypedLine } from './shell-state';
import { TailBuffer } from './text-buffers';

export interface ShellSessionOptions {
  shellPath: string;
  dialect: ShellDialect;
  cwd: string;
  env: Record<string, string>;
  cols: number;
  rows: number;
  wrapper: string[] | null;
  startTimeoutMs?: number;
}

const DEFAULT_START_TIMEOUT_MS = 20_000;

export class ShellSession {
  private readonly parser = new MarkerParser();
  private readonly rawListeners = new Set<(data: string) => void>();
  private readonly exitListeners = new Set<() => void>();
  private readonly stateListeners = new Set<(state: ShellState['kind']) => void>();
  private readonly earlyOutput = new TailBuffer(4096);
  private state: ShellState = { kind: 'starting' };
  private shellGroup: number | null = null;
  private readyWaiter: ((failure: string | null) => void) | null = null;

  private constructor(
    private readonly pty: IPty,
    private readonly dialect: ShellDialect,
  ) {
    pty.onData((data) => this.handleData(data));
    pty.onExit(() => this.handleExit());
  }

  static start(options: ShellSessionOptions): Promise<ShellSession> {
    const file = options.wrapper?.length ? (options.wrapper[0] as string) : options.shellPath;
    const args = options.wrapper?.length
      ? [...options.wrapper.slice(1), options.shellPath, ...options.dialect.args]
      : options.dialect.args;
    const pty = spawn(file, args, {
      name: 'xterm-256color',
      cwd: options.cwd,
      env: options.env,
      cols: options.cols,
      rows: options.rows,
    });
    const session = new ShellSession(pty, options.dialect);
    return session.waitUntilReady(options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS);
  }

  private waitUntilReady(timeoutMs: number): Promise<ShellSession> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => settle(`no prompt after ${timeoutMs} ms`), timeoutMs);
      const settle = (failure: string | null) => {
        clearTimeout(timer);
        this.readyWaiter = null;
        if (failure === null) return resolve(this);
        this.dispose();
        reject(new Error(`The shell did not start (${failure}). It printed: ${JSON.stringify(this.earlyOutput.text())}`));
      };
      this.readyWaiter = settle;
    });
  }

  /** What the shell printed before it was ready: its first prompt, for the terminal view. */
  get startupOutput(): string {
    return this.earlyOutput.text();
  }

  get pid(): number {
    return this.pty.pid;
  }

  get exited(): boolean {
    return this.state.kind === 'exited';
  }

  /** Running a command the user typed in the terminal view (the agent's next command waits). */
  get runningUserCommand(): boolean {
    return this.state.kind === 'user-command';
  }

  /** Hears the kind of every new state. Returns a disposer. */
  onStateChange(listener: (state: ShellState['kind']) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Flow control: stops reading the pty (the program blocks once the kernel's buffer is full). */
  pauseOutput(): void {
    if (!this.exited) this.pty.pause();
  }

  resumeOutput(): void {
    if (!this.exited) this.pty.resume();
  }

  /** Free for an agent command: not running ours, not running one the user typed. */
  get idle(): boolean {
    return this.state.kind === 'idle';
  }

  /**
   * Starts `command` in `dir` if the session is idle (claimed synchronously, so two callers can
   * never share a session); null otherwise. The line is typed once the prompt is up.
   */
  execute(command: string, dir: string, onOutput: (chunk: string) => void): Execution | null {
    if (!this.idle) return null;
    const execution = new Execution(onOutput);
    const line = this.dialect.commandLine(command, dir, execution.nonce);
    this.apply({ type: 'execute', execution, typing: { line, echo: `${command.replace(/\r?\n/g, '\r\n')}\r\n` } });
    return execution;
  }

  /** Withdraws a command that has not been typed yet; false once the shell has it. */
  cancel(execution: Execution): boolean {
    if (this.state.kind !== 'queued' || this.state.execution !== execution) return false;
    this.apply({ type: 'cancel', execution });
    return true;
  }

  onRaw(listener: (data: string) => void): () => void {
    this.rawListeners.add(listener);
    return () => this.rawListeners.delete(listener);
  }

  onExit(listener: () => void): () => void {
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }

  write(data: string): void {
    if (!this.exited) this.pty.write(data);
  }

  resize(cols: number, rows: number): void {
    if (!this.exited) this.pty.resize(cols, rows);
  }

  /** Process group of the command in the foreground, or null when the shell itself is. */
  foregroundGroup(): number | null {
    if (this.exited) return null;
    const group = terminalForegroundGroup(this.pty.pid);
    return group !== null && group !== this.shellGroup ? group : null;
  }

  get runningAgentCommand(): boolean {
    return agentExecution(this.state) !== null;
  }

  dispose(): void {
    if (this.exited) return;
    const group = this.foregroundGroup();
    // SIGHUP is what closing a terminal sends; bash passes it on to its jobs.
    if (group !== null) signalGroup(group, 'SIGHUP');
    try {
      this.pty.kill('SIGHUP');
    } catch {
      // Already gone.
    }
    this.apply({ type: 'exit' });
  }

  /** The one place the state changes, and the effects of each change. */
  private apply(event: ShellEvent): void {
    const before = this.state;
    const after = transition(before, event);
    if (after === before) return;
    this.state = after;
    if (before.kind === 'starting' && after.kind === 'idle') this.becomeReady();
    if (after.kind === 'typed' && before.kind !== 'typed') this.typeLine(after.typing);
    if (after.kind === 'running' && before.kind !== 'running') after.execution.start();
    const held = agentExecution(before);
    if (held && agentExecution(after) !== held) held.finish(event.type === 'command-end' ? event.exitCode : null);
    if (after.kind === 'exited') this.notifyExit();
    if (after.kind !== before.kind) for (const listener of [...this.stateListeners]) listener(after.kind);
  }

  private becomeReady(): void {
    this.shellGroup = terminalForegroundGroup(this.pty.pid);
    this.readyWaiter?.(null);
  }

  private typeLine(typing: TypedLine): void {
    // The terminal view shows the command itself; the framing we type is hidden until it runs.
    this.emitRaw(typing.echo);
    this.pty.write(typing.line);
  }

  private handleData(data: string): void {
    for (const token of this.parser.push(data)) {
      if (token.type === 'text') this.handleText(token.text);
      else this.handleMarker(token.marker);
    }
  }

  private handleText(text: string): void {
    const state = this.state;
    if (state.kind === 'starting') this.earlyOutput.append(text);
    if (state.kind === 'running') state.execution.capture(text);
    if (!hidesRaw(state)) this.emitRaw(text);
  }

  private handleMarker(marker: ShellMarker): void {
    switch (marker.kind) {
      case 'prompt-start':
        return;
      case 'prompt-end':
        return this.apply({ type: 'prompt-shown' });
      case 'command-start':
        return this.apply({ type: 'command-start', nonce: marker.nonce });
      case 'command-end':
        return this.apply({ type: 'command-end', nonce: marker.nonce, exitCode: marker.exitCode });
    }
  }

  private emitRaw(data: string): void {
    for (const listener of this.rawListeners) listener(data);
  }

  private handleExit(): void {
    const rest = this.parser.flush();
    if (rest) this.handleText(rest);
    this.apply({ type: 'exit' });
    this.readyWaiter?.('it exited');
  }

  private notifyExit(): void {
    const listeners = [...this.exitListeners];
    this.exitListeners.clear();
    for (const listener of listeners) listener();
  }
}
