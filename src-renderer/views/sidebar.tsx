import { useShallow } from 'zustand/react/shallow';
import { RepoPanel } from '../components/repo-panel';
import { TaskPanel } from '../components/task-panel';
import { useAppStore } from '../stores/app-store';

export function Sidebar() {
  return (
    <aside className="sidebar">
      <RepoPanel />
      <TaskPanel />
      <SidebarFooter />
    </aside>
  );
}

function SidebarFooter() {
  const { version, dataDir } = useAppStore(
    useShallow((s) => ({ version: s.appInfo?.version ?? null, dataDir: s.appInfo?.dataDir ?? null })),
  );
  if (!version) return null;
  return (
    <footer className="sidebar-footer">
      <span>Flotilla {version}</span>
      {dataDir && (
        <span className="mono" title="Data directory: settings, thread logs and worktrees">
          {dataDir}
        </span>
      )}
    </footer>
  );
}
