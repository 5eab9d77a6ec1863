/**
 * Rust's `Utf8Error` message for bytes that are not UTF-8, which Codex shows when asked to update
 * such a file ("invalid utf-8 sequence of 1 bytes from index 0"). Follows core::str's validation:
 * the first bad sequence, and how many of its bytes are bad, or "incomplete" at the end.
 */
const isContinuation = (byte: number | undefined) => byte !== undefined && byte >= 0x80 && byte <= 0xbf;

/** The range the second byte of a sequence must be in, given its first byte; null if none. */
function secondByteRange(first: number): [number, number] | null {
  if (first >= 0xc2 && first <= 0xdf) return [0x80, 0xbf];
  if (first === 0xe0) return [0xa0, 0xbf];
  if (first === 0xed) return [0x80, 0x9f];
  if (first >= 0xe1 && first <= 0xef) return [0x80, 0xbf];
  if (first === 0xf0) return [0x90, 0xbf];
  if (first === 0xf4) return [0x80, 0x8f];
  if (first >= 0xf1 && first <= 0xf3) return [0x80, 0xbf];
  return null;
}

function width(first: number): number {
  if (first < 0xe0) return 2;
  return first < 0xf0 ? 3 : 4;
}

/** The message, or null when the bytes are valid UTF-8. */
export function rustUtf8Error(data: Uint8Array): string | null {
  for (let i = 0; i < data.length; ) {
    const first = data[i] as number;
    if (first < 0x80) {
      i += 1;
      continue;
    }
    const invalid = (length: number) => `invalid utf-8 sequence of ${length} bytes from index ${i}`;
    const incomplete = `incomplete utf-8 byte sequence from index ${i}`;
    const range = secondByteRange(first);
    if (range === null) return invalid(1);
    const second = data[i + 1];
    if (second === undefined) return incomplete;
    if (second < range[0] || second > range[1]) return invalid(1);
    const size = width(first);
    for (let k = 2; k < size; k += 1) {
      if (i + k >= data.length) return incomplete;
      if (!isContinuation(data[i + k])) return invalid(k);
    }
    i += size;
  }
  return null;
}
