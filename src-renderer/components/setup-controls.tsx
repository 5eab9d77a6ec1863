/** Retry / Skip for a thread whose flotilla.json setup failed (its output's tail is in the error above). */
import { memo, type MouseEvent } from 'react';
import { isSetupFailure } from '../../src-shared/protocol/api-environment';
import type { ThreadSummary } from '../../src-shared/domain/thread';
import { useActions } from '../session/session-context';
import { useControlRunner } from './thread-controls';

export const SetupControls = memo(function SetupControls(props: { summary: ThreadSummary }) {
  const { summary } = props;
  const actions = useActions();
  const [busy, run] = useControlRunner();
  if (!isSetupFailure(summary.status, summary.error)) return null;
  // On a card, a click on a button must not open the thread.
  const click = (what: string, action: () => Promise<unknown>) => (event: MouseEvent) => {
    event.stopPropagation();
    run(what, action as () => Promise<null>);
  };
  return (
    <div className="setup-controls" data-testid="setup-controls">
      <button type="button" className="button small" data-testid="setup-retry" disabled={busy} onClick={click('retry the setup', () => actions.setupRetry(summary.id))}>
        Retry setup
      </button>
      <button type="button" className="button small" data-testid="setup-skip" disabled={busy} onClick={click('skip the setup', () => actions.setupSkip(summary.id))}>
        Skip setup
      </button>
    </div>
  );
});
