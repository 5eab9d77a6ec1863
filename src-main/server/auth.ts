/**
 * Who may open the API WebSocket: whoever holds the token printed in the server's URL, from a page
 * served by this server (or from a non-browser client, which sends no Origin). The Origin check
 * is what stops some other web page open in the user's browser from driving the fleet.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Constant-time: both sides are hashed first so their lengths never differ. */
export function tokensMatch(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

export function isWildcardHost(host: string): boolean {
  return host === '0.0.0.0' || host === '::';
}

/** `host` as it appears in a URL: IPv6 addresses need brackets. */
export function urlHost(host: string): string {
  return isIP(host) === 6 ? `[${host}]` : host;
}

/**
 * The origins of pages this server itself serves. Only names that reach this very socket count:
 * `[::1]` is not an alias of a server bound to 127.0.0.1 (another program could listen there).
 */
export function ownOrigins(host: string, port: number): Set<string> {
  const names = [urlHost(host), ...(LOOPBACK_ALIASES[host] ?? [])];
  return new Set(names.map((name) => `http://${name}:${port}`));
}

const LOOPBACK_ALIASES: Record<string, string[]> = {
  '127.0.0.1': ['localhost'],
  '::1': ['localhost'],
  localhost: ['127.0.0.1', '[::1]'],
};

export interface UpgradeRequest {
  url: string | undefined;
  origin: string | undefined;
  /** The Host header, used only when bound to a wildcard address (see originAllowed). */
  hostHeader: string | undefined;
}

export interface UpgradePolicy {
  token: string;
  host: string;
  port: number;
}

/**
 * `token_missing` / `token_wrong`: a page of ours (its origin checked) without the right token;
 * told so over the socket, as a browser cannot read an HTTP refusal. `unauthorized`: the same
 * from a client that sent no Origin (not a browser), refused with a 401 it can read.
 */
export type UpgradeVerdict = 'ok' | 'not_found' | 'unauthorized' | 'forbidden' | 'token_missing' | 'token_wrong';

/** Path, then origin (another site's page is told nothing), then token. */
export function checkUpgrade(request: UpgradeRequest, policy: UpgradePolicy): UpgradeVerdict {
  const url = URL.parse(request.url ?? '/', 'http://upgrade.invalid');
  if (url === null || url.pathname !== '/api') return 'not_found';
  if (request.origin !== undefined && !originAllowed(request.origin, request.hostHeader, policy)) return 'forbidden';
  const given = url.searchParams.get('token');
  if (tokensMatch(given, policy.token)) return 'ok';
  if (request.origin === undefined) return 'unauthorized';
  return given === null || given === '' ? 'token_missing' : 'token_wrong';
}

function originAllowed(origin: string, hostHeader: string | undefined, policy: UpgradePolicy): boolean {
  if (ownOrigins(policy.host, policy.port).has(origin)) return true;
  // Bound to every interface, the page's origin is whatever name the user reached us by; the
  // token still has to match, so accepting the origin the browser itself sent us to is safe.
  return isWildcardHost(policy.host) && hostHeader !== undefined && origin === `http://${hostHeader}`;
}
