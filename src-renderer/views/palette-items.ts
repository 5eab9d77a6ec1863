/** Everything the palette offers: every thread, then the actions that apply right now. */
import { canPause } from '../lib/control-rules';
import type { PaletteItem } from '../lib/palette';
import { agentLabel, repoLabel, taskTitle, threadTitle } from '../lib/thread-title';
import type { Actions } from '../session/actions';
import { currentThreadId, openThread, runKeyCommand } from '../session/keyboard-commands';
import { useAppStore } from '../stores/app-store';
import { useAttentionStore } from '../stores/attention-store';
import { useKeyOverlay } from '../stores/overlay-store';
import { useSettingsUi } from '../stores/settings-ui-store';
import { currentThreadOrder, useThreadList } from '../stores/thread-list-store';
import { useThreadsStore } from '../stores/threads-store';

export function paletteItems(actions: Actions): PaletteItem[] {
  const byId = useThreadsStore.getState().byId;
  const threads: PaletteItem[] = currentThreadOrder()
    .map((id) => byId[id])
    .filter((t) => t !== undefined)
    .map((t) => ({
      id: `thread:${t.id}`,
      group: 'Threads',
      label: taskTitle(t.prompt),
      suffix: ` · ${agentLabel(t.agentIndex)}`,
      detail: `${repoLabel(t.repoPath)} · ${t.status}${t.activity ? ` · ${t.activity}` : ''}`,
      keywords: `${t.branch} ${t.id}`,
      run: () => openThread(t.id),
    }));
  return [...threads, ...threadActions(actions), ...globalActions(actions)];
}

function action(id: string, label: string, run: () => void, keywords = '', detail?: string): PaletteItem {
  return { id: `action:${id}`, group: 'Actions', label, keywords, run, ...(detail ? { detail } : {}) };
}

/** Short labels that say what; the thread they act on is the detail, so neither is cut. */
function threadActions(actions: Actions): PaletteItem[] {
  const id = currentThreadId();
  const thread = id ? useThreadsStore.getState().byId[id] : undefined;
  if (!thread) return [];
  const name = threadTitle(thread);
  const key = (type: Parameters<typeof runKeyCommand>[0]) => () => void runKeyCommand(type, actions);
  const on = (actionId: string, label: string, run: () => void, keywords = '') => action(actionId, label, run, keywords, name);
  const items: PaletteItem[] = [];
  if (canPause(thread.status)) items.push(on('pause', 'Pause this agent', key({ type: 'toggle-pause' })));
  if (thread.status === 'paused') items.push(on('resume', 'Resume this agent', key({ type: 'toggle-pause' })));
  if (thread.pendingApproval) {
    const what = thread.pendingApproval.reason.split('\n')[0] ?? '';
    items.push(on('approve', `Approve: ${what}`, key({ type: 'approve' }), 'yes allow'));
    items.push(on('deny', `Deny: ${what}`, key({ type: 'deny' }), 'no reject'));
  }
  items.push(on('changes', 'Open Changes', key({ type: 'changes' }), 'diff'));
  items.push(on('transcript', 'Open the transcript', key({ type: 'transcript' })));
  items.push(on('composer', 'Message this agent', () => focusComposerOf(thread.id), 'steer send composer'));
  items.push(on('terminal', 'Open the Terminal', key({ type: 'terminal' }), 'shell'));
  return items;
}

function focusComposerOf(threadId: string): void {
  openThread(threadId);
  // The thread view mounts on the next frame when coming from the dashboard.
  requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-testid="message-input"]')?.focus());
}

function globalActions(actions: Actions): PaletteItem[] {
  const list = useThreadList.getState();
  return [
    action('dashboard', 'Go to the dashboard', () => useAppStore.getState().navigate({ view: 'dashboard' }), 'home grid'),
    action('inbox', 'Open the inbox', () => useAttentionStore.getState().setInboxOpen(true), 'notifications unread'),
    action('list', list.open ? 'Hide the agent list' : 'Show the agent list', () => list.set({ open: !list.open }), 'sidebar'),
    action('pause-all', 'Pause all agents', () => void actions.pauseAll()),
    action('resume-all', 'Resume all agents', () => void actions.resumeAll()),
    action('settings', 'Open Settings', () => useSettingsUi.getState().setOpen(true), 'preferences defaults max agents approval time limits theme notifications providers sandbox'),
    action('help', 'Keyboard shortcuts', () => useKeyOverlay.getState().setOpen('help'), 'help keys'),
  ];
}
