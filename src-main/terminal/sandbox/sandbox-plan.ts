/**
 * A SandboxPolicy checked and resolved against the real file system: one rule per path, symlinks
 * resolved (a mount or a Seatbelt rule applies to the real inode, not to the name the fleet used),
 * duplicates settled, and every rule sorted from the most general path to the most specific. Both
 * backends read the plan with the same meaning: the rule of the nearest enclosing path wins, so
 * the data dir is hidden and the worktree inside it is writable again, and the worktree's `.git`
 * inside that is read-only again.
 */
import { lstatSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, normalize, relative, sep } from 'node:path';
import type { SandboxPolicy } from '../../../src-shared/protocol/sandbox';
import { SandboxError } from './sandbox-error';

export type RuleAccess = 'hidden' | 'writable' | 'read-only';
export type NodeKind = 'dir' | 'file' | 'missing';

export interface PlanRule {
  /** Absolute, normalized, symlinks resolved. */
  path: string;
  access: RuleAccess;
  node: NodeKind;
}

export interface SandboxPlan {
  network: boolean;
  /** Outer paths before the paths inside them. */
  rules: PlanRule[];
}

/** The file system as the plan needs it; tests pass their own. */
export interface PlanFs {
  realpath(path: string): string;
  kind(path: string): NodeKind;
}

export const realFs: PlanFs = {
  realpath: (path) => realpathSync.native(path),
  kind(path) {
    try {
      return lstatSync(path).isDirectory() ? 'dir' : 'file';
    } catch {
      return 'missing';
    }
  },
};

/** When one path is named twice, the stricter word wins. */
const PRECEDENCE: Record<RuleAccess, number> = { hidden: 3, 'read-only': 2, writable: 1 };

export function isInside(path: string, root: string): boolean {
  if (path === root) return true;
  return path.startsWith(root === sep ? root : root + sep);
}

export function depth(path: string): number {
  return path === sep ? 0 : path.split(sep).length - 1;
}

/** The rule whose path most closely encloses `path` (excluding a rule for `path` itself). */
export function nearestEnclosing(rules: readonly PlanRule[], path: string): PlanRule | null {
  let nearest: PlanRule | null = null;
  for (const rule of rules) {
    if (rule.path === path || !isInside(path, rule.path)) continue;
    if (!nearest || depth(rule.path) > depth(nearest.path)) nearest = rule;
  }
  return nearest;
}

export function planSandbox(policy: SandboxPolicy, fs: PlanFs = realFs): SandboxPlan {
  const roots = policy.writableRoots.map((path) => resolveWritable(checked(path, 'writable root'), fs));
  const named = [
    ...roots.map((root) => root.rule),
    ...policy.readOnlyPaths.map((path) => resolveReadOnly(checked(path, 'read-only path'), roots, fs)),
    ...policy.hiddenPaths.map((path) => resolveHidden(checked(path, 'hidden path'), fs)),
  ];
  const byPath = new Map<string, PlanRule>();
  for (const rule of named) {
    const seen = byPath.get(rule.path);
    if (!seen || PRECEDENCE[rule.access] > PRECEDENCE[seen.access]) byPath.set(rule.path, rule);
  }
  // A path named inside a hidden one is shown again with its own access: the worktree inside the
  // data dir, or a repository's .git there (its worktrees' git needs it, read-only).
  const rules = [...byPath.values()].sort((a, b) => depth(a.path) - depth(b.path) || a.path.localeCompare(b.path));
  for (const rule of rules) {
    if (rule.access === 'read-only' && rule.node === 'missing' && nearestEnclosing(rules, rule.path)?.access === 'writable') {
      throw new SandboxError('invalid_policy', `The read-only path ${rule.path} does not exist inside the writable root, so the agent could create it. Check that the worktree is intact.`);
    }
  }
  return { network: policy.network, rules };
}

function checked(path: string, what: string): string {
  if (typeof path !== 'string' || !isAbsolute(path) || path.includes('\0')) {
    throw new SandboxError('invalid_policy', `The sandbox policy's ${what} ${JSON.stringify(path)} is not an absolute path.`);
  }
  const clean = normalize(path);
  const trimmed = clean.length > 1 && clean.endsWith(sep) ? clean.slice(0, -1) : clean;
  if (trimmed === sep) throw new SandboxError('invalid_policy', `The sandbox policy names / as a ${what}; that would leave nothing contained.`);
  return trimmed;
}

/** The real path of `path`, or of its nearest existing ancestor followed by the missing rest. */
function resolveReal(path: string, fs: PlanFs): string {
  if (fs.kind(path) !== 'missing') return fs.realpath(path);
  const parent = dirname(path);
  return parent === path ? path : join(resolveReal(parent, fs), basename(path));
}

interface WritableRoot {
  /** As the policy named it. */
  lexical: string;
  rule: PlanRule;
}

function resolveWritable(path: string, fs: PlanFs): WritableRoot {
  if (fs.kind(path) === 'missing') throw new SandboxError('invalid_policy', `The sandbox's writable root ${path} does not exist.`);
  const real = fs.realpath(path);
  return { lexical: path, rule: { path: real, access: 'writable', node: fs.kind(real) } };
}

function resolveHidden(path: string, fs: PlanFs): PlanRule {
  const real = resolveReal(path, fs);
  return { path: real, access: 'hidden', node: fs.kind(real) };
}

/**
 * A read-only path reached through a symlink that lies inside a writable root could be rewired by
 * the agent (replace the link, and the protected name points elsewhere): refused, fail closed.
 */
function resolveReadOnly(path: string, roots: readonly WritableRoot[], fs: PlanFs): PlanRule {
  const real = resolveReal(path, fs);
  for (const root of roots) {
    for (const name of [root.lexical, root.rule.path]) {
      if (isInside(path, name) && real !== join(root.rule.path, relative(name, path))) {
        throw new SandboxError('invalid_policy', `The read-only path ${path} goes through a symbolic link inside the writable root ${root.rule.path}, which the agent could replace.`);
      }
    }
  }
  return { path: real, access: 'read-only', node: fs.kind(real) };
}
