import { useShallow } from 'zustand/react/shallow';
import { Notices } from './components/notices';
import { SandboxBanner } from './components/sandbox-banner';
import { useAppStore } from './stores/app-store';
import { useSettingsUi } from './stores/settings-ui-store';
import { useActions } from './session/session-context';
import { CommandPalette } from './views/command-palette';
import { DashboardView } from './views/dashboard-view';
import { SettingsView } from './views/settings-view';
import { Sidebar } from './views/sidebar';
import { ThreadView } from './views/thread-view';
import { ShortcutHelp } from './views/shortcut-help';
import { TopBar } from './views/top-bar';
import { useGlobalKeys } from './views/use-global-keys';

/** The shell. It subscribes to the route only; everything that streams lives further down. */
export function App() {
  const route = useAppStore(useShallow((s) => s.route));
  const settingsOpen = useSettingsUi((s) => s.open);
  useGlobalKeys(useActions());
  return (
    <div className="app">
      <TopBar />
      <SandboxBanner />
      <div className="app-body">
        <Sidebar />
        <main className="main">
          {route.view === 'thread' ? <ThreadView key={route.threadId} threadId={route.threadId} /> : <DashboardView />}
        </main>
      </div>
      {settingsOpen && <SettingsView />}
      <CommandPalette />
      <ShortcutHelp />
      <Notices />
    </div>
  );
}
