/**
 * The state of one shell session as a single value: each state carries only what is true in it,
 * so combinations such as "at its prompt while running our command" cannot be written down.
 * Every change of state goes through `transition`, a pure function; ShellSession performs the
 * effects (typing a line, finishing an execution) that a change implies.
 */
import type { Execution } from './execution';

/** What to type for an agent command, and what the terminal view shows of it. */
export interface TypedLine {
  line: string;
  echo: string;
}

export type ShellState =
  /** Before the first prompt: output is kept for the startup report, not shown in the view. */
  | { kind: 'starting' }
  /** Free for an agent command; `promptShown`: the prompt is up, so a line can be typed now. */
  | { kind: 'idle'; promptShown: boolean }
  /** Running a command the user typed in the terminal view. */
  | { kind: 'user-command' }
  /** An agent command claimed the session and waits for the prompt to be typed. */
  | { kind: 'queued'; execution: Execution; typing: TypedLine }
  /** The line is typed; its framing stays out of the view until the command's start marker. */
  | { kind: 'typed'; execution: Execution; typing: TypedLine }
  /** Between the command's start and end markers: its output is captured. */
  | { kind: 'running'; execution: Execution }
  /** The shell is gone. `rawHidden`: output that still trickles in stays out of the view. */
  | { kind: 'exited'; rawHidden: boolean };

export type ShellEvent =
  | { type: 'prompt-shown' }
  | { type: 'command-start'; nonce: string | null }
  | { type: 'command-end'; nonce: string | null; exitCode: number | null }
  | { type: 'execute'; execution: Execution; typing: TypedLine }
  | { type: 'cancel'; execution: Execution }
  | { type: 'exit' };

const BETWEEN_PROMPTS: ShellState = { kind: 'idle', promptShown: false };

/** The next state; the very same object when the event changes nothing. */
export function transition(state: ShellState, event: ShellEvent): ShellState {
  if (state.kind === 'exited') return state;
  switch (event.type) {
    case 'exit':
      return { kind: 'exited', rawHidden: hidesRaw(state) };
    case 'prompt-shown':
      return onPromptShown(state);
    case 'command-start':
      return onCommandStart(state, event.nonce);
    case 'command-end':
      return onCommandEnd(state, event.nonce);
    case 'execute':
      if (state.kind !== 'idle') return state;
      return state.promptShown
        ? { kind: 'typed', execution: event.execution, typing: event.typing }
        : { kind: 'queued', execution: event.execution, typing: event.typing };
    case 'cancel':
      return state.kind === 'queued' && state.execution === event.execution ? BETWEEN_PROMPTS : state;
  }
}

function onPromptShown(state: ShellState): ShellState {
  switch (state.kind) {
    case 'starting':
      return { kind: 'idle', promptShown: true };
    case 'idle':
      return state.promptShown ? state : { kind: 'idle', promptShown: true };
    case 'queued':
      return { kind: 'typed', execution: state.execution, typing: state.typing };
    default:
      // A prompt drawn while a command runs (ours or the user's) is that command's output.
      return state;
  }
}

/** Our markers carry the command's nonce; any other start marker is a command the user typed. */
function onCommandStart(state: ShellState, nonce: string | null): ShellState {
  switch (state.kind) {
    case 'idle':
      return { kind: 'user-command' };
    case 'typed':
      return nonce === state.execution.nonce ? { kind: 'running', execution: state.execution } : state;
    default:
      return state;
  }
}

function onCommandEnd(state: ShellState, nonce: string | null): ShellState {
  switch (state.kind) {
    case 'idle':
      return state.promptShown ? BETWEEN_PROMPTS : state;
    case 'user-command':
      return BETWEEN_PROMPTS;
    case 'typed':
    case 'running':
      return nonce === state.execution.nonce ? BETWEEN_PROMPTS : state;
    default:
      return state;
  }
}

/** Whether raw output in this state stays out of the terminal view. */
export function hidesRaw(state: ShellState): boolean {
  if (state.kind === 'exited') return state.rawHidden;
  return state.kind === 'starting' || state.kind === 'typed';
}

/** The agent command the session holds in this state, if any. */
export function agentExecution(state: ShellState): Execution | null {
  return state.kind === 'queued' || state.kind === 'typed' || state.kind === 'running' ? state.execution : null;
}
