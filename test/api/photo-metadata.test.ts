import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotAnImage, type PhotoType, withoutMetadata } from '../../api/service/photo-metadata.ts';
import { type TestApi, startTestApi } from '../support/api.ts';
import { CLEAN_JPEG, CLEAN_PNG, CLEAN_WEBP, SECRETS, jpegWithMetadata, pngWithMetadata, webpWithMetadata } from '../support/photos.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

const upload = (bytes: Uint8Array, type: string) =>
  api.app.request('/api/v1/sites/demo-community/attachments', { method: 'POST', headers: { 'Content-Type': type }, body: new Uint8Array(bytes) });

const FORMATS: [PhotoType, Buffer, () => Buffer][] = [
  ['image/jpeg', CLEAN_JPEG, jpegWithMetadata],
  ['image/png', CLEAN_PNG, pngWithMetadata],
  ['image/webp', CLEAN_WEBP, webpWithMetadata],
];

describe('photos are kept without their metadata', () => {
  for (const [type, clean, withMetadata] of FORMATS) {
    it(`${type}: location, device, time, comments and trailing bytes are gone; the picture is byte for byte the same`, async () => {
      const sent = withMetadata();
      for (const secret of SECRETS) expect(sent.includes(secret), `the test photo carries "${secret}"`).toBe(true);
      const response = await upload(sent, type);
      expect(response.status).toBe(201);
      const { id, size } = await response.json();
      expect(id).toBe(createHash('sha256').update(clean).digest('hex'));
      expect(size).toBe(clean.length);
      const kept = await api.store.getAttachment('demo-community', id);
      expect(Buffer.from(kept!.bytes).equals(clean)).toBe(true);
      for (const secret of SECRETS) expect(Buffer.from(kept!.bytes).includes(secret)).toBe(false);
      // the same picture without metadata is the same attachment
      expect((await (await upload(clean, type)).json()).id).toBe(id);
    });
  }

  it('keeps what a decoder needs: the JPEG’s JFIF header and colour profile, the WebP’s ICC profile', () => {
    const jpeg = withoutMetadata('image/jpeg', jpegWithMetadata());
    expect(Buffer.from(jpeg).includes('JFIF')).toBe(true);
    expect(Buffer.from(jpeg).includes('ICC_PROFILE')).toBe(true);
    const webp = Buffer.from(withoutMetadata('image/webp', webpWithMetadata()));
    expect(webp.includes('ICCP')).toBe(true);
    expect(webp.includes('EXIF')).toBe(false);
    // the VP8X flags no longer announce the chunks that went
    expect(webp[20]! & 0x0c).toBe(0);
    expect(webp.readUInt32LE(4)).toBe(webp.length - 8);
  });
});

describe('a photo whose structure does not hold together is refused', () => {
  const refused = async (bytes: Uint8Array, type: string, reason: RegExp) => {
    const response = await upload(bytes, type);
    expect(response.status).toBe(422);
    const body = await response.json();
    expect(body.error.code).toBe('not_an_image');
    expect(body.error.message).toMatch(reason);
  };

  it('a JPEG cut short, or with a segment running past its end', async () => {
    await refused(CLEAN_JPEG.subarray(0, CLEAN_JPEG.length - 40), 'image/jpeg', /ends early/);
    const overrun = Buffer.from(CLEAN_JPEG);
    overrun.writeUInt16BE(0xfff0, 4); // the JFIF segment claims 65,520 bytes
    await refused(overrun, 'image/jpeg', /runs past its end/);
    await refused(Buffer.from([0xff, 0xd8, 0xff, 0xd9]), 'image/jpeg', /no picture/);
  });

  it('a PNG with a wrong checksum, no image data, or a critical chunk nobody knows', async () => {
    const damaged = Buffer.from(CLEAN_PNG);
    damaged[45] = damaged[45]! ^ 0xff; // in the IDAT chunk's data
    await refused(damaged, 'image/png', /IDAT chunk fails its checksum/);
    const header = CLEAN_PNG.subarray(0, 33);
    const end = CLEAN_PNG.subarray(CLEAN_PNG.length - 12);
    await refused(Buffer.concat([header, end]), 'image/png', /no picture/);
    await refused(Buffer.concat([CLEAN_PNG.subarray(0, 8), end]), 'image/png', /header/);
    const body = Buffer.from('ABCDsomething');
    const unknown = Buffer.concat([Buffer.from([0, 0, 0, 9]), body, Buffer.alloc(4)]);
    unknown.writeUInt32BE(crc32(body), 4 + body.length);
    await refused(Buffer.concat([header, unknown, CLEAN_PNG.subarray(33)]), 'image/png', /unknown critical chunk ABCD/);
  });

  it('a WebP cut short or not starting with a picture', async () => {
    await refused(CLEAN_WEBP.subarray(0, 40), 'image/webp', /ends early|runs past/);
    const renamed = Buffer.from(CLEAN_WEBP);
    renamed.write('ZZZZ', 12, 'latin1');
    await refused(renamed, 'image/webp', /does not start with a picture/);
  });

  it('any bytes after the right first ones: refused or kept as a picture, never an error of ours, and cleaning twice changes nothing', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FORMATS),
        fc.uint8Array({ maxLength: 400 }),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        ([type, clean], noise, at, value) => {
          // a damaged copy of a real photo, and noise that starts like one
          const damaged = Buffer.from(clean);
          damaged[at % damaged.length] = value;
          const noisy = Buffer.concat([clean.subarray(0, 12), noise]);
          for (const bytes of [damaged, noisy]) {
            let kept: Uint8Array;
            try {
              kept = withoutMetadata(type, bytes);
            } catch (error) {
              expect(error).toBeInstanceOf(NotAnImage);
              continue;
            }
            expect(Buffer.from(withoutMetadata(type, kept)).equals(Buffer.from(kept))).toBe(true);
          }
        },
      ),
      { numRuns: 1500 },
    );
  });
});
