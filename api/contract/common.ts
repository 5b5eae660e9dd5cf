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
    }),
  })
  .openapi('Error');
export type ErrorBody = z.infer<typeof ErrorBody>;

export const Timestamp = z.iso.datetime({ offset: true }).openapi({ example: '2026-11-25T08:30:00.000Z' });
