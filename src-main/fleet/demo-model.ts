/**
 * Demo mode: agents talk to the scripted model server (src-main/demo), started in-process on
 * first use and closed with the fleet. Each thread gets its script registered under its id,
 * which the worker sends as `prompt_cache_key`.
 */
import { ok, type Result } from '../../src-shared/protocol/api';
import type { ModelConfig } from '../../src-shared/protocol/agent';
import { DEFAULT_DEMO_SCRIPT, type DemoScript } from '../demo/script';
import { resolveDemoScriptSpec, type DemoScriptSource } from './demo-script-source';

export const DEMO_PROVIDER_LABEL = 'Demo model (scripted)';

export interface DemoModelServer {
  url: string;
  registerScript(promptCacheKey: string, script: DemoScript, vars?: Record<string, string>): void;
  close(): Promise<void> | void;
}

export type StartDemoServer = () => Promise<DemoModelServer>;

/** Loaded lazily so a fleet with a real provider never loads the demo server's code. */
export const startBundledDemoServer: StartDemoServer = async () => {
  const { startDemoModelServer } = await import('../demo/server');
  return startDemoModelServer();
};

export interface DemoThreadVars {
  agent: string;
  agents: string;
  task: string;
  thread: string;
  branch: string;
}

export interface DemoModel {
  /** A bundled script's name or a JSON file its source allows; null/undefined = the default script. */
  resolveScript(spec: string | null | undefined): Promise<Result<DemoScript>>;
  register(threadId: string, script: DemoScript, vars: DemoThreadVars): Promise<void>;
  /** Registers the default script for a thread that has none in this session (after a restart). */
  ensureRegistered(threadId: string, vars: DemoThreadVars): Promise<void>;
  modelConfig(): Promise<ModelConfig>;
  close(): Promise<void>;
}

const BUNDLED_ONLY: DemoScriptSource = { dir: null, commandLineScript: null };

/** `scripts`: where resolveScript may read script files; by default bundled scripts only. */
export function createDemoModel(start: StartDemoServer = startBundledDemoServer, scripts: DemoScriptSource = BUNDLED_ONLY): DemoModel {
  let server: Promise<DemoModelServer> | null = null;
  const registered = new Set<string>();
  const getServer = (): Promise<DemoModelServer> => {
    server ??= start();
    // A failed start is retried on the next use rather than cached.
    server.catch(() => (server = null));
    return server;
  };
  const register = async (threadId: string, script: DemoScript, vars: DemoThreadVars): Promise<void> => {
    (await getServer()).registerScript(threadId, script, { ...vars });
    registered.add(threadId);
  };
  return {
    async resolveScript(spec) {
      return spec ? resolveDemoScriptSpec(spec, scripts) : ok(DEFAULT_DEMO_SCRIPT);
    },
    register,
    async ensureRegistered(threadId, vars) {
      if (!registered.has(threadId)) await register(threadId, DEFAULT_DEMO_SCRIPT, vars);
    },
    async modelConfig() {
      const { url } = await getServer();
      return { api: 'responses', baseUrl: url, apiKey: 'demo', model: 'flotilla-demo', reasoningEffort: null };
    },
    async close() {
      const running = server;
      server = null;
      if (running) await (await running.catch(() => null))?.close();
    },
  };
}
