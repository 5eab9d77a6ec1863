// Lint, with the layer boundaries of shared/DESIGN.md: only src-main/app may import electron;
// src-shared imports nothing platform-specific; the renderer never imports node code or src-main.
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const ban = (names, message) => names.map((name) => ({ name, message }));

export default tseslint.config(
  { ignores: ['dist/**', 'build/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: ban(['electron'], 'Only src-main/app may import electron.') }],
    },
  },
  {
    files: ['src-main/app/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src-shared/**'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ban([...nodeBuiltins, 'electron', 'react', 'react-dom', 'ws', 'node-pty', 'simple-git', 'openai'], 'src-shared is pure TypeScript: no node, DOM, electron or platform libraries.'),
          patterns: [{ group: ['**/src-main/**', '**/src-renderer/**'], message: 'src-shared depends on nothing else.' }],
        },
      ],
    },
  },
  {
    files: ['src-renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ban([...nodeBuiltins, 'electron', 'ws', 'node-pty', 'simple-git', 'openai'], 'The renderer never imports node code.'),
          patterns: [{ group: ['**/src-main/**'], message: 'The renderer talks to the fleet only through the client API.' }],
        },
      ],
    },
  },
  {
    files: ['scripts/**/*.mjs', '*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
