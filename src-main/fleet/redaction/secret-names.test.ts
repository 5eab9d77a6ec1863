import { describe, expect, it } from 'vitest';
import { environmentSecrets, isTooCommonToRedact, looksLikeSecretName } from './secret-names';

describe('secret-looking variable names', () => {
  it('catches the names the old deny-list missed, and ordinary credentials', () => {
    for (const name of [
      'PGPASSWORD',
      'DATABASE_URL',
      'OPENAI_KEY',
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_SESSION_TOKEN',
      'GITHUB_TOKEN',
      'SENTRY_DSN',
      'NPM_AUTH',
      'DB_PASS',
      'STRIPE_APIKEY',
      'GOOGLE_APPLICATION_CREDENTIALS',
      'SSH_PRIVATE',
      'COOKIE_JAR_VALUE',
      'my_llm_key',
    ]) {
      expect(looksLikeSecretName(name), name).toBe(true);
    }
  });

  it('leaves ordinary variables alone', () => {
    for (const name of ['PATH', 'HOME', 'GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'EDITOR', 'LANG', 'TERM', 'KEYBOARD_LAYOUT', 'OLDPWD']) {
      expect(looksLikeSecretName(name), name).toBe(false);
    }
  });

  it('ignores values too short or too common to be secrets', () => {
    expect(isTooCommonToRedact('hunter2')).toBe(true);
    expect(isTooCommonToRedact('postgres')).toBe(true);
    expect(isTooCommonToRedact('12345678')).toBe(true);
    expect(isTooCommonToRedact('/run/user/1000/keyring')).toBe(true);
    expect(isTooCommonToRedact('Pg-9f2c1e7a')).toBe(false);
    expect(isTooCommonToRedact('AKIAIOSFODNN7EXAMPLE')).toBe(false);
  });
});

describe('environmentSecrets', () => {
  it('finds secret-named values and URLs that carry a password, whatever the name', () => {
    const found = environmentSecrets({
      PATH: '/usr/bin:/bin',
      PGPASSWORD: 'pg-secret-0af31c',
      XDG_SESSION_TYPE: 'wayland',
      CACHE_URL: 'redis://app:r3dis-pass-77@cache:6379/0',
      PLAIN_URL: 'https://example.com/path',
      SSH_AUTH_SOCK: '/tmp/ssh-abc/agent.1',
    });
    expect(found).toEqual([
      { name: 'PGPASSWORD', value: 'pg-secret-0af31c' },
      { name: 'CACHE_URL', value: 'redis://app:r3dis-pass-77@cache:6379/0' },
      { name: 'CACHE_URL', value: 'r3dis-pass-77' },
    ]);
  });
});
