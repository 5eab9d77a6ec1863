/**
 * The Terminal tab of a thread: the agent's terminal (its contained shell, which the agent uses
 * too) and the user's own shells in the same worktree, a strip to switch between them, "New
 * terminal", flotilla.json's `run` commands (each in a terminal of its own; closing it stops it)
 * and "Open in…".
 */
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import type { TerminalInfo } from '../../src-shared/protocol/api-terminal';
import { useClient } from '../session/session-context';
import { OpenInMenu } from './open-in-menu';

/** xterm.js (about 600 KB) loads with the first Terminal opened, not with the dashboard. */
const TerminalPane = lazy(() => import('./terminal-pane').then((m) => ({ default: m.TerminalPane })));

export function TerminalTab(props: { threadId: string; worktreePath: string }) {
  const client = useClient();
  const { threadId } = props;
  const [terminals, setTerminals] = useState<TerminalInfo[]>([]);
  const [current, setCurrent] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [runCommands, setRunCommands] = useState<{ name: string; command: string }[]>([]);

  useEffect(() => {
    let live = true;
    void client.call('thread.runCommands', { threadId }).then((listed) => live && listed.ok && setRunCommands(listed.value.commands), () => undefined);
    return () => {
      live = false;
    };
  }, [client, threadId]);

  const refresh = useCallback(async () => {
    const listed = await client.call('terminal.list', { threadId });
    if (listed.ok) setTerminals(listed.value.terminals);
  }, [client, threadId]);

  useEffect(() => {
    let live = true;
    void client.call('terminal.open', { threadId, kind: 'agent' }).then(async (opened) => {
      if (!live) return;
      if (!opened.ok) return setProblem(opened.error.message);
      setCurrent((was) => was ?? opened.value.terminalId);
      await refresh();
    }, (error: unknown) => live && setProblem(String(error)));
    return () => {
      live = false;
    };
  }, [client, threadId, refresh]);

  const newTerminal = async () => {
    const opened = await client.call('terminal.open', { threadId, kind: 'user' });
    if (!opened.ok) return setProblem(opened.error.message);
    setCurrent(opened.value.terminalId);
    await refresh();
  };
  const startRun = async (name: string) => {
    const opened = await client.call('thread.run', { threadId, name });
    if (!opened.ok) return setProblem(opened.error.message);
    setCurrent(opened.value.terminalId);
    await refresh();
  };
  const close = async (terminalId: string) => {
    await client.call('terminal.close', { terminalId });
    setCurrent((was) => (was === terminalId ? (terminals[0]?.terminalId ?? null) : was));
    await refresh();
  };
  const shown = terminals.find((t) => t.terminalId === current) ?? null;

  return (
    <div className="terminal-tab" data-testid="terminal-tab">
      <div className="terminal-strip" role="tablist">
        {terminals.map((t) => (
          <span key={t.terminalId} className={`terminal-strip-item terminal-strip-${t.kind}`} aria-selected={t.terminalId === current} role="tab">
            <button type="button" className="terminal-strip-button" data-testid={`terminal-strip-${t.kind}`} onClick={() => setCurrent(t.terminalId)}>
              {t.kind === 'agent' ? 'Agent' : t.title}
            </button>
            {t.kind === 'user' && (
              <button type="button" className="terminal-strip-close" aria-label={`Close ${t.title}`} title="Stop what runs there and close it" onClick={() => void close(t.terminalId)}>
                ×
              </button>
            )}
          </span>
        ))}
        <button type="button" className="button ghost" data-testid="new-terminal" onClick={() => void newTerminal()} title="A shell of your own in this worktree, outside the sandbox">
          + New terminal
        </button>
        {runCommands.map((c) => (
          <button key={c.name} type="button" className="button ghost" data-testid={`run-command-${c.name}`} onClick={() => void startRun(c.name)} title={`Run "${c.command}" (flotilla.json) in a terminal of its own, as you, outside the sandbox; close it to stop it`}>
            ▶ {c.name}
          </button>
        ))}
        <div className="top-spacer" />
        <OpenInMenu threadId={threadId} worktreePath={props.worktreePath} onTerminalOpened={(id) => void refresh().then(() => setCurrent(id))} onProblem={setProblem} />
      </div>
      {problem && <div className="terminal-problem" role="alert">{problem}</div>}
      {shown ? (
        <Suspense fallback={<div className="empty">Loading the terminal…</div>}>
          <TerminalPane key={shown.terminalId} info={shown} />
        </Suspense>
      ) : (
        <div className="empty">Starting the agent's shell…</div>
      )}
    </div>
  );
}
