/**
 * What a remote needs before Flotilla's server can run there: a Node that satisfies the bundle's
 * engines, git, and the platform and architecture the bundled node-pty was built for. One
 * command asks for all of it; each lack becomes a sentence that says how to fix it.
 */
import type { Client } from 'ssh2';
import { satisfies } from './node-range';
import type { ServerBundle } from './server-bundle';
import { execRemote } from './ssh-connect';

export interface RemoteFacts {
  home: string;
  node: { path: string; version: string; platform: string; arch: string } | null;
  git: string | null;
}

export type RemoteCheck = { ok: true; facts: RemoteFacts & { node: NonNullable<RemoteFacts['node']> } } | { ok: false; facts: RemoteFacts | null; problems: string[] };

/** POSIX sh; prints `key<TAB>value` lines. */
const PROBE = [
  `printf 'home\\t%s\\n' "$HOME"`,
  `if command -v node >/dev/null 2>&1; then printf 'node\\t%s\\t%s\\n' "$(command -v node)" "$(node -p 'process.version+"\\t"+process.platform+"\\t"+process.arch')"; fi`,
  `if command -v git >/dev/null 2>&1; then printf 'git\\t%s\\n' "$(git --version)"; fi`,
].join('; ');

export async function probeRemote(ssh: Client): Promise<RemoteFacts | string> {
  const result = await execRemote(ssh, PROBE);
  if (result.code !== 0) return `The remote shell failed to answer a probe (exit ${result.code}): ${result.stderr.trim()}`;
  const facts: RemoteFacts = { home: '', node: null, git: null };
  for (const line of result.stdout.split('\n')) {
    const [key, ...values] = line.split('\t');
    if (key === 'home') facts.home = values[0] ?? '';
    if (key === 'node' && values.length === 4) facts.node = { path: values[0]!, version: values[1]!, platform: values[2]!, arch: values[3]! };
    if (key === 'git') facts.git = values[0] ?? null;
  }
  return facts;
}

export async function checkRemote(ssh: Client, bundle: ServerBundle): Promise<RemoteCheck> {
  const facts = await probeRemote(ssh);
  if (typeof facts === 'string') return { ok: false, facts: null, problems: [facts] };
  const problems = remoteProblems(facts, bundle);
  if (problems.length > 0 || facts.node === null) return { ok: false, facts, problems };
  return { ok: true, facts: { ...facts, node: facts.node } };
}

export function remoteProblems(facts: RemoteFacts, bundle: ServerBundle): string[] {
  const problems: string[] = [];
  if (facts.home === '') problems.push('The remote shell has no $HOME; Flotilla installs its server under ~/.flotilla there.');
  if (facts.node === null) {
    problems.push(`Node.js is not installed on the remote (no \`node\` on the PATH of a non-interactive ssh command). Install Node ${bundle.nodeRange} there (e.g. from nodejs.org or your package manager), and make sure a non-login shell finds it.`);
  } else {
    if (!satisfies(facts.node.version, bundle.nodeRange)) {
      problems.push(`The remote's Node.js is ${facts.node.version} (${facts.node.path}), but Flotilla needs ${bundle.nodeRange}. Upgrade Node there.`);
    }
    if (facts.node.platform !== bundle.platform || facts.node.arch !== bundle.arch) {
      problems.push(`The remote is ${facts.node.platform}-${facts.node.arch} but this Flotilla's terminal module (node-pty) is built for ${bundle.platform}-${bundle.arch}; connect from a Flotilla of the same platform.`);
    }
  }
  if (facts.git === null) problems.push('git is not installed on the remote (no `git` on its PATH). Install git there.');
  return problems;
}
