import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src-shared/**/*.test.ts', 'src-main/**/*.test.ts', 'src-renderer/**/*.test.ts'],
    globalSetup: ['scripts/vitest-global-setup.mjs'],
    // The palette test (src-renderer/styles/theme.test.ts) reads the stylesheets' text with ?raw.
    css: { include: [/src-renderer\/styles\/[\w-]+\.css/] },
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
