/**
 * Helpers for the Codex agent's tests: the real codex binary (or a reason to skip), a data dir
 * outside /tmp for CODEX_HOME (Codex refuses one there), and an in-process Codex agent.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ApprovalMode, WorkerConfig } from '../../../src-shared/protocol/agent';
import { EventLog } from '../../agent/test-support/agent-test-support';
import type { DemoModelServer } from '../../demo/server';
import { resolveCodexBinary } from '../codex-binary';
import { createCodexAgent } from '../codex-agent';
import type { Agent } from '../../agent/agent';

/** Null when the codex binary is there; else why the Codex tests skip. */
export async function codexMissing(): Promise<string | null> {
  const found = await resolveCodexBinary(undefined);
  return found.ok ? null : found.message;
}

export function makeDataDir(): { path: string; dispose(): void } {
  const root = join(homedir(), '.cache', 'flotilla-tests');
  mkdirSync(root, { recursive: true });
  const path = mkdtempSync(join(root, 'codex-'));
  return { path, dispose: () => rmSync(path, { recursive: true, force: true }) };
}

export function codexConfig(options: { server: DemoModelServer; worktreePath: string; dataDir: string; threadId: string; approvalMode?: ApprovalMode }): WorkerConfig {
  return {
    threadId: options.threadId,
    worktreePath: options.worktreePath,
    repoRoot: options.worktreePath,
    model: { api: 'responses', baseUrl: options.server.url, apiKey: 'demo-key', model: 'gpt-5.5', reasoningEffort: null },
    approvalMode: options.approvalMode ?? 'full-auto',
    userInstructions: null,
    agent: 'codex',
    codex: { home: join(options.dataDir, 'codex', options.threadId) },
  };
}

export interface CodexTestAgent {
  agent: Agent;
  log: EventLog;
  /** What the agent's terminal was sent. */
  terminal: string[];
  send(op: unknown): string;
}

let submissions = 0;

export function startCodexAgent(): CodexTestAgent {
  const log = new EventLog();
  const terminal: string[] = [];
  const agent = createCodexAgent({ emit: log.push, emitTerminal: (msg) => void (msg.type === 'output' && terminal.push(msg.data)) });
  return {
    agent,
    log,
    terminal,
    send(op) {
      submissions += 1;
      const id = `codex-sub-${submissions}`;
      agent.handle({ id, op });
      return id;
    },
  };
}

/** Polls a synchronous condition (process states change without any event). */
export async function until(test: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
