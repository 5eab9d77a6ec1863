import { describe, expect, it } from 'vitest';
import { filterPalette, type PaletteItem } from './palette';

const item = (label: string, keywords = ''): PaletteItem => ({ id: label, group: 'Threads', label, keywords, run: () => undefined });
const items = [item('Add a note · agent 1', 'done demo'), item('Add a note · agent 2', 'failed'), item('Pause all'), item('Open inbox', 'notes')];

describe('palette filter', () => {
  it('keeps everything for an empty query and needs every word otherwise', () => {
    expect(filterPalette(items, '  ').map((i) => i.label)).toHaveLength(4);
    expect(filterPalette(items, 'note agent 2').map((i) => i.label)).toEqual(['Add a note · agent 2']);
    expect(filterPalette(items, 'failed').map((i) => i.label)).toEqual(['Add a note · agent 2']);
  });

  it('finds a thread by the agent number in its suffix', () => {
    const threads = [{ ...item('Add a note'), suffix: ' · agent 1' }, { ...item('Add a note'), id: 'b', suffix: ' · agent 2' }];
    expect(filterPalette(threads, 'agent 2').map((i) => i.id)).toEqual(['b']);
  });

  it('ranks a label that starts with the query, then a label match, then a keyword match', () => {
    expect(filterPalette(items, 'note').map((i) => i.label)).toEqual(['Add a note · agent 1', 'Add a note · agent 2', 'Open inbox']);
    expect(filterPalette(items, 'pa').map((i) => i.label)).toEqual(['Pause all']);
  });
});
