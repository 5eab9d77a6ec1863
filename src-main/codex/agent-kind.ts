/**
 * Picks a thread's agent from its first `configure`: the built-in loop, or Codex. Until then
 * nothing is created; messages before the configure go to the built-in agent, which reports them.
 */
import type { Agent } from '../agent/agent';

export interface AgentFactories {
  builtin(): Agent;
  codex(): Agent;
}

export function createAgentByKind(factories: AgentFactories): Agent {
  let chosen: Agent | null = null;
  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  return {
    closed,
    handle(message: unknown): void {
      chosen ??= choose(message, factories);
      void chosen.closed.then(resolveClosed);
      chosen.handle(message);
    },
  };
}

function choose(message: unknown, factories: AgentFactories): Agent {
  const op = (message as { op?: { type?: unknown; config?: { agent?: unknown } } } | null)?.op;
  return op?.type === 'configure' && op.config?.agent === 'codex' ? factories.codex() : factories.builtin();
}
