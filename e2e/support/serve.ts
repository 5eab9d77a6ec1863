import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface ServedFlotilla {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

const ROOT = join(__dirname, '..', '..');
const LISTENING = /Flotilla is listening on (http:\/\/\S+)/;

/**
 * Starts `flotilla serve` as a user would, and resolves with the URL it prints. `launcher` is an
 * argv that runs the command given after it (and execs it, so signals reach the server).
 */
export function serveFlotilla(args: string[], env: Record<string, string>, launcher: string[] = []): Promise<ServedFlotilla> {
  const argv = [...launcher, process.execPath, join(ROOT, 'dist/main/cli.cjs'), 'serve', ...args];
  const child = spawn(argv[0]!, argv.slice(1), {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = LISTENING.exec(output);
      if (match?.[1]) resolve({ url: match[1], process: child, stop: () => stop(child) });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    child.once('exit', (code) => reject(new Error(`flotilla serve exited (${code}) before listening:\n${output}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
