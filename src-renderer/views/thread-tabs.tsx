/**
 * Transcript | Changes | Terminal, under the thread header. Side by side (the layout toggle on
 * the right), the transcript and the changes are one view, so its tabs are that view and the
 * Terminal.
 */
import { useThreadTab, useThreadTabStore, type ThreadTab } from '../stores/thread-tab-store';
import { useUiPrefs } from '../stores/ui-prefs-store';
import { TerminalSplitToggle } from '../terminal/terminal-split';

interface TabInfo {
  id: ThreadTab;
  label: string;
  testId: string;
}

const TABS: TabInfo[] = [
  { id: 'transcript', label: 'Transcript', testId: 'tab-transcript' },
  { id: 'changes', label: 'Changes', testId: 'tab-changes' },
  { id: 'terminal', label: 'Terminal', testId: 'tab-terminal' },
];

const SIDE_BY_SIDE_TABS: TabInfo[] = [
  { id: 'transcript', label: 'Transcript & Changes', testId: 'tab-transcript' },
  { id: 'terminal', label: 'Terminal', testId: 'tab-terminal' },
];

export function ThreadTabs(props: { threadId: string }) {
  const current = useThreadTab(props.threadId);
  const setTab = useThreadTabStore((s) => s.setTab);
  const sideBySide = useUiPrefs((s) => s.threadLayout === 'side');
  const shown = sideBySide && current === 'changes' ? 'transcript' : current;
  return (
    <div className="thread-tabs-row">
      <div className="thread-tabs" role="tablist">
        <Tabs tabs={sideBySide ? SIDE_BY_SIDE_TABS : TABS} current={shown} onPick={(tab) => setTab(props.threadId, tab)} />
        {shown === 'transcript' && !sideBySide && <TerminalSplitToggle threadId={props.threadId} />}
      </div>
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

function Tabs(props: { tabs: TabInfo[]; current: ThreadTab; onPick: (tab: ThreadTab) => void }) {
  return (
    <>
      {props.tabs.map((tab) => (
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
