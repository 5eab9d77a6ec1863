/**
 * The task form's Host choice on a dashboard of many hosts: this machine (the open repository)
 * or a connected host, whose repository path is typed as that host knows it and remembered per
 * host for the next task. Shown only when the dashboard has hosts.
 */
import { useState } from 'react';
import { useHostsStore } from '../stores/hosts-store';
import { BrowseButton } from './folder-browser';

export interface HostChoice {
  /** null: this machine. */
  name: string | null;
  repoPath: string;
}

const LOCAL = '';
const pathKey = (host: string) => `flotilla.hostRepo.${host}`;

export function useHostChoice(): { choice: HostChoice; setName(name: string | null): void; setRepoPath(path: string): void } {
  const [choice, setChoice] = useState<HostChoice>({ name: null, repoPath: '' });
  return {
    choice,
    setName: (name) => setChoice({ name, repoPath: name === null ? '' : (localStorage.getItem(pathKey(name)) ?? '') }),
    setRepoPath: (repoPath) => {
      if (choice.name !== null) localStorage.setItem(pathKey(choice.name), repoPath);
      setChoice({ ...choice, repoPath });
    },
  };
}

export function TaskHost(props: { choice: HostChoice; onName(name: string | null): void; onRepoPath(path: string): void }) {
  const hosts = useHostsStore((s) => s.hosts);
  if (hosts.length === 0) return null;
  const chosen = hosts.find((h) => h.name === props.choice.name);
  return (
    <div className="field-inline task-host">
      <label className="field-inline">
        <span>Host</span>
        <select className="input" data-testid="task-host-select" value={props.choice.name ?? LOCAL} onChange={(event) => props.onName(event.target.value === LOCAL ? null : event.target.value)}>
          <option value={LOCAL}>This machine</option>
          {hosts.map((host) => (
            <option key={host.name} value={host.name} disabled={host.state !== 'connected'}>
              {host.name}{host.state === 'connected' ? '' : ` (${host.state})`}
            </option>
          ))}
        </select>
      </label>
      {props.choice.name !== null && (
        <input
          className="input mono task-host-repo"
          data-testid="task-host-repo"
          placeholder={`Repository path on ${props.choice.name}`}
          value={props.choice.repoPath}
          onChange={(event) => props.onRepoPath(event.target.value)}
        />
      )}
      {props.choice.name !== null && (
        <BrowseButton testId="task-host-browse" host={props.choice.name} start={props.choice.repoPath.trim()} disabled={chosen?.state !== 'connected'} onChoose={props.onRepoPath} />
      )}
      {props.choice.name !== null && chosen && chosen.state !== 'connected' && (
        <span className="approval-hint">Host {chosen.name} is {chosen.state}; a task can start there once it is connected again.</span>
      )}
    </div>
  );
}
