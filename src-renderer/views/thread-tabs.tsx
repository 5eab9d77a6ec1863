/** Transcript | Changes, under the thread header, or both side by side (the layout toggle on the right). */
import { useThreadTab, useThreadTabStore, type ThreadTab } from '../stores/thread-tab-store';
import { useUiPrefs } from '../stores/ui-prefs-store';

const TABS: Array<{ id: ThreadTab; label: string; testId: string }> = [
  { id: 'transcript', label: 'Transcript', testId: 'tab-transcript' },
  { id: 'changes', label: 'Changes', testId: 'tab-changes' },
];

export function ThreadTabs(props: { threadId: string }) {
  const current = useThreadTab(props.threadId);
  const setTab = useThreadTabStore((s) => s.setTab);
  const sideBySide = useUiPrefs((s) => s.threadLayout === 'side');
  return (
    <div className="thread-tabs-row">
      {!sideBySide && (
        <div className="thread-tabs" role="tablist">
          <Tabs current={current} onPick={(tab) => setTab(props.threadId, tab)} />
        </div>
      )}
      <button
        type="button"
        className="button ghost small layout-toggle"
        data-testid="layout-toggle"
        aria-pressed={sideBySide}
        title={sideBySide ? 'Show the transcript and the changes in tabs' : 'Show the changes beside the transcript'}
        onClick={() => useUiPrefs.getState().setThreadLayout(sideBySide ? 'tabs' : 'side')}
      >
        {sideBySide ? 'Tabs' : 'Side by side'}
      </button>
    </div>
  );
}

function Tabs(props: { current: ThreadTab; onPick: (tab: ThreadTab) => void }) {
  return (
    <>
      {TABS.map((tab) => (
        <button
          key={tab.id}
          type="button"
          role="tab"
          className="thread-tab"
          aria-selected={props.current === tab.id}
          data-testid={tab.testId}
          onClick={() => props.onPick(tab.id)}
        >
          {tab.label}
        </button>
      ))}
    </>
  );
}
