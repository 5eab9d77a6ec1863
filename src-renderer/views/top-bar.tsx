import { useShallow } from 'zustand/react/shallow';
import { useAppStore, type ConnectionState } from '../stores/app-store';
import { useSettingsUi } from '../stores/settings-ui-store';
import { HostChips } from '../components/host-chips';
import { InboxButton } from './inbox';

export function TopBar() {
  const { repo, appInfo } = useAppStore(useShallow((s) => ({ repo: s.repo, appInfo: s.appInfo })));
  return (
    <header className="top-bar">
      <div className="brand">
        <span className="brand-mark" aria-hidden>
          <span />
          <span />
          <span />
        </span>
        Flotilla
      </div>
      {repo ? (
        <div className="top-repo" title={repo.path}>
          <span className="top-repo-name" data-testid="repo-name">
            {repo.name}
          </span>
          <span className="top-repo-branch mono">
            <BranchIcon />
            {repo.currentBranch}
          </span>
        </div>
      ) : (
        <div className="top-repo muted">No repository open</div>
      )}
      <div className="top-spacer" />
      <HostChips />
      {appInfo?.settingsProblem && (
        <span className="demo-badge" role="alert" data-testid="settings-problem" title={appInfo.settingsProblem}>
          SETTINGS ERROR — {appInfo.settingsProblem}
        </span>
      )}
      {appInfo?.demoMode && (
        <span className="demo-badge" data-testid="demo-badge" title="No provider is configured: agents run a scripted model">
          DEMO MODE — scripted model, no API key
        </span>
      )}
      {appInfo && (
        <span className="provider" data-testid="provider-label" title="Model provider">
          {appInfo.providerLabel}
        </span>
      )}
      <InboxButton />
      <button
        type="button"
        className="button ghost settings-button"
        data-testid="settings-button"
        title="Settings: defaults (approval mode, max agents, time limits), theme, providers, sandbox, notifications"
        aria-label="Settings"
        onClick={() => useSettingsUi.getState().setOpen(true)}
      >
        ⚙
      </button>
      <ConnectionIndicator />
    </header>
  );
}

const CONNECTION_LABELS: Record<Exclude<ConnectionState, 'connected'>, string> = {
  connecting: 'Connecting…',
  disconnected: 'Disconnected — reconnecting…',
  // The notice beside it says why and what to do.
  refused: 'Not connected',
};

function ConnectionIndicator() {
  const connection = useAppStore((s) => s.connection);
  if (connection === 'connected') return null;
  const label = CONNECTION_LABELS[connection];
  return (
    <span className="connection" data-state={connection} data-testid="connection-status" role="status">
      <span className="connection-dot" aria-hidden />
      {label}
    </span>
  );
}

function BranchIcon() {
  return (
    <svg className="icon" viewBox="0 0 16 16" width="12" height="12" aria-hidden>
      <path
        fill="currentColor"
        d="M5 3.25a.75.75 0 1 1-1.5 0 .75.75 0 0 1 1.5 0Zm0 2.12a2.25 2.25 0 1 0-1.5 0v5.26a2.25 2.25 0 1 0 1.5 0V9.6c.5.3 1.1.4 1.75.4h2.5A2.25 2.25 0 0 0 11.5 7.75v-.38a2.25 2.25 0 1 0-1.5 0v.38c0 .41-.34.75-.75.75h-2.5C5.78 8.5 5 7.72 5 6.75V5.37Zm6.25-.87a.75.75 0 1 0 0-1.5.75.75 0 0 0 0 1.5ZM4.25 13.5a.75.75 0 1 0 0-1.5.75.75 0 0 0 0 1.5Z"
      />
    </svg>
  );
}
