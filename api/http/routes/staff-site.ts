import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { Code, LocalizedText } from '../../contract/common.ts';
import { AttachmentId } from '../../contract/complaint.ts';
import { Site } from '../../contract/site.ts';
import {
  AuditView,
  CommandRequest,
  IntakeAnswer,
  IntakeRequest,
  MemberChange,
  MemberView,
  QueuePage,
  Reveal,
  StaffComplaint,
  UserRequest,
} from '../../contract/staff-api.ts';
import { QueueQuery, Role } from '../../contract/staff.ts';
import { verifySite } from '../../service/record-check.ts';
import type { ComplaintDesk } from '../../service/complaints.ts';
import type { Members } from '../../service/members.ts';
import type { StaffAuth } from '../../service/staff-auth.ts';
import { type StaffDesk, configTag } from '../../service/staff-desk.ts';
import type { Store } from '../../store/store.ts';
import type { AppEnv } from '../env.ts';
import { requireAbility, staffAuthentication, staffSite } from '../middleware/staff-auth.ts';
import { route } from '../openapi-route.ts';
import { liveStream, siteResume } from '../live-stream.ts';
import { errors } from './route-docs.ts';

const param = (name: string) => z.string().min(1).max(64).openapi({ param: { name, in: 'path' } });
const SiteParams = z.object({ site: Code.openapi({ param: { name: 'site', in: 'path' }, example: 'demo-community' }) });
const ComplaintParams = SiteParams.extend({ id: param('id') });
const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });
const staffRoute = <R extends Parameters<typeof createRoute>[0]>(config: R) => createRoute({ ...config, tags: ['staff'] });

const queue = staffRoute({
  method: 'get',
  path: '/sites/{site}/complaints',
  summary: 'The site’s queue: filtered, searched, sorted by deadline, a page at a time, with counts',
  request: { params: SiteParams, query: QueueQuery },
  responses: { 200: { description: 'a page of the queue', ...json(QueuePage) }, ...errors(401, 403, 404, 422) },
});

const intake = staffRoute({
  method: 'post',
  path: '/sites/{site}/complaints',
  summary: 'Register a complaint taken by phone, letter, visit, email or WeChat, for the complainant',
  request: {
    params: SiteParams,
    headers: z.object({ 'idempotency-key': z.string().min(8).max(200).optional() }),
    body: { required: true, ...json(IntakeRequest) },
  },
  responses: { 201: { description: 'registered; tell the complainant the reference and access code', ...json(IntakeAnswer) }, ...errors(401, 403, 404, 409, 415, 422) },
});

const complaint = staffRoute({
  method: 'get',
  path: '/sites/{site}/complaints/{id}',
  summary: 'A complaint’s whole file: state, clocks, the full timeline; identity masked',
  request: { params: ComplaintParams },
  responses: { 200: { description: 'the complaint', ...json(StaffComplaint) }, ...errors(401, 403, 404) },
});

const byReference = staffRoute({
  method: 'get',
  path: '/sites/{site}/complaints/by-reference/{reference}',
  summary: 'A complaint found by the reference a complainant reads out',
  request: { params: SiteParams.extend({ reference: param('reference') }) },
  responses: { 200: { description: 'the complaint', ...json(StaffComplaint) }, ...errors(401, 403, 404) },
});

const command = staffRoute({
  method: 'post',
  path: '/sites/{site}/complaints/{id}/commands',
  summary: 'Carry out a step of the procedure; refused with 409 (and the current state) if the complaint changed first',
  description:
    'Send an `Idempotency-Key` (any unique string, e.g. a UUID; kept per site and member) so a retry after a lost ' +
    'answer is not carried out twice. The same key again answers 200 with the complaint as it stands now and the ' +
    'header `Idempotent-Replayed: true`, whatever `expectedVersion` it carries, so a command decided again on a newer ' +
    'version after a 409 keeps its key. The same key with a different command is refused with 409 `idempotency_key_reused`.',
  request: {
    params: ComplaintParams,
    headers: z.object({ 'idempotency-key': z.string().min(8).max(200).optional().openapi({ example: '5f0c6f4e-5d1b-4a57-9b7e-1c2d3e4f5a6b' }) }),
    body: { required: true, ...json(CommandRequest) },
  },
  responses: {
    200: { description: 'done (or, for a repeated Idempotency-Key, done before); the complaint as it now stands', ...json(StaffComplaint) },
    ...errors(401, 403, 404, 409, 415, 422),
  },
});

