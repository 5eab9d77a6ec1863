/**
 * What closing the app does while agents are still running: the question put to the user and the
 * actions each answer leads to. Pure data, no electron, so the rules are tested on their own;
 * close-guard.ts carries them out.
 */
import type { ThreadStatus } from '../../src-shared/domain/thread';

/** A thread in one of these still has a worker that closing the app would stop. */
export const RUNNING_STATUSES: readonly ThreadStatus[] = ['starting', 'working', 'waiting', 'paused'];

export type CloseChoice = 'pause' | 'background' | 'stop' | 'cancel';

/** Button order is the dialog's order; Cancel is both the default and what Escape picks. */
export const CLOSE_CHOICES: readonly { choice: CloseChoice; label: string }[] = [
  { choice: 'pause', label: 'Pause them and quit' },
  { choice: 'background', label: 'Keep running in the background' },
  { choice: 'stop', label: 'Stop them and quit' },
  { choice: 'cancel', label: 'Cancel' },
];

export type CloseAction =
  /** Pause every running thread (it comes back interrupted on the next launch). */
  | { type: 'pauseAll' }
  /** Pause the running threads on remote hosts too (they keep working there otherwise). */
  | { type: 'pauseRemote' }
  /** Interrupt every running thread. */
  | { type: 'interruptAll' }
  /** Close the window but keep the app and the fleet running. */
  | { type: 'closeWindow' }
  /** Quit by itself once every thread has reached a terminal status, and say so. */
  | { type: 'quitWhenIdle' }
  | { type: 'quit' };

export interface ClosePrompt {
  message: string;
  detail: string;
  buttons: string[];
  defaultId: number;
  cancelId: number;
  /** Offered when agents run on remote hosts: whether to pause them as well. */
  checkboxLabel?: string;
  checkboxChecked?: boolean;
}

/** What the user answered: the button's index, and the checkbox when there was one. */
export interface CloseAnswer {
  response: number;
  checkboxChecked: boolean;
}

export function countRunning(threads: readonly { status: ThreadStatus }[]): number {
  return threads.filter((thread) => RUNNING_STATUSES.includes(thread.status)).length;
}

const agents = (count: number) => `${count} ${count === 1 ? 'agent' : 'agents'}`;

/** `running`: this machine's agents, which the answer is about; `remote`: agents on remote hosts, which keep working there. */
export function closePrompt(running: number, remote = 0): ClosePrompt {
  const cancelId = CLOSE_CHOICES.findIndex((c) => c.choice === 'cancel');
  const onHosts = remote === 0 ? '' : ` The ${agents(remote)} on remote hosts keep working there, unless you tick the box to pause them too.`;
  return {
    message: `${agents(running)} ${running === 1 ? 'is' : 'are'} still working.`,
    detail:
      'Paused agents come back interrupted on the next launch and resume with one click. ' +
      'In the background they keep working with no window, and Flotilla quits when they are done. ' +
      'Stopped agents keep what they have written so far.' +
      onHosts,
    buttons: CLOSE_CHOICES.map((c) => c.label),
    defaultId: cancelId,
    cancelId,
    ...(remote === 0 ? {} : { checkboxLabel: `Also pause the ${agents(remote)} on remote hosts`, checkboxChecked: false }),
  };
}

/** The dialog's answer; anything unexpected counts as Cancel, which changes nothing. */
export function choiceFromResponse(response: number): CloseChoice {
  return CLOSE_CHOICES[response]?.choice ?? 'cancel';
}

/**
 * With nothing running, closing quits as it always has, without asking. `pauseRemote`: the box
 * was ticked; it goes with any answer but Cancel.
 */
export function closeActions(running: number, choice: CloseChoice | null, pauseRemote = false): CloseAction[] {
  if (running === 0) return [{ type: 'quit' }];
  const actions = localCloseActions(choice);
  return pauseRemote && actions.length > 0 ? [{ type: 'pauseRemote' }, ...actions] : actions;
}

function localCloseActions(choice: CloseChoice | null): CloseAction[] {
  switch (choice) {
    case 'pause':
      return [{ type: 'pauseAll' }, { type: 'quit' }];
    case 'background':
      return [{ type: 'closeWindow' }, { type: 'quitWhenIdle' }];
    case 'stop':
      return [{ type: 'interruptAll' }, { type: 'quit' }];
    case 'cancel':
    case null:
      return [];
  }
}

export function finishedNotice(count: number): { title: string; body: string } {
  return { title: `Flotilla finished ${agents(count)}`, body: 'Open Flotilla to review their work.' };
}
