/**
 * Which agent a new task's threads run: Flotilla's built-in agent, the Codex CLI, or both in
 * turn (agent 1 built-in, agent 2 Codex, ...), so best-of-N can pit one against the other; and
 * whether its Codex agents run on the user's own Codex setup.
 */
import { useState } from 'react';
import type { AgentKind, CodexSetup } from '../../src-shared/protocol/agent';
import type { AppInfo } from '../../src-shared/protocol/api';

export type AgentChoice = AgentKind | 'alternate';

/** What task.run gets; undefined = every agent built-in. */
export function agentKindsFor(choice: AgentChoice, agents: number): AgentKind[] | undefined {
  if (choice === 'builtin') return undefined;
  if (choice === 'codex') return ['codex'];
  const count = Math.max(1, agents);
  return Array.from({ length: count }, (_, i) => (i % 2 === 0 ? 'builtin' : 'codex'));
}

export interface CodexSetupChoice {
  /** What the task's Codex agents use: the user's flip, else the settings'. */
  setup: CodexSetup;
  set(setup: CodexSetup): void;
  /** What task.run gets: only a choice that differs from the settings', so the rest follow them. */
  override: CodexSetup | undefined;
}

export function useCodexSetupChoice(codex: AppInfo['codex']): CodexSetupChoice {
  const [chosen, set] = useState<CodexSetup | null>(null);
  const setting = codex?.setup ?? 'flotilla';
  const setup = chosen ?? setting;
  return { setup, set, override: setup === setting ? undefined : setup };
}

/** Which codex runs and whose setup, or why none can: shown once the user picks an agent choice with Codex in it. */
function CodexStatus(props: { codex: AppInfo['codex']; setup: CodexSetup }) {
  const codex = props.codex;
  if (!codex) return null;
  if (codex.problem) {
    return (
      <span className="hint codex-status-problem" role="alert" data-testid="codex-status">
        {codex.problem}
      </span>
    );
  }
  // With codexSetup "mine" the thread runs on the user's own login and config, not the task's provider.
  const mine = props.setup === 'mine';
  return (
    <span className="hint" data-testid="codex-status" title={mine ? `${codex.path ?? ''}, with ${codex.userHome ?? 'your CODEX_HOME'}` : (codex.path ?? '')}>
      codex {codex.version}
      {mine && ' · your Codex setup'}
    </span>
  );
}

export function TaskAgentKind(props: { value: AgentChoice; onChange: (choice: AgentChoice) => void; codex?: AppInfo['codex']; codexSetup: CodexSetupChoice }) {
  const { codexSetup } = props;
  const withCodex = props.value !== 'builtin';
  return (
    <>
      <label className="field-inline task-agent-kind">
        <span>Agent</span>
        <select className="input select" data-testid="task-agent-kind" value={props.value} onChange={(e) => props.onChange(e.target.value as AgentChoice)}>
          <option value="builtin">Built-in</option>
          <option value="codex">Codex CLI</option>
          <option value="alternate">Both, alternating</option>
        </select>
        {withCodex && <CodexStatus codex={props.codex} setup={codexSetup.setup} />}
      </label>
      {withCodex && (
        <label className="field-inline task-codex-setup" title="Codex threads run on your own Codex login and config (your CODEX_HOME) instead of Flotilla's provider.">
          <input type="checkbox" data-testid="codex-setup-mine" checked={codexSetup.setup === 'mine'} onChange={(e) => codexSetup.set(e.target.checked ? 'mine' : 'flotilla')} />
          <span>Use my Codex setup</span>
        </label>
      )}
    </>
  );
}