const attachment = staffRoute({
  method: 'get',
  path: '/sites/{site}/complaints/{id}/attachments/{attachment}',
  summary: 'A photo given with the complaint',
  request: { params: ComplaintParams.extend({ attachment: AttachmentId.openapi({ param: { name: 'attachment', in: 'path' } }) }) },
  responses: {
    200: { description: 'the photo', content: { 'image/jpeg': { schema: z.string().openapi({ format: 'binary' }) } } },
    ...errors(401, 403, 404, 422),
  },
});

const reveal = staffRoute({
  method: 'post',
  path: '/sites/{site}/complaints/{id}/reveal',
  summary: 'The complainant’s name and contact in full; every reveal is recorded in the audit log',
  request: { params: ComplaintParams },
  responses: { 200: { description: 'the complainant', ...json(Reveal) }, ...errors(401, 403, 404) },
});

const getConfig = staffRoute({
  method: 'get',
  path: '/sites/{site}/config',
  summary: 'The site’s configuration: origins, categories, departments, routing, deadlines, calendar',
  request: { params: SiteParams },
  responses: {
    200: {
      description: 'the site; its `ETag` goes back in `If-Match` when saving, so that a change made meanwhile is not overwritten',
      headers: { ETag: { schema: { type: 'string' }, description: 'the configuration’s entity tag' } },
      ...json(Site),
    },
    ...errors(401, 403, 404),
  },
});

const putConfig = staffRoute({
  method: 'put',
  path: '/sites/{site}/config',
  summary: 'Replace the site’s configuration (validated as a whole; the change is recorded)',
  request: {
    params: SiteParams,
    headers: z.object({
      'if-match': z
        .string()
        .max(1000)
        .optional()
        .openapi({ param: { name: 'if-match', in: 'header' }, description: 'the `ETag` the configuration was read with: saved only if it is still the current one (412 if not)' }),
    }),
    body: { required: true, ...json(z.record(z.string(), z.unknown())) },
  },
  responses: {
    200: { description: 'the new configuration, with its new `ETag`', headers: { ETag: { schema: { type: 'string' } } }, ...json(Site) },
    ...errors(401, 403, 404, 412, 415, 422),
  },
});

const Directory = z
  .object({
    departments: z.array(z.object({ code: Code, name: LocalizedText })),
    /** the site's staff who may be put in charge of a complaint: names, roles and departments, no contact details */
    colleagues: z.array(z.object({ name: z.string(), roles: z.array(Role), departments: z.array(Code) })),
  })
  .openapi('Directory');

const directory = staffRoute({
  method: 'get',
  path: '/sites/{site}/directory',
  summary: 'The site’s departments and the staff who work its complaints, to dispatch to and to filter by',
  request: { params: SiteParams },
  responses: { 200: { description: 'the directory', ...json(Directory) }, ...errors(401, 403, 404) },
});

const listMembers = staffRoute({
  method: 'get',
  path: '/sites/{site}/members',
  summary: 'The site’s staff and their roles',
  request: { params: SiteParams },
  responses: { 200: { description: 'the members', ...json(z.array(MemberView)) }, ...errors(401, 403, 404) },
});

const addMember = staffRoute({
  method: 'post',
  path: '/sites/{site}/members',
  summary: 'Add a member of staff (a new account, or someone with an account on another site)',
  request: { params: SiteParams, body: { required: true, ...json(UserRequest) } },
  responses: { 201: { description: 'added', ...json(MemberView) }, ...errors(401, 403, 404, 409, 415, 422) },
});

