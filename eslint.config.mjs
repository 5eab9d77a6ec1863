// Lint, with the layer boundaries of docs/architecture.md: only src-main/app may import electron;
// src-shared imports nothing platform-specific; the renderer never imports node code or src-main;
// production code never imports test support (test-support/ and bench/ folders); and outside a
// room of src-main/fleet (thread/, api/, task/, settings/, redaction/), code imports the room only
// through its door, the room's index.ts.
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const ban = (names, message) => names.map((name) => ({ name, message }));

/** Files that are test code or test support: they may import test support. */
const TEST_FILES = ['**/*.test.ts', '**/*.test.tsx', '**/test-support/**', '**/bench/**', 'e2e/**', 'scripts/**'];

const testSupportBan = {
  group: ['**/test-support', '**/test-support/**', '**/bench', '**/bench/**'],
  message: 'Production code never imports test support or bench harnesses: they live in test-support/ and bench/ folders.',
};
const FLEET_ROOMS = ['thread', 'api', 'task', 'settings', 'redaction', 'terminals'];
const doorBans = FLEET_ROOMS.map((room) => ({
  group: [`**/fleet/${room}/*`, `../${room}/*`, `./${room}/*`, `!**/fleet/${room}/index`, `!../${room}/index`, `!./${room}/index`],
  message: `Import src-main/fleet/${room} through its door (the folder itself, i.e. its index.ts), not a file inside it.`,
}));

/** One layer's import rule, for its production files and (without the test-support ban) its tests. */
function layer(files, { paths = [], patterns = [] }, extraIgnores = []) {
  const rule = (extra) => ['error', { paths, patterns: [...patterns, ...doorBans, ...extra] }];
  return [
    { files, ignores: [...TEST_FILES, ...extraIgnores], rules: { 'no-restricted-imports': rule([testSupportBan]) } },
    { files: files.map((glob) => [glob, `{${TEST_FILES.join(',')}}`]), ignores: extraIgnores, rules: { 'no-restricted-imports': rule([]) } },
  ];
}

const electronBan = ban(['electron'], 'Only src-main/app may import electron.');
const platformLibs = ['electron', 'react', 'react-dom', 'ws', 'node-pty', 'simple-git', 'openai'];

export default tseslint.config(
  { ignores: ['dist/**', 'build/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  ...layer(['**/*.{ts,tsx,mjs}'], { paths: electronBan }, ['src-main/app/**', 'src-shared/**', 'src-renderer/**']),
  ...layer(['src-main/app/**'], {}),
  ...layer(['src-shared/**'], {
    paths: ban([...nodeBuiltins, ...platformLibs], 'src-shared is pure TypeScript: no node, DOM, electron or platform libraries.'),
    patterns: [{ group: ['**/src-main/**', '**/src-renderer/**'], message: 'src-shared depends on nothing else.' }],
  }),
  ...layer(['src-renderer/**'], {
    paths: ban([...nodeBuiltins, 'electron', 'ws', 'node-pty', 'simple-git', 'openai'], 'The renderer never imports node code.'),
    patterns: [{ group: ['**/src-main/**'], message: 'The renderer talks to the fleet only through the client API.' }],
  }),
  {
    files: ['scripts/**/*.mjs', '*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
