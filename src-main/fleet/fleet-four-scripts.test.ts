/**
 * Four real agents at once, each following its own demo script: the fleet forks four built
 * workers (dist/main/worker.cjs), each with its own pty shell in its own worktree, all talking to
 * the in-process demo model over real HTTP through the openai SDK. Each worktree must hold
 * exactly its script's change, and the user's repository (including uncommitted work) must be
 * exactly as it was.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { repoFingerprint } from '../git/test-support/temp-repo';
import { createFleetFixture, type FleetFixture } from './test-support/fleet-fixture';
import { call, threadEvents, waitForThreads } from './test-support/fleet-test-support';

const WORKER = join(dirname(fileURLToPath(import.meta.url)), '../../dist/main/worker.cjs');
const AGENTS = ['alpha', 'bravo', 'charlie', 'delta'];

/** A script that looks around, writes its own file, checks it with a command, and summarises. */
function scriptFor(name: string): unknown {
  const patch = ['*** Begin Patch', `*** Add File: notes/${name}.txt`, `+written by ${name}`, `+second line for ${name}`, '*** End Patch'].join('\n');
  return {
    name: `agent-${name}`,
    responses: [
      { output: [{ type: 'message', text: `I am ${name}.` }, { type: 'function_call', name: 'exec_command', arguments: { cmd: 'ls' } }] },
      { output: [{ type: 'custom_tool_call', name: 'apply_patch', input: patch }] },
      { output: [{ type: 'function_call', name: 'exec_command', arguments: { cmd: `cat notes/${name}.txt` } }] },
      { output: [{ type: 'message', text: `${name} added notes/${name}.txt.` }] },
    ],
  };
}

function gitStatus(cwd: string): string {
  return execFileSync('git', ['status', '--porcelain=v1', '--untracked-files=all'], { cwd, encoding: 'utf8' });
}

describe('four real agents, four scripts', () => {
  let fx: FleetFixture;
  beforeEach(async () => {
    fx = await createFleetFixture();
  });
  afterEach(() => fx.cleanup());

  it('each worktree holds exactly its own scripted change; the user repository is untouched', async () => {
    writeFileSync(join(fx.repo, 'README.md'), '# demo\n\nwork in progress by the user\n');
    const before = repoFingerprint(fx.repo);
    const fleet = await fx.openFleet({ forceDemo: true, workerEntry: WORKER });

    const started = await Promise.all(
      AGENTS.map((name) => {
        const scriptPath = join(fx.scriptsDir, `${name}.json`);
        writeFileSync(scriptPath, JSON.stringify(scriptFor(name)));
        return call(fleet, 'task.run', { repoPath: fx.repo, prompt: `Task for ${name}`, agents: 1, demoScript: scriptPath });
      }),
    );
    const ids = started.map((run) => run.threads[0]!.id);

    const threads = await waitForThreads(
      fleet,
      (ts) => ts.length === 4 && ts.every((t) => t.status === 'failed' || (t.status === 'done' && t.diffStat !== null)),
      'four agents to finish',
      120_000,
    );
    for (const [index, name] of AGENTS.entries()) {
      const thread = threads.find((t) => t.id === ids[index])!;
      expect(thread).toMatchObject({ status: 'done', error: null, diffStat: { files: 1, additions: 2, deletions: 0 } });
      expect(gitStatus(thread.worktreePath)).toBe(`?? notes/${name}.txt\n`);
      expect(readFileSync(join(thread.worktreePath, `notes/${name}.txt`), 'utf8')).toBe(`written by ${name}\nsecond line for ${name}\n`);

      const events = await threadEvents(fleet, thread.id);
      const commands = events.flatMap((e) => (e.msg.type === 'item_completed' && e.msg.item.type === 'command' ? [e.msg.item] : []));
      expect(commands.map((c) => c.command)).toEqual(['ls', `cat notes/${name}.txt`]);
      expect(commands[1]).toMatchObject({ exitCode: 0, output: `written by ${name}\nsecond line for ${name}\n` });
    }
    expect(new Set(threads.map((t) => t.branch)).size).toBe(4);
    expect(repoFingerprint(fx.repo)).toEqual(before);
  });
});
