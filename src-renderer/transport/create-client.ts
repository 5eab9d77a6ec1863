/** Picks the transport: the Electron bridge when the preload exposed one, else the WebSocket. */
import type { FlotillaClient } from '../../src-shared/protocol/api';
import { takeEarlySocket } from './adopt-early-socket';
import { findBridge, IpcClient } from './ipc-client';
import { resolveToken, socketUrl, WsClient } from './ws-client';

export function createClient(): FlotillaClient {
  const bridge = findBridge();
  if (bridge) return new IpcClient(bridge);
  const token = resolveToken(window.location.search, safeSessionStorage());
  return new WsClient({ url: socketUrl(window.location, token), createSocket: (url) => takeEarlySocket(url) ?? new WebSocket(url) });
}

function safeSessionStorage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}
