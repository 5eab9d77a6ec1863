/**
 * Middle truncation for tool output. The start of a command's output says what ran and the end
 * says how it ended (the error, the summary line), so when it is too long the middle goes.
 */

export interface Truncated {
  text: string;
  truncated: boolean;
  omittedBytes: number;
}

/** Rough size of a token for budgets given in tokens (what Codex assumes as well). */
export const BYTES_PER_TOKEN = 4;

/** Keeps at most about `maxBytes` UTF-8 bytes: a head and a tail, cut at line ends when close. */
export function truncateMiddle(text: string, maxBytes: number): Truncated {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return { text, truncated: false, omittedBytes: 0 };
  const budget = Math.max(0, Math.floor(maxBytes));
  const headEnd = headCut(bytes, Math.floor(budget / 2));
  const tailStart = Math.max(headEnd, tailCut(bytes, bytes.length - (budget - Math.floor(budget / 2))));
  return withNote(bytes.subarray(0, headEnd), tailStart - headEnd, bytes.subarray(tailStart));
}

/**
 * The same for text whose middle is already gone: `head`, a dropped middle, then `tail`,
 * `totalBytes` in all. The note counts everything not shown, the dropped middle included.
 */
export function truncateAroundGap(head: string, tail: string, totalBytes: number, maxBytes: number): Truncated {
  const headBytes = Buffer.from(head, 'utf8');
  const tailBytes = Buffer.from(tail, 'utf8');
  const budget = Math.max(0, Math.floor(maxBytes));
  const headEnd = headCut(headBytes, Math.min(Math.floor(budget / 2), headBytes.length));
  const tailStart = tailCut(tailBytes, Math.max(0, tailBytes.length - (budget - Math.floor(budget / 2))));
  const shownHead = headBytes.subarray(0, headEnd);
  const shownTail = tailBytes.subarray(tailStart);
  return withNote(shownHead, Math.max(0, totalBytes - shownHead.length - shownTail.length), shownTail);
}

function withNote(headBytes: Buffer, omittedBytes: number, tailBytes: Buffer): Truncated {
  const head = headBytes.toString('utf8');
  const tokens = Math.ceil(omittedBytes / BYTES_PER_TOKEN);
  const lead = head === '' || head.endsWith('\n') ? '' : '\n';
  const note = `${lead}[... ${omittedBytes} bytes (about ${tokens} tokens) omitted from the middle ...]\n`;
  return { text: head + note + tailBytes.toString('utf8'), truncated: true, omittedBytes };
}

/** End of the head: after the last newline in its second half, else on a character boundary. */
function headCut(bytes: Buffer, limit: number): number {
  const newline = limit > 0 ? bytes.lastIndexOf(0x0a, limit - 1) : -1;
  if (newline >= 0 && newline + 1 >= limit / 2) return newline + 1;
  let end = limit;
  while (end > 0 && isContinuation(bytes[end])) end--;
  return end;
}

/** Start of the tail: after the first newline in its first half, else on a character boundary. */
function tailCut(bytes: Buffer, start: number): number {
  const length = bytes.length - start;
  const newline = bytes.indexOf(0x0a, start);
  if (newline >= 0 && newline + 1 - start <= length / 2) return newline + 1;
  let begin = start;
  while (begin < bytes.length && isContinuation(bytes[begin])) begin++;
  return begin;
}

function isContinuation(byte: number | undefined): boolean {
  return byte !== undefined && (byte & 0xc0) === 0x80;
}
