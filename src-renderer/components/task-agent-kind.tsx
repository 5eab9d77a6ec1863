/**
 * Which agent a new task's threads run: Flotilla's built-in agent, the Codex CLI, or both in
 * turn (agent 1 built-in, agent 2 Codex, ...), so best-of-N can pit one against the other.
 */
import type { AgentKind } from '../../src-shared/protocol/agent';
import type { AppInfo } from '../../src-shared/protocol/api';

export type AgentChoice = AgentKind | 'alternate';

/** What task.run gets; undefined = every agent built-in. */
export function agentKindsFor(choice: AgentChoice, agents: number): AgentKind[] | undefined {
  if (choice === 'builtin') return undefined;
  if (choice === 'codex') return ['codex'];
  const count = Math.max(1, agents);
  return Array.from({ length: count }, (_, i) => (i % 2 === 0 ? 'builtin' : 'codex'));
}

/** Which codex runs and whose setup, or why none can: shown once the user picks an agent choice with Codex in it. */
function CodexStatus(props: { codex: AppInfo['codex'] }) {
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
  const mine = codex.setup === 'mine';
  return (
    <span className="hint" data-testid="codex-status" title={mine ? `${codex.path ?? ''}, with ${codex.userHome ?? ''}` : (codex.path ?? '')}>
      codex {codex.version}
      {mine && ' · your Codex setup'}
    </span>
  );
}

export function TaskAgentKind(props: { value: AgentChoice; onChange: (choice: AgentChoice) => void; codex?: AppInfo['codex'] }) {
  return (
    <label className="field-inline task-agent-kind">
      <span>Agent</span>
      <select className="input select" data-testid="task-agent-kind" value={props.value} onChange={(e) => props.onChange(e.target.value as AgentChoice)}>
        <option value="builtin">Built-in</option>
        <option value="codex">Codex CLI</option>
        <option value="alternate">Both, alternating</option>
      </select>
      {props.value !== 'builtin' && <CodexStatus codex={props.codex} />}
    </label>
  );
}
