/**
 * Entry point of dist/main/cli.cjs (bin/flotilla.cjs): wires the real process into runCli and
 * exits with its code once stdout and stderr have drained, so piped output is never cut short.
 */
import { createFleet } from '../fleet/fleet';
import { runCli } from './cli';
import { processSignals } from './context';

function drained(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write('', () => resolve()));
}

async function exit(code: number): Promise<never> {
  await Promise.all([drained(process.stdout), drained(process.stderr)]);
  process.exit(code);
}

runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  bundleDir: __dirname,
  pid: process.pid,
  createFleet,
  waitForSignal: processSignals,
}).then(exit, (error: unknown) => {
  process.stderr.write(`flotilla: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return exit(1);
});
