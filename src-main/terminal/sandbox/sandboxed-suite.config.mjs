// The terminal's and the agent's existing tests again, with every shell they start run in bwrap
// (writable: the shell's cwd; read-only: its .git): pause/resume, interrupt, yielded sessions,
// timeouts and marker capture must behave the same contained.
//   npx vitest run --config src-main/terminal/sandbox/sandboxed-suite.config.mjs src-main/terminal src-main/agent
import { fileURLToPath } from 'node:url';
import { mergeConfig } from 'vitest/config';
import base from '../../../vitest.config.mjs';

export default mergeConfig(base, {
  root: fileURLToPath(new URL('../../..', import.meta.url)),
  test: { setupFiles: [fileURLToPath(new URL('./sandboxed-suite-setup.ts', import.meta.url))] },
});
