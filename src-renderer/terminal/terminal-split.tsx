/** The agent's terminal beside the transcript, for those who want both at once (per thread, off by default). */
import type { ReactNode } from 'react';
import { create } from 'zustand';
import { TerminalTab } from './terminal-tab';

interface SplitState {
  open: Record<string, boolean>;
  toggle: (threadId: string) => void;
}

const useSplitStore = create<SplitState>()((set) => ({
  open: {},
  toggle: (threadId) => set((s) => ({ open: { ...s.open, [threadId]: !s.open[threadId] } })),
}));

export function TerminalSplitToggle(props: { threadId: string }) {
  const open = useSplitStore((s) => s.open[props.threadId] ?? false);
  const toggle = useSplitStore((s) => s.toggle);
  return (
    <button type="button" className="thread-tab terminal-split-toggle" aria-pressed={open} data-testid="terminal-beside" onClick={() => toggle(props.threadId)}>
      {open ? 'Hide terminal' : 'Terminal beside'}
    </button>
  );
}

export function TerminalSplit(props: { threadId: string; worktreePath: string; children: ReactNode }) {
  const open = useSplitStore((s) => s.open[props.threadId] ?? false);
  if (!open) return <>{props.children}</>;
  return (
    <div className="terminal-split">
      {props.children}
      <div className="terminal-split-side">
        <TerminalTab threadId={props.threadId} worktreePath={props.worktreePath} />
      </div>
    </div>
  );
}
