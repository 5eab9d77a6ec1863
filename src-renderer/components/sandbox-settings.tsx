/** Settings → Sandbox: what contains the agents here, and where nothing does, the opt-in to full auto anyway. */
import { useState } from 'react';
import { sandboxLine } from '../../src-shared/domain/sandbox-text';
import type { ApiError } from '../../src-shared/protocol/api';
import { useActions } from '../session/session-context';
import { useAppStore } from '../stores/app-store';
import { ErrorMessage } from './error-message';

export function SandboxSettings() {
  const actions = useActions();
  const status = useAppStore((s) => s.appInfo?.sandbox ?? null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  if (!status) return null;
  const change = async (allow: boolean) => {
    setBusy(true);
    setError(await actions.setAllowUnsandboxed(allow));
    setBusy(false);
  };
  return (
    <section className="settings-section" data-testid="sandbox-settings">
      <h3 className="settings-heading">Sandbox</h3>
      <p className="settings-note">{sandboxLine(status)}</p>
      {!status.available && (
        <>
          <label className="checkbox-inline">
            <input
              type="checkbox"
              data-testid="allow-unsandboxed"
              checked={status.allowUnsandboxed}
              disabled={busy}
              onChange={(event) => void change(event.target.checked)}
            />
            Allow full auto without a sandbox
          </label>
          <p className="settings-warning" data-testid="allow-unsandboxed-warning">
            Without a sandbox an agent in full auto runs every command the model chooses with your permissions: it can
            change any file you can, read your SSH keys and tokens, and reach the network, and nobody is asked first.
            Only allow this on a machine or container you can throw away.
          </p>
        </>
      )}
      {error && <ErrorMessage error={error} />}
    </section>
  );
}
