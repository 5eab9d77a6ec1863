// `npm run bench` part (`--ssh-only` runs only this; alone as `node scripts/bench-ssh.mjs`): the
// event round trip and throughput through the SSH forward of a remote host against the same
// server's local WebSocket, in one run, rounds interleaved (src-main/remote/bench/forward-bench.ts).
// Needs /usr/sbin/sshd (openssh-server) and a Node that satisfies package.json engines.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleHarness } from './bench-harness.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function sshBench() {
  console.log('\nRemote host: the same server through the SSH forward vs. its local WebSocket');
  if (!existsSync('/usr/sbin/sshd')) {
    console.log('  skipped: /usr/sbin/sshd is not installed (openssh-server)');
    return;
  }
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
  const harness = await bundleHarness('src-main/remote/bench/forward-bench.ts', 'forward-bench');
  const options = JSON.stringify({ root, rounds: Number(process.env.BENCH_SSH_ROUNDS ?? 5), calls: 200, agents: 4 });
  const code = `require(${JSON.stringify(harness)}).main(process.argv.slice(1)).catch((e) => { console.error(e); process.exit(1); })`;
  const out = execFileSync(process.execPath, ['-e', code, options], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const f = JSON.parse(out.trim().split('\n').at(-1));
  const row = (name, ssh, local, unit, digits) => console.log(`  ${name.padEnd(26)} ssh ${ssh.toFixed(digits).padStart(9)} ${unit}   local ${local.toFixed(digits).padStart(9)} ${unit}   ssh/local ${(ssh / local).toFixed(2)}x`);
  row('app.info round trip', f.rttMs.ssh, f.rttMs.local, 'ms', 3);
  row('thread.events throughput', f.eventsPerSec.ssh, f.eventsPerSec.local, 'ev/s', 0);
  console.log(`  (${f.rounds} interleaved rounds, medians; ${f.events} events read per pass set, pages of 20)`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await sshBench();
