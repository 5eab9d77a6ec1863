/**
 * Encrypted reasoning, as the Responses API hands it out with store: false: a client that asks
 * for `include: ["reasoning.encrypted_content"]` gets each reasoning item's content as an opaque
 * string, and must send the item back with it to keep the model's reasoning across requests. The
 * demo's "encryption" is base64 under a marker; what matters is that the server checks replayed
 * items as the real API does, so a client that drops or mangles them is caught.
 */
import { HttpError } from './http-util';

const MARKER = 'flotilla-demo-reasoning.v1:';

export function wantsEncryptedReasoning(body: Readonly<Record<string, unknown>>): boolean {
  return Array.isArray(body.include) && body.include.includes('reasoning.encrypted_content');
}

export function encryptReasoning(id: string, text: string): string {
  return MARKER + Buffer.from(JSON.stringify({ id, text })).toString('base64');
}

/** The id and text sealed in `content`, or null if this server did not issue it. */
export function decryptReasoning(content: string): { id: string; text: string } | null {
  if (!content.startsWith(MARKER)) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(content.slice(MARKER.length), 'base64').toString('utf8'));
    const { id, text } = (value ?? {}) as { id?: unknown; text?: unknown };
    return typeof id === 'string' && typeof text === 'string' ? { id, text } : null;
  } catch {
    return null;
  }
}

/** Refuses reasoning items in the input the way the API does when store is false. */
export function checkReplayedReasoning(input: unknown): void {
  if (!Array.isArray(input)) return;
  for (const item of input) {
    if (typeof item !== 'object' || item === null || (item as { type?: unknown }).type !== 'reasoning') continue;
    const { id, encrypted_content: content } = item as { id?: unknown; encrypted_content?: unknown };
    const label = typeof id === 'string' ? id : '';
    if (typeof content !== 'string' || content === '') {
      throw new HttpError(
        404,
        `Item with id '${label}' not found. Items are not persisted when \`store\` is set to false. Try again with \`store\` set to true, or remove this item from your input.`,
        'input',
      );
    }
    if (decryptReasoning(content) === null) {
      throw new HttpError(400, `The encrypted content for item ${label} could not be verified.`, 'input');
    }
  }
}