const changeMember = staffRoute({
  method: 'patch',
  path: '/sites/{site}/members/{id}',
  summary: 'Change a member’s roles or departments, or take their access to the site away',
  request: { params: SiteParams.extend({ id: param('id') }), body: { required: true, ...json(MemberChange) } },
  responses: { 200: { description: 'changed', ...json(MemberView) }, ...errors(401, 403, 404, 409, 415, 422) },
});

const audit = staffRoute({
  method: 'get',
  path: '/sites/{site}/audit',
  summary: 'The audit log: configuration changes, staff changes, every reveal of an identity; newest first',
  request: {
    params: SiteParams,
    query: z.object({
      before: z.coerce.number().int().positive().optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      action: z.string().max(50).optional(),
      target: z.string().max(64).optional(),
    }),
  },
  responses: { 200: { description: 'entries', ...json(z.array(AuditView)) }, ...errors(401, 403, 404, 422) },
});

const verify = staffRoute({
  method: 'post',
  path: '/sites/{site}/verify',
  summary: 'Check every hash chain of the site’s complaints and that the read model matches the events',
  request: { params: SiteParams },
  responses: {
    200: {
      description: 'the result',
      ...json(
        z.object({
          complaints: z.number().int(),
          events: z.number().int(),
          broken: z.object({ complaintId: z.string(), reference: z.string(), seq: z.number().int(), reason: z.string() }).nullable(),
          staleReadModel: z.array(z.string()),
        }),
      ),
    },
    ...errors(401, 403, 404),
  },
});

const live = staffRoute({
  method: 'get',
  path: '/sites/{site}/live',
  summary: 'Server-sent events: `changed` ({ complaintId, version, at }) whenever a complaint the member may see is filed or changes',
  request: { params: SiteParams },
  responses: { 200: { description: 'an event stream', content: { 'text/event-stream': { schema: z.string() } } }, ...errors(401, 403, 404) },
});

/** A member's stream ends now and then, so that a reconnect checks the session again. */
const STAFF_STREAM_MS = 10 * 60_000;

