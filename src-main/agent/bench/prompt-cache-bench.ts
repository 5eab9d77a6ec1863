/**
 * The prompt-cache benchmark behind `npm run bench`: a scripted multi-step task (commands that
 * read files, patches that edit them) run by the in-process agent with its real tools and pty
 * shell against the demo model, whose usage figures model a provider's prefix cache. Reports how
 * much of the input was cached and how often a request failed to reuse the previous one's prefix.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentEvent, WorkerConfig } from '../../../src-shared/protocol/agent';
import type { DemoScript } from '../../demo/script';
import type { DemoRequestRecord } from '../../demo/server';
import { startDemoModelServer } from '../../demo/server';
import { createAgent } from '../agent';
import { approvalModeNote } from '../approvals';
import { SUMMARIZATION_PROMPT } from '../compaction';
import { createWorktreeEnvironment } from '../environment';

/** Token counts round to whole tokens; a prefix that is reused may count a few short. */
export const PREFIX_TOLERANCE_TOKENS = 4;

export interface CacheFigures {
  requests: number;
  inputTokens: number;
  cachedTokens: number;
  /** cached ÷ input over the whole task. */
  ratio: number;
  /** Requests whose cached tokens fell below the previous request's input (compactions excluded). */
  prefixBreaks: number;
  /** Summary requests of compactions. */
  compactions: number;
}

export function cacheFigures(records: readonly DemoRequestRecord[]): CacheFigures {
  let prefixBreaks = 0;
  let compactions = 0;
  let previous: DemoRequestRecord | null = null;
  for (const record of records) {
    if (isCompactionRequest(record)) {
      compactions += 1;
      previous = null; // the conversation is replaced: the next request starts a new prefix
      continue;
    }
    if (previous !== null && record.cachedTokens < previous.inputTokens - PREFIX_TOLERANCE_TOKENS) prefixBreaks += 1;
    previous = record;
  }
  const inputTokens = records.reduce((sum, r) => sum + r.inputTokens, 0);
  const cachedTokens = records.reduce((sum, r) => sum + r.cachedTokens, 0);
  return { requests: records.length, inputTokens, cachedTokens, ratio: inputTokens === 0 ? 0 : cachedTokens / inputTokens, prefixBreaks, compactions };
}

function isCompactionRequest(record: DemoRequestRecord): boolean {
  // The summarization instruction's opening words, as they appear inside the JSON body.
  return JSON.stringify(record.body).includes(SUMMARIZATION_PROMPT.slice(0, 40));
}

type OutputItem = NonNullable<DemoScript['responses'][number]['output']>[number];

/**
 * A task of `steps` tool calls over `files` small files, alternating reads and edits, made
 * `callsPerAnswer` at a time (parallel tool calls), then an answer.
 */
export function scriptedTask(steps: number, files: number, callsPerAnswer = 1): DemoScript {
  const calls: OutputItem[][] = [];
  for (let i = 0; i < steps; i += 1) {
    const file = `src/module-${i % files}.txt`;
    if (i % 2 === 0) {
      calls.push([{ type: 'message', text: `Reading ${file}.` }, { type: 'function_call', name: 'exec_command', arguments: { cmd: `cat ${file}` } }]);
    } else {
      const input = `*** Begin Patch\n*** Update File: ${file}\n@@\n line 2 of ${file}\n+note ${i}\n*** End Patch`;
      calls.push([{ type: 'custom_tool_call', name: 'apply_patch', input }]);
    }
  }
  const responses: DemoScript['responses'] = [];
  for (let i = 0; i < calls.length; i += callsPerAnswer) responses.push({ output: calls.slice(i, i + callsPerAnswer).flat() });
  responses.push({ output: [{ type: 'message', text: `Done: ${steps} steps.` }] });
  return { name: `cache-bench-${steps}`, responses };
}

function makeRepo(files: number): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'flotilla-cache-bench-')));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  execFileSync('mkdir', ['-p', join(dir, 'src')]);
  for (let f = 0; f < files; f += 1) {
    const name = `src/module-${f}.txt`;
    writeFileSync(join(dir, name), Array.from({ length: 30 }, (_, n) => `line ${n + 1} of ${name}`).join('\n') + '\n');
  }
  git('add', '-A');
  git('-c', 'user.name=Bench', '-c', 'user.email=bench@flotilla.test', 'commit', '-q', '-m', 'init');
  return dir;
}

/** Runs the task to its end and returns the figures of its model requests. */
export interface CacheBenchOptions {
  steps: number;
  files?: number;
  compaction?: WorkerConfig['compaction'];
  /** Tool calls per model answer (parallel_tool_calls); 1 by default. */
  callsPerAnswer?: number;
  /** Switches the thread from full-auto to auto-edit once this many tool outputs exist. */
  modeChangeAfterOutputs?: number;
}

export interface CacheBenchResult extends CacheFigures {
  /** Whether the last request told the model of the approval-mode change (modeChangeAfterOutputs). */
  modeChangeTold: boolean;
}

export async function runCacheBench(options: CacheBenchOptions): Promise<CacheBenchResult> {
  const files = options.files ?? 5;
  const server = await startDemoModelServer();
  const repo = makeRepo(files);
  const threadId = `cache-bench-${process.pid}-${Date.now()}`;
  const config: WorkerConfig = {
    threadId,
    worktreePath: repo,
    repoRoot: repo,
    model: { api: 'responses', baseUrl: server.url, apiKey: 'demo', model: 'flotilla-demo', reasoningEffort: null },
    approvalMode: 'full-auto',
    userInstructions: null,
    ...(options.compaction ? { compaction: options.compaction } : {}),
  };
  server.registerScript(threadId, scriptedTask(options.steps, files, options.callsPerAnswer));
  let settle: { resolve(): void; reject(error: Error): void } = { resolve: () => undefined, reject: () => undefined };
  const ended = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  let outputs = 0;
  let modeChanged = false;
  const onEvent = (event: AgentEvent) => {
    if (event.msg.type === 'history_appended') outputs += event.msg.items.filter((item) => item.type === 'tool_output').length;
    if (!modeChanged && options.modeChangeAfterOutputs !== undefined && outputs >= options.modeChangeAfterOutputs) {
      modeChanged = true;
      agent.handle({ id: 'mode', op: { type: 'set_approval_mode', mode: 'auto-edit' } });
    }
    if (event.msg.type === 'turn_completed') settle.resolve();
    if (event.msg.type === 'turn_aborted') settle.reject(new Error(`The benchmark turn was aborted (${event.msg.reason}).`));
  };
  const agent = createAgent({ emit: onEvent, createEnvironment: createWorktreeEnvironment });
  try {
    agent.handle({ id: 'configure', op: { type: 'configure', config } });
    agent.handle({ id: 'task', op: { type: 'user_input', text: 'Read each module and add a note to it.' } });
    await ended;
    const records = server.requests.filter((r) => r.promptCacheKey === threadId);
    const modeChangeTold = JSON.stringify(records.at(-1)?.body ?? {}).includes(JSON.stringify(approvalModeNote('auto-edit')));
    return { ...cacheFigures(records), modeChangeTold };
  } finally {
    agent.handle({ id: 'shutdown', op: { type: 'shutdown' } });
    await agent.closed;
    await server.close();
    rmSync(repo, { recursive: true, force: true });
  }
}
