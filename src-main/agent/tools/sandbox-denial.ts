/**
 * Did the sandbox, rather than the command itself, make a command fail? There is no certain
 * signal (a command may say "Permission denied" for its own reasons), so this follows Codex's
 * `is_likely_sandbox_denied`: a non-zero exit with well-known denial wording, or exit 159
 * (128 + SIGSYS, a seccomp kill). A wrong "yes" only costs the user one question.
 */

/** Lower-case phrases of a file-system or syscall denial (Codex's list). */
const DENIAL_PHRASES = [
  'operation not permitted',
  'permission denied',
  'read-only file system',
  'seccomp',
  'sandbox',
  'landlock',
  'failed to write file',
];

/** What a command without a network namespace's way out says; only counted when the network is off. */
const NO_NETWORK_PHRASES = [
  'network is unreachable',
  'could not resolve host',
  'temporary failure in name resolution',
  'name or service not known',
  'no address associated with hostname',
  'getaddrinfo enotfound',
  'getaddrinfo eai_again',
];

/** The shell's own failures: a builtin misused, not executable, not found. */
const QUICK_REJECT_EXIT_CODES = [2, 126, 127];

const SIGSYS_EXIT_CODE = 128 + 31;

const MAX_LINE_CHARS = 200;

export interface DenialOptions {
  /** The sandbox lets the command reach the network (a thread's grant). */
  network: boolean;
}

/** The line that shows what the sandbox blocked, or null when this does not look like a denial. */
export function sandboxDenial(exitCode: number | null, output: string, options: DenialOptions): string | null {
  if (exitCode === null || exitCode === 0) return null;
  const phrases = options.network ? DENIAL_PHRASES : [...DENIAL_PHRASES, ...NO_NETWORK_PHRASES];
  const line = output.split(/\r?\n/).find((text) => phrases.some((phrase) => text.toLowerCase().includes(phrase)));
  if (line !== undefined) return clip(line).trim();
  if (QUICK_REJECT_EXIT_CODES.includes(exitCode)) return null;
  return exitCode === SIGSYS_EXIT_CODE ? `The command was killed by the sandbox (exit code ${exitCode}, SIGSYS).` : null;
}

const ANSI_CSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

function clip(raw: string): string {
  const line = raw.replace(ANSI_CSI, '');
  return line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS - 1)}…` : line;
}
