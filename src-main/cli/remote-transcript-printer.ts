/**
 * A thread's events as a live, readable transcript for a terminal or a pipe: assistant text as it
 * streams, `$ cmd` with its output, patches, plans, errors and status changes. The items are
 * folded with the shared applyThreadEvent (so the CLI shows what the UI shows); the printer only
 * remembers how much of each item it has written and writes the rest.
 */
import { grantsPhrase } from '../../src-shared/domain/sandbox-text';
import type { ThreadStatus, Usage } from '../../src-shared/domain/thread';
import type { TranscriptItem } from '../../src-shared/protocol/items';
import type { ThreadEvent } from '../../src-shared/protocol/thread-events';
import { applyThreadEvent, emptyTranscript, type Transcript } from '../../src-shared/transcript';
import { formatTokens } from './format';

export class TranscriptPrinter {
  private transcript: Transcript = emptyTranscript();
  /** Characters of each item's streamed text or output already written. */
  private readonly written = new Map<string, number>();
  private readonly headed = new Set<string>();
  private readonly closed = new Set<string>();
  private atLineStart = true;
  private status: ThreadStatus | null = null;

  /** `plain` drops terminal escape sequences from command output (for pipes and files). */
  constructor(
    private readonly write: (text: string) => void,
    private readonly plain = false,
  ) {}

  get lastSeq(): number {
    return this.transcript.lastSeq;
  }

  apply(event: ThreadEvent): void {
    if (event.seq <= this.transcript.lastSeq) return;
    this.transcript = applyThreadEvent(this.transcript, event);
    const msg = event.msg;
    switch (msg.type) {
      case 'item_started':
      case 'item_completed':
        return this.render(msg.item.id, msg.type === 'item_completed');
      case 'item_delta':
        return this.render(msg.itemId, false);
      case 'error':
        return this.line(msg.willRetry ? `! ${msg.message} (retrying)` : `! ${msg.message}`);
      case 'turn_aborted':
        return this.line(`! Turn ${msg.reason}.`);
      case 'approval_requested':
        if (msg.kind === 'unsandboxed') {
          // The reason's first line repeats the command; its second says what was blocked.
          const blocked = msg.reason.split('\n').slice(1).join(' ');
          return this.line(`? The sandbox blocked this command. Run it again outside the sandbox? ${blocked}`.trimEnd());
        }
        return this.line(`? Waiting for approval: ${msg.reason}`);
      case 'sandbox_changed':
        return this.line(`-- sandbox: ${grantsPhrase(msg.grants) ?? 'no network, no credential folders'} (from the next shell)`);
      case 'thread_created':
        this.status = msg.thread.status;
        return this.line(`# ${msg.thread.id}: agent ${msg.thread.agentIndex} on ${msg.thread.branch}: ${msg.thread.prompt}`);
      case 'status_changed':
        // The fleet records every change of activity too; the transcript already shows those.
        if (msg.status === this.status) return;
        this.status = msg.status;
        return this.line(`-- ${msg.status}${msg.error ? `: ${msg.error}` : msg.activity ? `: ${msg.activity}` : ''}`);
      case 'diff_stat':
        return this.line(`-- ${msg.diffStat.files} file${msg.diffStat.files === 1 ? '' : 's'} changed, +${msg.diffStat.additions} -${msg.diffStat.deletions}`);
      default:
        // Lifecycle and bookkeeping events (ready, usage, turn boundaries, message states) add nothing to read.
        return;
    }
  }

