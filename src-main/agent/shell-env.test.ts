import { describe, expect, it } from 'vitest';
import { agentShellEnv } from './shell-env';

const SERVER_ENV = {
  PATH: '/usr/bin:/bin',
  HOME: '/home/u',
  USER: 'u',
  LANG: 'en_US.UTF-8',
  LC_ALL: 'C.UTF-8',
  TERM: 'xterm',
  // What a deny-list missed: none of these names says KEY or TOKEN in the way it looked for.
  PGPASSWORD: 'pg-secret',
  DATABASE_URL: 'postgres://u:db-secret@host/db',
  OPENAI_KEY: 'sk-secret',
  AWS_ACCESS_KEY_ID: 'AKIA-secret',
  AWS_SECRET_ACCESS_KEY: 'aws-secret',
  GITHUB_TOKEN: 'ghp-secret',
  SSH_AUTH_SOCK: '/tmp/ssh-agent.sock',
  HTTPS_PROXY: 'http://u:proxy-secret@proxy:3128',
  FLOTILLA_HOME: '/home/u/.flotilla',
  FLOTILLA_TOKEN: 'fleet-secret',
  NODE_CHANNEL_FD: '3',
  ELECTRON_RUN_AS_NODE: '1',
};

describe('agentShellEnv', () => {
  it('passes only the allow-list: no secret of the server, whatever its name', () => {
    const env = agentShellEnv(SERVER_ENV);
    expect(env).toEqual({ PATH: '/usr/bin:/bin', HOME: '/home/u', USER: 'u', LANG: 'en_US.UTF-8', LC_ALL: 'C.UTF-8', TERM: 'xterm' });
    expect(JSON.stringify(env)).not.toMatch(/secret|FLOTILLA/);
  });

  it("adds the user's named variables, FLOTILLA_* among them, but never the worker's plumbing", () => {
    const env = agentShellEnv(SERVER_ENV, { agentEnv: { DATABASE_URL: 'postgres://dev', FLOTILLA_PORT: '4100', NODE_CHANNEL_FD: '9' } });
    expect(env.DATABASE_URL).toBe('postgres://dev');
    expect(env.FLOTILLA_PORT).toBe('4100');
    expect(env.FLOTILLA_HOME).toBeUndefined();
    expect(env.NODE_CHANNEL_FD).toBeUndefined();
  });

  it("points TMPDIR and tools' caches at the sandbox's private temp dir", () => {
    const env = agentShellEnv({ ...SERVER_ENV, TMPDIR: '/var/host-tmp' }, { privateTmp: '/tmp' });
    expect(env).toMatchObject({ TMPDIR: '/tmp', XDG_CACHE_HOME: '/tmp/.cache', npm_config_cache: '/tmp/.npm' });
    expect(agentShellEnv({ ...SERVER_ENV, TMPDIR: '/var/host-tmp' }).TMPDIR).toBe('/var/host-tmp');
  });
});
