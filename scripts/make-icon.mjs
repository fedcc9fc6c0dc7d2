// Draws the app icon (build/icon.png, 1024×1024): a lens over a trace — a ring on a dark tile
// with three bars. Written as a PNG with zlib, so no image tool is needed; run it again after
// changing the drawing and commit the result.
import { writeFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';

const size = 1024;
const pixels = Buffer.alloc(size * size * 4);
const set = (x, y, [r, g, b, a]) => {
  const i = (y * size + x) * 4;
  pixels[i] = r;
  pixels[i + 1] = g;
  pixels[i + 2] = b;
  pixels[i + 3] = a;
};
const tile = [24, 36, 64, 255];
const ring = [110, 161, 255, 255];
const bars = [
  [74, 194, 107, 255],
  [210, 153, 34, 255],
  [255, 107, 107, 255],
];
for (let y = 0; y < size; y++) {
  for (let x = 0; x < size; x++) {
    // A rounded square tile.
    const r = 180;
    const cx = Math.min(Math.max(x, r), size - r);
    const cy = Math.min(Math.max(y, r), size - r);
    if ((x - cx) ** 2 + (y - cy) ** 2 > r ** 2) continue;
    set(x, y, tile);
    // Three trace bars.
    bars.forEach((color, k) => {
      const top = 300 + k * 150;
      const width = [520, 380, 260][k];
      if (y >= top && y < top + 70 && x >= 200 && x < 200 + width) set(x, y, color);
    });
    // The lens: a ring and its handle.
    const d = Math.hypot(x - 560, y - 470);
    if (d > 230 && d < 290) set(x, y, ring);
    const along = (x - 560 + (y - 470)) / Math.SQRT2;
    const across = Math.abs(x - 560 - (y - 470)) / Math.SQRT2;
    if (along > 290 && along < 520 && across < 45) set(x, y, ring);
  }
}
const raw = Buffer.alloc(size * (size * 4 + 1));
for (let y = 0; y < size; y++) pixels.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
const chunk = (type, data) => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
};
const header = Buffer.alloc(13);
header.writeUInt32BE(size, 0);
header.writeUInt32BE(size, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
writeFileSync(
  'build/icon.png',
  Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]),
);
