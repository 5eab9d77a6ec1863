/**
 * The worker's real environment under a policy like the fleet's: the exec_command tool, as the
 * model calls it, runs in bwrap with an allow-listed environment; a sandbox that cannot be built
 * or will not start is an error, never a shell without one.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AgentEventMsg, WorkerConfig } from '../../src-shared/protocol/agent';
import { describeWithBwrap, makeFleetLikeFixture, type FleetLikeFixture } from '../terminal/sandbox/test-support/sandbox-test-support';
import { makeConfig } from './test-support/agent-test-support';
import { configureThread, type AgentEnvironment } from './configure';
import { createWorktreeEnvironment } from './environment';
import { sandboxedShellLaunch, startShell } from './shell-launch';

const MARKER = `FLOTILLA_ENV_MARKER_${process.pid}`;
const SECRETS = { PGPASSWORD: 'pg-secret-value', DATABASE_URL: 'postgres://u:db-secret-value@h/db', OPENAI_KEY: 'sk-openai-secret-value', [MARKER]: 'marker-secret-value' };

describeWithBwrap('createWorktreeEnvironment in the sandbox', () => {
  let fixture: FleetLikeFixture;
  let env: AgentEnvironment;
  let config: WorkerConfig;

  beforeAll(async () => {
    Object.assign(process.env, SECRETS);
    fixture = makeFleetLikeFixture();
    config = {
      ...makeConfig({ baseUrl: 'http://127.0.0.1:9', worktreePath: fixture.worktree }),
      sandbox: fixture.policy(),
      agentEnv: { DEV_DATABASE: 'postgres://localhost/dev', FLOTILLA_PORT: '4100' },
      commandTimeoutSeconds: 2,
    };
    env = await createWorktreeEnvironment(config);
  });

  afterAll(() => {
    env?.dispose();
    for (const name of Object.keys(SECRETS)) delete process.env[name];
    fixture?.remove();
  });

  async function exec(cmd: string): Promise<string> {
    const tool = env.tools.find((t) => t.definition.name === 'exec_command');
    if (!tool) throw new Error('no exec_command');
    const events: AgentEventMsg[] = [];
    const ctx = { turnId: 't', callId: `c-${Math.random()}`, worktreePath: fixture.worktree, signal: new AbortController().signal, emit: (m: AgentEventMsg) => events.push(m) };
    return tool.run(JSON.stringify({ cmd, yield_time_ms: 30_000 }), ctx);
  }

  it('reports bwrap as its sandbox, to the model too', async () => {
    expect(env.sandbox).toBe('bwrap');
    const configured = await configureThread(config, { createEnvironment: createWorktreeEnvironment });
    try {
      expect(configured.session.history[0]).toMatchObject({ text: expect.stringContaining('<sandbox_mode>bwrap</sandbox_mode>') });
    } finally {
      configured.env.dispose();
    }
  });

  it("reads neither the data dir's server.json nor any other process's environment", async () => {
    const text = await exec(`cat ${fixture.dataDir}/server.json; cat /proc/*/environ | tr '\\0' '\\n'`);
    expect(text).toContain('No such file');
    expect(text).toContain('PATH=');
    expect(text).not.toContain(fixture.secret);
    for (const value of Object.values(SECRETS)) expect(text).not.toContain(value);
  });

  it('sees an allow-listed environment plus what the user named', async () => {
    const text = await exec('env | sort');
    for (const value of Object.values(SECRETS)) expect(text).not.toContain(value);
    expect(text).toContain('DEV_DATABASE=postgres://localhost/dev');
    expect(text).toContain('FLOTILLA_PORT=4100');
    expect(text).not.toContain('FLOTILLA_HOME');
    expect(text).toContain('TMPDIR=/tmp');
  });

  it('refuses writes outside the worktree and keeps the worktree writable', async () => {
    expect(await exec(`echo x > ${fixture.repo}/planted`)).toContain('Read-only file system');
    expect(await exec('echo ok > made.txt && cat made.txt')).toContain('Exit code: 0');
  });

  it('still kills a command that passes commandTimeoutSeconds', async () => {
    const text = await exec('sleep 30; echo survived');
    expect(text).toContain('timed out after 2 s');
    expect(text).not.toContain('survived');
    expect(env.runningProcessGroups()).toEqual([]);
  });

  it('fails closed when the policy cannot be honoured', async () => {
    const bad = { ...config, sandbox: { ...fixture.policy(), writableRoots: [`${fixture.root}/gone`] } };
    await expect(createWorktreeEnvironment(bad)).rejects.toMatchObject({ code: 'invalid_policy' });
  });

  it('fails closed when bwrap will not start, saying so', async () => {
    const launch = await sandboxedShellLaunch(config, {
      detect: async () => ({ kind: 'bwrap', available: true, problem: null, executable: '/bin/false' }),
    });
    await expect(startShell(launch)).rejects.toMatchObject({ code: 'sandbox_failed', message: expect.stringContaining('sandbox (bwrap) did not start') });
  });
});
