/**
 * Pause / Resume / Interrupt for one thread, as labelled buttons (thread header) or compact icon
 * buttons (dashboard card). A failure goes to the notices: the card has no room for an inline error.
 */
import { memo, useState, type MouseEvent, type ReactNode } from 'react';
import type { ThreadStatus } from '../../src-shared/domain/thread';
import type { ApiError } from '../../src-shared/protocol/api';
import { canInterrupt, canPause, canResume } from '../lib/control-rules';
import { useActions } from '../session/session-context';
import { useAppStore } from '../stores/app-store';

export const ThreadControls = memo(function ThreadControls(props: {
  threadId: string;
  status: ThreadStatus;
  compact?: boolean;
}) {
  const { threadId, status } = props;
  const actions = useActions();
  const [busy, run] = useControlRunner();
  const compact = props.compact === true;
  return (
    <span className={compact ? 'thread-controls compact' : 'thread-controls'}>
      {canPause(status) && (
        <ControlButton
          testId="pause-button"
          label="Pause"
          title="Pause: hold before the next model request"
          icon={PAUSE_ICON}
          compact={compact}
          disabled={busy}
          onClick={() => run('pause', () => actions.pause(threadId))}
        />
      )}
      {canResume(status) && (
        <ControlButton
          testId="resume-button"
          label="Resume"
          title={resumeTitle(status)}
          icon={PLAY_ICON}
          compact={compact}
          disabled={busy}
          onClick={() => run('resume', () => actions.resume(threadId))}
        />
      )}
      {canInterrupt(status) && (
        <ControlButton
          testId="interrupt-button"
          label="Interrupt"
          title="Interrupt: stop the current turn"
          icon={STOP_ICON}
          compact={compact}
          danger
          disabled={busy}
          onClick={() => run('interrupt', () => actions.interrupt(threadId))}
        />
      )}
    </span>
  );
});

function resumeTitle(status: ThreadStatus): string {
  return status === 'paused' ? 'Resume where it paused' : 'Resume: continue this thread with its history';
}

/** Runs one control action at a time and reports its failure as a notice. */
export function useControlRunner(): [boolean, (what: string, action: () => Promise<ApiError | null>) => void] {
  const [busy, setBusy] = useState(false);
  const pushNotice = useAppStore((s) => s.pushNotice);
  const run = (what: string, action: () => Promise<ApiError | null>) => {
    if (busy) return;
    setBusy(true);
    void action().then((error) => {
      setBusy(false);
      if (error) pushNotice(`Could not ${what}: ${error.message}`);
    });
  };
  return [busy, run];
}

function ControlButton(props: {
  testId: string;
  label: string;
  title: string;
  icon: ReactNode;
  compact: boolean;
  danger?: boolean;
  disabled: boolean;
  onClick: () => void;
}) {
  // The card itself opens the thread on click; a control must not.
  const onClick = (event: MouseEvent) => {
    event.stopPropagation();
    props.onClick();
  };
  const kind = props.danger ? 'danger-ghost' : '';
  const className = props.compact ? `icon-button ${props.danger ? 'danger' : ''}` : `button ${kind}`;
  return (
    <button
      type="button"
      className={className.trim()}
      data-testid={props.testId}
      title={props.title}
      aria-label={props.label}
      disabled={props.disabled}
      onClick={onClick}
      onKeyDown={(event) => event.stopPropagation()}
    >
      {props.icon}
      {!props.compact && props.label}
    </button>
  );
}

const PAUSE_ICON = (
  <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden>
    <rect x="3.5" y="3" width="3" height="10" rx="0.8" fill="currentColor" />
    <rect x="9.5" y="3" width="3" height="10" rx="0.8" fill="currentColor" />
  </svg>
);
const PLAY_ICON = (
  <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden>
    <path d="M4.5 2.8v10.4c0 .5.6.8 1 .5l8-5.2a.6.6 0 0 0 0-1l-8-5.2c-.4-.3-1 0-1 .5z" fill="currentColor" />
  </svg>
);
const STOP_ICON = (
  <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden>
    <rect x="3.5" y="3.5" width="9" height="9" rx="1.2" fill="currentColor" />
  </svg>
);
