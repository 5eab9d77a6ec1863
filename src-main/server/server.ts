/**
 * The headless server: the built renderer over HTTP and the client API over a WebSocket at
 * /api?token=..., on one port. It is how Flotilla runs on a machine without a display, and what
 * the browser e2e suite drives.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { FleetService } from '../fleet/fleet-service';
import { checkUpgrade, isLoopbackHost, newToken, urlHost, type UpgradeVerdict } from './auth';
import { REFUSED_CLOSE_CODE, tokenRefusal, type WireRefusal } from '../../src-shared/protocol/wire';
import { createStaticHandler } from './static-files';
import { DEFAULT_MAX_BUFFERED_BYTES, MAX_REQUEST_BYTES, serveConnection } from './ws-connection';

export interface ServerOptions {
  fleet: FleetService;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** The built renderer: index.html, app.js, app.css. */
  rendererDir: string;
  /** Defaults to a fresh random token. */
  token?: string;
  maxBufferedBytes?: number;
  /** Where warnings and dropped-message notes go (stderr by default). */
  log?: (line: string) => void;
}

export interface RunningServer {
  /** http://HOST:PORT/?token=... — what the user opens. */
  url: string;
  host: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/**
 * Past this, ws closes the socket (1009) without reading on. Twice the request limit, so a request
 * just over that limit is still read far enough to be answered `invalid_request` by id.
 */
const MAX_PAYLOAD_BYTES = 2 * MAX_REQUEST_BYTES;

const REFUSALS: Record<Exclude<UpgradeVerdict, 'ok' | 'token_missing' | 'token_wrong'>, string> = {
  not_found: '404 Not Found',
  unauthorized: '401 Unauthorized',
  forbidden: '403 Forbidden',
};

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? newToken();
  const log = options.log ?? ((line: string) => console.error(`flotilla server: ${line}`));
  const http = createServer(createStaticHandler(options.rendererDir));
  const port = await listen(http, host, options.port ?? 0);
  if (!isLoopbackHost(host)) {
    log(`warning: listening on ${host}, reachable from other machines; anyone with the URL's token can drive the fleet.`);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD_BYTES });
  const connection = { fleet: options.fleet, maxBufferedBytes: options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES, log };
  const disposers = new Set<() => void>();
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const verdict = checkUpgrade({ url: req.url, origin: req.headers.origin, hostHeader: req.headers.host }, { token, host, port });
    if (verdict === 'token_missing' || verdict === 'token_wrong') return refuseOverSocket(wss, req, socket, head, verdict);
    if (verdict !== 'ok') return refuse(socket, REFUSALS[verdict]);
    wss.handleUpgrade(req, socket, head, (ws) => {
      const dispose = serveConnection(ws, connection);
      disposers.add(dispose);
      ws.once('close', () => disposers.delete(dispose));
    });
  });

  const url = `http://${urlHost(host)}:${port}/?token=${token}`;
  return {
    url,
    host,
    port,
    token,
    close: async () => {
      for (const dispose of [...disposers]) dispose();
      disposers.clear();
      await closeHttp(http, wss);
    },
  };
}

function listen(http: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, host, () => {
      http.off('error', reject);
      resolve((http.address() as AddressInfo).port);
    });
  });
}

function refuse(socket: Duplex, status: string): void {
  socket.on('error', () => undefined);
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, () => socket.destroy());
}

/** Tells the page why in one message, then closes: it reads no API and reaches no fleet. */
function refuseOverSocket(wss: WebSocketServer, req: IncomingMessage, socket: Duplex, head: Buffer, reason: WireRefusal['reason']): void {
  wss.handleUpgrade(req, socket, head, (ws) => {
    ws.on('error', () => undefined);
    ws.send(JSON.stringify(tokenRefusal(reason)), () => ws.close(REFUSED_CLOSE_CODE, reason));
  });
}

function closeHttp(http: Server, wss: WebSocketServer): Promise<void> {
  return new Promise((resolve) => {
    wss.close();
    http.close(() => resolve());
    // Keep-alive connections from browsers would otherwise hold close() open.
    http.closeAllConnections();
  });
}
