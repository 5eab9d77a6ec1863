/** Compact number and time formats for dense UI. */
import type { Usage } from '../../src-shared/domain/thread';

/** 950 → "950", 12_345 → "12.3k", 1_234_567 → "1.23M". */
export function compactNumber(n: number): string {
  if (n < 1000) return String(Math.round(n));
  if (n < 10_000) return `${trimZero((n / 1000).toFixed(2))}k`;
  if (n < 1_000_000) return `${trimZero((n / 1000).toFixed(1))}k`;
  return `${trimZero((n / 1_000_000).toFixed(2))}M`;
}

function trimZero(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** "12.3k in · 10.1k cached · 800 out" */
export function formatUsage(usage: Usage): string {
  const parts = [`${compactNumber(usage.inputTokens)} in`];
  if (usage.cachedInputTokens > 0) parts.push(`${compactNumber(usage.cachedInputTokens)} cached`);
  parts.push(`${compactNumber(usage.outputTokens)} out`);
  return parts.join(' · ');
}

/** 42_000 → "42s", 185_000 → "3m 05s", 3_720_000 → "1h 02m". */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h ${pad(m)}m`;
  if (m > 0) return `${m}m ${pad(s)}s`;
  return `${s}s`;
}

/** Command durations: "320ms", "4.2s", "1m 12s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${trimZero((ms / 1000).toFixed(1))}s`;
  return formatElapsed(ms);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** "3 minutes ago"-style, coarse on purpose: task headers do not need to tick. */
export function formatAgo(then: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - then) / 1000));
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return new Date(then).toLocaleDateString();
}

/** Estimated cost: "$0.0042" under a cent, "$0.42", "$12.30"; a zero cost is "$0.00". */
export function formatCost(usd: number): string {
  if (usd > 0 && usd < 0.01) return `$${usd.toFixed(4)}`;
  return `$${usd.toFixed(2)}`;
}
