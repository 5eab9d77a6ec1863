/**
 * The worker's side of the agent's terminal: the shell's raw output goes to the fleet (outside
 * the event stream), what the user types comes back, and the fleet's flow control stops and
 * resumes reading the pty when its consumers fall behind.
 */
import type { AgentOp, WorkerTerminalMsg } from '../../src-shared/protocol/agent';
import type { PtyShell } from '../terminal/pty-shell';

/** The slice of the shell a terminal view needs. */
export type AgentTerminal = Pick<
  PtyShell,
  'onData' | 'scrollback' | 'write' | 'resize' | 'pauseOutput' | 'resumeOutput' | 'sharedState' | 'onSharedState'
>;

export type TerminalOp = Extract<AgentOp, { type: 'terminal_input' | 'terminal_resize' | 'terminal_flow' }>;

export class TerminalBridge {
  private readonly disposers: Array<() => void> = [];
  private lastState = '';

  constructor(
    private readonly terminal: AgentTerminal,
    private readonly emit: (msg: WorkerTerminalMsg) => void,
  ) {
    // What the shell printed before we listened (its first prompt) goes first.
    const before = terminal.scrollback();
    if (before) emit({ type: 'output', data: before });
    this.disposers.push(terminal.onData((data) => emit({ type: 'output', data })));
    this.disposers.push(terminal.onSharedState(() => this.sendState()));
    this.sendState();
  }

  handle(op: TerminalOp): void {
    switch (op.type) {
      case 'terminal_input':
        return this.terminal.write(op.data);
      case 'terminal_resize':
        return this.terminal.resize(op.cols, op.rows);
      case 'terminal_flow':
        return op.paused ? this.terminal.pauseOutput() : this.terminal.resumeOutput();
    }
  }

  dispose(): void {
    for (const dispose of this.disposers.splice(0)) dispose();
  }

  /** Only changes: the shell's state moves at every agent command. */
  private sendState(): void {
    const state = this.terminal.sharedState();
    const key = `${state.userCommand}/${state.agentWaiting}`;
    if (key === this.lastState) return;
    this.lastState = key;
    this.emit({ type: 'state', ...state });
  }
}
