/** Always on screen while agents are not contained: no dismiss button, it goes when a sandbox works. */
import { sandboxLine } from '../../src-shared/domain/sandbox-text';
import { useAppStore } from '../stores/app-store';

export function SandboxBanner() {
  const status = useAppStore((s) => s.appInfo?.sandbox ?? null);
  if (!status || status.available) return null;
  return (
    <div className="sandbox-banner" role="alert" data-testid="sandbox-banner" data-opted-in={status.allowUnsandboxed}>
      <strong>Agents are not contained.</strong> {sandboxLine(status)}
    </div>
  );
}
