/** The palette's entries and how a query picks among them: every word must appear, label matches first. */
export interface PaletteItem {
  id: string;
  group: 'Threads' | 'Actions';
  label: string;
  /** Shown after the label and never cut, so "· agent 2" stays readable when the task is long. */
  suffix?: string;
  detail?: string;
  /** Extra words that find this item (status, repository, branch). */
  keywords?: string;
  run: () => void;
}

const MAX_RESULTS = 50;

export function filterPalette(items: readonly PaletteItem[], query: string): PaletteItem[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return items.slice(0, MAX_RESULTS);
  const scored: Array<{ item: PaletteItem; score: number; index: number }> = [];
  items.forEach((item, index) => {
    const label = `${item.label}${item.suffix ?? ''}`.toLowerCase();
    const haystack = `${label} ${item.detail ?? ''} ${item.keywords ?? ''}`.toLowerCase();
    if (!words.every((w) => haystack.includes(w))) return;
    const score = label.startsWith(words[0] ?? '') ? 0 : words.every((w) => label.includes(w)) ? 1 : 2;
    scored.push({ item, score, index });
  });
  return scored
    .sort((a, b) => a.score - b.score || a.index - b.index)
    .slice(0, MAX_RESULTS)
    .map((s) => s.item);
}
