import { createHash } from 'node:crypto';
import { ATTACHMENT_TYPES } from '../contract/complaint.ts';
import type { Store } from '../store/store.ts';
import type { Clock } from './complaints.ts';
import { ServiceError } from './errors.ts';
import { NotAnImage, withoutMetadata } from './photo-metadata.ts';

export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

/** The first bytes each accepted format starts with: a file is what its bytes say, not its name. */
function sniff(bytes: Uint8Array): AttachmentType | null {
  const starts = (...values: number[]) => values.every((v, i) => bytes[i] === v);
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0x52, 0x49, 0x46, 0x46) && bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50) return 'image/webp';
  return null;
}

/**
 * Keeps a photo for a site after checking that it is one, without its metadata (location, time,
 * device); answers with its id, the SHA-256 of what is kept.
 */
export async function storeAttachment(store: Store, clock: Clock, siteKey: string, declared: string | undefined, bytes: Uint8Array) {
  const type = (declared ?? '').split(';')[0]!.trim().toLowerCase();
  if (!(ATTACHMENT_TYPES as readonly string[]).includes(type)) {
    throw new ServiceError(415, 'unsupported_media_type', `send a photo as ${ATTACHMENT_TYPES.join(', ')}`);
  }
  if (!bytes.length) throw new ServiceError(422, 'empty_attachment', 'the photo is empty');
  const actual = sniff(bytes);
  if (actual !== type) {
    throw new ServiceError(422, 'not_an_image', actual ? `the file is ${actual}, not ${type}` : `the file is not ${type}`);
  }
  let kept: Uint8Array;
  try {
    kept = withoutMetadata(actual, bytes);
  } catch (error) {
    if (error instanceof NotAnImage) throw new ServiceError(422, 'not_an_image', error.message);
    throw error;
  }
  const id = createHash('sha256').update(kept).digest('hex');
  await store.putAttachment({ siteKey, id, contentType: type, bytes: kept, createdAt: clock.now().toISOString() });
  return { id, contentType: type, size: kept.length };
}

/** Every photo a request names must have been uploaded to the same site. */
export async function requireAttachments(store: Store, siteKey: string, ids: readonly string[], path: (string | number)[]): Promise<void> {
  const missing = await store.missingAttachments(siteKey, ids);
  if (missing.length) {
    throw new ServiceError(422, 'unknown_attachment', 'upload the photo before naming it', {
      issues: missing.map((id) => ({ path: [...path, ids.indexOf(id)], message: 'no such upload on this site', code: 'unknown_attachment' })),
    });
  }
}
