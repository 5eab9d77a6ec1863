/**
 * What each keyboard command does, against the stores and the fleet. The "current thread" is the
 * open one, or on the dashboard the card (or list row) that has focus.
 */
import type { ThreadSummary } from '../../src-shared/domain/thread';
import type { KeyCommand } from '../lib/keymap';
import { canPause } from '../lib/control-rules';
import { stepThread } from '../lib/thread-order';
import { useAppStore } from '../stores/app-store';
import { useAttentionStore } from '../stores/attention-store';
import { useKeyOverlay } from '../stores/overlay-store';
import { currentThreadOrder, useThreadList } from '../stores/thread-list-store';
import { useThreadTabStore } from '../stores/thread-tab-store';
import { useThreadsStore } from '../stores/threads-store';
import type { Actions } from './actions';

export function currentThreadId(): string | null {
  const route = useAppStore.getState().route;
  if (route.view === 'thread') return route.threadId;
  const focused = document.activeElement?.closest('[data-thread-id]');
  return focused?.getAttribute('data-thread-id') ?? null;
}

function currentThread(): ThreadSummary | null {
  const id = currentThreadId();
  return id ? (useThreadsStore.getState().byId[id] ?? null) : null;
}

export function openThread(threadId: string): void {
  useAppStore.getState().navigate({ view: 'thread', threadId });
}

/** Runs a command; false when it does not apply here (so the key is left to the browser). */
export function runKeyCommand(command: KeyCommand, actions: Actions): boolean {
  const report = (what: string) => (error: { message: string } | null) => {
    if (error) useAppStore.getState().pushNotice(`Could not ${what}: ${error.message}`);
  };
  const inThread = useAppStore.getState().route.view === 'thread';
  const thread = currentThread();
  switch (command.type) {
    case 'agent':
      return inThread && thread ? openAgentOfTask(thread, command.number) : openNth(command.number);
    case 'step':
      if (inThread) return !command.vertical && stepTo(thread?.id ?? null, command.delta, openThread);
      return stepTo(thread?.id ?? null, command.delta, focusThread);
    case 'palette':
    case 'help':
      useKeyOverlay.getState().toggle(command.type);
      return true;
    case 'inbox': {
      const attention = useAttentionStore.getState();
      attention.setInboxOpen(!attention.inboxOpen);
      return true;
    }
    case 'toggle-list':
      useThreadList.getState().set({ open: !useThreadList.getState().open });
      return true;
    case 'toggle-pause':
      if (!thread) return false;
      if (thread.status === 'paused') void actions.resume(thread.id).then(report('resume'));
      else if (canPause(thread.status)) void actions.pause(thread.id).then(report('pause'));
      else return false;
      return true;
    case 'approve':
    case 'deny': {
      const pending = thread?.pendingApproval;
      if (!thread || !pending) return false;
      void actions.approve(thread.id, pending.requestId, command.type).then(report('answer the approval'));
      return true;
    }
    case 'composer':
      return inThread && focusSelector('[data-testid="message-input"]');
    case 'changes':
    case 'transcript':
    case 'terminal':
      if (!thread) return false;
      useThreadTabStore.getState().setTab(thread.id, command.type);
      if (!inThread) openThread(thread.id);
      return true;
  }
}

function openAgentOfTask(thread: ThreadSummary, number: number): boolean {
  const sibling = Object.values(useThreadsStore.getState().byId).find((t) => t.taskId === thread.taskId && t.agentIndex === number);
  if (!sibling) return false;
  openThread(sibling.id);
  return true;
}

function openNth(number: number): boolean {
  const id = currentThreadOrder()[number - 1];
  if (!id) return false;
  openThread(id);
  return true;
}

function stepTo(current: string | null, delta: number, go: (id: string) => void): boolean {
  const next = stepThread(currentThreadOrder(), current, delta);
  if (!next) return false;
  go(next);
  return true;
}

/** On the dashboard a step moves focus: to the card if its task is open, else to the list row. */
function focusThread(threadId: string): void {
  const id = CSS.escape(threadId);
  if (!focusSelector(`[data-testid="thread-card"][data-thread-id="${id}"]`)) focusSelector(`[data-testid="thread-row"][data-thread-id="${id}"]`);
}

function focusSelector(selector: string): boolean {
  const element = document.querySelector<HTMLElement>(selector);
  if (!element) return false;
  element.focus();
  element.scrollIntoView({ block: 'nearest' });
  return true;
}
