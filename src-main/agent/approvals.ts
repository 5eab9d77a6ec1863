/**
 * A thread's approval policy and its open requests. The modes are the Codex CLI's:
 * - suggest: every command and every edit waits for the user;
 * - auto-edit: edits apply; commands wait unless known to only read (read-only-commands.ts);
 * - full-auto: nothing waits (the sandbox is what contains the agent).
 *
 * approve_for_thread, kept simple on purpose: it stops the asking for the rest of the thread for
 * that kind of action (all commands, or all edits), not for one command or one file. Choosing a
 * mode again (thread.setApprovalMode) starts over: the user has just said how careful to be.
 *
 * One kind is outside every mode: running a command the sandbox blocked once more outside it
 * ('unsandboxed'). It always asks, full auto included, and approve_for_thread counts as one approve:
 * there is no standing "everything outside the sandbox".
 */
import type { ApprovalDecision, ApprovalKind, ApprovalMode } from '../../src-shared/protocol/agent';
import { raceAbort } from './abortable';
import type { ConversationItem } from './providers/provider';
import { isReadOnlyCommand } from './read-only-commands';

export type { ApprovalKind };

/** What the model reads when the user denies a call (Codex says "exec command rejected by user"). */
export const DENIED_OUTPUT: Record<ApprovalKind, string> = {
  command: 'exec command rejected by user: the user denied running this command, so it did not run. Do not retry it as is; continue another way or ask the user.',
  patch: 'patch rejected by user: the user denied this edit, so no file was changed. Do not retry it as is; continue another way or ask the user.',
  unsandboxed:
    'The sandbox blocked this command (the output above) and the user declined to run it outside the sandbox. Do not retry it as is; continue another way within the sandbox (the worktree is writable, the network is off unless the user allows it), or ask the user.',
};

const MODE_MEANING: Record<ApprovalMode, string> = {
  suggest: 'every command and every file edit now waits for the user to approve it',
  'auto-edit': 'file edits now apply without asking; commands that are not known to be read-only wait for the user to approve them',
  'full-auto': 'commands and file edits now run without asking',
};

/**
 * The message that tells the model the mode changed. It is appended to the conversation, never
 * edited into the prefix's environment context: the prefix must stay byte-identical for caching.
 */
export function approvalModeNote(mode: ApprovalMode): string {
  return [
    '<environment_context>',
    `  <approval_mode>${mode}</approval_mode>`,
    '</environment_context>',
    `The user changed the approval mode to ${mode}: ${MODE_MEANING[mode]}.`,
  ].join('\n');
}

const MODES = Object.keys(MODE_MEANING) as ApprovalMode[];

/**
 * The mode the model was last told of: the newest mode note in the conversation, else the mode
 * its environment context states. A worker started after a change the old one never saw (its
 * thread was idle, or Flotilla restarted) tells the model from this.
 */
export function lastToldApprovalMode(history: readonly ConversationItem[], contextMode: ApprovalMode): ApprovalMode {
  for (let i = history.length - 1; i >= 0; i -= 1) {
    const item = history[i];
    const told = item?.type === 'user' ? MODES.find((mode) => item.text === approvalModeNote(mode)) : undefined;
    if (told) return told;
  }
  return contextMode;
}

export class Approvals {
  private current: ApprovalMode;
  private readonly trusted = new Set<ApprovalKind>();
  private readonly pending = new Map<string, (decision: ApprovalDecision) => void>();
  private notes: string[] = [];

  /** `told`: what the model believes the mode is; a difference is told at the next boundary. */
  constructor(mode: ApprovalMode, told: ApprovalMode = mode) {
    this.current = mode;
    if (told !== mode) this.notes.push(approvalModeNote(mode));
  }

  get mode(): ApprovalMode {
    return this.current;
  }

  /** Applies from the next tool call on; the model learns of it through takeNotes(). */
  setMode(mode: ApprovalMode): void {
    this.trusted.clear();
    if (mode === this.current) return;
    this.current = mode;
    this.notes.push(approvalModeNote(mode));
  }

  /** Messages for the conversation, each handed out once, at the loop's next boundary. */
  takeNotes(): string[] {
    return this.notes.splice(0);
  }

  /** `command` is the command line for a command; ignored for a patch. */
  needsApproval(kind: ApprovalKind, command: string): boolean {
    if (kind === 'unsandboxed') return true;
    if (this.current === 'full-auto' || this.trusted.has(kind)) return false;
    if (this.current === 'suggest') return true;
    return kind === 'command' && !isReadOnlyCommand(command);
  }

  /** Waits for the user's decision; rejects with the signal's reason when the turn is aborted. */
  async wait(requestId: string, kind: ApprovalKind, signal: AbortSignal): Promise<ApprovalDecision> {
    const decided = new Promise<ApprovalDecision>((resolve) => this.pending.set(requestId, resolve));
    try {
      const decision = await raceAbort(decided, signal);
      if (decision === 'approve_for_thread' && kind !== 'unsandboxed') this.trusted.add(kind);
      return decision;
    } finally {
      this.pending.delete(requestId);
    }
  }

  /** False when no such request is open (already answered, or its turn ended). */
  decide(requestId: string, decision: ApprovalDecision): boolean {
    const resolve = this.pending.get(requestId);
    if (!resolve) return false;
    this.pending.delete(requestId);
    resolve(decision);
    return true;
  }
}
