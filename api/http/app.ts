import { OpenAPIHono } from '@hono/zod-openapi';
import type { Store } from '../store/store.ts';
import { ComplaintDesk, type Clock, systemClock } from '../service/complaints.ts';
import type { AppEnv } from './env.ts';
import { errorBody, errorHandler, validationHook } from './errors.ts';
import { type Logger, jsonLogger } from './logger.ts';
import { bodySize } from './middleware/body-size.ts';
import { requestId } from './middleware/request-id.ts';
import { requestLog } from './middleware/request-log.ts';
import { type AssetDirs, assetRoutes, defaultAssetDirs } from './routes/assets.ts';
import { publicRoutes } from './routes/public.ts';
import { residentAppRoutes } from './routes/resident-app.ts';
import { portalRoutes } from './routes/portal.ts';
import { staffSessionRoutes } from './routes/staff.ts';
import { staffReportRoutes } from './routes/staff-reports.ts';
import { staffSiteRoutes } from './routes/staff-site.ts';
import { SESSION_COOKIE } from './middleware/staff-auth.ts';
import { Members } from '../service/members.ts';
import { StaffAuth } from '../service/staff-auth.ts';
import { StaffDesk } from '../service/staff-desk.ts';
import { ATTACHMENT_MAX_BYTES } from '../contract/limits.ts';
import { ApiKeys } from '../service/api-keys.ts';
import { Open311 } from '../service/open311.ts';
import { open311Routes } from './routes/open311.ts';
import { documentOpen311 } from './routes/open311-docs.ts';
import { staffApiKeyRoutes } from './routes/staff-api-keys.ts';
import { Surveys } from '../notify/survey.ts';
import { Notifications } from '../service/notifications.ts';
import { staffNotificationRoutes } from './routes/staff-notifications.ts';
import { surveyRoutes } from './routes/survey.ts';
import { AbuseGuard } from '../abuse/guard.ts';
import { type Counters, MemoryCounters } from '../abuse/counters.ts';
import { type AbuseSettings, readAbuseSettings } from '../abuse/settings.ts';
import { securityHeaders } from './middleware/security-headers.ts';
import { WebPush } from '../notify/push.ts';
import { PushSubscriptions } from '../service/push-subscriptions.ts';
import { Webhooks } from '../service/webhooks.ts';
import { accessCodeThrottle } from './middleware/abuse.ts';
import { publicPushRoutes, staffPushRoutes } from './routes/push.ts';
import { staffWebhookRoutes } from './routes/staff-webhooks.ts';

/** no request body is larger than a photo may be */
export const MAX_BODY_BYTES = ATTACHMENT_MAX_BYTES;

export interface AppDeps {
  store: Store;
  /** the use cases; made from the store and clock when not given */
  desk?: ComplaintDesk;
  logger?: Logger;
  clock?: Clock;
  assets?: AssetDirs;
  version?: string;
  /** limits and proof of work of the public intake; read from the environment when not given */
  abuse?: AbuseSettings;
  /** where the limits count: this process when not given, or Redis (RedisCounters) */
  counters?: Counters;
  /** Web Push (the VAPID keys, kept in the store); made from the store when not given */
  push?: WebPush;
  /** accept `http://` webhooks (and push endpoints, when Web Push is made here) on this machine: development and tests */
  localTargets?: boolean;
}

/** The whole HTTP surface, built from its parts; tests call it in process with `app.request`. */
export function createApp(deps: AppDeps) {
  const logger = deps.logger ?? jsonLogger();
  const clock = deps.clock ?? systemClock;
  const desk = deps.desk ?? new ComplaintDesk(deps.store, clock);
  const auth = new StaffAuth(deps.store, clock);
  const staffDesk = new StaffDesk(deps.store, desk, clock);
  const members = new Members(deps.store, auth, clock);
  const apiKeys = new ApiKeys(deps.store, clock);
  const guard = new AbuseGuard(deps.abuse ?? readAbuseSettings(), deps.counters ?? new MemoryCounters(), deps.store, clock);
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.use(requestId());
  app.use(requestLog(logger));
  app.use(securityHeaders());
  app.onError(errorHandler(logger));
  app.notFound((c) => c.json(errorBody('not_found', `nothing at ${c.req.method} ${c.req.path}`), 404));

  app.use('/api/*', bodySize(MAX_BODY_BYTES));

  app.get('/healthz', async (c) => {
    await deps.store.listSites();
    return c.json({ status: 'ok' });
  });

  app.route('/api/v1', publicRoutes(desk, deps.store, clock, guard));
  app.route('/api/v1/staff', staffSessionRoutes(auth));
  app.route('/api/v1/staff', staffSiteRoutes({ store: deps.store, desk, staffDesk, auth, members }));
  app.route('/api/v1/staff', staffReportRoutes({ store: deps.store, desk, staffDesk, auth }));
  app.route('/api/v1/staff', staffApiKeyRoutes({ desk, auth, apiKeys }));
  app.route('/open311/v2', open311Routes({ open311: new Open311(deps.store, desk, apiKeys, clock), logger }));
  documentOpen311(app.openAPIRegistry);
  app.route('/api/v1/staff', staffNotificationRoutes({ desk, auth, notifications: new Notifications(deps.store, clock) }));
  const push = deps.push ?? new WebPush(deps.store, { subject: 'mailto:complaints@localhost', loopbackHttp: deps.localTargets });
  const pushSubscriptions = new PushSubscriptions(deps.store, push, clock);
  app.route('/api/v1', publicPushRoutes({ desk, push, subscriptions: pushSubscriptions, throttle: accessCodeThrottle(guard) }));
  app.route('/api/v1/staff', staffPushRoutes({ desk, auth, subscriptions: pushSubscriptions }));
  app.route('/api/v1/staff', staffWebhookRoutes({ desk, auth, webhooks: new Webhooks(deps.store, clock, { loopbackHttp: deps.localTargets }) }));
  app.openAPIRegistry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE });
  app.openAPIRegistry.registerComponent('securitySchemes', 'token', { type: 'http', scheme: 'bearer' });
  app.doc31('/api/v1/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Complaint desk API',
      version: deps.version ?? '0.1.0',
      description:
        'Residents file and follow complaints through a site’s own procedure; staff work them. Every error answers ' +
        '`{ "error": { "code", "message", "issues"?, "details"? } }`. Staff routes take the session cookie (and, for ' +
        'changes, its CSRF token in `X-CSRF-Token`) or a personal API token as `Authorization: Bearer …`.',
    },
    servers: [{ url: '/' }],
  });

  app.route('/', surveyRoutes(new Surveys(deps.store, desk, clock)));
  app.route('/', residentAppRoutes(desk));
  app.route('/', portalRoutes());
  app.route('/', assetRoutes(deps.assets ?? defaultAssetDirs()));
  return app;
}

export type App = ReturnType<typeof createApp>;
