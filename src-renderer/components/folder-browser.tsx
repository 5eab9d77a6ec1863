/**
 * "Browse…" for the repository field where no native picker exists (a browser, a remote host):
 * the server's folders (or the chosen host's) through `folders.list`, git checkouts marked.
 * Arrows move, Enter opens a folder, Backspace goes up, Escape closes; Choose fills the field
 * with the selected checkout, or the folder shown when none is selected.
 */
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { ApiError } from '../../src-shared/protocol/api';
import type { FolderListing } from '../../src-shared/protocol/api-folders';
import { breadcrumbs, joinFolder } from '../lib/folder-path';
import { safeCall } from '../session/safe-call';
import { useClient } from '../session/session-context';
import { Overlay } from '../views/overlay';
import { ErrorMessage } from './error-message';

interface BrowseProps {
  /** A host's name (hosts.status), or null for the server's own folders. */
  host: string | null;
  /** Where to start: the field's path when it is absolute, else the home folder. */
  start: string;
  onChoose(path: string): void;
}

export function BrowseButton(props: BrowseProps & { disabled?: boolean; testId?: string }) {
  const [open, setOpen] = useState(false);
  const close = useCallback(() => setOpen(false), []);
  return (
    <>
      <button type="button" className="button" data-testid={props.testId ?? 'folder-browse-button'} disabled={props.disabled} onClick={() => setOpen(true)}>
        Browse…
      </button>
      {open && <FolderBrowser {...props} onClose={close} onChoose={(path) => { close(); props.onChoose(path); }} />}
    </>
  );
}

type Row = { kind: 'up'; path: string } | { kind: 'folder'; name: string; path: string; isGitRepo: boolean };

function rowsOf(listing: FolderListing): Row[] {
  const up: Row[] = listing.parent === null ? [] : [{ kind: 'up', path: listing.parent }];
  return [...up, ...listing.entries.map((e): Row => ({ kind: 'folder', name: e.name, path: joinFolder(listing.path, e.name), isGitRepo: e.isGitRepo }))];
}

function useFolderListing(host: string | null, start: string) {
  const client = useClient();
  const [listing, setListing] = useState<FolderListing | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(false);
  // Clicks can outrun a slow host: only the latest request's answer is shown.
  const latest = useRef(0);
  const go = useCallback(async (path: string | undefined): Promise<'shown' | 'failed' | 'stale'> => {
    const request = ++latest.current;
    setLoading(true);
    const listed = await safeCall(client, 'folders.list', { ...(path ? { path } : {}), ...(host ? { host } : {}) });
    if (request !== latest.current) return 'stale';
    setLoading(false);
    setError(listed.ok ? null : listed.error);
    if (listed.ok) setListing(listed.value);
    return listed.ok ? 'shown' : 'failed';
  }, [client, host]);
  useEffect(() => {
    // A start that is gone (a repository moved) falls back to the home folder.
    const absolute = start.startsWith('/') || /^[A-Za-z]:\\/.test(start);
    void go(absolute ? start : undefined).then((outcome) => (outcome === 'failed' && absolute ? go(undefined) : undefined));
  }, [go, start]);
  return { listing, error, loading, go };
}

function FolderBrowser(props: BrowseProps & { onClose(): void }) {
  const { listing, error, loading, go } = useFolderListing(props.host, props.start);
  const [selected, setSelected] = useState(-1);
  const list = useRef<HTMLUListElement>(null);
  useEffect(() => list.current?.focus(), []);
  const rows = listing ? rowsOf(listing) : [];
  const enter = (path: string) => void go(path).then((outcome) => outcome === 'shown' && setSelected(-1));
  const chosenRow = rows[selected];
  const choice = chosenRow?.kind === 'folder' && chosenRow.isGitRepo ? chosenRow.path : listing?.path;
  const onKeyDown = (event: KeyboardEvent) => {
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1 };
    const move = moves[event.key];
    if (move !== undefined && rows.length > 0) {
      event.preventDefault();
      setSelected((i) => Math.min(rows.length - 1, Math.max(0, i + move)));
    } else if (event.key === 'Enter' && chosenRow) {
      event.preventDefault();
      enter(chosenRow.path);
    } else if (event.key === 'Backspace' && listing?.parent) {
      event.preventDefault();
      enter(listing.parent);
    }
  };
  const where = props.host === null ? 'this server' : props.host;
  return (
    <Overlay title={`Choose a repository on ${where}`} onClose={props.onClose} testId="folder-browser">
      {listing && <Breadcrumbs path={listing.path} onGo={enter} />}
      <ul className="palette-list folder-list" role="listbox" aria-label="Folders" tabIndex={0} ref={list} onKeyDown={onKeyDown} aria-busy={loading}>
        {rows.map((row, i) => (
          <li
            key={row.path}
            role="option"
            aria-selected={i === selected}
            className="palette-item"
            data-testid="folder-entry"
            data-git={row.kind === 'folder' && row.isGitRepo ? 'true' : undefined}
            onClick={() => setSelected(i)}
            onDoubleClick={() => enter(row.path)}
          >
            <span className="palette-label">{row.kind === 'up' ? '.. (up)' : row.name}</span>
            {row.kind === 'folder' && row.isGitRepo && <span className="palette-group folder-git">git repository</span>}
          </li>
        ))}
        {listing && rows.length === 0 && <li className="palette-empty">No folders here.</li>}
        {listing?.truncated && <li className="palette-empty">Only the first {listing.entries.length} folders are shown.</li>}
      </ul>
      {error && <ErrorMessage error={error} />}
      <div className="folder-actions">
        <span className="muted mono folder-choice">{choice ?? ''}</span>
        <button type="button" className="button ghost" onClick={props.onClose}>Cancel</button>
        <button type="button" className="button primary" data-testid="folder-choose" disabled={!choice} onClick={() => choice && props.onChoose(choice)}>
          Choose
        </button>
      </div>
    </Overlay>
  );
}

function Breadcrumbs(props: { path: string; onGo(path: string): void }) {
  return (
    <nav className="folder-crumbs" aria-label="Folder path" data-testid="folder-crumbs">
      {breadcrumbs(props.path).map((crumb) => (
        <button key={crumb.path} type="button" className="button ghost folder-crumb" onClick={() => props.onGo(crumb.path)}>
          {crumb.label}
        </button>
      ))}
    </nav>
  );
}
