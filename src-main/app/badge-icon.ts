/**
 * The Windows taskbar overlay for the attention count: a 16×16 red disc with the count in white
 * ("9+" past nine), as raw BGRA pixels for nativeImage.createFromBitmap. Drawn here rather than
 * shipped as ten image files; plain data, so it is tested without Electron.
 */

export const BADGE_ICON_SIZE = 16;

/** A 3×5 pixel font: each glyph is five rows of three bits, most significant bit on the left. */
const GLYPHS: Record<string, readonly number[]> = {
  '0': [0b111, 0b101, 0b101, 0b101, 0b111],
  '1': [0b010, 0b110, 0b010, 0b010, 0b111],
  '2': [0b111, 0b001, 0b111, 0b100, 0b111],
  '3': [0b111, 0b001, 0b111, 0b001, 0b111],
  '4': [0b101, 0b101, 0b111, 0b001, 0b001],
  '5': [0b111, 0b100, 0b111, 0b001, 0b111],
  '6': [0b111, 0b100, 0b111, 0b101, 0b111],
  '7': [0b111, 0b001, 0b010, 0b010, 0b010],
  '8': [0b111, 0b101, 0b111, 0b101, 0b111],
  '9': [0b111, 0b101, 0b111, 0b001, 0b111],
  '+': [0b000, 0b010, 0b111, 0b010, 0b000],
};

const RED = [0x30, 0x3a, 0xda, 0xff] as const; // BGRA of #da3a30
const WHITE = [0xff, 0xff, 0xff, 0xff] as const;

/** What the overlay says: the count up to nine, then "9+". */
export function badgeLabel(count: number): string {
  return count > 9 ? '9+' : String(count);
}

export function badgeIconPixels(count: number): Buffer {
  const size = BADGE_ICON_SIZE;
  const pixels = Buffer.alloc(size * size * 4);
  const put = (x: number, y: number, color: readonly number[]) => pixels.set(color, (y * size + x) * 4);
  const centre = (size - 1) / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) if ((x - centre) ** 2 + (y - centre) ** 2 <= (size / 2) ** 2) put(x, y, RED);
  }
  const label = badgeLabel(count);
  // One digit drawn at twice the font's size, two at its own size: both fit inside the disc.
  const scale = label.length === 1 ? 2 : 1;
  const width = label.length * 3 * scale + (label.length - 1) * scale;
  const left = Math.floor((size - width) / 2);
  const top = Math.floor((size - 5 * scale) / 2);
  [...label].forEach((char, i) => {
    const rows = GLYPHS[char] ?? [];
    rows.forEach((bits, row) => {
      for (let col = 0; col < 3; col++) {
        if (!(bits & (0b100 >> col))) continue;
        for (let dy = 0; dy < scale; dy++) {
          for (let dx = 0; dx < scale; dx++) put(left + i * 4 * scale + col * scale + dx, top + row * scale + dy, WHITE);
        }
      }
    });
  });
  return pixels;
}
