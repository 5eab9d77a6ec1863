/**
 * The variables a shell and the tools in it need to behave as in the user's terminal, and none of
 * them a credential: the base of both allow-lists, the agent worker's environment
 * (fleet/thread/worker-env.ts) and, inside it, the agent shell's (agent/shell-env.ts). Each adds
 * names of its own (the worker: Windows and tool-manager paths; the shell: colour switches), and
 * both let LC_* through. Proxy variables are not here: their URLs often carry a password (the user
 * can name them in settings).
 */
export const BASE_ENV_NAMES: readonly string[] = [
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'LANG',
  'LANGUAGE',
  'TERM',
  'COLORTERM',
  'TZ',
  'TMPDIR',
  'EDITOR',
  'VISUAL',
  // Where toolchains live when not in the default place: without them cargo, go or java break.
  'CARGO_HOME',
  'RUSTUP_HOME',
  'GOPATH',
  'GOROOT',
  'JAVA_HOME',
  // A company's CA bundle, so tools (and the worker's model client) behind a TLS proxy still verify TLS.
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'NODE_EXTRA_CA_CERTS',
];
