/**
 * Which sandbox works on this machine: bubblewrap on Linux (found on PATH and able to make its
 * namespaces here, which containers and hardened kernels may forbid), sandbox-exec on macOS.
 * Probed once per process; the answer does not change while Flotilla runs.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { SandboxKind } from '../../../src-shared/protocol/sandbox';
import { BWRAP_NAMESPACE_FLAGS, BWRAP_NAMESPACE_FLAGS_NESTABLE, BWRAP_NAMESPACE_FLAGS_WITHOUT_USERNS, bwrapArgs } from './bwrap-args';
import { hostRun } from './host-run';

export interface SandboxSupport {
  kind: SandboxKind;
  available: boolean;
  /** Why nothing works, and what to do about it; null when a sandbox works. */
  problem: string | null;
  /** The bwrap or sandbox-exec binary. */
  executable: string | null;
  /** bwrap only: the namespace flags that worked here (without user namespaces where root may not make them). */
  namespaceFlags?: readonly string[];
}

const PROBE_TIMEOUT_MS = 10_000;

function findOnPath(name: string, pathVar = process.env.PATH ?? ''): string | null {
  for (const dir of [...pathVar.split(delimiter).filter(Boolean), '/usr/bin', '/bin', '/usr/local/bin']) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

function run(file: string, args: string[]): Promise<{ ok: boolean; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: PROBE_TIMEOUT_MS }, (error, _stdout, stderr) => resolve({ ok: !error, stderr: String(stderr).trim() }));
  });
}

/**
 * The agents' sandbox exactly as it is built (every namespace, no network, the whole floor), with
 * `true` inside: a kernel without user namespaces, or a container that forbids mounts, fails here.
 */
export function bwrapProbeArgs(bwrap: string, namespaceFlags: readonly string[]): string[] {
  const argv = bwrapArgs({ network: false, rules: [] }, { executable: bwrap, namespaceFlags, cwd: '/', hostRun: hostRun() });
  return [...argv.slice(1), 'true'];
}

async function probeLinux(): Promise<SandboxSupport> {
  const bwrap = findOnPath('bwrap');
  if (!bwrap) {
    return { kind: 'none', available: false, executable: null, problem: 'bubblewrap (bwrap) is not installed. Install it (Debian/Ubuntu: apt install bubblewrap; Fedora: dnf install bubblewrap) so agents run contained.' };
  }
  return probeBwrap(bwrap, process.getuid?.() === 0);
}

/** Which namespace flags this bwrap can use here, strongest first; unavailable when none works. */
export async function probeBwrap(bwrap: string, isRoot: boolean): Promise<SandboxSupport> {
  // Strongest first. Without user namespaces only root (or a setuid bwrap) can contain: it drops
  // every capability, so root inside cannot undo the mounts.
  const candidates = [BWRAP_NAMESPACE_FLAGS, BWRAP_NAMESPACE_FLAGS_NESTABLE, ...(isRoot ? [BWRAP_NAMESPACE_FLAGS_WITHOUT_USERNS] : [])];
  let firstFailure: { ok: boolean; stderr: string } | null = null;
  for (const namespaceFlags of candidates) {
    const probe = await run(bwrap, bwrapProbeArgs(bwrap, namespaceFlags));
    if (probe.ok) return { kind: 'bwrap', available: true, executable: bwrap, problem: null, namespaceFlags };
    firstFailure ??= probe;
  }
  return {
    kind: 'none',
    available: false,
    executable: bwrap,
    problem: `bubblewrap cannot create its namespaces here (${firstFailure?.stderr || 'it failed'}). Enable unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1, or the AppArmor profile for bwrap), or run Flotilla outside this container.`,
  };
}

async function probeMac(): Promise<SandboxSupport> {
  const exec = findOnPath('sandbox-exec', '/usr/bin');
  if (!exec) return { kind: 'none', available: false, executable: null, problem: 'sandbox-exec is missing from /usr/bin; agents cannot be contained on this Mac.' };
  const probe = await run(exec, ['-p', '(version 1) (allow default)', '/usr/bin/true']);
  return probe.ok
    ? { kind: 'sandbox-exec', available: true, executable: exec, problem: null }
    : { kind: 'none', available: false, executable: exec, problem: `sandbox-exec does not work here (${probe.stderr || 'it failed'}).` };
}

let cached: Promise<SandboxSupport> | null = null;

export function detectSandbox(): Promise<SandboxSupport> {
  cached ??= process.platform === 'linux'
    ? probeLinux()
    : process.platform === 'darwin'
      ? probeMac()
      : Promise.resolve({ kind: 'none', available: false, executable: null, problem: `No sandbox is supported on ${process.platform} yet; agents would run with your permissions.` });
  return cached;
}
