import { z } from '@hono/zod-openapi';
import { Code, Timestamp } from './common.ts';
import { Channel, ComplaintStatus } from './complaint.ts';
import { ClockStage } from './events.ts';
import { Priority } from './site.ts';

/**
 * The duties people have (issue: staff side). A member holds one or more roles on a site;
 * nothing crosses sites.
 *  - admin: the site's configuration and staff
 *  - front-desk: registers complaints for callers and visitors, accepts and dispatches
 *  - handler: works the complaints of their departments
 *  - supervisor: extensions, escalations, reviews; oversees departments
 *  - manager: everything of the site
 *  - auditor: reads, verifies the record, runs reports; changes nothing
 */
export const ROLES = ['admin', 'front-desk', 'handler', 'supervisor', 'manager', 'auditor'] as const;
export const Role = z.enum(ROLES).openapi('Role');
export type Role = z.infer<typeof Role>;

export const Membership = z
  .object({
    site: Code,
    roles: z.array(Role).min(1),
    /** departments a handler or supervisor works for; empty means all of the site's */
    departments: z.array(Code).default([]),
  })
  .openapi('Membership');
export type Membership = z.infer<typeof Membership>;

export const StaffUser = z
  .object({
    id: z.string(),
    email: z.email(),
    name: z.string(),
    memberships: z.array(Membership),
    /** may create sites; given only from the command line */
    superadmin: z.boolean(),
  })
  .openapi('StaffUser');
export type StaffUser = z.infer<typeof StaffUser>;

const list = <T extends z.ZodType<string, string>>(item: T) =>
  z
    .string()
    .max(500)
    .transform((value) => value.split(',').map((v) => v.trim()).filter(Boolean))
    .pipe(z.array(item));

/** What a queue may be narrowed to; lists are comma-separated in the query string. */
export const QueueQuery = z
  .object({
    status: list(ComplaintStatus).optional(),
    stage: list(ClockStage).optional().openapi({ description: 'the stage whose deadline runs now' }),
    category: list(Code).optional(),
    department: list(Code).optional(),
    priority: list(Priority).optional(),
    channel: list(Channel).optional(),
    overdue: z.enum(['true', 'false']).optional(),
    dueWithin: z
      .string()
      .regex(/^\d{1,5}[mhd]$/, 'a number and m, h or d, e.g. 30m, 4h, 2d')
      .optional()
      .openapi({ description: 'a deadline falls within this much time from now' }),
    from: Timestamp.optional().openapi({ description: 'registered at or after' }),
    to: Timestamp.optional().openapi({ description: 'registered before' }),
    q: z.string().trim().min(1).max(100).optional().openapi({ description: 'words from the complaint, its place or its reference' }),
    assignee: z.string().max(200).optional().openapi({ description: '`me` for one’s own' }),
    sort: z.enum(['due', 'registered', '-registered', '-updated']).default('due'),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    cursor: z.string().max(500).optional(),
  })
  .openapi('QueueQuery');
export type QueueQuery = z.infer<typeof QueueQuery>;

export const QueueSort = z.enum(['due', 'registered', '-registered', '-updated']);
export type QueueSort = z.infer<typeof QueueSort>;
