/**
 * "Open in…": the worktree in the user's editor; from the desktop app also the system terminal
 * and the file manager (the fleet runs on the user's machine there). In a browser the fleet may
 * be on another machine, so the path can be copied instead.
 */
import { useState } from 'react';
import type { OpenInTarget } from '../../src-shared/protocol/api-terminal';
import { useClient } from '../session/session-context';
import { useAppStore } from '../stores/app-store';

export function OpenInMenu(props: { threadId: string; worktreePath: string; onTerminalOpened: (terminalId: string) => void; onProblem: (message: string | null) => void }) {
  const client = useClient();
  const desktop = useAppStore((s) => s.appInfo?.canPickFolder ?? false);
  const [note, setNote] = useState<string | null>(null);

  const open = async (target: OpenInTarget) => {
    const before = await client.call('terminal.list', { threadId: props.threadId });
    const opened = await client.call('worktree.openIn', { threadId: props.threadId, target });
    if (!opened.ok) return props.onProblem(opened.error.message);
    props.onProblem(null);
    setNote(opened.value.how);
    // An editor such as vim opens in a new terminal of the user's: show it.
    const after = await client.call('terminal.list', { threadId: props.threadId });
    const known = new Set(before.ok ? before.value.terminals.map((t) => t.terminalId) : []);
    const added = after.ok ? after.value.terminals.find((t) => !known.has(t.terminalId)) : undefined;
    if (added) props.onTerminalOpened(added.terminalId);
  };
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.worktreePath);
      setNote('Path copied.');
    } catch {
      setNote(props.worktreePath);
    }
  };

  return (
    <div className="open-in" data-testid="open-in">
      <span className="muted">Open in</span>
      <button type="button" className="button ghost" data-testid="open-in-editor" onClick={() => void open('editor')}>
        Editor
      </button>
      {desktop ? (
        <>
          <button type="button" className="button ghost" onClick={() => void open('terminal')}>
            Terminal
          </button>
          <button type="button" className="button ghost" onClick={() => void open('files')}>
            Files
          </button>
        </>
      ) : (
        <button type="button" className="button ghost" data-testid="copy-worktree-path" title={props.worktreePath} onClick={() => void copy()}>
          Copy path
        </button>
      )}
      {note && <span className="muted open-in-note">{note}</span>}
    </div>
  );
}
