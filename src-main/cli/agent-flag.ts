/** `--agent KIND[,KIND...]` of `flotilla new` and `flotilla run`: which agent runs each thread. */
import { AGENT_KINDS, type AgentKind } from '../../src-shared/protocol/agent';
import { UsageError } from './args';

export const AGENT_OPTION = { agent: { type: 'string' } } as const;
export const AGENT_USAGE = `  --agent KIND[,KIND]  builtin (default) or codex (the Codex CLI); one for all agents, or one per agent`;

/** Absent: the fleet's default (builtin). */
export function agentKindsArg(value: string | undefined): AgentKind[] | undefined {
  if (value === undefined) return undefined;
  const kinds = value.split(',').map((k) => k.trim());
  for (const kind of kinds) {
    if (!(AGENT_KINDS as readonly string[]).includes(kind)) {
      throw new UsageError(`--agent ${kind}: choose ${AGENT_KINDS.join(' or ')} (comma-separated for one per agent).`);
    }
  }
  return kinds as AgentKind[];
}
