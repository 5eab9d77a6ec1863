/**
 * The Codex app's local environment, `.codex/environments/environment.toml`: a `[setup]` script
 * run in each new worktree, a `[cleanup]` script run before one is removed (Flotilla's teardown),
 * and `[[actions]]`, named commands shown in the app's top bar (Flotilla's `run`). An action for
 * another platform is left out, and said so.
 */
import { z } from 'zod';
import type { ProjectEnvFile } from '../../src-shared/protocol/project-env';
import { parseWith, unreadKeys, type PeerConfig } from './peer-configs';

const Script = z.looseObject({ script: z.string().min(1) });
const Action = z.looseObject({ name: z.string().min(1), command: z.string().min(1), platform: z.string().optional() });
const EnvironmentSchema = z.looseObject({
  setup: Script.optional(),
  cleanup: Script.optional(),
  actions: z.array(Action).optional(),
});

/** Keys that describe the file itself, not what runs: nothing is lost by not using them. */
const DESCRIPTIVE = ['version', 'name'];

export const codexEnvironment: PeerConfig = {
  file: '.codex/environments/environment.toml',
  tool: 'the Codex app',
  format: 'toml',
  translate(raw, fail) {
    const config = parseWith(EnvironmentSchema, raw, fail);
    const actions = config.actions ?? [];
    const here = actions.filter((a) => a.platform === undefined || a.platform === process.platform);
    const file: ProjectEnvFile = {
      ...(config.setup ? { setup: config.setup.script } : {}),
      ...(config.cleanup ? { teardown: config.cleanup.script } : {}),
      ...(here.length > 0 ? { run: Object.fromEntries(here.map((a) => [a.name, a.command])) } : {}),
    };
    const otherPlatforms = actions.filter((a) => !here.includes(a)).map((a) => `actions "${a.name}" (for ${a.platform})`);
    return { file, unread: [...unreadKeys(config, ['setup', 'cleanup', 'actions', ...DESCRIPTIVE]), ...otherPlatforms] };
  },
};
