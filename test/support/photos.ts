import { crc32 } from 'node:zlib';

/**
 * Small photos as Chromium's canvas encodes them (8 × 6 pixels, two colours), with nothing in
 * them but the picture and its colour profile; and the same with the metadata phones and
 * cameras write, to show what the server takes out.
 */
export const CLEAN_JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABh' +
  'Y3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' +
  'AAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAAB' +
  'UAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAA' +
  'AAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9Y' +
  'WVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAM' +
  'ZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQ' +
  'FxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgo' +
  'KCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAAGAAgDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAb/' +
  'xAAfEAABAgYDAAAAAAAAAAAAAAAAEhUDBBEUITEyUlT/xAAVAQEBAAAAAAAAAAAAAAAAAAAGB//EACIRAQAABAUFAAAAAAAAAAAA' +
  'AAECAwQRABIhMUETImFxsf/aAAwDAQACEQMRAD8AlHSVYLBtg3PrwvmrrXWNgAp9NSSqbP0h7omJurq77rY8Fg4MG5s6ObbPwWNA' +
  '0PX3fH//2Q==',
  'base64',
);

export const CLEAN_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAGCAYAAAD+Bd/7AAAAPElEQVR4AYyMsQkAIAwEn+xhb+8e4qguYp9ttEkkpEjycDw8z1Gb' +
  'fCMIEl4DFpnxDzr4rh/6PrCoKTU8AAAA//8FaRbjAAAABklEQVQDADmLHh1hZnsiAAAAAElFTkSuQmCC',
  'base64',
);

export const CLEAN_WEBP = Buffer.from(
  'UklGRk4CAABXRUJQVlA4WAoAAAAgAAAABwAABQAASUNDUMgBAAAAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABh' +
  'Y3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' +
  'AAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAAB' +
  'UAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAA' +
  'AAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9Y' +
  'WVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAM' +
  'ZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADZWUDggYAAAANACAJ0BKggABgABQCYlsAJ0ugH4AIkg' +
  '/UAFcd/nW4AA/q33DbMz/iu3LpoNi/FdoWv+5Ni+Q1zeskjv/OOL7Grv1/X5bPB+/Y7Ps4Hs4H8df6QbN8/fszjEegID3v3AAA==',
  'base64',
);

/** What a phone would give away; none of it may be stored. */
export const SECRETS = ['GPS 39.9042N 116.4074E', 'Zhang San’s iPhone', 'taken 2026-11-25 07:41', 'secret comment', 'after the end'] as const;

const text = (value: string) => Buffer.from(value, 'utf8');
const u16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
const u32le = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};

const jpegSegment = (marker: number, data: Buffer) => Buffer.concat([Buffer.from([0xff, marker]), u16(data.length + 2), data]);

/** The JPEG with Exif (GPS, device, time), XMP, IPTC, a comment before the frame and after it, and bytes after its end. */
export function jpegWithMetadata(): Buffer {
  const exif = jpegSegment(0xe1, Buffer.concat([text('Exif\0\0MM\0*'), text(`${SECRETS[0]} ${SECRETS[1]}`)]));
  const xmp = jpegSegment(0xe1, Buffer.concat([text('http://ns.adobe.com/xap/1.0/\0'), text(`<x:xmpmeta>${SECRETS[2]}</x:xmpmeta>`)]));
  const iptc = jpegSegment(0xed, text(`Photoshop 3.0\0${SECRETS[1]}`));
  const comment = jpegSegment(0xfe, text(SECRETS[3]));
  // after SOI and JFIF (2 + 18 bytes), as cameras write them
  const head = CLEAN_JPEG.subarray(0, 20);
  const sos = CLEAN_JPEG.indexOf(Buffer.from([0xff, 0xda]));
  return Buffer.concat([head, exif, xmp, iptc, CLEAN_JPEG.subarray(20, sos), comment, CLEAN_JPEG.subarray(sos), text(SECRETS[4])]);
}

const pngChunk = (type: string, data: Buffer) => {
  const body = Buffer.concat([text(type), data]);
  return Buffer.concat([u32(data.length), body, u32(crc32(body))]);
};

/** The PNG with text, international text, Exif, a time, a private chunk, and bytes after its end. */
export function pngWithMetadata(): Buffer {
  const iend = CLEAN_PNG.length - 12;
  return Buffer.concat([
    CLEAN_PNG.subarray(0, 33), // signature and IHDR
    pngChunk('tEXt', text(`Author\0${SECRETS[1]}`)),
    pngChunk('iTXt', text(`Comment\0\0\0en\0\0${SECRETS[3]}`)),
    pngChunk('eXIf', Buffer.concat([text('MM\0*'), text(SECRETS[0])])),
    pngChunk('tIME', Buffer.from([0x07, 0xea, 11, 25, 7, 41, 0])),
    pngChunk('prVt', text(SECRETS[2])),
    CLEAN_PNG.subarray(33, iend),
    pngChunk('zTXt', Buffer.concat([text('Comment\0\0'), text('not really compressed')])),
    CLEAN_PNG.subarray(iend),
    text(SECRETS[4]),
  ]);
}

const riffChunk = (type: string, data: Buffer) =>
  Buffer.concat([text(type), u32le(data.length), data, data.length % 2 ? Buffer.from([0]) : Buffer.alloc(0)]);

/** The WebP with EXIF and XMP chunks (and their flags set), and bytes after its RIFF. */
export function webpWithMetadata(): Buffer {
  const chunks = Buffer.from(CLEAN_WEBP.subarray(12));
  chunks[8] = chunks[8]! | 0x04 | 0x08; // VP8X: XMP and EXIF present
  const body = Buffer.concat([
    chunks,
    riffChunk('EXIF', Buffer.concat([text('MM\0*'), text(`${SECRETS[0]} ${SECRETS[1]}`)])),
    riffChunk('XMP ', text(`<x:xmpmeta>${SECRETS[2]} ${SECRETS[3]}</x:xmpmeta>`)),
  ]);
  return Buffer.concat([text('RIFF'), u32le(body.length + 4), text('WEBP'), body, text(SECRETS[4])]);
}
