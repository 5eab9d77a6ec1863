import { describe, expect, it } from 'vitest';
import { branchDetail, repoLabel, taskTitle, threadTitle } from './thread-title';

describe('thread titles', () => {
  it('names a thread by its task and agent number', () => {
    expect(threadTitle({ prompt: 'Add a note', agentIndex: 2 })).toBe('Add a note · agent 2');
    expect(threadTitle({ prompt: '\n  Fix the build\nthen run the tests', agentIndex: 1 })).toBe('Fix the build · agent 1');
  });

  it('cuts a long prompt at a word and marks the cut', () => {
    const title = taskTitle('Refactor the settings loader so that every field is validated with a readable message');
    expect(title.length).toBeLessThanOrEqual(60);
    expect(title).toMatch(/^Refactor the settings loader .*[a-z]…$/);
    expect(taskTitle('   ')).toBe('Untitled task');
  });

  it('labels the repository by its folder and the branch by its slug', () => {
    expect(repoLabel('/home/me/src/flotilla/')).toBe('flotilla');
    expect(repoLabel('C:\\work\\app')).toBe('app');
    expect(branchDetail('flotilla/add-a-note-1a2b')).toBe('add-a-note-1a2b');
  });
});
