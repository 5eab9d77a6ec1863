import { beforeEach, describe, expect, it } from 'vitest';
import { formatAnchor, toReviewComments, useDiffReviewStore } from './diff-review-store';

describe('review comments', () => {
  beforeEach(() => useDiffReviewStore.setState({ byThread: {} }));

  it('formats an anchor, marking the old side', () => {
    expect(formatAnchor({ path: 'src/a.ts', side: 'new', line: 12 })).toBe('src/a.ts:12');
    expect(formatAnchor({ path: 'src/a.ts', side: 'old', line: 3 })).toBe('src/a.ts:3 (old)');
  });

  it('sends trimmed, non-empty comments in file and line order', () => {
    const comments = toReviewComments([
      { id: 1, path: 'b.ts', side: 'new', line: 1, body: ' later file ' },
      { id: 2, path: 'a.ts', side: 'new', line: 9, body: 'second' },
      { id: 3, path: 'a.ts', side: 'old', line: 2, body: 'first' },
      { id: 4, path: 'a.ts', side: 'new', line: 5, body: '   ' },
    ]);
    expect(comments).toEqual([
      { path: 'a.ts', line: 2, side: 'old', body: 'first' },
      { path: 'a.ts', line: 9, side: 'new', body: 'second' },
      { path: 'b.ts', line: 1, side: 'new', body: 'later file' },
    ]);
  });

  it('keeps drafts per thread: adding closes the editor, clear empties only that thread', () => {
    const store = useDiffReviewStore.getState();
    const anchor = { path: 'a.ts', side: 'new' as const, line: 1 };
    store.openEditor('t1', anchor);
    store.addComment('t1', anchor, 'fix');
    store.addComment('t2', anchor, 'other');
    expect(useDiffReviewStore.getState().byThread.t1).toMatchObject({ editing: null, comments: [{ body: 'fix' }] });
    useDiffReviewStore.getState().clear('t1');
    expect(useDiffReviewStore.getState().byThread.t1?.comments).toEqual([]);
    expect(useDiffReviewStore.getState().byThread.t2?.comments).toHaveLength(1);
  });
});
