import { crc32, deflateSync } from 'node:zlib';

/**
 * The resident app's icon, drawn on the server in the site's accent colour: a speech bubble
 * with two lines of text. Installable apps need PNG icons, so each is drawn once per colour
 * and size and encoded as a PNG with node:zlib.
 */

type Rgb = readonly [number, number, number];

function rgb(hex: string): Rgb {
  const channel = (at: number) => Number.parseInt(hex.slice(at, at + 2), 16);
  return [channel(1), channel(3), channel(5)];
}

function luminance([r, g, b]: Rgb): number {
  const linear = (c: number) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** White or near-black, whichever reads better on the colour (WCAG contrast ratio). */
export function textOn(hex: string): '#ffffff' | '#1f2933' {
  const l = luminance(rgb(hex));
  const dark = luminance(rgb('#1f2933'));
  return 1.05 / (l + 0.05) >= (l + 0.05) / (dark + 0.05) ? '#ffffff' : '#1f2933';
}

function inRoundedRect(x: number, y: number, x0: number, y0: number, x1: number, y1: number, r: number): boolean {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const dx = Math.max(x0 + r - x, 0, x - (x1 - r));
  const dy = Math.max(y0 + r - y, 0, y - (y1 - r));
  return dx * dx + dy * dy <= r * r;
}

/** the bubble's tail: a triangle below its lower edge, on the reading side */
function inTail(x: number, y: number): boolean {
  return x >= 0.34 && y >= 0.6 && y <= 0.8 && x <= 0.34 + (0.8 - y) * 0.9;
}

/** The mark on a unit square: the bubble, with its two lines cut out. */
function inMark(x: number, y: number): boolean {
  const bubble = inRoundedRect(x, y, 0.2, 0.24, 0.8, 0.66, 0.09) || inTail(x, y);
  if (!bubble) return false;
  const line = inRoundedRect(x, y, 0.32, 0.36, 0.68, 0.415, 0.0275) || inRoundedRect(x, y, 0.32, 0.485, 0.56, 0.54, 0.0275);
  return !line;
}

const SAMPLES = 4;

/**
 * A square icon. `maskable` fills the whole square and keeps the mark inside the central
 * safe circle the launcher may crop to; otherwise the background is a rounded square.
 */
export function drawIcon(size: number, accent: string, maskable: boolean): Buffer {
  const background = rgb(accent);
  const mark = rgb(textOn(accent));
  const scale = maskable ? 0.78 : 1;
  const pixels = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let inside = 0;
      let marked = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const x = (px + (sx + 0.5) / SAMPLES) / size;
          const y = (py + (sy + 0.5) / SAMPLES) / size;
          if (!maskable && !inRoundedRect(x, y, 0, 0, 1, 1, 0.2)) continue;
          inside++;
          if (inMark(0.5 + (x - 0.5) / scale, 0.5 + (y - 0.5) / scale)) marked++;
        }
      }
      const share = inside ? marked / inside : 0;
      const at = (py * size + px) * 4;
      for (let c = 0; c < 3; c++) pixels[at + c] = Math.round(background[c]! + (mark[c]! - background[c]!) * share);
      pixels[at + 3] = Math.round((inside / (SAMPLES * SAMPLES)) * 255);
    }
  }
  return encodePng(size, size, pixels);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const check = Buffer.alloc(4);
  check.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, check]);
}

/** An 8-bit RGBA PNG, each row unfiltered. */
export function encodePng(width: number, height: number, rgba: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // bit depth 8, colour type RGBA, deflate, no filter, no interlace
  const rowBytes = width * 4;
  const raw = Buffer.alloc((rowBytes + 1) * height);
  for (let y = 0; y < height; y++) rgba.copy(raw, y * (rowBytes + 1) + 1, y * rowBytes, (y + 1) * rowBytes);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(raw, { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}
