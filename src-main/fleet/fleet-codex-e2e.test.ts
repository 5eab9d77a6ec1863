/**
 * A Codex thread end to end: the fleet forks the built worker (dist/main/worker.cjs) in demo mode
 * with agent kind 'codex'; the worker runs the real codex app-server against the demo server.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codexMissing } from '../codex/test-support/codex-test-support';
import { createFleetFixture, type FleetFixture } from './test-support/fleet-fixture';
import { call, threadEvents, waitForThreads } from './test-support/fleet-test-support';

const WORKER = join(dirname(fileURLToPath(import.meta.url)), '../../dist/main/worker.cjs');
const missing = await codexMissing();

describe.skipIf(missing !== null)(`a Codex thread in the fleet${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let fx: FleetFixture;
  beforeEach(async () => {
    fx = await createFleetFixture();
  });
  afterEach(() => fx.cleanup());

  it('runs the default demo script with Codex to done, its diff taken from the worktree', async () => {
    const fleet = await fx.openFleet({ forceDemo: true, workerEntry: WORKER });
    const run = await call(fleet, 'task.run', { repoPath: fx.repo, prompt: 'Show the demo', agents: 2, agentKinds: ['builtin', 'codex'] });
    expect(run.threads.map((t) => t.agent)).toEqual(['builtin', 'codex']);
    const threads = await waitForThreads(
      fleet,
      (ts) => ts.some((t) => t.status === 'failed') || ts.every((t) => t.status === 'done' && t.diffStat !== null),
      'both agents to finish',
      120_000,
    );
    const codex = threads.find((t) => t.agent === 'codex');
    expect(codex).toMatchObject({ status: 'done', error: null, diffStat: { files: 1 } });
    expect(readFileSync(join(codex!.worktreePath, 'flotilla-demo/agent-2.md'), 'utf8')).toContain('Task: Show the demo');
    expect(existsSync(join(fx.dataDir, 'codex', codex!.id, 'config.toml'))).toBe(true);
    const events = await threadEvents(fleet, codex!.id);
    const ready = events.find((e) => e.msg.type === 'ready');
    expect(ready?.msg.type === 'ready' && ready.msg.shell).toMatch(/^codex \d+\.\d+\.\d+/);
    const items = events.flatMap((e) => (e.msg.type === 'item_completed' ? [e.msg.item] : []));
    expect(items.some((i) => i.type === 'command' && i.status === 'completed')).toBe(true);
    expect(items.some((i) => i.type === 'patch' && i.status === 'completed')).toBe(true);
  });
});