/** Everything staff do on one site; who may do what is checked per route and per command. */
export function staffSiteRoutes(deps: { store: Store; desk: ComplaintDesk; staffDesk: StaffDesk; auth: StaffAuth; members: Members }) {
  const { store, desk, staffDesk, auth, members } = deps;
  const app = new OpenAPIHono<AppEnv>();
  const on = [staffAuthentication(auth), staffSite(desk)];

  route(
    app,
    live,
    (c) => {
      const site = c.get('site');
      const standing = c.get('standing');
      return liveStream(c, desk.live, {
        topic: `site:${site.key}`,
        ready: { at: new Date().toISOString() },
        maxMs: STAFF_STREAM_MS,
        view: async (change) => ((await staffDesk.sees(site, standing, change.complaintId)) ? { complaintId: change.complaintId, version: change.version, at: change.at } : null),
        resume: siteResume(store, site.key),
      });
    },
    ...on,
    requireAbility('read-queue'),
  );

  route(app, queue, async (c, { query }) => c.json(await staffDesk.queue(c.get('site'), c.get('standing'), query), 200), ...on, requireAbility('read-queue'));

  route(
    app,
    intake,
    async (c, { headers, body }) => {
      const filed = await staffDesk.register(c.get('site'), c.get('standing'), body, headers['idempotency-key']);
      if (filed.replayed) c.header('Idempotent-Replayed', 'true');
      c.header('Cache-Control', 'no-store');
      return c.json({ id: filed.id, reference: filed.body.reference, accessCode: filed.body.accessCode, registeredAt: filed.body.registeredAt }, 201);
    },
    ...on,
    requireAbility('register'),
  );

  route(app, byReference, async (c, { params }) => c.json(await staffDesk.byReference(c.get('site'), c.get('standing'), params.reference), 200), ...on, requireAbility('read-queue'));

  route(app, complaint, async (c, { params }) => c.json(await staffDesk.complaint(c.get('site'), c.get('standing'), params.id), 200), ...on, requireAbility('read-queue'));

  route(
    app,
    command,
    async (c, { params, headers, body }) => {
      const done = await staffDesk.commandOnce(c.get('site'), c.get('standing'), params.id, body.expectedVersion, body.command, headers['idempotency-key']);
      if (done.replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(done.complaint, 200);
    },
    ...on,
  );

  route(
    app,
    attachment,
    async (c, { params }) => {
      const found = await staffDesk.attachment(c.get('site'), c.get('standing'), params.id, params.attachment);
      c.header('Content-Type', found.contentType);
      c.header('Cache-Control', 'private, max-age=86400, immutable');
      c.header('X-Content-Type-Options', 'nosniff');
      return c.body(found.bytes as Uint8Array<ArrayBuffer>, 200);
    },
    ...on,
    requireAbility('read-queue'),
  );

  route(
    app,
    reveal,
    async (c, { params }) => {
      c.header('Cache-Control', 'no-store');
      return c.json(await staffDesk.reveal(c.get('site'), c.get('standing'), params.id), 200);
    },
    ...on,
    requireAbility('reveal-identity'),
  );

  route(
    app,
    getConfig,
    (c) => {
      const site = c.get('site');
      c.header('ETag', configTag(site));
      c.header('Cache-Control', 'no-store');
      return c.json(site, 200);
    },
    ...on,
    requireAbility('configure'),
  );
  route(
    app,
    putConfig,
    async (c, { body, headers }) => {
      const saved = await staffDesk.configure(c.get('site'), c.get('standing'), body, headers['if-match']);
      c.header('ETag', configTag(saved));
      return c.json(saved, 200);
    },
    ...on,
    requireAbility('configure'),
  );

  route(
    app,
    directory,
    async (c) => {
      const site = c.get('site');
      const working = (await members.list(site)).filter((member) => !member.disabled && member.roles.some((role) => role !== 'admin' && role !== 'auditor'));
      return c.json(
        {
          departments: site.policy.departments.map(({ code, name }) => ({ code, name })),
          colleagues: working.map(({ name, roles, departments }) => ({ name, roles, departments })),
        },
        200,
      );
    },
    ...on,
    requireAbility('read-queue'),
  );
  route(app, listMembers, async (c) => c.json(await members.list(c.get('site')), 200), ...on, requireAbility('manage-staff'));
  route(app, addMember, async (c, { body }) => c.json(await members.add(c.get('site'), c.get('standing'), body), 201), ...on, requireAbility('manage-staff'));
  route(
    app,
    changeMember,
    async (c, { params, body }) => c.json(await members.change(c.get('site'), c.get('standing'), params.id, body), 200),
    ...on,
    requireAbility('manage-staff'),
  );

  route(
    app,
    audit,
    async (c, { query }) => {
      const entries = await store.staff.readAudit(c.get('site').key, {
        limit: query.limit,
        ...(query.before ? { before: query.before } : {}),
        ...(query.action ? { action: query.action } : {}),
        ...(query.target ? { target: query.target } : {}),
      });
      // the names of the members involved, for readers whose roles do not list the staff
      const names = new Map<string, string>();
      const people = new Set(entries.flatMap((entry) => [entry.actor, ...(entry.target && entry.action.startsWith('member-') ? [entry.target] : [])]));
      for (const person of people) {
        const user = await store.staff.getUser(person);
        if (user) names.set(person, user.name);
      }
      return c.json(
        entries.map(({ id, at, actor, action, target, details }) => ({
          id,
          at,
          actor,
          actorName: names.get(actor) ?? null,
          action,
          target,
          targetName: (target && action.startsWith('member-') && names.get(target)) || null,
          details,
        })),
        200,
      );
    },
    ...on,
    requireAbility('read-audit'),
  );

  route(app, verify, async (c) => c.json(await verifySite(store, c.get('site').key), 200), ...on, requireAbility('verify'));

  return app;
}
