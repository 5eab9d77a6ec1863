/**
 * A candidate's checks, as Compare shows them: the commands its agent ran and how they ended.
 * There is no separate test runner; what the agent ran (tests, builds, linters) and their exit
 * codes are the evidence a reviewer weighs, so that is what is counted.
 */
import type { TranscriptItem } from '../../src-shared/protocol/items';

export interface Checks {
  run: number;
  passed: number;
  failed: number;
  /** Still running, or ended without an exit code (interrupted, timed out). */
  unfinished: number;
  /** The last command that failed, with its exit code, for the tooltip. */
  lastFailure: string | null;
}

export function checksOf(items: readonly TranscriptItem[]): Checks {
  const checks: Checks = { run: 0, passed: 0, failed: 0, unfinished: 0, lastFailure: null };
  for (const item of items) {
    if (item.type !== 'command') continue;
    checks.run += 1;
    if (item.exitCode === null) checks.unfinished += 1;
    else if (item.exitCode === 0) checks.passed += 1;
    else {
      checks.failed += 1;
      checks.lastFailure = `${item.command} → exit ${item.exitCode}`;
    }
  }
  return checks;
}

/** "3 passed", "1 of 4 failed", "no commands run". */
export function checksLabel(checks: Checks): string {
  if (checks.run === 0) return 'no commands run';
  const parts = [checks.failed ? `${checks.failed} of ${checks.run} failed` : `${checks.passed} passed`];
  if (checks.unfinished) parts.push(`${checks.unfinished} unfinished`);
  return parts.join(', ');
}
