/**
 * Opens a thread at the point an inbox entry is about: the approval panel (its first answer
 * focused), the latest error, or the end of the transcript. The history may still be loading, so
 * it looks for the spot on each frame for a while before giving up.
 */
import { useEffect } from 'react';
import { useAttentionStore } from '../stores/attention-store';
import type { AttentionKind } from '../stores/notify-settings-store';

const GIVE_UP_MS = 5_000;

/** A failure without an error item (a crashed worker) falls back to the end after a moment. */
const ERROR_FALLBACK_MS = 1_500;

function findTarget(kind: AttentionKind, waitedMs: number): HTMLElement | null {
  if (kind === 'approval') return document.querySelector<HTMLElement>('[data-testid="approval-panel"]');
  const transcript = document.querySelector('[data-testid="transcript"]');
  if (!transcript) return null;
  const last = (selector: string) => {
    const found = transcript.querySelectorAll<HTMLElement>(selector);
    return found[found.length - 1] ?? null;
  };
  const end = () => last('[data-testid="transcript-item"]');
  if (kind !== 'failed') return end();
  return last('[data-item-type="error"]') ?? (waitedMs > ERROR_FALLBACK_MS ? end() : null);
}

function reveal(target: HTMLElement, kind: AttentionKind): void {
  target.scrollIntoView({ block: kind === 'failed' ? 'center' : 'end' });
  // One spot at a time carries the mark; the CSS flashes it twice.
  for (const marked of document.querySelectorAll('[data-attention-target]')) marked.removeAttribute('data-attention-target');
  target.setAttribute('data-attention-target', kind);
  if (kind === 'approval') target.querySelector<HTMLElement>('[data-testid="approval-approve"]')?.focus({ preventScroll: true });
}

export function useAttentionFocus(threadId: string): void {
  const focus = useAttentionStore((s) => (s.focus?.threadId === threadId ? s.focus : null));
  useEffect(() => {
    if (!focus) return;
    const started = performance.now();
    let frame = 0;
    const look = () => {
      const target = findTarget(focus.kind, performance.now() - started);
      if (target) {
        reveal(target, focus.kind);
        useAttentionStore.getState().clearFocus(focus.nonce);
      } else if (performance.now() - started < GIVE_UP_MS) {
        frame = requestAnimationFrame(look);
      } else {
        useAttentionStore.getState().clearFocus(focus.nonce);
      }
    };
    frame = requestAnimationFrame(look);
    return () => cancelAnimationFrame(frame);
  }, [focus]);
}
