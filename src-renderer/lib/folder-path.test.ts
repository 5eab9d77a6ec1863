import { describe, expect, it } from 'vitest';
import { breadcrumbs, joinFolder } from './folder-path';

describe('folder paths', () => {
  it('splits a POSIX path into crumbs from the root', () => {
    expect(breadcrumbs('/home/me/src')).toEqual([
      { label: '/', path: '/' },
      { label: 'home', path: '/home' },
      { label: 'me', path: '/home/me' },
      { label: 'src', path: '/home/me/src' },
    ]);
    expect(breadcrumbs('/')).toEqual([{ label: '/', path: '/' }]);
  });

  it('splits a Windows path at its drive', () => {
    expect(breadcrumbs('C:\\Users\\me')).toEqual([
      { label: 'C:\\', path: 'C:\\' },
      { label: 'Users', path: 'C:\\Users' },
      { label: 'me', path: 'C:\\Users\\me' },
    ]);
  });

  it('joins a child without doubling the separator at a root', () => {
    expect(joinFolder('/', 'home')).toBe('/home');
    expect(joinFolder('/home', 'me')).toBe('/home/me');
    expect(joinFolder('C:\\', 'Users')).toBe('C:\\Users');
  });
});
