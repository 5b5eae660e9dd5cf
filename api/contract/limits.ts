/**
 * Limits and formats every side checks the same way. Plain values with no imports, so the
 * widget can use them without bundling the schema library.
 */
export const DESCRIPTION_MAX = 5000;
export const NAME_MAX = 100;
export const PLACE_MAX = { unit: 100, room: 50, address: 300 } as const;
export const ANSWER_MAX = 1000;
export const PHONE_PATTERN = /^\+?[0-9][0-9 ()-]{4,24}$/;
/** deliberately loose: the mail server is the judge; this only catches obvious slips */
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const ATTACHMENTS_MAX = 3;
export const ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
/** one photo's bytes; no request body may be larger */
export const ATTACHMENT_MAX_BYTES = 1024 * 1024;
