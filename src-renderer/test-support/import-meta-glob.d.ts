/** Vite's import.meta.glob, which vitest resolves at transform time; typed here for the tests only. */
interface ImportMeta {
  glob<T = unknown>(pattern: string, options: { query: '?raw'; import: 'default'; eager: true }): Record<string, T>;
}
