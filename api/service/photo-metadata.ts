import { crc32 } from 'node:zlib';

/**
 * Photos are kept without what a camera or phone writes beside the picture: the place it was
 * taken (GPS), the time, the device and its owner's name, comments, thumbnails. Each format is
 * read segment by segment and written again with only what is needed to show the picture as
 * it was — its pixels untouched, so nothing is lost and no image library is needed. A file
 * whose structure does not hold together is refused: it is not the picture it claims to be.
 *
 * Dropped: JPEG APP1 (Exif, XMP) and every other APPn but JFIF (APP0), the ICC colour profile
 * (APP2) and Adobe's colour transform (APP14), comments (COM); PNG text (tEXt, zTXt, iTXt),
 * Exif (eXIf), time (tIME) and every chunk not in the specification's list of how to draw the
 * picture; WebP EXIF and XMP chunks (and their flags in VP8X). Anything after the end of the
 * picture goes too.
 */

export class NotAnImage extends Error {}

export type PhotoType = 'image/jpeg' | 'image/png' | 'image/webp';

export function withoutMetadata(type: PhotoType, bytes: Uint8Array): Uint8Array {
  switch (type) {
    case 'image/jpeg':
      return cleanJpeg(bytes);
    case 'image/png':
      return cleanPng(bytes);
    case 'image/webp':
      return cleanWebp(bytes);
  }
}

const ascii = (bytes: Uint8Array, start: number, length: number): string => String.fromCharCode(...bytes.subarray(start, start + length));
const startsWith = (bytes: Uint8Array, at: number, text: string): boolean => ascii(bytes, at, text.length) === text;

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

// ---- JPEG ----------------------------------------------------------------------------------

const SOS = 0xda;
const EOI = 0xd9;
const COM = 0xfe;
const isApp = (marker: number) => marker >= 0xe0 && marker <= 0xef;
/** start of frame: C0–CF but DHT (C4), JPG (C8) and DAC (CC) */
const isFrame = (marker: number) => marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
const isRestart = (marker: number) => marker >= 0xd0 && marker <= 0xd7;

/** The application segments a decoder needs to show the colours right. */
function keepApp(marker: number, data: Uint8Array): boolean {
  if (marker === 0xe0) return startsWith(data, 0, 'JFIF\0');
  if (marker === 0xe2) return startsWith(data, 0, 'ICC_PROFILE\0');
  if (marker === 0xee) return startsWith(data, 0, 'Adobe');
  return false;
}

function cleanJpeg(bytes: Uint8Array): Uint8Array {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) throw new NotAnImage('not a JPEG file');
  const parts: Uint8Array[] = [bytes.subarray(0, 2)];
  let at = 2;
  let frame = false;
  let scan = false;
  for (;;) {
    if (bytes[at] !== 0xff) throw new NotAnImage('the JPEG file is damaged (no marker where one belongs)');
    while (bytes[at] === 0xff) at += 1; // fill bytes before a marker
    if (at >= bytes.length) throw new NotAnImage('the JPEG file ends early');
    const marker = bytes[at]!;
    at += 1;
    if (marker === EOI) {
      if (!frame || !scan) throw new NotAnImage('the JPEG file has no picture');
      parts.push(Uint8Array.of(0xff, EOI));
      return concat(parts);
    }
    if (isRestart(marker) || marker === 0x01) {
      parts.push(Uint8Array.of(0xff, marker));
      continue;
    }
    if (at + 2 > bytes.length) throw new NotAnImage('the JPEG file ends early');
    const length = (bytes[at]! << 8) | bytes[at + 1]!;
    if (length < 2 || at + length > bytes.length) throw new NotAnImage('the JPEG file is damaged (a segment runs past its end)');
    const data = bytes.subarray(at + 2, at + length);
    const segment = concat([Uint8Array.of(0xff, marker), bytes.subarray(at, at + length)]);
    at += length;
    if (marker === COM || (isApp(marker) && !keepApp(marker, data))) continue;
    parts.push(segment);
    if (isFrame(marker)) frame = true;
    if (marker !== SOS) continue;
    scan = true;
    // the entropy-coded data runs to the next marker that is neither a stuffed 0xFF00, a
    // restart marker nor a fill byte
    const start = at;
    while (at < bytes.length) {
      if (bytes[at] !== 0xff) at += 1;
      else if (bytes[at + 1] === 0x00 || isRestart(bytes[at + 1] ?? -1)) at += 2;
      else break;
    }
    if (at >= bytes.length) throw new NotAnImage('the JPEG file ends early');
    parts.push(bytes.subarray(start, at));
  }
}

