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

interface PendingCommand {
  execution: Execution;
  line: string;
  echo: string;
}

export class ShellSession {
  private readonly parser = new MarkerParser();
  private readonly rawListeners = new Set<(data: string) => void>();
  private readonly exitListeners = new Set<() => void>();
  private readonly earlyOutput = new TailBuffer(4096);
  private ready = false;
  private atPrompt = false;
  private userBusy = false;
  private suppressRaw = true;
  private current: Execution | null = null;
  private pending: PendingCommand | null = null;
  private shellGroup: number | null = null;
  private exitedFlag = false;
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
    return this.exitedFlag;
  }

  /** Free for an agent command: not running ours, not running one the user typed. */
  get idle(): boolean {
    return this.ready && !this.exitedFlag && !this.current && !this.userBusy;
  }

  /**
   * Starts `command` in `dir` if the session is idle (claimed synchronously, so two callers can
   * never share a session); null otherwise. The line is typed once the prompt is up.
   */
  execute(command: string, dir: string, onOutput: (chunk: string) => void): Execution | null {
    if (!this.idle) return null;
    const execution = new Execution(onOutput);
    this.current = execution;
    const line = this.dialect.commandLine(command, dir, execution.nonce);
    this.pending = { execution, line, echo: `${command.replace(/\r?\n/g, '\r\n')}\r\n` };
    if (this.atPrompt) this.typePending();
    return execution;
  }

  /** Withdraws a command that has not been typed yet; false once the shell has it. */
  cancel(execution: Execution): boolean {
    if (this.pending?.execution !== execution) return false;
    this.pending = null;
    this.current = null;
    execution.finish(null);
    return true;
  }

  private typePending(): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = null;
    this.atPrompt = false;
    // The terminal view shows the command itself; the framing we type is hidden until it runs.
    this.emitRaw(pending.echo);
    this.suppressRaw = true;
    this.pty.write(pending.line);
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
    if (!this.exitedFlag) this.pty.write(data);
  }

  resize(cols: number, rows: number): void {
    if (!this.exitedFlag) this.pty.resize(cols, rows);
  }

  /** Process group of the command in the foreground, or null when the shell itself is. */
  foregroundGroup(): number | null {
    if (this.exitedFlag) return null;
    const group = terminalForegroundGroup(this.pty.pid);
    return group !== null && group !== this.shellGroup ? group : null;
  }

  get runningAgentCommand(): boolean {
    return !this.exitedFlag && this.current !== null;
  }

  dispose(): void {
    if (this.exitedFlag) return;
    const group = this.foregroundGroup();
    this.exitedFlag = true;
    // SIGHUP is what closing a terminal sends; bash passes it on to its jobs.
    if (group !== null) signalGroup(group, 'SIGHUP');
    try {
      this.pty.kill('SIGHUP');
    } catch {
      // Already gone.
    }
    this.settleOnExit();
  }

  private handleData(data: string): void {
    for (const token of this.parser.push(data)) {
      if (token.type === 'text') this.handleText(token.text);
      else this.handleMarker(token.marker);
    }
  }

  private handleText(text: string): void {
    if (!this.ready) this.earlyOutput.append(text);
    if (this.current?.started) this.current.capture(text);
    if (!this.suppressRaw) this.emitRaw(text);
  }

  private handleMarker(marker: ShellMarker): void {
    const current = this.current;
    switch (marker.kind) {
      case 'prompt-start':
        return;
      case 'prompt-end':
        return this.onPromptShown();
      case 'command-start':
        if (current && marker.nonce === current.nonce) {
          current.start();
          this.suppressRaw = false;
        } else if (!current && this.ready) {
          this.userBusy = true;
          this.atPrompt = false;
        }
        return;
      case 'command-end':
        if (current && marker.nonce === current.nonce) {
          this.current = null;
          this.suppressRaw = false;
          this.atPrompt = false;
          current.finish(marker.exitCode);
        } else if (!current) {
          this.userBusy = false;
          this.atPrompt = false;
        }
        return;
    }
  }

  private onPromptShown(): void {
    if (!this.ready) {
      this.ready = true;
      this.suppressRaw = false;
      this.shellGroup = terminalForegroundGroup(this.pty.pid);
      this.readyWaiter?.(null);
    }
    if (this.current && !this.pending) return;
    this.atPrompt = true;
    this.typePending();
  }

  private emitRaw(data: string): void {
    for (const listener of this.rawListeners) listener(data);
  }

  private handleExit(): void {
    const rest = this.parser.flush();
    if (rest) this.handleText(rest);
    this.exitedFlag = true;
    this.readyWaiter?.('it exited');
    this.settleOnExit();
  }

  private settleOnExit(): void {
    const current = this.current;
    this.current = null;
    this.pending = null;
    current?.finish(null);
    const listeners = [...this.exitListeners];
    this.exitListeners.clear();
    for (const listener of listeners) listener();
  }
}
