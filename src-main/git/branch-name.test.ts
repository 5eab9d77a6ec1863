import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { makeBranchName, slugify } from './branch-name';

function isValidBranch(name: string): boolean {
  try {
    execFileSync('git', ['check-ref-format', '--branch', name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('makeBranchName', () => {
  it('builds flotilla/<slug>-<id> from the first words of the task', () => {
    expect(makeBranchName('Add a dark mode toggle to the settings page', 'a1b2c3d4')).toBe(
      'flotilla/add-a-dark-mode-toggle-a1b2c3d4',
    );
  });

  it('keeps ascii letters of accented words and drops punctuation', () => {
    expect(slugify('Fix the café menu: crash on "Ünïcode"!')).toBe('fix-the-cafe-menu-crash');
  });

  it('caps the slug at 40 characters on a word boundary', () => {
    const slug = slugify('internationalization localization accessibility performance');
    expect(slug.length).toBeLessThanOrEqual(40);
    expect(slug).toBe('internationalization-localization');
    expect(slugify('a'.repeat(60))).toBe('a'.repeat(40));
  });

  it("falls back to 'task' when nothing usable is left", () => {
    expect(makeBranchName('日本語だけ ...', 'ff00')).toBe('flotilla/task-ff00');
    expect(makeBranchName('', 'ff00')).toBe('flotilla/task-ff00');
  });

  it('always produces a valid git branch name', () => {
    const tasks = ['..lock', 'a/b\\c', '@{-1}', 'x.lock', '-leading dash', 'ends with dot.', 'spaces   and\ttabs', '~^:?*['];
    for (const task of tasks) expect(isValidBranch(makeBranchName(task, 'AB12..'))).toBe(true);
  });
});
