/**
 * From the policy the fleet sent to the argv the worktree's shell is started through. Fail
 * closed: a policy that cannot be honoured, or a sandbox this machine does not offer, is a
 * SandboxError, never a shell without a sandbox. Only an absent policy or kind 'none' (the user's
 * explicit opt-in to unsandboxed work) starts the shell unwrapped.
 */
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SandboxPolicySchema, type SandboxKind, type SandboxPolicy } from '../../../src-shared/protocol/sandbox';
import { BWRAP_NAMESPACE_FLAGS, bwrapArgs } from './bwrap-args';
import { detectSandbox, type SandboxSupport } from './detect';
import { SandboxError } from './sandbox-error';
import { hostRun } from './host-run';
import { planSandbox } from './sandbox-plan';
import { seatbeltArgs } from './seatbelt-profile';

export interface SandboxWrapper {
  kind: SandboxKind;
  /** Prefix argv for the shell; null: unwrapped. */
  argv: string[] | null;
  /** The sandbox's private temp dir as the shell sees it; null when unsandboxed. */
  tmpDir: string | null;
  /** Removes what the wrapper made (macOS: its temp dir). */
  dispose(): void;
}

export interface WrapperDeps {
  detect?: () => Promise<SandboxSupport>;
  platform?: NodeJS.Platform;
}

const UNWRAPPED: SandboxWrapper = { kind: 'none', argv: null, tmpDir: null, dispose: () => undefined };

export async function buildSandboxWrapper(policy: SandboxPolicy | undefined, cwd: string, deps: WrapperDeps = {}): Promise<SandboxWrapper> {
  if (policy === undefined) return UNWRAPPED;
  const parsed = SandboxPolicySchema.safeParse(policy);
  if (!parsed.success) throw new SandboxError('invalid_policy', `The sandbox policy is malformed: ${parsed.error.message}`);
  const { kind } = parsed.data;
  if (kind === 'none') return UNWRAPPED;
  const support = await supportFor(kind, deps);
  const plan = planSandbox(parsed.data);
  if (kind === 'bwrap') {
    const argv = bwrapArgs(plan, { executable: support.executable as string, namespaceFlags: support.namespaceFlags ?? BWRAP_NAMESPACE_FLAGS, cwd, hostRun: hostRun() });
    return { kind: 'bwrap', argv, tmpDir: '/tmp', dispose: () => undefined };
  }
  const tmpDir = realpathSync(mkdtempSync(join(tmpdir(), 'flotilla-agent-tmp-')));
  const argv = seatbeltArgs(plan, { tmpDir, executable: support.executable ?? undefined });
  return { kind: 'sandbox-exec', argv, tmpDir, dispose: () => rmSync(tmpDir, { recursive: true, force: true }) };
}

async function supportFor(kind: 'bwrap' | 'sandbox-exec', deps: WrapperDeps): Promise<SandboxSupport> {
  const platform = deps.platform ?? process.platform;
  const wanted = kind === 'bwrap' ? 'linux' : 'darwin';
  if (platform !== wanted) {
    throw new SandboxError('sandbox_unavailable', `This thread's sandbox is ${kind}, which does not run on ${platform}.`);
  }
  const support = await (deps.detect ?? detectSandbox)();
  if (!support.available || support.kind !== kind || !support.executable) {
    throw new SandboxError('sandbox_unavailable', `This thread must run in ${kind}, but it does not work here: ${support.problem ?? 'it was not found'}`);
  }
  return support;
}
