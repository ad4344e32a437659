// Run once: `node src/pwa/make-icons.mjs public` (writes the PNG icons in public/; no network, no packages).
// Draws the app icon (favicon.svg's design) as PNGs, without any tool but Node.
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';
const crcTable = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
const crc = (buf) => { let c = 0xffffffff; for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
function chunk(type, data) { const len = Buffer.alloc(4); len.writeUInt32BE(data.length); const td = Buffer.concat([Buffer.from(type), data]); const c = Buffer.alloc(4); c.writeUInt32BE(crc(td)); return Buffer.concat([len, td, c]); }
function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) { raw[y * (size * 4 + 1)] = 0; for (let x = 0; x < size; x++) { const [r, g, b, a] = pixel(x, y); const o = y * (size * 4 + 1) + 1 + x * 4; raw[o] = r; raw[o + 1] = g; raw[o + 2] = b; raw[o + 3] = a; } }
  const ihdr = Buffer.alloc(13); ihdr.writeUInt32BE(size, 0); ihdr.writeUInt32BE(size, 4); ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}
const pts = [[7, 22], [13, 15], [18, 19], [25, 9]];
function segDist(px, py, [ax, ay], [bx, by]) { const dx = bx - ax, dy = by - ay; const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy))); return Math.hypot(px - ax - t * dx, py - ay - t * dy); }
function draw(size, maskable) {
  // Design units: 32 x 32. A maskable icon fills the square and keeps the drawing in the central 80 %.
  const scale = maskable ? 0.7 : 1;
  const S = 4;
  return png(size, (x, y) => {
    let bg = 0, fg = 0;
    for (let sy = 0; sy < S; sy++) for (let sx = 0; sx < S; sx++) {
      const u = ((x + (sx + 0.5) / S) / size) * 32, v = ((y + (sy + 0.5) / S) / size) * 32;
      let inside = true;
      if (!maskable) { const r = 7; const cx = Math.min(Math.max(u, r), 32 - r), cy = Math.min(Math.max(v, r), 32 - r); inside = Math.hypot(u - cx, v - cy) <= r; }
      if (!inside) continue;
      bg++;
      const du = 16 + (u - 16) / scale, dv = 16 + (v - 16) / scale;
      let d = Infinity; for (let i = 0; i + 1 < pts.length; i++) d = Math.min(d, segDist(du, dv, pts[i], pts[i + 1]));
      if (d <= 1.5) fg++;
    }
    const n = S * S; if (bg === 0) return [0, 0, 0, 0];
    const f = fg / bg; const teal = [0x0f, 0x76, 0x6e];
    return [Math.round(teal[0] + (255 - teal[0]) * f), Math.round(teal[1] + (255 - teal[1]) * f), Math.round(teal[2] + (255 - teal[2]) * f), Math.round((255 * bg) / n)];
  });
}
const out = process.argv[2];
writeFileSync(`${out}/icon-192.png`, draw(192, false));
writeFileSync(`${out}/icon-512.png`, draw(512, false));
writeFileSync(`${out}/icon-maskable-512.png`, draw(512, true));
writeFileSync(`${out}/apple-touch-icon.png`, draw(180, true));
