import { describe, expect, it } from 'vitest';
import { checkUpgrade, isLoopbackHost, newToken, ownOrigins, tokensMatch, urlHost } from './auth';

describe('auth', () => {
  it('makes distinct url-safe tokens of 24 random bytes', () => {
    const a = newToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(newToken()).not.toBe(a);
  });

  it('compares tokens of any length', () => {
    expect(tokensMatch('abc', 'abc')).toBe(true);
    expect(tokensMatch('abd', 'abc')).toBe(false);
    expect(tokensMatch('abcd', 'abc')).toBe(false);
    expect(tokensMatch(null, 'abc')).toBe(false);
  });

  it('knows loopback hosts and formats IPv6 for URLs', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', 'localhost'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '10.0.0.1', '::', 'example.com'].some(isLoopbackHost)).toBe(false);
    expect(urlHost('::1')).toBe('[::1]');
    expect(urlHost('127.0.0.1')).toBe('127.0.0.1');
  });

  it('accepts its own origins, with loopback aliases only on loopback', () => {
    expect(ownOrigins('127.0.0.1', 5)).toEqual(new Set(['http://127.0.0.1:5', 'http://localhost:5']));
    expect(ownOrigins('::1', 5)).toEqual(new Set(['http://[::1]:5', 'http://localhost:5']));
    expect(ownOrigins('10.0.0.1', 5)).toEqual(new Set(['http://10.0.0.1:5']));
  });

  it('checks path, then origin, then token', () => {
    const policy = { token: 't', host: '127.0.0.1', port: 5 };
    const ask = (url: string, origin?: string) => checkUpgrade({ url, origin, hostHeader: '127.0.0.1:5' }, policy);
    expect(ask('/x?token=t')).toBe('not_found');
    expect(ask('http://[bad/api?token=t')).toBe('not_found');
    expect(ask('/api')).toBe('unauthorized');
    expect(ask('/api?token=nope')).toBe('unauthorized');
    expect(ask('/api?token=t', 'http://evil.example')).toBe('forbidden');
    expect(ask('/api?token=nope', 'http://evil.example')).toBe('forbidden');
    // Our own page, told over the socket why it may not in.
    expect(ask('/api', 'http://localhost:5')).toBe('token_missing');
    expect(ask('/api?token=', 'http://localhost:5')).toBe('token_missing');
    expect(ask('/api?token=nope', 'http://localhost:5')).toBe('token_wrong');
    expect(ask('/api?token=t', 'http://localhost:5')).toBe('ok');
    expect(ask('/api?token=t')).toBe('ok');
  });
});
