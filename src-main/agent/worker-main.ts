/**
 * The agent worker process: one per thread, forked by the fleet (child_process.fork in Node,
 * utilityProcess.fork in Electron). Wires the agent to the fleet channel and makes sure that
 * whatever goes wrong, the fleet hears about it before the process ends.
 */
import { createAgentByKind } from '../codex/agent-kind';
import { createCodexAgent } from '../codex/codex-agent';
import { createAgent } from './agent';
import { exitAfterFlush, installCrashGuard } from './crash-guard';
import { createWorktreeEnvironment } from './environment';
import { DEFAULT_IDLE_TIMEOUT_MS } from './retry';
import { coalesceDeltas } from './delta-coalescing-port';
import { createProcessPort } from './worker-port';

/** Lets tests (and a slow local model) change how long a silent stream is tolerated. */
const IDLE_TIMEOUT_ENV = 'FLOTILLA_MODEL_IDLE_TIMEOUT_MS';

function main(): void {
  // Streamed text goes to the fleet a window at a time (delta-coalescing-port.ts).
  const port = coalesceDeltas(createProcessPort());
  const exit = (code: number) => process.exit(code);
  installCrashGuard({ port, exit });
  const onShutdown = () => void exitAfterFlush(port, 0, exit);
  // The first configure says which agent this thread runs (src-main/codex for the Codex CLI).
  const agent = createAgentByKind({
    builtin: () =>
      createAgent({
        emit: (event) => port.post(event),
        emitTerminal: (msg) => port.post({ kind: 'terminal', msg }),
        createEnvironment: createWorktreeEnvironment,
        idleTimeoutMs: positiveNumber(process.env[IDLE_TIMEOUT_ENV]) ?? DEFAULT_IDLE_TIMEOUT_MS,
        onShutdown,
      }),
    codex: () => createCodexAgent({ emit: (event) => port.post(event), emitTerminal: (msg) => port.post({ kind: 'terminal', msg }), onShutdown }),
  });
  port.onMessage((message) => agent.handle(message));
  // Nobody will send shutdown once the fleet is gone or asks us to stop: do it ourselves, so
  // the shell and its commands end with us.
  port.onDisconnect(() => agent.handle({ id: 'disconnect', op: { type: 'shutdown' } }));
  process.once('SIGTERM', () => agent.handle({ id: 'sigterm', op: { type: 'shutdown' } }));
}

function positiveNumber(value: string | undefined): number | null {
  const n = Number(value);
  return value && Number.isFinite(n) && n > 0 ? n : null;
}

main();
