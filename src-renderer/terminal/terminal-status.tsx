/** The bar above a terminal: whose shell it is, how the user and the agent share it, a search box. */
import { useState } from 'react';
import type { TerminalInfo } from '../../src-shared/protocol/api-terminal';

/** What the last search found: `index` is -1 when nothing is selected. */
export interface SearchMatches {
  index: number;
  count: number;
}

export function TerminalStatus(props: { info: TerminalInfo; problem: string | null; matches: SearchMatches | null; onSearch: (text: string) => void }) {
  const { info } = props;
  const [query, setQuery] = useState('');
  return (
    <div className="terminal-status" data-testid="terminal-status">
      {info.kind === 'agent' ? (
        <span className="terminal-label" title="What you type runs in the agent's contained shell; its next command waits while yours runs.">
          Agent's shell · sandboxed
        </span>
      ) : (
        <span className="terminal-label terminal-label-user" data-testid="terminal-user-label" title="Runs as you, with your rights, outside the agents' sandbox.">
          Your shell, not sandboxed
        </span>
      )}
      <SharingNote info={info} />
      {props.problem && <span className="terminal-problem">{props.problem}</span>}
      <div className="top-spacer" />
      <input
        className="terminal-search"
        placeholder="Find"
        aria-label="Find in terminal"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && query) props.onSearch(query);
        }}
      />
      {props.matches && (
        <span className="muted" data-testid="terminal-matches">
          {props.matches.count === 0 ? 'No matches' : `${props.matches.index + 1} of ${props.matches.count}`}
        </span>
      )}
    </div>
  );
}

function SharingNote(props: { info: TerminalInfo }) {
  const { info } = props;
  if (info.exited) return <span className="terminal-note">The shell exited.</span>;
  if (info.agentWaiting) return <span className="terminal-note terminal-waiting" data-testid="terminal-agent-waiting">Agent waiting for your command to finish</span>;
  if (info.userCommand) return <span className="terminal-note" data-testid="terminal-user-command">Your command is running</span>;
  return null;
}
