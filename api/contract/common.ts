import { z } from '@hono/zod-openapi';

/** The languages every resident- and staff-facing text is written in. */
export const LOCALES = ['en', 'zh-Hans', 'zh-Hant'] as const;
export const Locale = z.enum(LOCALES).openapi('Locale');
export type Locale = z.infer<typeof Locale>;

/** A text given in every supported language; a site may not leave one out. */
export const LocalizedText = z
  .object({ en: z.string().min(1), 'zh-Hans': z.string().min(1), 'zh-Hant': z.string().min(1) })
  .openapi('LocalizedText');
export type LocalizedText = z.infer<typeof LocalizedText>;

/** Short machine names for categories, departments, sites: lowercase words joined by dashes. */
export const Code = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lowercase letters, digits and single dashes');

export const ErrorIssue = z
  .object({
    path: z.array(z.union([z.string(), z.number()])),
    message: z.string(),
    code: z.string(),
  })
  .openapi('ErrorIssue');
export type ErrorIssue = z.infer<typeof ErrorIssue>;

/** The one shape every error answer has, whatever went wrong. */
export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'validation_failed' }),
      message: z.string(),
      issues: z.array(ErrorIssue).optional(),
      /** more about the refusal: for a conflict, the status and version the complaint has now */
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .openapi('Error');
export type ErrorBody = z.infer<typeof ErrorBody>;

export const Timestamp = z.iso.datetime({ offset: true }).openapi({ example: '2026-11-25T08:30:00.000Z' });

/** Control characters other than tab and line breaks have no place in what people write (and NUL cannot be stored in PostgreSQL). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Text a person wrote: trimmed, at most `max` characters, no control characters. */
export const Text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `at most ${max} characters`)
    .refine((value) => !CONTROL.test(value), { message: 'control characters are not allowed', params: { code: 'control_character' } });