// ---- PNG -----------------------------------------------------------------------------------

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** The chunks that say how to draw the picture (PNG 3rd edition, APNG included). */
const PNG_KEEP = new Set([
  'IHDR', 'PLTE', 'IDAT', 'IEND',
  'tRNS', 'cHRM', 'gAMA', 'iCCP', 'sBIT', 'sRGB', 'cICP', 'mDCV', 'cLLI', 'bKGD', 'hIST', 'pHYs', 'sPLT',
  'acTL', 'fcTL', 'fdAT',
]);

function cleanPng(bytes: Uint8Array): Uint8Array {
  if (!PNG_SIGNATURE.every((value, i) => bytes[i] === value)) throw new NotAnImage('not a PNG file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: Uint8Array[] = [bytes.subarray(0, 8)];
  let at = 8;
  let data = false;
  for (let index = 0; ; index += 1) {
    if (at + 12 > bytes.length) throw new NotAnImage('the PNG file ends early');
    const length = view.getUint32(at);
    const type = ascii(bytes, at + 4, 4);
    const end = at + 12 + length;
    if (!/^[A-Za-z]{4}$/.test(type) || end > bytes.length) throw new NotAnImage('the PNG file is damaged (a chunk runs past its end)');
    if (crc32(bytes.subarray(at + 4, at + 8 + length)) !== view.getUint32(at + 8 + length)) {
      throw new NotAnImage(`the PNG file is damaged (the ${type} chunk fails its checksum)`);
    }
    if (index === 0 && (type !== 'IHDR' || length !== 13)) throw new NotAnImage('the PNG file does not start with its header');
    // an unknown critical chunk (upper case first letter) is one no decoder can skip
    if (!PNG_KEEP.has(type) && type[0]! < 'a') throw new NotAnImage(`the PNG file has an unknown critical chunk ${type}`);
    if (PNG_KEEP.has(type)) parts.push(bytes.subarray(at, end));
    if (type === 'IDAT') data = true;
    at = end;
    if (type === 'IEND') {
      if (!data) throw new NotAnImage('the PNG file has no picture');
      return concat(parts);
    }
  }
}

// ---- WebP ----------------------------------------------------------------------------------

const WEBP_KEEP = new Set(['VP8 ', 'VP8L', 'VP8X', 'ALPH', 'ANIM', 'ANMF', 'ICCP']);
const VP8X_XMP = 0x04;
const VP8X_EXIF = 0x08;

function cleanWebp(bytes: Uint8Array): Uint8Array {
  if (!startsWith(bytes, 0, 'RIFF') || !startsWith(bytes, 8, 'WEBP')) throw new NotAnImage('not a WebP file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const riffEnd = 8 + view.getUint32(4, true);
  if (riffEnd > bytes.length || riffEnd < 20) throw new NotAnImage('the WebP file ends early');
  const chunks: Uint8Array[] = [];
  let picture = false;
  let at = 12;
  while (at < riffEnd) {
    if (at + 8 > riffEnd) throw new NotAnImage('the WebP file is damaged (a chunk runs past its end)');
    const type = ascii(bytes, at, 4);
    const length = view.getUint32(at + 4, true);
    const end = at + 8 + length + (length % 2);
    if (at + 8 + length > riffEnd) throw new NotAnImage('the WebP file is damaged (a chunk runs past its end)');
    if (chunks.length === 0 && type !== 'VP8 ' && type !== 'VP8L' && type !== 'VP8X') throw new NotAnImage('the WebP file does not start with a picture');
    if (WEBP_KEEP.has(type)) {
      // with its padding byte when the length is odd (written even where a file left it out)
      const chunk = new Uint8Array(8 + length + (length % 2));
      chunk.set(bytes.subarray(at, at + 8 + length));
      if (type === 'VP8X' && length >= 1) chunk[8] = chunk[8]! & ~(VP8X_XMP | VP8X_EXIF);
      chunks.push(chunk);
    }
    if (type === 'VP8 ' || type === 'VP8L' || type === 'ANMF') picture = true;
    at = end;
  }
  if (!picture) throw new NotAnImage('the WebP file has no picture');
  const body = concat(chunks);
  const header = new Uint8Array(12);
  header.set(bytes.subarray(0, 4));
  new DataView(header.buffer).setUint32(4, body.length + 4, true);
  header.set(bytes.subarray(8, 12), 8);
  return concat([header, body]);
}
