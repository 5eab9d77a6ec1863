/**
 * Every terminal of every thread: the agent's (fed by its worker, created when first seen or
 * opened) and the user's own shells. Clients reach them through a connection, whose views are
 * detached when it closes, so a client that went away never holds a pty back.
 */
import { existsSync } from 'node:fs';
import { fail, ok, type Result } from '../../../src-shared/protocol/api';
import type { TerminalInfo, TerminalPush } from '../../../src-shared/protocol/api-terminal';
import type { WorkerTerminalMsg } from '../../../src-shared/protocol/agent';
import type { ThreadHost } from '../thread';
import { TerminalChannel, type TerminalSink, type TerminalSource } from './terminal-channel';
import { spawnUserShell } from './user-shell';

type Empty = Record<string, never>;

/** One client's link to the terminals: its views, named by the ids it chose. */
export interface TerminalConnection {
  readonly id: number;
  readonly sink: TerminalSink;
  /** attachId -> terminalId */
  readonly views: Map<string, string>;
}

export class TerminalHub {
  private readonly channels = new Map<string, TerminalChannel>();
  private nextConnection = 1;
  private nextUserShell = 1;

  constructor(
    private readonly findThread: (threadId: string) => ThreadHost | undefined,
    /** Known secrets (API keys, the server's token) out of what terminals show. */
    private readonly redact: (text: string) => string = (text) => text,
  ) {}

  /** The agent's terminal output or state, from its worker. */
  onAgentMessage(threadId: string, msg: WorkerTerminalMsg): void {
    const channel = this.agentChannel(threadId);
    if (!channel) return;
    if (msg.type === 'output') channel.receive(this.redact(msg.data));
    else channel.update({ userCommand: msg.userCommand, agentWaiting: msg.agentWaiting });
  }

  list(threadId: string): TerminalInfo[] {
    this.agentChannel(threadId);
    return [...this.channels.values()].map((channel) => channel.info).filter((info) => info.threadId === threadId);
  }

  /** The agent's terminal, its worker started (with the full history) when none runs. */
  openAgent(threadId: string): Result<TerminalInfo> {
    const host = this.findThread(threadId);
    const channel = this.agentChannel(threadId);
    if (!host || !channel) return noThread(threadId);
    const gone = worktreeGone(host);
    if (gone) return gone;
    const started = host.terminalOp({ type: 'terminal_resize', ...channel.size }, true);
    return started.ok ? ok(channel.info) : started;
  }

  /** A new shell of the user's in the thread's worktree, outside the sandbox. */
  openUser(threadId: string, command?: string, title?: string): Result<TerminalInfo> {
    const host = this.findThread(threadId);
    if (!host) return noThread(threadId);
    const gone = worktreeGone(host);
    if (gone) return gone;
    const n = this.nextUserShell++;
    const terminalId = `${threadId}:user-${n}`;
    const channel = new TerminalChannel({ ...baseInfo(threadId, terminalId), kind: 'user', title: title ?? `Shell ${n}`, sandboxed: false });
    const { worktreePath, repoPath } = host.summary;
    channel.setSource(
      spawnUserShell({
        cwd: worktreePath,
        ...channel.size,
        env: { FLOTILLA_WORKTREE: worktreePath, FLOTILLA_ROOT: repoPath, FLOTILLA_THREAD: threadId },
        command,
        onData: (data) => channel.receive(this.redact(data)),
        onExit: (code) => {
          channel.receive(`\r\n[exited with code ${code}]\r\n`);
          channel.update({ exited: true });
        },
      }),
    );
    this.channels.set(terminalId, channel);
    return ok(channel.info);
  }

  connect(sink: (push: TerminalPush) => void): TerminalConnection {
    return { id: this.nextConnection++, sink, views: new Map() };
  }

  attach(conn: TerminalConnection, terminalId: string, attachId: string): Result<{ screen: string; info: TerminalInfo }> {
    const channel = this.channels.get(terminalId);
    if (!channel) return noTerminal(terminalId);
    this.detach(conn, attachId);
    conn.views.set(attachId, terminalId);
    return ok(channel.attach(viewKey(conn, attachId), attachId, conn.sink));
  }

