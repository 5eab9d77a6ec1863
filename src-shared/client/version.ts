/**
 * The version check every client makes before its first request: the other side's hello must
 * speak this build's protocol. A mismatch is an error that says which side to upgrade.
 */
import { PROTOCOL_VERSION, WireHelloSchema, type WireHello } from '../protocol/wire';

/** How a client names itself in a message a person reads, and how it is brought up to date. */
export interface ClientIdentity {
  /** "This page", "This flotilla CLI". */
  name: string;
  /** What fixes it when the other side is newer: "reload the page", "upgrade this CLI". */
  upgradeSelf: string;
  /** What fixes it when the other side is older. */
  upgradeOther: string;
}

export class VersionMismatchError extends Error {
  override readonly name = 'VersionMismatchError';
}

/** The hello, or the error that refuses this connection. */
export function checkHello(raw: unknown, identity: ClientIdentity): { ok: true; hello: WireHello } | { ok: false; error: VersionMismatchError } {
  const parsed = WireHelloSchema.safeParse(raw);
  if (!parsed.success) {
    const message = `${identity.name} speaks Flotilla protocol ${PROTOCOL_VERSION}, but the other side did not say which protocol it speaks (it predates protocol versions). To fix it, ${identity.upgradeOther}.`;
    return { ok: false, error: new VersionMismatchError(message) };
  }
  const hello = parsed.data;
  if (hello.protocolVersion === PROTOCOL_VERSION) return { ok: true, hello };
  const newer = hello.protocolVersion > PROTOCOL_VERSION;
  const advice = newer ? identity.upgradeSelf : identity.upgradeOther;
  const message =
    `${identity.name} speaks Flotilla protocol ${PROTOCOL_VERSION}, but the other side (Flotilla ${hello.appVersion}) ` +
    `speaks protocol ${hello.protocolVersion}, which is ${newer ? 'newer' : 'older'}. To fix it, ${advice}. Nothing was sent.`;
  return { ok: false, error: new VersionMismatchError(message) };
}
