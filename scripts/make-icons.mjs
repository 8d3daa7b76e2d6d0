// Draws the toolbar icons (a white key on Mercado Pago blue) as PNGs with no image library.
// Run once with `node scripts/make-icons.mjs`; the PNGs are committed under public/icons.
import { deflateSync } from 'node:zlib';
import { writeFileSync, mkdirSync } from 'node:fs';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
};

function draw(size) {
  const px = new Uint8Array(size * size * 4);
  const s = size / 128;
  const inRoundedSquare = (x, y) => {
    const r = 28 * s, m = 4 * s, lo = m, hi = size - m;
    if (x < lo || y < lo || x > hi || y > hi) return false;
    const cx = Math.min(Math.max(x, lo + r), hi - r), cy = Math.min(Math.max(y, lo + r), hi - r);
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  };
  const inKey = (x, y) => {
    const bowX = 44 * s, bowY = 64 * s;
    const d = Math.hypot(x - bowX, y - bowY);
    if (d <= 22 * s && d >= 10 * s) return true; // ring
    if (x >= 62 * s && x <= 108 * s && Math.abs(y - bowY) <= 7 * s) return true; // shaft
    if (x >= 86 * s && x <= 96 * s && y >= bowY && y <= bowY + 22 * s) return true; // tooth 1
    if (x >= 100 * s && x <= 108 * s && y >= bowY && y <= bowY + 16 * s) return true; // tooth 2
    return false;
  };
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      // 4x supersampling for smooth edges
      let bg = 0, fg = 0;
      for (const oy of [0.125, 0.375, 0.625, 0.875])
        for (const ox of [0.125, 0.375, 0.625, 0.875]) {
          if (inRoundedSquare(x + ox, y + oy)) { bg++; if (inKey(x + ox, y + oy)) fg++; }
        }
      const a = bg / 16, f = bg ? fg / bg : 0;
      px[i] = Math.round(0x00 * (1 - f) + 255 * f);
      px[i + 1] = Math.round(0x9e * (1 - f) + 255 * f);
      px[i + 2] = Math.round(0xe3 * (1 - f) + 255 * f);
      px[i + 3] = Math.round(255 * a);
    }
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    Buffer.from(px.buffer, y * size * 4, size * 4).copy(raw, y * (size * 4 + 1) + 1);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

mkdirSync('public/icons', { recursive: true });
for (const size of [16, 32, 48, 128]) writeFileSync(`public/icons/icon-${size}.png`, draw(size));
console.log('icons written');
