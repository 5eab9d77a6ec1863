// Draws Flotilla's icon — three sailboats in formation on a dark rounded square — and writes
// assets/icon.png (1024×1024), assets/icon.ico (16–256, PNG-compressed) and assets/icon.icns
// (128–1024). Pure node: shapes are rasterized with 4×4 supersampling and encoded with node:zlib,
// so the icons can be regenerated anywhere: `node scripts/make-icons.mjs`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SAMPLES = 4;

// --- geometry (unit square, y down) ---------------------------------------------------------

const hex = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
const triangle = (a, b, c) => (x, y) => {
  const side = (p, q) => (q[0] - p[0]) * (y - p[1]) - (q[1] - p[1]) * (x - p[0]);
  const d1 = side(a, b), d2 = side(b, c), d3 = side(c, a);
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
};
const quad = (a, b, c, d) => {
  const t1 = triangle(a, b, c), t2 = triangle(a, c, d);
  return (x, y) => t1(x, y) || t2(x, y);
};
const roundedSquare = (inset, radius) => (x, y) => {
  const lo = inset + radius, hi = 1 - inset - radius;
  const dx = Math.max(lo - x, 0, x - hi), dy = Math.max(lo - y, 0, y - hi);
  return x >= inset && x <= 1 - inset && y >= inset && y <= 1 - inset && dx * dx + dy * dy <= radius * radius;
};

/** A sloop: mainsail aft of the mast, jib forward, a hull under both. `h` is the rig height. */
function boat(mastX, waterY, h, colors) {
  const foot = waterY - 0.05 * h;
  const top = waterY - h;
  return [
    { hit: triangle([mastX + 0.012, top], [mastX + 0.012, foot], [mastX + 0.5 * h, foot]), color: colors.main },
    { hit: triangle([mastX - 0.012, top + 0.1 * h], [mastX - 0.012, foot], [mastX - 0.36 * h, foot]), color: colors.jib },
    {
      hit: quad([mastX - 0.44 * h, waterY - 0.015 * h], [mastX + 0.58 * h, waterY - 0.015 * h], [mastX + 0.46 * h, waterY + 0.1 * h], [mastX - 0.32 * h, waterY + 0.1 * h]),
      color: colors.hull,
    },
  ];
}

const wave = (y0, amplitude, thickness) => (x, y) => {
  const center = y0 + amplitude * Math.sin(x * Math.PI * 6);
  return Math.abs(y - center) < thickness / 2 && x > 0.16 && x < 0.84;
};

const background = roundedSquare(0.055, 0.2);
// Painted back to front; the first shape hit from the end of the list wins.
const shapes = [
  { hit: wave(0.8, 0.008, 0.014), color: hex('#1f3b57') },
  { hit: wave(0.855, 0.008, 0.012), color: hex('#1a3049') },
  ...boat(0.77, 0.6, 0.25, { main: hex('#fde68a'), jib: hex('#f59e0b'), hull: hex('#b45309') }),
  ...boat(0.56, 0.66, 0.34, { main: hex('#bfdbfe'), jib: hex('#60a5fa'), hull: hex('#1d4ed8') }),
  ...boat(0.32, 0.73, 0.45, { main: hex('#f8fafc'), jib: hex('#2dd4bf'), hull: hex('#0f766e') }),
];

function backgroundColor(y) {
  const top = hex('#1e293b'), bottom = hex('#0b1120');
  return top.map((c, i) => c + (bottom[i] - c) * y);
}

/** The color at a point, or null outside the icon. */
function colorAt(x, y) {
  if (!background(x, y)) return null;
  for (let i = shapes.length - 1; i >= 0; i--) if (shapes[i].hit(x, y)) return shapes[i].color;
  return backgroundColor(y);
}

// --- rasterizing and encoding -----------------------------------------------------------------

function render(size) {
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0];
      let covered = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const c = colorAt((px + (sx + 0.5) / SAMPLES) / size, (py + (sy + 0.5) / SAMPLES) / size);
          if (!c) continue;
          covered++;
          for (let i = 0; i < 3; i++) sum[i] += c[i];
        }
      }
      const o = (py * size + px) * 4;
      if (covered === 0) continue;
      for (let i = 0; i < 3; i++) rgba[o + i] = Math.round(sum[i] / covered);
      rgba[o + 3] = Math.round((255 * covered) / (SAMPLES * SAMPLES));
    }
  }
  return rgba;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function png(size) {
  const rgba = render(size);
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/** ICO with PNG-compressed entries (supported since Windows Vista). */
function ico(images) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = 6 + 16 * images.length;
  const entries = images.map(({ size, data }) => {
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size >= 256 ? 0 : size, 0);
    entry.writeUInt8(size >= 256 ? 0 : size, 1);
    entry.writeUInt16LE(1, 4);
    entry.writeUInt16LE(32, 6);
    entry.writeUInt32LE(data.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += data.length;
    return entry;
  });
  return Buffer.concat([header, ...entries, ...images.map((i) => i.data)]);
}

/** ICNS with PNG entries: ic07 128, ic08 256, ic09 512, ic10 1024 (512@2x). */
function icns(images) {
  const types = { 128: 'ic07', 256: 'ic08', 512: 'ic09', 1024: 'ic10' };
  const blocks = images.map(({ size, data }) => {
    const head = Buffer.alloc(8);
    head.write(types[size], 0, 'ascii');
    head.writeUInt32BE(data.length + 8, 4);
    return Buffer.concat([head, data]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + blocks.reduce((n, b) => n + b.length, 0), 4);
  return Buffer.concat([head, ...blocks]);
}

const sizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const images = new Map(sizes.map((size) => [size, png(size)]));
const pick = (list) => list.map((size) => ({ size, data: images.get(size) }));
mkdirSync(join(root, 'assets'), { recursive: true });
writeFileSync(join(root, 'assets/icon.png'), images.get(1024));
writeFileSync(join(root, 'assets/icon.ico'), ico(pick([16, 24, 32, 48, 64, 128, 256])));
writeFileSync(join(root, 'assets/icon.icns'), icns(pick([128, 256, 512, 1024])));
console.log('wrote assets/icon.png (1024×1024), assets/icon.ico, assets/icon.icns');
