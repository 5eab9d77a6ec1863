/** `--agent KIND[,KIND...]` of `flotilla new` and `flotilla run`: which agent runs each thread. */
import { AGENT_KINDS, CODEX_SETUPS, type AgentKind, type CodexSetup } from '../../src-shared/protocol/agent';
import { UsageError } from './args';

export const AGENT_OPTION = { agent: { type: 'string' }, 'codex-setup': { type: 'string' } } as const;
export const AGENT_USAGE = `  --agent KIND[,KIND]  builtin (default) or codex (the Codex CLI); one for all agents, or one per agent
  --codex-setup WHOSE  Codex agents run on flotilla (its provider) or mine (your own Codex login
                       and config); default: the settings' codexSetup`;

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

/** `--codex-setup`: the task's own choice over settings' codexSetup; absent: the settings'. */
export function codexSetupArg(value: string | undefined): { codexSetup?: CodexSetup } {
  if (value === undefined) return {};
  if (!(CODEX_SETUPS as readonly string[]).includes(value)) {
    throw new UsageError(`--codex-setup ${value}: choose ${CODEX_SETUPS.join(' or ')}.`);
  }
  return { codexSetup: value as CodexSetup };
}
