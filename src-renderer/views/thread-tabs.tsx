/** Transcript | Changes, under the thread header. */
import { useThreadTab, useThreadTabStore, type ThreadTab } from '../stores/thread-tab-store';
import { TerminalSplitToggle } from '../terminal/terminal-split';

const TABS: Array<{ id: ThreadTab; label: string; testId: string }> = [
  { id: 'transcript', label: 'Transcript', testId: 'tab-transcript' },
  { id: 'changes', label: 'Changes', testId: 'tab-changes' },
  { id: 'terminal', label: 'Terminal', testId: 'tab-terminal' },
];

export function ThreadTabs(props: { threadId: string }) {
  const current = useThreadTab(props.threadId);
  const setTab = useThreadTabStore((s) => s.setTab);
  return (
    <div className="thread-tabs" role="tablist">
      {TABS.map((tab) => (
        <button
          key={tab.id}
          type="button"
          role="tab"
          className="thread-tab"
          aria-selected={current === tab.id}
          data-testid={tab.testId}
          onClick={() => setTab(props.threadId, tab.id)}
        >
          {tab.label}
        </button>
      ))}
      {current === 'transcript' && <TerminalSplitToggle threadId={props.threadId} />}
    </div>
  );
}
