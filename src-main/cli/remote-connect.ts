/**
 * Finds the `flotilla serve` running on this data dir (through `<dataDir>/server.json`) and opens
 * its API socket with the recorded token. Every way this can go wrong becomes one message that
 * says what to do, never a stack trace.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { OpenError, RemoteClient, VersionMismatchError } from './remote-client';
import { serverFilePath } from './server-file';
import { processAlive } from '../terminal/process-group';

export type Connection = { ok: true; client: RemoteClient } | { ok: false; message: string; exitCode: number };

/** "No server" and "stale server" are the user's situation to fix (exit 2); anything else is a failure (1). */
const EXIT_NO_SERVER = 2;
const EXIT_FAILURE = 1;

const ServerFileSchema = z.object({ url: z.string(), token: z.string().min(1), pid: z.number().int() });
type ServerFile = z.infer<typeof ServerFileSchema>;

export async function connectToServer(dataDir: string): Promise<Connection> {
  const file = serverFilePath(dataDir);
  const read = readServerFile(file, dataDir);
  if (!read.ok) return read;
  const server = read.value;
  let url: string;
  try {
    url = apiSocketUrl(server.url, server.token);
  } catch {
    return { ok: false, message: `${file} holds an invalid URL; restart \`flotilla serve\`.`, exitCode: EXIT_FAILURE };
  }
  try {
    return { ok: true, client: await RemoteClient.open(url) };
  } catch (error) {
    return { ok: false, ...describeOpenFailure(error, file, server) };
  }
}

/** ws://HOST:PORT/api?token=..., from the page URL the server recorded. */
export function apiSocketUrl(serverUrl: string, token: string): string {
  const page = new URL(serverUrl);
  // A server bound to every interface is reached, from this machine, through loopback.
  const host = page.hostname === '0.0.0.0' ? '127.0.0.1' : page.hostname === '[::]' ? '[::1]' : page.hostname;
  const socket = new URL(`ws://${host}:${page.port}/api`);
  socket.searchParams.set('token', token);
  return socket.toString();
}

type Read = { ok: true; value: ServerFile } | { ok: false; message: string; exitCode: number };

function readServerFile(file: string, dataDir: string): Read {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) {
      return { ok: false, message: `No Flotilla server is running for ${dataDir}. Start one with \`flotilla serve\`.`, exitCode: EXIT_NO_SERVER };
    }
    return { ok: false, message: `Could not read ${file}: ${error instanceof Error ? error.message : String(error)}.`, exitCode: EXIT_FAILURE };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  const parsed = ServerFileSchema.safeParse(json);
  if (!parsed.success) return { ok: false, message: `${file} is not a Flotilla server file; restart \`flotilla serve\`.`, exitCode: EXIT_FAILURE };
  if (!processAlive(parsed.data.pid)) {
    return {
      ok: false,
      message: `The Flotilla server recorded in ${file} (pid ${parsed.data.pid}) is no longer running. Start one with \`flotilla serve\`.`,
      exitCode: EXIT_NO_SERVER,
    };
  }
  return { ok: true, value: parsed.data };
}

function describeOpenFailure(error: unknown, file: string, server: ServerFile): { message: string; exitCode: number } {
  // Never echo the URL itself: it carries the token.
  const where = `${safeHost(server.url)} (recorded in ${file})`;
  if (error instanceof VersionMismatchError) return { message: `The Flotilla server at ${where} cannot be used: ${error.message}`, exitCode: EXIT_FAILURE };
  if (!(error instanceof OpenError)) {
    return { message: `Could not connect to the Flotilla server at ${where}: ${String(error)}.`, exitCode: EXIT_FAILURE };
  }
  const failure = error.failure;
  if (failure.kind === 'http' && failure.status === 401) {
    return { message: `The server rejected the token in ${file}; restart \`flotilla serve\`.`, exitCode: EXIT_FAILURE };
  }
  if (failure.kind === 'http') {
    return { message: `The server at ${where} refused the connection (HTTP ${failure.status}); is it a Flotilla server?`, exitCode: EXIT_FAILURE };
  }
  if (failure.code === 'ECONNREFUSED') {
    return {
      message: `Nothing is listening at ${where}: that server has stopped. Start one with \`flotilla serve\`.`,
      exitCode: EXIT_NO_SERVER,
    };
  }
  return { message: `Could not connect to the Flotilla server at ${where}: ${failure.message}.`, exitCode: EXIT_FAILURE };
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'an unknown address';
  }
}


function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && 'code' in error && error.code === code;
}
