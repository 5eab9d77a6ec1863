import { useHostsStore } from '../stores/hosts-store';

const STATE_LABELS = { connected: 'connected', connecting: 'connecting…', reconnecting: 'reconnecting…', failed: 'failed' } as const;

/** One chip per remote host: its name and connection state; the message says why when it is not connected. */
export function HostChips() {
  const hosts = useHostsStore((s) => s.hosts);
  if (hosts.length === 0) return null;
  return (
    <span className="host-chips" data-testid="host-chips">
      {hosts.map((host) => (
        <span
          key={host.name}
          className="host-chip"
          data-testid="host-chip"
          data-host={host.name}
          data-state={host.state}
          role="status"
          title={host.message ? `Host ${host.name}: ${host.message}` : `Host ${host.name}: ${STATE_LABELS[host.state]}`}
        >
          <span className="connection-dot" aria-hidden />
          {host.name} · {STATE_LABELS[host.state]}
          {host.state === 'failed' && host.message && <span className="host-chip-message"> — {host.message}</span>}
        </span>
      ))}
    </span>
  );
}