  detach(conn: TerminalConnection, attachId: string): void {
    const terminalId = conn.views.get(attachId);
    if (terminalId === undefined) return;
    conn.views.delete(attachId);
    this.channels.get(terminalId)?.detach(viewKey(conn, attachId));
  }

  ack(conn: TerminalConnection, attachId: string, chars: number): void {
    const terminalId = conn.views.get(attachId);
    if (terminalId !== undefined) this.channels.get(terminalId)?.ack(viewKey(conn, attachId), chars);
  }

  /** Typing into the agent's terminal brings its worker back if it had exited. */
  input(terminalId: string, data: string): Result<Empty> {
    const channel = this.channels.get(terminalId);
    if (!channel) return noTerminal(terminalId);
    if (channel.info.kind === 'agent') {
      const host = this.findThread(channel.info.threadId);
      if (!host) return noThread(channel.info.threadId);
      return worktreeGone(host) ?? host.terminalOp({ type: 'terminal_input', data }, true);
    }
    channel.input(data);
    return ok({});
  }

  resize(terminalId: string, cols: number, rows: number): Result<Empty> {
    const channel = this.channels.get(terminalId);
    if (!channel) return noTerminal(terminalId);
    channel.resize(cols, rows);
    return ok({});
  }

  close(terminalId: string): Result<Empty> {
    const channel = this.channels.get(terminalId);
    if (!channel) return noTerminal(terminalId);
    if (channel.info.kind === 'agent') return fail('invalid_request', "The agent's terminal stays open as long as its thread.");
    channel.dispose();
    this.channels.delete(terminalId);
    return ok({});
  }

  /** A connection that closed: its views stop holding the terminals back. */
  disconnect(conn: TerminalConnection): void {
    for (const attachId of [...conn.views.keys()]) this.detach(conn, attachId);
  }

  /** For tests and figures: how often a terminal's source was paused. */
  pauses(terminalId: string): number {
    return this.channels.get(terminalId)?.flow.pauses ?? 0;
  }

  dispose(): void {
    for (const channel of this.channels.values()) channel.dispose();
    this.channels.clear();
  }

  private agentChannel(threadId: string): TerminalChannel | null {
    const terminalId = agentTerminalId(threadId);
    const existing = this.channels.get(terminalId);
    if (existing) return existing;
    const host = this.findThread(threadId);
    if (!host) return null;
    const channel = new TerminalChannel({ ...baseInfo(threadId, terminalId), kind: 'agent', title: 'Agent', sandboxed: true });
    channel.setSource(agentSource(host));
    this.channels.set(terminalId, channel);
    return channel;
  }
}

export function agentTerminalId(threadId: string): string {
  return `${threadId}:agent`;
}

/** The agent's shell lives in its worker: everything goes through the thread's host. */
function agentSource(host: ThreadHost): TerminalSource {
  return {
    input: (data) => void host.terminalOp({ type: 'terminal_input', data }, true),
    resize: (cols, rows) => void host.terminalOp({ type: 'terminal_resize', cols, rows }, false),
    setPaused: (paused) => void host.terminalOp({ type: 'terminal_flow', paused }, false),
    watched: (watched) => host.holdTerminal(watched),
    close: () => undefined,
  };
}

function baseInfo(threadId: string, terminalId: string) {
  return { terminalId, threadId, userCommand: false, agentWaiting: false, exited: false };
}

function viewKey(conn: TerminalConnection, attachId: string): string {
  return `${conn.id}/${attachId}`;
}

/** A shell cannot start in a worktree that was removed (a discarded thread): said, not tried. */
function worktreeGone(host: ThreadHost): Result<never> | null {
  const path = host.summary.worktreePath;
  return existsSync(path) ? null : fail('invalid_state', `The worktree of thread ${host.id} is gone (${path}), so it has no shell to open.`);
}

function noThread(threadId: string): Result<never> {
  return fail('not_found', `No thread ${threadId}. It may belong to another data dir.`);
}

function noTerminal(terminalId: string): Result<never> {
  return fail('not_found', `No terminal ${terminalId}; it may have been closed. List the thread's terminals again.`);
}
