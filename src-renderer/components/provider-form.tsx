/** Add or edit one model provider. The fleet validates; its message shows under the form. */
import { useState, type FormEvent, type ReactNode } from 'react';
import { REASONING_EFFORTS as EFFORTS } from '../../src-shared/protocol/agent';
import type { ApiError } from '../../src-shared/protocol/api';
import type { ProviderEdit } from '../../src-shared/protocol/api-settings';
import { ErrorMessage } from './error-message';

export const EMPTY_PROVIDER: ProviderEdit = { label: '', api: 'responses', baseUrl: '', model: '', apiKeyEnv: null, reasoningEffort: null };

export function ProviderForm(props: {
  initial: ProviderEdit;
  isNew: boolean;
  onSave: (provider: ProviderEdit) => Promise<ApiError | null>;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState(props.initial);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<ProviderEdit>) => setDraft((d) => ({ ...d, ...patch }));
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const failure = await props.onSave({ ...draft, apiKeyEnv: draft.apiKeyEnv?.trim() ? draft.apiKeyEnv.trim() : null });
    setBusy(false);
    setError(failure);
  };
  return (
    <form className="provider-form" data-testid="provider-form" onSubmit={(e) => void onSubmit(e)}>
      <h3 className="provider-form-title">{props.isNew ? 'New provider' : `Edit ${props.initial.label}`}</h3>
      <Field label="Label">
        <input className="input" data-testid="provider-label-input" value={draft.label} onChange={(e) => set({ label: e.target.value })} />
      </Field>
      <Field label="Base URL">
        <input
          className="input mono"
          data-testid="provider-baseurl-input"
          placeholder="https://api.openai.com/v1"
          value={draft.baseUrl}
          onChange={(e) => set({ baseUrl: e.target.value })}
        />
      </Field>
      <Field label="Model">
        <input className="input mono" data-testid="provider-model-input" value={draft.model} onChange={(e) => set({ model: e.target.value })} />
      </Field>
      <Field label="API">
        <select
          className="input select"
          data-testid="provider-api-select"
          value={draft.api}
          onChange={(e) => set({ api: e.target.value === 'chat' ? 'chat' : 'responses' })}
        >
          <option value="responses">Responses</option>
          <option value="chat">Chat Completions</option>
        </select>
      </Field>
      <Field label="Key env var">
        <input
          className="input mono"
          data-testid="provider-keyenv-input"
          placeholder="OPENAI_API_KEY (optional)"
          title="A well-known key variable (OPENAI_API_KEY, ANTHROPIC_API_KEY, …) or one listed in settings.json’s keyEnv"
          value={draft.apiKeyEnv ?? ''}
          onChange={(e) => set({ apiKeyEnv: e.target.value })}
        />
      </Field>
      <Field label="Reasoning effort">
        <select
          className="input select"
          data-testid="provider-effort-select"
          value={draft.reasoningEffort ?? ''}
          onChange={(e) => set({ reasoningEffort: EFFORTS.find((x) => x === e.target.value) ?? null })}
        >
          <option value="">Model default</option>
          {EFFORTS.map((effort) => (
            <option key={effort} value={effort}>
              {effort}
            </option>
          ))}
        </select>
      </Field>
      <div className="provider-form-actions">
        <button type="button" className="button ghost" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="submit" className="button primary" data-testid="provider-save-button" disabled={busy}>
          {busy ? 'Saving…' : 'Save provider'}
        </button>
      </div>
      {error && <ErrorMessage error={error} />}
    </form>
  );
}

function Field(props: { label: string; children: ReactNode }) {
  return (
    <label className="provider-field">
      <span>{props.label}</span>
      {props.children}
    </label>
  );
}
