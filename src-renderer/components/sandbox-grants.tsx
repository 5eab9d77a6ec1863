/**
 * What a thread's sandbox allows past the default: the network, and credential folders. The same
 * fields serve the new-task form and the thread header; the card shows a badge when anything is on.
 */
import { memo } from 'react';
import { grantsPhrase } from '../../src-shared/domain/sandbox-text';
import { CREDENTIAL_PATHS, type CredentialName, type SandboxGrants } from '../../src-shared/protocol/sandbox';
import { useActions } from '../session/session-context';
import { useControlRunner } from './thread-controls';

const CREDENTIAL_NAMES = Object.keys(CREDENTIAL_PATHS) as CredentialName[];

export function SandboxGrantsFields(props: { value: SandboxGrants; onChange: (grants: SandboxGrants) => void; testId: string; disabled?: boolean }) {
  const { value, onChange } = props;
  const toggle = (name: CredentialName, on: boolean) =>
    onChange({ ...value, credentials: on ? [...value.credentials, name] : value.credentials.filter((c) => c !== name) });
  const shown = value.credentials.length > 0 ? value.credentials.join(', ') : 'none';
  return (
    <span className="sandbox-grants" data-testid={props.testId}>
      <label className="checkbox-inline" title="Let the agent's commands reach the network (off by default)">
        <input
          type="checkbox"
          data-testid={`${props.testId}-network`}
          checked={value.network}
          disabled={props.disabled}
          onChange={(event) => onChange({ ...value, network: event.target.checked })}
        />
        Network
      </label>
      <details className="sandbox-credentials">
        <summary title="Credential folders the agent may read; all are hidden by default">Credentials: {shown}</summary>
        <div className="sandbox-credentials-list">
          {CREDENTIAL_NAMES.map((name) => (
            <label key={name} className="checkbox-inline mono" title={`~/${CREDENTIAL_PATHS[name]}`}>
              <input
                type="checkbox"
                data-testid={`${props.testId}-credential-${name}`}
                checked={value.credentials.includes(name)}
                disabled={props.disabled}
                onChange={(event) => toggle(name, event.target.checked)}
              />
              {name}
            </label>
          ))}
        </div>
      </details>
    </span>
  );
}

/** The thread's grants; a sandbox's namespaces are fixed, so a change waits for its next shell. */
export function ThreadSandbox(props: { threadId: string; grants: SandboxGrants }) {
  const actions = useActions();
  const [busy, run] = useControlRunner();
  return (
    <span
      className="field-inline thread-sandbox"
      title="Applies when the agent's shell next starts: at once when the thread is idle, after the current turn when it is working"
    >
      <span className="muted">Sandbox</span>
      <SandboxGrantsFields
        testId="thread-sandbox"
        value={props.grants}
        disabled={busy}
        onChange={(grants) => run('change the sandbox', () => actions.setSandbox(props.threadId, grants))}
      />
    </span>
  );
}

/** Shown on a card and in the thread header when the thread may reach the network or read credentials. */
export const SandboxBadge = memo(function SandboxBadge(props: { grants: SandboxGrants }) {
  const phrase = grantsPhrase(props.grants);
  if (phrase === null) return null;
  return (
    <span className="sandbox-badge" data-testid="sandbox-badge" title="This thread's sandbox allows more than the default">
      {phrase}
    </span>
  );
});
