/**
 * Entry point of dist/main/cli.cjs (bin/flotilla.cjs): wires the real process into runCli and
 * exits with its code once stdout and stderr have drained, so piped output is never cut short.
 */
import { createFleet } from '../fleet/fleet';
import { runCli } from './cli';
import { askAtTerminal, processSignals, watchParent } from './context';

function drained(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write('', () => resolve()));
}

/**
 * A reader that went away (`flotilla threads | head -1`) ends the command at once and quietly,
 * with status 0, as it does for a Unix tool: there is no one left to show anything to. Without
 * this, the write's EPIPE is an unhandled 'error' event: a stack trace and status 1.
 */
function endQuietlyWhenClosed(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

endQuietlyWhenClosed(process.stdout);
endQuietlyWhenClosed(process.stderr);

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
  whenParentGone: watchParent,
  ask: process.stdin.isTTY ? askAtTerminal : undefined,
}).then(exit, (error: unknown) => {
  process.stderr.write(`flotilla: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return exit(1);
});
