/**
 * Settings: appearance (kept in this browser), the defaults of new tasks, model providers (settings.json) and their API keys, remote hosts. Keys are write-only here: the
 * view only ever learns whether one is stored. After each change app.info is fetched again, so the
 * top bar, the demo badge and the task form follow.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ApiError, CommandName, CommandParams, Result } from '../../src-shared/protocol/api';
import type { ProviderEdit, ProviderSettingsInfo, SettingsInfo } from '../../src-shared/protocol/api-settings';
import { ErrorMessage } from '../components/error-message';
import { HostsSettings } from '../components/hosts-settings';
import { EMPTY_PROVIDER, ProviderForm } from '../components/provider-form';
import { NotificationSettings } from '../components/notification-settings';
import { SandboxSettings } from '../components/sandbox-settings';
import { safeCall } from '../session/safe-call';
import { useClient } from '../session/session-context';
import { useAppStore } from '../stores/app-store';
import { useSettingsUi } from '../stores/settings-ui-store';
import { AppearanceSettings } from './appearance-settings';
import { DefaultsSettings } from './defaults-settings';
import { Overlay } from './overlay';

type SettingsCall = 'settings.setDefaults' | 'settings.saveProvider' | 'settings.removeProvider' | 'settings.setDefaultProvider' | 'settings.setApiKey';
type Editing = { label: string | null } | null;

function useSettings() {
  const client = useClient();
  const [info, setInfo] = useState<SettingsInfo | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const refreshAppInfo = useCallback(async () => {
    const app = await safeCall(client, 'app.info', {});
    if (app.ok) useAppStore.getState().setAppInfo(app.value);
  }, [client]);
  useEffect(() => {
    void safeCall(client, 'settings.get', {}).then((r) => (r.ok ? setInfo(r.value) : setError(r.error)));
  }, [client]);
  const change = async <C extends SettingsCall>(command: C, params: CommandParams<C>): Promise<ApiError | null> => {
    const result = (await safeCall(client, command as CommandName, params as never)) as Result<SettingsInfo>;
    if (!result.ok) return result.error;
    setInfo(result.value);
    await refreshAppInfo();
    return null;
  };
  return { info, error, change };
}

export function SettingsView() {
  const close = useCallback(() => useSettingsUi.getState().setOpen(false), []);
  const { info, error, change } = useSettings();
  const [editing, setEditing] = useState<Editing>(null);
  const editedProvider = info?.providers.find((p) => p.label === editing?.label);
  const save = async (provider: ProviderEdit) => {
    const failure = await change('settings.saveProvider', editing?.label ? { provider, previousLabel: editing.label } : { provider });
    if (!failure) setEditing(null);
    return failure;
  };
  return (
    <Overlay title="Settings" testId="settings-view" onClose={close} wide>
      <AppearanceSettings />
      {error && <ErrorMessage error={error} />}
      {info && (
        <div className="settings">
          <DefaultsSettings info={info} onSave={(defaults) => change('settings.setDefaults', defaults)} />
          <section className="settings-section">
            <h3 className="settings-heading">Model providers</h3>
            <DefaultProviderSelect info={info} onChange={(label) => change('settings.setDefaultProvider', { label })} />
            {info.providers.length === 0 && <p className="muted">No providers: agents run the scripted demo model.</p>}
            <ul className="provider-list">
              {info.providers.map((p) => (
                <ProviderRow key={p.label} provider={p} canStoreKeys={info.canStoreKeys} change={change} onEdit={() => setEditing({ label: p.label })} />
              ))}
            </ul>
            {editing ? (
              <ProviderForm
                key={editing.label ?? '(new)'}
                initial={editedProvider ?? EMPTY_PROVIDER}
                isNew={editing.label === null}
                onSave={save}
                onCancel={() => setEditing(null)}
              />
            ) : (
              <button type="button" className="button" data-testid="provider-add-button" onClick={() => setEditing({ label: null })}>
                Add provider
              </button>
            )}
          </section>
          {!info.canStoreKeys && (
            <p className="settings-note muted" data-testid="settings-key-note">
              This Flotilla cannot store API keys. Set “Key env var” to the name of an environment variable that holds the key
              (a well-known one such as OPENAI_API_KEY, or one listed in settings.json’s “keyEnv”), and start Flotilla with it set. The desktop app stores keys encrypted with the OS keychain.
            </p>
          )}
          <HostsSettings />
          <SandboxSettings />
          <NotificationSettings />
        </div>
      )}
    </Overlay>
  );
}

function DefaultProviderSelect(props: { info: SettingsInfo; onChange: (label: string | null) => Promise<ApiError | null> }) {
  const [error, setError] = useState<ApiError | null>(null);
  const { info } = props;
  return (
    <>
      <label className="field-inline">
        <span>Default provider</span>
        <select
          className="input select"
          data-testid="default-provider-select"
          value={info.defaultProvider ?? ''}
          onChange={(e) => void props.onChange(e.target.value || null).then(setError)}
        >
          <option value="">{info.providers.length === 0 ? 'Demo model (no provider)' : 'First provider'}</option>
          {info.providers.map((p) => (
            <option key={p.label} value={p.label}>
              {p.label}
            </option>
          ))}
        </select>
      </label>
      {error && <ErrorMessage error={error} />}
    </>
  );
}

function ProviderRow(props: {
  provider: ProviderSettingsInfo;
  canStoreKeys: boolean;
  change: <C extends SettingsCall>(command: C, params: CommandParams<C>) => Promise<ApiError | null>;
  onEdit: () => void;
}) {
  const { provider: p, change } = props;
  const [error, setError] = useState<ApiError | null>(null);
  return (
    <li className="provider-row" data-testid="provider-row" data-label={p.label}>
      <div className="provider-row-main">
        <span className="provider-row-label">{p.label}</span>
        <span className="mono muted">{p.model}</span>
        <span className="mono muted provider-row-url">{p.baseUrl}</span>
        <span className="muted">{p.api === 'chat' ? 'Chat' : 'Responses'}</span>
        <span className="provider-row-key muted" data-testid="provider-key-status">
          {p.hasStoredKey ? 'key stored' : p.apiKeyEnv ? `key from $${p.apiKeyEnv}` : 'no key'}
        </span>
        <button type="button" className="button ghost" data-testid="provider-edit-button" onClick={props.onEdit}>
          Edit
        </button>
        <button
          type="button"
          className="button danger-ghost"
          data-testid="provider-remove-button"
          onClick={() => void change('settings.removeProvider', { label: p.label }).then(setError)}
        >
          Remove
        </button>
      </div>
      {props.canStoreKeys && <KeyField provider={p} onStore={(key) => change('settings.setApiKey', { label: p.label, key }).then(setError)} />}
      {error && <ErrorMessage error={error} />}
    </li>
  );
}

function KeyField(props: { provider: ProviderSettingsInfo; onStore: (key: string | null) => Promise<void> }) {
  const [key, setKey] = useState('');
  const store = async (value: string | null) => {
    await props.onStore(value);
    setKey('');
  };
  return (
    <div className="provider-key">
      <input
        className="input mono"
        data-testid="provider-key-input"
        type="password"
        autoComplete="off"
        placeholder={props.provider.hasStoredKey ? 'Replace the stored key' : 'Paste an API key to store it encrypted'}
        value={key}
        onChange={(e) => setKey(e.target.value)}
      />
      <button type="button" className="button" data-testid="provider-key-save" disabled={key.trim() === ''} onClick={() => void store(key.trim())}>
        Store key
      </button>
      {props.provider.hasStoredKey && (
        <button type="button" className="button ghost" data-testid="provider-key-clear" onClick={() => void store(null)}>
          Clear key
        </button>
      )}
    </div>
  );
}
