import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { ComplainantAction, FileComplaintRequest, FiledComplaint, PublicComplaint } from '../../contract/complaint.ts';
import type { Command } from '../../workflow/commands.ts';
import { PublicSite, type Site } from '../../contract/site.ts';
import type { Clock, ComplaintDesk } from '../../service/complaints.ts';
import type { Store } from '../../store/store.ts';
import { publicExtras } from './public-extras.ts';
import type { AppEnv } from '../env.ts';
import { validationHook } from '../errors.ts';
import { route } from '../openapi-route.ts';
import { errors } from './route-docs.ts';
import { AccessCodeHeader, ReferenceParams, SiteParam } from './public-params.ts';
import { siteWithCors } from '../middleware/site-cors.ts';
import type { AbuseGuard } from '../../abuse/guard.ts';
import { accessCodeThrottle, limited, proofOfWork } from '../middleware/abuse.ts';
import { challengeRoute } from './challenge.ts';
import { ServiceError } from '../../service/errors.ts';


const getSite = createRoute({
  method: 'get',
  path: '/sites/{site}',
  tags: ['public'],
  summary: 'What the complaint form needs: the site’s name, categories and their questions',
  request: { params: SiteParam },
  responses: {
    200: { description: 'the site', content: { 'application/json': { schema: PublicSite } } },
    ...errors(403, 404),
  },
});

const fileComplaint = createRoute({
  method: 'post',
  path: '/sites/{site}/complaints',
  tags: ['public'],
  summary: 'File a complaint',
  description:
    'Send an `Idempotency-Key` (any unique string, e.g. a UUID) so a retry after a lost answer ' +
    'returns the original answer instead of filing twice. The access code in the answer is shown ' +
    'once: with the reference it opens the complaint’s status.',
  request: {
    params: SiteParam,
    headers: z.object({
      'idempotency-key': z.string().min(8).max(200).optional().openapi({ example: '5f0c6f4e-5d1b-4a57-9b7e-1c2d3e4f5a6b' }),
      'x-proof-of-work': z
        .string()
        .max(200)
        .optional()
        .openapi({ description: 'a solved challenge of `GET …/challenge`: `{challenge}:{nonce}`', example: 'mhx2k9q0.16.3qT0bF1n8Zk2xY7a.Jv9kQ2mZpL0sTn4w:48213' }),
    }),
    body: { required: true, content: { 'application/json': { schema: FileComplaintRequest } } },
  },
  responses: {
    201: {
      description: 'filed (or, for a repeated Idempotency-Key, the original answer)',
      content: { 'application/json': { schema: FiledComplaint } },
    },
    ...errors(400, 403, 404, 409, 413, 415, 422, 429),
  },
});

const trackComplaint = createRoute({
  method: 'get',
  path: '/sites/{site}/complaints/{reference}',
  tags: ['public'],
  summary: 'A complaint’s status and public timeline, for whoever holds its access code',
  request: { params: ReferenceParams, headers: AccessCodeHeader },
  responses: {
    200: { description: 'the complaint as its complainant may see it', content: { 'application/json': { schema: PublicComplaint } } },
    ...errors(403, 404, 422, 429),
  },
});

const actOnComplaint = createRoute({
  method: 'post',
  path: '/sites/{site}/complaints/{reference}/actions',
  tags: ['public'],
  summary: 'The complainant answers a question, gives an opinion on the plan, rates the result, asks for a review, or withdraws',
  request: {
    params: ReferenceParams,
    headers: AccessCodeHeader,
    body: { required: true, content: { 'application/json': { schema: ComplainantAction } } },
  },
  responses: {
    200: { description: 'done; the complaint as it stands now', content: { 'application/json': { schema: PublicComplaint } } },
    ...errors(400, 403, 404, 409, 413, 415, 422, 429),
  },
});

/** A complainant's action as the workflow command it is. */
function commandFor(action: ComplainantAction): Command {
  switch (action.action) {
    case 'provide-information':
      return { type: 'provide-information', text: action.text, attachments: action.attachments };
    case 'answer-plan':
      return { type: 'record-plan-opinion', agrees: action.agrees, ...(action.comment ? { comment: action.comment } : {}) };
    case 'rate':
      return { type: 'record-satisfaction', rating: action.rating, via: 'survey', ...(action.comment ? { comment: action.comment } : {}) };
    case 'request-review':
      return { type: 'reopen', reason: action.reason };
    case 'withdraw':
      return { type: 'withdraw', ...(action.reason ? { reason: action.reason } : {}) };
  }
}

function publicSite(site: Site): PublicSite {
  return {
    key: site.key,
    kind: site.kind,
    name: site.name,
    timezone: site.timezone,
    defaultLocale: site.defaultLocale,
    allowAnonymous: site.policy.allowAnonymous,
    placeFields: site.policy.placeFields,
    ...(site.policy.consentText ? { consentText: site.policy.consentText } : {}),
    theme: site.theme,
    categories: site.policy.categories.map((c) => ({
      code: c.code,
      name: c.name,
      questions: c.questions,
      ...(c.emergency ? { emergency: c.emergency } : {}),
    })),
  };
}

/** The resident-facing API: what an embedded widget calls from the site owner's page. */
export function publicRoutes(desk: ComplaintDesk, store: Store, clock: Clock, guard: AbuseGuard) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use('/sites/:site', siteWithCors(desk));
  app.use('/sites/:site/*', siteWithCors(desk));

  route(app, getSite, (c) => c.json(publicSite(c.get('site')), 200));
  challengeRoute(app, guard);

  route(
    app,
    fileComplaint,
    async (c, { headers, body }) => {
      const { website, ...filing } = body;
      if (website?.trim()) {
        throw new ServiceError(422, 'automated_submission', 'a field people never see was filled in, as programs that send spam do; the complaint was not accepted');
      }
      const filed = await desk.file(c.get('site'), filing, headers['idempotency-key']);
      if (filed.replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(filed.body, 201);
    },
    limited(guard, 'filing'),
    proofOfWork(guard),
  );

  route(
    app,
    trackComplaint,
    async (c, { params, headers }) => {
      const complaint = await desk.track(c.get('site'), params.reference, headers['x-access-code']);
      c.header('Cache-Control', 'no-store');
      return c.json(complaint, 200);
    },
    accessCodeThrottle(guard),
  );

  route(
    app,
    actOnComplaint,
    async (c, { params, headers, body }) => {
      const complaint = await desk.actAsComplainant(c.get('site'), params.reference, headers['x-access-code'], commandFor(body));
      c.header('Cache-Control', 'no-store');
      return c.json(complaint, 200);
    },
    accessCodeThrottle(guard),
  );

  publicExtras(app, desk, store, clock, guard);
  return app;
}
