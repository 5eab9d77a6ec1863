/** Opens a thread at the point an inbox entry or notification is about, and marks it seen. */
import { useAppStore } from '../stores/app-store';
import { useAttentionStore } from '../stores/attention-store';
import type { AttentionKind } from '../stores/notify-settings-store';
import { useThreadTabStore } from '../stores/thread-tab-store';

export function openAttention(threadId: string, kind: AttentionKind): void {
  const attention = useAttentionStore.getState();
  attention.setInboxOpen(false);
  attention.markThreadRead(threadId);
  // The approval, the error and the end are all in the transcript.
  useThreadTabStore.getState().setTab(threadId, 'transcript');
  attention.requestFocus(threadId, kind);
  useAppStore.getState().navigate({ view: 'thread', threadId });
}
