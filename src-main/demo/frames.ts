/** Pieces shared by the Responses and Chat Completions answer builders. */
import { randomBytes } from 'node:crypto';

/** One SSE message, already serialized. Deltas are where a step's delay and cut apply. */
export interface PlayedFrame {
  payload: string;
  isDelta: boolean;
}

export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('hex')}`;
}

/** Splits by code points, so a delta never ends halfway through an emoji. */
export function splitChunks(text: string, size: number): string[] {
  const codePoints = Array.from(text);
  const chunks: string[] = [];
  for (let i = 0; i < codePoints.length; i += size) chunks.push(codePoints.slice(i, i + size).join(''));
  return chunks;
}
