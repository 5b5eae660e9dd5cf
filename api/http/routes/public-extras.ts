import { type OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { Timestamp } from '../../contract/common.ts';
import { ATTACHMENT_TYPES, AttachmentId } from '../../contract/complaint.ts';
import { storeAttachment } from '../../service/attachments.ts';
import type { Clock, ComplaintDesk } from '../../service/complaints.ts';
import { ServiceError } from '../../service/errors.ts';
import type { Store } from '../../store/store.ts';
import type { AppEnv } from '../env.ts';
import { route } from '../openapi-route.ts';
import type { AbuseGuard } from '../../abuse/guard.ts';
import { accessCodeThrottle, limited } from '../middleware/abuse.ts';
import { complaintResume, liveStream } from '../live-stream.ts';

/** a ticket lasts an hour; the tracker asks for a new one when the stream ends */
const LIVE_STREAM_MS = 60 * 60_000;
import { errors } from './route-docs.ts';
import { AccessCodeHeader, ReferenceParams, SiteParam } from './public-params.ts';


const upload = createRoute({
  method: 'post',
  path: '/sites/{site}/attachments',
  tags: ['public'],
  summary: 'Upload a photo (JPEG, PNG or WebP, at most 1 MiB); name its id in the complaint',
  request: {
    params: SiteParam,
    body: { required: true, content: Object.fromEntries(ATTACHMENT_TYPES.map((type) => [type, { schema: z.string().openapi({ format: 'binary' }) }])) },
  },
  responses: {
    201: {
      description: 'kept; the same bytes again give the same id',
      content: { 'application/json': { schema: z.object({ id: AttachmentId, contentType: z.string(), size: z.number().int() }) } },
    },
    ...errors(403, 404, 413, 415, 422, 429),
  },
});

const photo = createRoute({
  method: 'get',
  path: '/sites/{site}/complaints/{reference}/attachments/{id}',
  tags: ['public'],
  summary: 'A photo of the complaint, for whoever holds its access code',
  request: { params: ReferenceParams.extend({ id: AttachmentId.openapi({ param: { name: 'id', in: 'path' } }) }), headers: AccessCodeHeader },
  responses: {
    200: { description: 'the photo', content: Object.fromEntries(ATTACHMENT_TYPES.map((type) => [type, { schema: z.string().openapi({ format: 'binary' }) }])) },
    ...errors(403, 404, 422, 429),
  },
});

const liveToken = createRoute({
  method: 'post',
  path: '/sites/{site}/complaints/{reference}/live-token',
  tags: ['public'],
  summary: 'A ticket for following the complaint live (an EventSource cannot send the access code)',
  request: { params: ReferenceParams, headers: AccessCodeHeader },
  responses: {
    200: { description: 'the ticket, valid for an hour', content: { 'application/json': { schema: z.object({ token: z.string(), expiresAt: Timestamp }) } } },
    ...errors(403, 404, 422, 429),
  },
});

const live = createRoute({
  method: 'get',
  path: '/sites/{site}/complaints/{reference}/live',
  tags: ['public'],
  summary: 'Server-sent events: `changed` (with the new version, also its event id) whenever the complaint changes; a reconnect with `Last-Event-ID` behind the complaint is sent the latest at once',
  request: { params: ReferenceParams, query: z.object({ token: z.string().min(10).max(500) }) },
  responses: { 200: { description: 'an event stream', content: { 'text/event-stream': { schema: z.string() } } }, ...errors(403, 404, 422, 429) },
});

function bytesAnswer(c: Context<AppEnv>, found: { contentType: string; bytes: Uint8Array }): Response {
  c.header('Content-Type', found.contentType);
  c.header('Cache-Control', 'private, max-age=86400, immutable');
  c.header('X-Content-Type-Options', 'nosniff');
  return c.body(found.bytes as Uint8Array<ArrayBuffer>, 200);
}

/** Photos and live updates for residents. */
export function publicExtras(app: OpenAPIHono<AppEnv>, desk: ComplaintDesk, store: Store, clock: Clock, guard: AbuseGuard): void {
  app.openAPIRegistry.registerPath(upload);
  app.post('/sites/:site/attachments', limited(guard, 'upload'), async (c) => {
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    const stored = await storeAttachment(store, clock, c.get('site').key, c.req.header('Content-Type'), bytes);
    return c.json(stored, 201);
  });

  route(
    app,
    photo,
    async (c, { params, headers }) => bytesAnswer(c, await desk.attachment(c.get('site'), params.reference, headers['x-access-code'], params.id)),
    accessCodeThrottle(guard),
  );

  route(
    app,
    liveToken,
    async (c, { params, headers }) => {
      c.header('Cache-Control', 'no-store');
      return c.json(await desk.liveToken(c.get('site'), params.reference, headers['x-access-code']), 200);
    },
    accessCodeThrottle(guard),
  );

  route(app, live, async (c, { query }) => {
    const state = await desk.liveTicket(c.get('site'), query.token);
    if (!state) throw new ServiceError(404, 'complaint_not_found', 'the ticket is not valid (any more); ask for a new one');
    return liveStream(c, desk.live, {
      topic: `complaint:${state.id}`,
      ready: { version: state.version },
      maxMs: LIVE_STREAM_MS,
      resume: complaintResume(store, state),
    });
  }, limited(guard, 'lookup'));
}
