import { describe, expect, it } from 'vitest';
import { agentEnvValues, workerEnvironment } from './worker-env';

describe('the worker environment', () => {
  const fleetEnv = {
    PATH: '/usr/bin:/bin',
    HOME: '/home/u',
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
    TERM: 'xterm-256color',
    FLOTILLA_MODEL_IDLE_TIMEOUT_MS: '5000',
    OPENAI_KEY: 'sk-a',
    PGPASSWORD: 'pw',
    DATABASE_URL: 'postgres://u:p@h/db',
    AWS_ACCESS_KEY_ID: 'AKIA',
    NODE_OPTIONS: '--require /tmp/evil.js',
    FLOTILLA_HOME: '/home/u/.flotilla',
    MY_TOOL_HOME: '/opt/tool',
    CARGO_HOME: '/home/u/.cargo',
    SSH_AUTH_SOCK: '/tmp/ssh-x/agent.1',
    XDG_RUNTIME_DIR: '/run/user/1000',
    UNSET: undefined,
  };

  it('is an allow-list: what a shell needs and the worker knobs, never anything else of the fleet', () => {
    expect(workerEnvironment(fleetEnv, {})).toEqual({
      PATH: '/usr/bin:/bin',
      HOME: '/home/u',
      LANG: 'C.UTF-8',
      LC_ALL: 'C.UTF-8',
      TERM: 'xterm-256color',
      FLOTILLA_MODEL_IDLE_TIMEOUT_MS: '5000',
      CARGO_HOME: '/home/u/.cargo',
    });
  });

  it("adds the variables the user named in agentEnv, with the fleet's values", () => {
    const agentEnv = agentEnvValues(fleetEnv, ['MY_TOOL_HOME', 'PGPASSWORD', 'NOT_SET_ANYWHERE']);
    expect(agentEnv).toEqual({ MY_TOOL_HOME: '/opt/tool', PGPASSWORD: 'pw' });
    expect(workerEnvironment(fleetEnv, agentEnv)).toMatchObject({ PATH: '/usr/bin:/bin', MY_TOOL_HOME: '/opt/tool', PGPASSWORD: 'pw' });
  });
});
