import { ATTACHMENT_MAX_BYTES, ATTACHMENTS_MAX } from '../../api/contract/limits.ts';

export { ATTACHMENTS_MAX };

/** Why a picture could not be taken: each has its own message in the resident's language. */
export type PhotoProblem = 'not-an-image' | 'unreadable' | 'too-large' | 'too-many';

export class PhotoError extends Error {
  readonly problem: PhotoProblem;
  constructor(problem: PhotoProblem) {
    super(problem);
    this.problem = problem;
  }
}

/** Phones take 12-megapixel photos; this is plenty to see a broken lamp. */
const LONG_EDGE = 1600;
/** what a person may pick before it is made small: larger files are not worth decoding */
const PICKED_MAX_BYTES = 40 * 1024 * 1024;

/**
 * A photo made ready to send: turned upright, made at most 1600 px on its long edge and
 * encoded again as JPEG. Drawing it on a canvas leaves every byte of metadata behind (the
 * camera, the time, the GPS position), so nothing leaves the phone that the picture does not show.
 */
export async function preparePhoto(file: Blob): Promise<Blob> {
  if (!file.type.startsWith('image/')) throw new PhotoError('not-an-image');
  if (file.size > PICKED_MAX_BYTES) throw new PhotoError('too-large');
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    throw new PhotoError('unreadable');
  }
  try {
    for (const [edge, quality] of [[LONG_EDGE, 0.82], [1200, 0.75], [900, 0.7]] as const) {
      const blob = await encode(bitmap, edge, quality);
      if (blob.size <= ATTACHMENT_MAX_BYTES) return blob;
    }
    throw new PhotoError('too-large');
  } finally {
    bitmap.close();
  }
}

async function encode(bitmap: ImageBitmap, longEdge: number, quality: number): Promise<Blob> {
  const scale = Math.min(1, longEdge / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d');
  if (!context) throw new PhotoError('unreadable');
  // a transparent PNG would turn black as JPEG
  context.fillStyle = '#fff';
  context.fillRect(0, 0, width, height);
  context.drawImage(bitmap, 0, 0, width, height);
  return canvas.convertToBlob({ type: 'image/jpeg', quality });
}
