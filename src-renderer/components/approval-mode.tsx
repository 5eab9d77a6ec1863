import { APPROVAL_MODES, type ApprovalMode } from '../../src-shared/protocol/agent';
import { useControlRunner } from './thread-controls';
import { useActions } from '../session/session-context';

const LABELS: Record<ApprovalMode, string> = {
  suggest: 'Suggest',
  'auto-edit': 'Auto-edit',
  'full-auto': 'Full auto',
};

const DESCRIPTIONS: Record<ApprovalMode, string> = {
  suggest: 'Every edit and command needs approval',
  'auto-edit': 'Edits apply; commands need approval unless read-only',
  // Where no sandbox works, the banner says so and the fleet refuses full auto unless the user opted in.
  'full-auto': 'Nothing asks; the sandbox contains it (only the worktree writable, no network unless allowed). A command the sandbox blocks still asks before it runs outside',
};

/** One short phrase for narrow places; the title carries the whole description. */
export function approvalModeHint(mode: ApprovalMode): string {
  return HINTS[mode];
}

const HINTS: Record<ApprovalMode, string> = {
  suggest: 'asks before edits and commands',
  'auto-edit': 'asks before commands',
  'full-auto': 'never asks · sandboxed',
};

export function approvalModeTitle(mode: ApprovalMode): string {
  return `${LABELS[mode]}: ${DESCRIPTIONS[mode]}`;
}

/** The three approval modes as a select; shared by the new-task form and the thread header. */
export function ApprovalModeSelect(props: {
  value: ApprovalMode;
  onChange: (mode: ApprovalMode) => void;
  testId: string;
  disabled?: boolean;
}) {
  return (
    <select
      className="input select"
      data-testid={props.testId}
      value={props.value}
      title={approvalModeTitle(props.value)}
      disabled={props.disabled}
      onChange={(event) => {
        const mode = APPROVAL_MODES.find((m) => m === event.target.value);
        if (mode) props.onChange(mode);
      }}
    >
      {APPROVAL_MODES.map((mode) => (
        <option key={mode} value={mode} title={DESCRIPTIONS[mode]}>
          {LABELS[mode]}
        </option>
      ))}
    </select>
  );
}

/** The thread's mode; a change takes effect at the agent's next tool call. */
export function ThreadApprovalMode(props: { threadId: string; mode: ApprovalMode }) {
  const actions = useActions();
  const [busy, run] = useControlRunner();
  return (
    <label className="field-inline approval-mode" title="Approval mode">
      <span className="muted">Approvals</span>
      <ApprovalModeSelect
        testId="thread-approval-mode"
        value={props.mode}
        disabled={busy}
        onChange={(mode) => run('change the approval mode', () => actions.setApprovalMode(props.threadId, mode))}
      />
    </label>
  );
}
