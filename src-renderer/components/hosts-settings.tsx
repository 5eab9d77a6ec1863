/**
 * Settings → Hosts: the remote hosts of this dashboard, added and removed live (hosts.add,
 * hosts.remove). Adding checks the host as `flotilla hosts add` and `hosts check` do; an unknown
 * host key is shown with its fingerprint and trusted only when the user says so. The list is the
 * hosts store, so a host's state changes here as on its chip.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import type { ApiError } from '../../src-shared/protocol/api';
import type { HostAddParams, HostStatus } from '../../src-shared/protocol/api-hosts';
import { safeCall } from '../session/safe-call';
import { useClient } from '../session/session-context';
import { useHostsStore } from '../stores/hosts-store';
import { ErrorMessage } from './error-message';

const STATE_TEXT: Record<HostStatus['state'], string> = { connected: 'connected', connecting: 'connecting…', reconnecting: 'reconnecting…', failed: 'failed' };

export function HostsSettings() {
  const hosts = useHostsStore((s) => s.hosts);
  return (
    <section className="settings-section" data-testid="hosts-settings">
      <h3 className="settings-heading">Hosts</h3>
      <p className="settings-note muted">
        Remote machines that run a fleet of their own, reached over SSH. Flotilla checks the host key and that node and git are there, installs its server and connects; no password is stored.
      </p>
      {hosts.length > 0 && (
        <ul className="provider-list">
          {hosts.map((host) => (
            <HostRow key={host.name} host={host} />
          ))}
        </ul>
      )}
      <HostForm />
    </section>
  );
}

function HostRow(props: { host: HostStatus }) {
  const client = useClient();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const { host } = props;
  const remove = async () => {
    setBusy(true);
    const result = await safeCall(client, 'hosts.remove', { name: host.name });
    setBusy(false);
    setError(result.ok ? null : result.error);
  };
  return (
    <li className="provider-row" data-testid="host-row" data-host={host.name} data-state={host.state}>
      <div className="provider-row-main">
        <span className="provider-row-label">{host.name}</span>
        <span className="muted">{STATE_TEXT[host.state]}</span>
        <span className="muted provider-row-url">{host.message ?? ''}</span>
        <button type="button" className="button danger-ghost" data-testid="host-remove-button" disabled={busy} onClick={() => void remove()} title="Disconnects and forgets the host; its agents keep running there">
          Remove
        </button>
      </div>
      {error && <ErrorMessage error={error} />}
    </li>
  );
}

type Draft = { name: string; destination: string; identity: string; demo: boolean };
type Offer = { fingerprint: string; message: string };

function HostForm() {
  const client = useClient();
  const [draft, setDraft] = useState<Draft>({ name: '', destination: '', identity: '', demo: false });
  const [error, setError] = useState<ApiError | null>(null);
  const [offer, setOffer] = useState<Offer | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setOffer(null);
  };
  const add = async (acceptFingerprint?: string) => {
    setBusy(true);
    setError(null);
    const result = await safeCall(client, 'hosts.add', paramsOf(draft, acceptFingerprint));
    setBusy(false);
    setOffer(result.ok && result.value.kind === 'unknown_key' ? { fingerprint: result.value.fingerprint, message: result.value.message } : null);
    if (!result.ok) setError(result.error);
    else if (result.value.kind === 'added') setDraft({ name: '', destination: '', identity: '', demo: false });
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void add();
  };
  return (
    <form className="provider-form" data-testid="host-form" onSubmit={onSubmit}>
      <h3 className="provider-form-title">Add a host</h3>
      <Field label="Name">
        <input className="input" data-testid="host-name-input" placeholder="box" value={draft.name} onChange={(e) => set({ name: e.target.value })} />
      </Field>
      <Field label="Destination">
        <input className="input mono" data-testid="host-destination-input" placeholder="user@host:port or an ssh alias (default: the name)" value={draft.destination} onChange={(e) => set({ destination: e.target.value })} />
      </Field>
      <Field label="Key file">
        <input className="input mono" data-testid="host-identity-input" placeholder="~/.ssh/id_ed25519 (optional: else the SSH agent)" value={draft.identity} onChange={(e) => set({ identity: e.target.value })} />
      </Field>
      <div className="provider-field">
        <span>Model</span>
        <label className="checkbox-inline">
          <input type="checkbox" data-testid="host-demo-input" checked={draft.demo} onChange={(e) => set({ demo: e.target.checked })} />
          Its agents use the demo model
        </label>
      </div>
      {offer && (
        <div className="settings-warning host-key-offer" data-testid="host-key-offer">
          <p>{offer.message}</p>
          <p className="mono" data-testid="host-key-fingerprint">{offer.fingerprint}</p>
          <button type="button" className="button" data-testid="host-key-accept" disabled={busy} onClick={() => void add(offer.fingerprint)}>
            Trust this key and add
          </button>
        </div>
      )}
      <div className="provider-form-actions">
        <button type="submit" className="button primary" data-testid="host-add-button" disabled={busy || draft.name.trim() === ''}>
          {busy ? 'Checking and connecting…' : 'Add host'}
        </button>
      </div>
      {error && <ErrorMessage error={error} />}
    </form>
  );
}

function paramsOf(draft: Draft, acceptFingerprint: string | undefined): HostAddParams {
  const optional = (text: string) => (text.trim() === '' ? undefined : text.trim());
  return {
    name: draft.name.trim(),
    destination: optional(draft.destination),
    identity: optional(draft.identity),
    demo: draft.demo,
    acceptFingerprint,
  };
}

function Field(props: { label: string; children: ReactNode }) {
  return (
    <label className="provider-field">
      <span>{props.label}</span>
      {props.children}
    </label>
  );
}
