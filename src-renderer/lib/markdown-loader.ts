/** Loads the markdown chunk once; components read `markdownModule()` and re-render when it arrives. */
type MarkdownModule = typeof import('./markdown-chunk');

let loaded: MarkdownModule | null = null;
let loading: Promise<MarkdownModule> | null = null;
const listeners = new Set<() => void>();

export const markdownModule = (): MarkdownModule | null => loaded;

export function onMarkdownLoaded(listener: () => void): () => void {
  listeners.add(listener);
  if (!loaded) void loadMarkdown();
  return () => listeners.delete(listener);
}

export function loadMarkdown(): Promise<MarkdownModule> {
  loading ??= import('./markdown-chunk').then((module) => {
    loaded = module;
    for (const listener of listeners) listener();
    return module;
  });
  loading.catch(() => (loading = null));
  return loading;
}
