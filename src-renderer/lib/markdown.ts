/**
 * A deliberately small markdown subset for assistant text: paragraphs (newlines kept), headings,
 * lists, fenced code and inline `code` / **bold**. Tolerates half-streamed input: an unclosed
 * fence is a code block that is still growing.
 */
export type Block =
  | { type: 'paragraph'; text: string }
  | { type: 'heading'; level: number; text: string }
  | { type: 'list'; ordered: boolean; items: string[] }
  | { type: 'code'; lang: string; text: string };

export type Inline = { type: 'text' | 'code' | 'bold'; text: string };

const FENCE = /^\s*```\s*([\w+#.-]*)\s*$/;
const HEADING = /^(#{1,4})\s+(.*)$/;
const BULLET = /^\s*[-*]\s+(.*)$/;
const NUMBERED = /^\s*\d+[.)]\s+(.*)$/;

export function parseBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  const lines = text.split('\n');
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    const fence = FENCE.exec(line);
    if (fence) {
      const end = findFenceEnd(lines, i + 1);
      blocks.push({ type: 'code', lang: fence[1] ?? '', text: lines.slice(i + 1, end).join('\n') });
      i = end + 1;
    } else if (!line.trim()) {
      i++;
    } else if (HEADING.test(line)) {
      const [, hashes = '#', title = ''] = HEADING.exec(line) ?? [];
      blocks.push({ type: 'heading', level: hashes.length, text: title });
      i++;
    } else if (BULLET.test(line) || NUMBERED.test(line)) {
      i = readList(lines, i, blocks);
    } else {
      i = readParagraph(lines, i, blocks);
    }
  }
  return blocks;
}

function findFenceEnd(lines: string[], from: number): number {
  for (let j = from; j < lines.length; j++) if (/^\s*```\s*$/.test(lines[j] ?? '')) return j;
  return lines.length;
}

function readList(lines: string[], start: number, out: Block[]): number {
  const ordered = NUMBERED.test(lines[start] ?? '');
  const pattern = ordered ? NUMBERED : BULLET;
  const items: string[] = [];
  let i = start;
  for (; i < lines.length; i++) {
    const match = pattern.exec(lines[i] ?? '');
    if (!match) break;
    items.push(match[1] ?? '');
  }
  out.push({ type: 'list', ordered, items });
  return i;
}

function readParagraph(lines: string[], start: number, out: Block[]): number {
  const collected: string[] = [];
  let i = start;
  for (; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (!line.trim() || FENCE.test(line) || HEADING.test(line) || BULLET.test(line) || NUMBERED.test(line)) break;
    collected.push(line);
  }
  out.push({ type: 'paragraph', text: collected.join('\n') });
  return i;
}

const INLINE = /`([^`\n]+)`|\*\*([^*\n]+)\*\*/g;

export function parseInline(text: string): Inline[] {
  const parts: Inline[] = [];
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    const index = match.index ?? 0;
    if (index > last) parts.push({ type: 'text', text: text.slice(last, index) });
    if (match[1] !== undefined) parts.push({ type: 'code', text: match[1] });
    else parts.push({ type: 'bold', text: match[2] ?? '' });
    last = index + match[0].length;
  }
  if (last < text.length) parts.push({ type: 'text', text: text.slice(last) });
  return parts;
}