  private render(itemId: string, completed: boolean): void {
    const index = this.transcript.indexById[itemId];
    const item = index === undefined ? undefined : this.transcript.items[index];
    if (!item || this.closed.has(itemId)) return;
    switch (item.type) {
      case 'user_message':
        return this.finish(item.id, () => this.line(`> ${item.text}`));
      case 'assistant_message':
        return this.stream(item.id, '', item.text, completed, null);
      case 'reasoning':
        // Reasoning is often empty (summaries off); say nothing until there is something to say.
        if (item.text === '' && !this.headed.has(item.id)) return;
        return this.stream(item.id, '(thinking) ', item.text, completed, null);
      case 'command': {
        const ended = completed || item.status !== 'in_progress';
        const output = this.plain ? visibleText(item.output, ended) : item.output;
        return this.stream(item.id, `$ ${item.command}\n`, output, ended, commandEnd(item));
      }
      case 'patch':
        if (item.status !== 'in_progress') this.finish(item.id, () => patchLines(item).forEach((l) => this.line(l)));
        return;
      case 'plan':
        if (completed) this.finish(item.id, () => planLines(item).forEach((l) => this.line(l)));
        return;
      case 'error':
        return this.finish(item.id, () => this.line(`! ${item.message}`));
      case 'compaction':
        return this.finish(item.id, () => this.line(`-- context compacted; summary:\n${item.text}`));
      case 'turn_usage':
        return this.finish(item.id, () => this.line(`-- turn used ${turnUsageText(item.requests, item.usage)}`));
    }
  }

  /** Header once, then whatever of `body` is new; on completion a closing line and a newline. */
  private stream(id: string, header: string, body: string, completed: boolean, end: string | null): void {
    this.once(id, () => {
      this.newline();
      this.raw(header);
    });
    const from = this.written.get(id) ?? 0;
    if (body.length > from) {
      this.raw(body.slice(from));
      this.written.set(id, body.length);
    }
    if (!completed) return;
    this.closed.add(id);
    this.newline();
    if (end !== null) this.line(end);
  }

  private once(id: string, print: () => void): void {
    if (this.headed.has(id)) return;
    this.headed.add(id);
    print();
  }

  private finish(id: string, print: () => void): void {
    this.closed.add(id);
    this.once(id, print);
  }

  private line(text: string): void {
    this.newline();
    this.raw(`${text}\n`);
  }

  private newline(): void {
    if (!this.atLineStart) this.raw('\n');
  }

  private raw(text: string): void {
    if (text === '') return;
    this.write(text);
    this.atLineStart = text.endsWith('\n');
  }
}

// CSI (colours, cursor moves) and OSC (titles) sequences, as a pty shell writes them.
const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;
/** What may still become an escape sequence or a CRLF when more output arrives. */
const UNFINISHED = /(?:\x1b(?:\[[0-?]*[ -/]*|\][^\x07\x1b]*)?|\r)$/;

/**
 * Output without escape sequences and with CRLF as LF. An unfinished sequence at the end is held
 * back, so what was already printed stays a prefix of what is printed next.
 */
export function visibleText(output: string, final: boolean): string {
  const text = final ? output : output.replace(UNFINISHED, '');
    return text.replace(ESCAPES, '').replace(/\x1b/g, '').replace(/\r\n/g, '\n');
}

type Item<T extends TranscriptItem['type']> = Extract<TranscriptItem, { type: T }>;

function commandEnd(item: Item<'command'>): string {
  const time = item.durationMs === null ? '' : `, ${(item.durationMs / 1000).toFixed(1)}s`;
  if (item.status === 'completed') return `(exit ${item.exitCode ?? '?'}${time})`;
  return `(${item.status}${item.exitCode === null ? '' : `, exit ${item.exitCode}`}${time})`;
}

function patchLines(item: Item<'patch'>): string[] {
  if (item.error !== null) return [`patch ${item.status}: ${item.error}`];
  return item.changes.map((c) => {
    const path = c.movePath ? `${c.path} -> ${c.movePath}` : c.path;
    return `patch: ${c.kind} ${path} (+${c.additions} -${c.deletions})`;
  });
}

function planLines(item: Item<'plan'>): string[] {
  const mark = { pending: '[ ]', in_progress: '[~]', completed: '[x]' } as const;
  const head = item.explanation ? [`plan: ${item.explanation}`] : ['plan:'];
  return [...head, ...item.steps.map((s) => `  ${mark[s.status]} ${s.step}`)];
}

function turnUsageText(requests: number, usage: Usage): string {
  const cached = usage.cachedInputTokens > 0 ? `, ${formatTokens(usage.cachedInputTokens)} cached` : '';
  return `${requests} request${requests === 1 ? '' : 's'}: ${formatTokens(usage.inputTokens)} in${cached}, ${formatTokens(usage.outputTokens)} out`;
}
