/**
 * Demo mode: agents talk to the scripted model server (src-main/demo), started in-process on
 * first use and closed with the fleet. Each thread gets its script registered under its id,
 * which the worker sends as `prompt_cache_key`.
 */
import { ok, type Result } from '../../src-shared/protocol/api';
import type { ModelConfig } from '../../src-shared/protocol/agent';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DEFAULT_DEMO_SCRIPT, DemoScriptSchema, type DemoScript } from '../demo/script';
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
  /** Registers the script kept for a thread that has none in this session (after a restart), else the default. */
  ensureRegistered(threadId: string, vars: DemoThreadVars): Promise<void>;
  modelConfig(): Promise<ModelConfig>;
  close(): Promise<void>;
}

const BUNDLED_ONLY: DemoScriptSource = { dir: null, commandLineScript: null };

/**
 * `scripts`: where resolveScript may read script files; by default bundled scripts only. `keptDir`:
 * where each thread's script is kept, so a restarted fleet replays it (a task's file may be gone).
 */
export function createDemoModel(start: StartDemoServer = startBundledDemoServer, scripts: DemoScriptSource = BUNDLED_ONLY, keptDir: string | null = null): DemoModel {
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
  const keptPath = (threadId: string): string | null => (keptDir ? join(keptDir, `${threadId}.json`) : null);
  return {
    async resolveScript(spec) {
      return spec ? resolveDemoScriptSpec(spec, scripts) : ok(DEFAULT_DEMO_SCRIPT);
    },
    async register(threadId, script, vars) {
      const path = keptPath(threadId);
      if (path) await mkdir(dirname(path), { recursive: true }).then(() => writeFile(path, JSON.stringify(script)));
      await register(threadId, script, vars);
    },
    async ensureRegistered(threadId, vars) {
      if (!registered.has(threadId)) await register(threadId, await keptScript(keptPath(threadId)), vars);
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

/** The thread's kept script; the default when none was kept (an older thread) or it no longer parses. */
async function keptScript(path: string | null): Promise<DemoScript> {
  if (!path) return DEFAULT_DEMO_SCRIPT;
  try {
    const parsed = DemoScriptSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
    return parsed.success ? parsed.data : DEFAULT_DEMO_SCRIPT;
  } catch {
    return DEFAULT_DEMO_SCRIPT;
  }
}
