import { describe, expect, it } from 'vitest';
import { appPaths, flagValue, launchOptions } from './launch-options';

describe('launch options', () => {
  it('finds --repo among Electron and Chromium arguments', () => {
    expect(flagValue(['/usr/bin/electron', '.', '--no-sandbox', '--repo', 'r'], 'repo')).toBe('r');
    expect(flagValue(['/opt/Flotilla/flotilla', '--repo=/x/y'], 'repo')).toBe('/x/y');
    expect(flagValue(['app', '--repo', '--demo'], 'repo')).toBeNull();
    expect(flagValue(['app'], 'repo')).toBeNull();
  });

  it('resolves the repo, the demo switch and the data dir', () => {
    expect(launchOptions(['e', '.', '--repo', 'r', '--demo'], {}, '/cwd', '/user-data')).toEqual({
      initialRepo: '/cwd/r',
      forceDemo: true,
      dataDir: '/user-data',
    });
    expect(launchOptions(['e'], { FLOTILLA_HOME: '/home/me/fl', FLOTILLA_DEMO: '1' }, '/cwd', '/user-data')).toEqual({
      initialRepo: null,
      forceDemo: true,
      dataDir: '/home/me/fl',
    });
  });

  it('puts the built files next to the bundle', () => {
    expect(appPaths('/app/dist/main')).toEqual({
      preload: '/app/dist/main/preload.cjs',
      rendererDir: '/app/dist/renderer',
      workerEntry: '/app/dist/main/worker.cjs',
    });
  });
});
