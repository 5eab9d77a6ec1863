/**
 * Settings › Defaults: the approval mode new tasks get, max agents (running at once, fleet-wide)
 * and the time limits, saved to settings.json through settings.setDefaults. The fleet validates;
 * its message shows next to the field it names.
 */
import { useState, type FormEvent } from 'react';
import type { ApprovalMode } from '../../src-shared/protocol/agent';
import type { ApiError } from '../../src-shared/protocol/api';
import type { DefaultsEdit, SettingsInfo } from '../../src-shared/protocol/api-settings';
import { ApprovalModeSelect } from '../components/approval-mode';
import { ErrorMessage } from '../components/error-message';

type Field = 'maxAgents' | 'turnTimeoutMinutes' | 'commandTimeoutSeconds';
const FIELDS: readonly Field[] = ['maxAgents', 'turnTimeoutMinutes', 'commandTimeoutSeconds'];

/** The field a fleet message is about: its issues are prefixed with the field's path. */
function fieldOf(error: ApiError): Field | null {
  return FIELDS.find((field) => error.message.includes(field)) ?? null;
}

export function DefaultsSettings(props: { info: SettingsInfo; onSave: (defaults: DefaultsEdit) => Promise<ApiError | null> }) {
  const { info } = props;
  const [mode, setMode] = useState<ApprovalMode | null>(info.approvalMode);
  const [maxAgents, setMaxAgents] = useState(String(info.maxAgents));
  const [turn, setTurn] = useState(String(info.turnTimeoutMinutes));
  const [command, setCommand] = useState(info.commandTimeoutSeconds === null ? '' : String(info.commandTimeoutSeconds));
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    // Numbers as typed (NaN included) go to the fleet, whose validation says what is wrong.
    const failure = await props.onSave({
      approvalMode: mode,
      maxAgents: Number(maxAgents),
      turnTimeoutMinutes: Number(turn),
      commandTimeoutSeconds: command.trim() === '' ? null : Number(command),
    });
    setError(failure);
    setSaved(failure === null);
  };
  const at = error ? fieldOf(error) : null;
  const inline = (field: Field) => (error && at === field ? <ErrorMessage error={error} /> : null);
  return (
    <form className="settings-section" data-testid="defaults-settings" onSubmit={(e) => void submit(e)}>
      <h3 className="settings-heading">Defaults</h3>
      <label className="field-inline">
        <span>Approval mode of new tasks</span>
        <select className="input select" data-testid="default-approval-choice" value={mode === null ? 'builtin' : 'chosen'} onChange={(e) => setMode(e.target.value === 'builtin' ? null : (mode ?? 'auto-edit'))}>
          <option value="builtin">Flotilla’s choice</option>
          <option value="chosen">Always…</option>
        </select>
        {mode !== null && <ApprovalModeSelect testId="default-approval-mode" value={mode} onChange={setMode} />}
      </label>
      <label className="field-inline">
        <span>Max agents</span>
        <input className="input mono agent-count" data-testid="default-max-agents" type="number" value={maxAgents} onChange={(e) => setMaxAgents(e.target.value)} />
        <span className="muted">running at once; more wait for a slot</span>
      </label>
      {inline('maxAgents')}
      <label className="field-inline">
        <span>Turn time limit</span>
        <input className="input mono agent-count" data-testid="default-turn-minutes" type="number" value={turn} onChange={(e) => setTurn(e.target.value)} />
        <span className="muted">minutes</span>
      </label>
      {inline('turnTimeoutMinutes')}
      <label className="field-inline">
        <span>Command time limit</span>
        <input className="input mono agent-count" data-testid="default-command-seconds" type="number" placeholder="none" value={command} onChange={(e) => setCommand(e.target.value)} />
        <span className="muted">seconds (empty: no limit)</span>
      </label>
      {inline('commandTimeoutSeconds')}
      {error && at === null && <ErrorMessage error={error} />}
      <button type="submit" className="button" data-testid="defaults-save">
        Save defaults
      </button>
      {saved && (
        <span className="muted" data-testid="defaults-saved">
          Saved to settings.json
        </span>
      )}
    </form>
  );
}
