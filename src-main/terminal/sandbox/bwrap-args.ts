/**
 * The bubblewrap argv that contains the worktree's shell, with Codex's policy as the floor: the
 * whole file system read-only, a minimal /dev, a fresh /proc in its own PID namespace (so no other
 * process, the server's /proc/<pid>/environ included, is reachable), a private /tmp, the writable
 * roots bound back writable and the read-only paths bound read-only on top of them. Beyond Codex:
 * hidden paths masked (a read-only tmpfs over a folder, /dev/null over a file), every capability
 * dropped, and no network namespace shared unless the policy allows it.
 *
 * No `--new-session`: it would setsid() the shell away from its pty, and with it job control,
 * Ctrl-C, and the foreground process group that pause/resume and interrupt signal from outside.
 * What `--new-session` guards against is TIOCSTI: a sandboxed process pushing characters into its
 * controlling terminal's input queue, to be read by whatever reads that terminal after it. Here
 * the terminal is a pty made for this sandbox alone; the only readers of its input are the
 * sandboxed shell and its children, and the worker holds the master side, which receives output,
 * never that input. So an injected line can only be run by the sandboxed shell, inside the sandbox:
 * nothing the agent could not have typed itself. (The user's terminal view writes into the same
 * pty; it never reads from it.)
 */
import type { PlanRule, SandboxPlan } from './sandbox-plan';

/**
 * Namespaces besides the mount namespace, strongest first. `--disable-userns` stops the sandbox
 * making nested user namespaces (more kernel surface, no use to an agent).
 */
export const BWRAP_NAMESPACE_FLAGS = ['--unshare-user', '--disable-userns', '--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try'] as const;

/** bwrap before 0.8 has no `--disable-userns`. */
export const BWRAP_NAMESPACE_FLAGS_NESTABLE = BWRAP_NAMESPACE_FLAGS.filter((flag) => flag !== '--disable-userns');

/**
 * Where user namespaces are forbidden but bwrap runs as root (or setuid): the same without them.
 * `--cap-drop ALL` (and bwrap's no_new_privs) keep root inside from undoing the mounts.
 */
export const BWRAP_NAMESPACE_FLAGS_WITHOUT_USERNS = ['--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try'] as const;

/** What every sandbox gets before the policy's own paths. */
const FLOOR = ['--cap-drop', 'ALL', '--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--tmpfs', '/tmp'];

/**
 * /run holds the daemons' sockets: the user's D-Bus and systemd (`systemd-run --user` runs
 * anything outside), docker's (root on the host), a database's. A read-only mount does not stop a
 * connect() to a socket, and neither does a network namespace, so /run is masked like a hidden
 * folder. Only what name resolution reads from there (resolv.conf's real folder) comes back,
 * read-only, for threads allowed the network.
 */
export interface HostRun {
  /** /run exists here (as a folder) and is masked. */
  mask: boolean;
  /** Folders under /run bound back read-only. */
  keep: readonly string[];
}

export interface BwrapOptions {
  executable: string;
  namespaceFlags: readonly string[];
  /** The shell's starting directory inside the sandbox. */
  cwd: string;
  hostRun?: HostRun;
}

/** The wrapper argv: bwrap, its flags and `--`; the shell and its arguments follow. */
export function bwrapArgs(plan: SandboxPlan, options: BwrapOptions): string[] {
  const mounts = plan.rules.flatMap(mountArgs);
  // A masked folder stays writable until every path inside it has been bound back; then it is
  // made read-only, so nothing can be written into the mask either (non-recursive: the binds
  // inside keep their own access).
  const remounts = plan.rules.filter(isMaskedFolder).flatMap((rule) => ['--remount-ro', rule.path]);
  const run = options.hostRun?.mask ? options.hostRun : null;
  return [
    options.executable,
    '--die-with-parent',
    ...options.namespaceFlags,
    ...(plan.network ? [] : ['--unshare-net']),
    ...FLOOR,
    ...(run ? ['--tmpfs', '/run', ...run.keep.flatMap((dir) => ['--ro-bind', dir, dir])] : []),
    ...mounts,
    ...(run ? ['--remount-ro', '/run'] : []),
    ...remounts,
    '--chdir',
    options.cwd,
    '--',
  ];
}

function isMaskedFolder(rule: PlanRule): boolean {
  return rule.access === 'hidden' && rule.node === 'dir';
}

/** Rules come outer paths first, so an inner rule's mount lands on top of the outer one's. */
function mountArgs(rule: PlanRule): string[] {
  switch (rule.access) {
    case 'hidden':
      if (rule.node === 'missing') return [];
      return rule.node === 'dir' ? ['--tmpfs', rule.path] : ['--ro-bind', '/dev/null', rule.path];
    case 'writable':
      return ['--bind', rule.path, rule.path];
    case 'read-only':
      // Missing outside any writable root: the read-only root already keeps it from appearing.
      return rule.node === 'missing' ? [] : ['--ro-bind', rule.path, rule.path];
  }
}
