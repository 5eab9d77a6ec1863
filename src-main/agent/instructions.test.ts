import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BASE_INSTRUCTIONS, buildThreadPrefix, renderEnvironmentContext } from './instructions';

const root = realpathSync(mkdtempSync(join(tmpdir(), 'flotilla-instr-')));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('thread prefix', () => {
  it('puts our instructions first, then the user file, then AGENTS.md', async () => {
    writeFileSync(join(root, 'AGENTS.md'), 'Use pnpm.');
    const options = {
      worktreePath: root,
      projectRoot: root,
      userInstructions: 'Answer tersely.',
      shellPath: '/bin/bash',
      approvalMode: 'full-auto' as const,
      sandbox: 'none',
      now: new Date(2025, 0, 31, 23, 30),
    };
    const prefix = await buildThreadPrefix(options);
    expect(prefix.instructions.startsWith(BASE_INSTRUCTIONS)).toBe(true);
    const user = prefix.instructions.indexOf('Answer tersely.');
    const project = prefix.instructions.indexOf('Use pnpm.');
    expect(user).toBeGreaterThan(BASE_INSTRUCTIONS.length);
    expect(project).toBeGreaterThan(user);
    // Same inputs, same bytes: the prefix must be cacheable.
    expect(await buildThreadPrefix(options)).toEqual(prefix);
  });

  it('renders a Codex-style environment context', () => {
    const text = renderEnvironmentContext({
      worktreePath: '/w/a&b',
      shellPath: '/usr/bin/zsh',
      approvalMode: 'suggest',
      sandbox: 'none',
      now: new Date(2025, 4, 6, 12),
    });
    expect(text).toBe(
      [
        '<environment_context>',
        '  <cwd>/w/a&amp;b</cwd>',
        '  <shell>zsh</shell>',
        '  <current_date>2025-05-06</current_date>',
        '  <approval_mode>suggest</approval_mode>',
        '  <sandbox_mode>none</sandbox_mode>',
        '</environment_context>',
      ].join('\n'),
    );
  });

  it('tells the agent about its worktree, its tools and the git rules', () => {
    for (const phrase of ['git worktree', 'exec_command', 'apply_patch', 'Do not commit', 'summary']) {
      expect(BASE_INSTRUCTIONS).toContain(phrase);
    }
  });
});
