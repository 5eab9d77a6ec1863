/**
 * The same policy as a macOS Seatbelt profile for `sandbox-exec`, after Codex's base policy: deny
 * by default; processes may fork and exec (children inherit the profile); reads everywhere but the
 * hidden paths; writes only under the writable roots and the private temp dir, never into the
 * read-only paths; no network unless allowed.
 *
 * Paths never enter the profile text: each is a `-D NAME=path` parameter that the profile names
 * with `(param "NAME")`, so a path holding a quote, a parenthesis or a newline stays one string.
 *
 * Seatbelt rules match path prefixes, so "the nearest enclosing rule wins" (see sandbox-plan.ts)
 * is written out: a read is allowed outside every hidden path, or inside a writable or read-only
 * path that lies in a hidden one but not in a hidden path nested in it again; a write is allowed
 * inside a writable root but not in a hidden or read-only path nested in it.
 */
import { isInside, type PlanRule, type SandboxPlan } from './sandbox-plan';

export const SANDBOX_EXEC = '/usr/bin/sandbox-exec';

export interface SeatbeltProfile {
  profile: string;
  /** Parameter name → path, passed as `-DNAME=path`. */
  params: Record<string, string>;
}

const TMP_PARAM = 'PRIVATE_TMP';

const BASE = `(version 1)
(deny default)
(allow process-exec)
(allow process-fork)
(allow signal (target same-sandbox))
(allow process-info* (target same-sandbox))
(allow user-preference-read)
(allow mach-host*)
(allow ipc-posix-sem)
(allow mach-lookup (global-name "com.apple.system.opendirectoryd.libinfo"))
; Hardware and OS facts only: other processes' arguments and environments (procargs) stay denied.
(allow sysctl-read
  (sysctl-name-prefix "hw.")
  (sysctl-name-prefix "machdep.cpu.")
  (sysctl-name-prefix "kern.proc.pid.")
  (sysctl-name-prefix "kern.proc.pgrp.")
  (sysctl-name "kern.argmax")
  (sysctl-name "kern.hostname")
  (sysctl-name "kern.maxfilesperproc")
  (sysctl-name "kern.osproductversion")
  (sysctl-name "kern.osrelease")
  (sysctl-name "kern.ostype")
  (sysctl-name "kern.osversion")
  (sysctl-name "kern.version")
  (sysctl-name "kern.usrstack64")
  (sysctl-name "sysctl.proc_cputype")
  (sysctl-name "vm.loadavg"))
; The shell's terminal and ptys it opens itself. The pty the worker made before sandbox-exec ran
; carries no sandbox extension, so writes and ioctls (job control) on slave ttys are allowed as
; Codex allows them; an interactive shell does not work otherwise.
(allow pseudo-tty)
(allow file-read* file-write* file-ioctl (literal "/dev/ptmx") (literal "/dev/tty"))
(allow file-read* file-write* (require-all (regex #"^/dev/ttys[0-9]+$") (extension "com.apple.sandbox.pty")))
(allow file-write-data (require-all (regex #"^/dev/ttys[0-9]+$") (vnode-type CHARACTER-DEVICE)))
(allow file-ioctl (regex #"^/dev/ttys[0-9]+$"))
(allow file-write-data (require-all (literal "/dev/null") (vnode-type CHARACTER-DEVICE)))
`;

// IP only: a unix socket (docker's, a database's, launchd's) stays out of reach, as on Linux;
// mDNSResponder's is how names resolve.
const NETWORK = `(allow network-outbound (remote ip "*:*"))
(allow network-outbound (remote unix-socket (path-literal "/private/var/run/mDNSResponder")))
(allow network-inbound (local ip "*:*"))
(allow network-bind (local ip "*:*"))
(allow system-socket)
(allow mach-lookup (global-name "com.apple.dnssd.service") (global-name "com.apple.SystemConfiguration.configd") (global-name "com.apple.trustd.agent"))
`;

export function seatbeltProfile(plan: SandboxPlan, options: { tmpDir: string }): SeatbeltProfile {
  const params: Record<string, string> = { [TMP_PARAM]: options.tmpDir };
  const names = new Map<PlanRule, string>();
  plan.rules.forEach((rule, index) => {
    const name = `${rule.access === 'hidden' ? 'HIDDEN' : rule.access === 'writable' ? 'WRITABLE' : 'READ_ONLY'}_${index}`;
    names.set(rule, name);
    params[name] = rule.path;
  });
  const path = (rule: PlanRule) => `(subpath (param "${names.get(rule)}"))`;
  const profile = [
    BASE,
    ...readRules(plan.rules, path),
    `(allow file-read* file-write* (subpath (param "${TMP_PARAM}")))`,
    ...writeRules(plan.rules, path),
    plan.network ? NETWORK : '; no network',
  ].join('\n');
  return { profile: `${profile}\n`, params };
}

/** The wrapper argv: sandbox-exec, the profile, its parameters and `--`; the shell follows. */
export function seatbeltArgs(plan: SandboxPlan, options: { tmpDir: string; executable?: string }): string[] {
  const { profile, params } = seatbeltProfile(plan, options);
  const defines = Object.entries(params).map(([name, value]) => `-D${name}=${value}`);
  return [options.executable ?? SANDBOX_EXEC, '-p', profile, ...defines, '--'];
}

type PathFilter = (rule: PlanRule) => string;

function readRules(rules: readonly PlanRule[], path: PathFilter): string[] {
  const hidden = rules.filter((rule) => rule.access === 'hidden');
  if (hidden.length === 0) return ['(allow file-read*)'];
  const shown = rules.filter((rule) => rule.access !== 'hidden' && hidden.some((h) => strictlyInside(rule, h)));
  return [
    `(allow file-read* ${except(hidden, path)})`,
    ...shown.map((rule) => allowInside('file-read*', rule, hidden.filter((h) => strictlyInside(h, rule)), path)),
  ];
}

function writeRules(rules: readonly PlanRule[], path: PathFilter): string[] {
  const guarded = rules.filter((rule) => rule.access !== 'writable');
  return rules
    .filter((rule) => rule.access === 'writable')
    .map((root) => allowInside('file-write*', root, guarded.filter((g) => strictlyInside(g, root)), path));
}

function allowInside(operation: string, rule: PlanRule, exceptions: readonly PlanRule[], path: PathFilter): string {
  if (exceptions.length === 0) return `(allow ${operation} ${path(rule)})`;
  return `(allow ${operation} (require-all ${path(rule)} ${except(exceptions, path)}))`;
}

function except(rules: readonly PlanRule[], path: PathFilter): string {
  return `(require-not (require-any ${rules.map(path).join(' ')}))`;
}

function strictlyInside(inner: PlanRule, outer: PlanRule): boolean {
  return inner.path !== outer.path && isInside(inner.path, outer.path);
}
