import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { Code, Locale, Timestamp } from '../../contract/common.ts';
import { QueueQuery } from '../../contract/staff.ts';
import type { QueueItem } from '../../contract/staff-api.ts';
import { isMonthLabel, isQuarterLabel } from '../../reports/period.ts';
import type { ComplaintDesk } from '../../service/complaints.ts';
import { ServiceError } from '../../service/errors.ts';
import { CONTENT_TYPES, RENDER, type ReportFormat, complaintsCsv, periodReport, siteChains } from '../../service/reports.ts';
import type { StaffAuth } from '../../service/staff-auth.ts';
import type { StaffDesk } from '../../service/staff-desk.ts';
import type { Store } from '../../store/store.ts';
import { statistics } from '../../workflow/stats.ts';
import type { AppEnv } from '../env.ts';
import { requireAbility, staffAuthentication, staffSite } from '../middleware/staff-auth.ts';
import { route } from '../openapi-route.ts';
import { errors } from './route-docs.ts';

const SiteParams = z.object({ site: Code.openapi({ param: { name: 'site', in: 'path' }, example: 'demo-community' }) });
const Format = z.enum(['json', 'csv', 'html']).default('json');
const documents = {
  'application/json': { schema: z.record(z.string(), z.unknown()) },
  'text/csv': { schema: z.string() },
  'text/html': { schema: z.string() },
};
const MAX_DAYS = 366;
const EXPORT_LIMIT = 50_000;

const stats = createRoute({
  method: 'get',
  path: '/sites/{site}/stats',
  tags: ['staff'],
  summary: 'Statistics of a period from the events: counts, timeliness, completion and satisfaction rates, stage times, repeats',
  request: {
    params: SiteParams,
    query: z.object({
      from: Timestamp,
      to: Timestamp,
      groupBy: z.enum(['category', 'department', 'channel', 'handler']).optional(),
    }),
  },
  responses: { 200: { description: 'the statistics', content: { 'application/json': documents['application/json'] } }, ...errors(401, 403, 404, 422) },
});

const monthly = createRoute({
  method: 'get',
  path: '/sites/{site}/reports/monthly',
  tags: ['staff'],
  summary: 'The monthly complaint statistics and analysis report (seed 003), as JSON, CSV or a printable page',
  request: { params: SiteParams, query: z.object({ month: z.string().refine(isMonthLabel, 'a month as YYYY-MM'), format: Format, lang: Locale.optional() }) },
  responses: { 200: { description: 'the report', content: documents }, ...errors(401, 403, 404, 422) },
});

const quarterly = createRoute({
  method: 'get',
  path: '/sites/{site}/reports/quarterly',
  tags: ['staff'],
  summary: 'The quarterly summary for the review meeting (seed 000 §四), as JSON, CSV or a printable page',
  request: { params: SiteParams, query: z.object({ quarter: z.string().refine(isQuarterLabel, 'a quarter as YYYY-Qn'), format: Format, lang: Locale.optional() }) },
  responses: { 200: { description: 'the report', content: documents }, ...errors(401, 403, 404, 422) },
});

const exportComplaints = createRoute({
  method: 'get',
  path: '/sites/{site}/export',
  tags: ['staff'],
  summary: 'The complaints a queue filter selects, as CSV or JSON, identities masked',
  request: { params: SiteParams, query: QueueQuery.omit({ cursor: true, limit: true }).extend({ format: z.enum(['csv', 'json']).default('csv'), lang: Locale.optional() }) },
  responses: { 200: { description: 'the complaints', content: { 'text/csv': documents['text/csv'], 'application/json': { schema: z.array(z.record(z.string(), z.unknown())) } } }, ...errors(401, 403, 404, 422) },
});

function send(c: Context<AppEnv>, format: ReportFormat, body: string, filename: string): Response {
  c.header('Content-Type', CONTENT_TYPES[format]);
  c.header('Cache-Control', 'private, no-store');
  if (format === 'csv') c.header('Content-Disposition', `attachment; filename="${filename}.csv"`);
  return c.body(body, 200);
}

/** Statistics, the monthly and quarterly reports, and exports, for those whose roles read reports. */
export function staffReportRoutes(deps: { store: Store; desk: ComplaintDesk; staffDesk: StaffDesk; auth: StaffAuth }) {
  const { store, desk, staffDesk, auth } = deps;
  const app = new OpenAPIHono<AppEnv>();
  const on = [staffAuthentication(auth), staffSite(desk), requireAbility('read-reports')];

  route(
    app,
    stats,
    async (c, { query }) => {
      const days = (Date.parse(query.to) - Date.parse(query.from)) / 86_400_000;
      if (!(days > 0 && days <= MAX_DAYS)) {
        throw new ServiceError(422, 'validation_failed', `"to" must come after "from", at most ${MAX_DAYS} days later`, {
          issues: [{ path: ['to'], message: 'after from, within a year', code: 'invalid_range' }],
        });
      }
      const site = c.get('site');
      const figures = statistics(await siteChains(store, site.key), {
        site,
        from: new Date(query.from).toISOString(),
        to: new Date(query.to).toISOString(),
        ...(query.groupBy ? { groupBy: query.groupBy } : {}),
      });
      return c.json(figures as unknown as Record<string, unknown>, 200);
    },
    ...on,
  );

  route(
    app,
    monthly,
    async (c, { query }) => {
      const site = c.get('site');
      const report = await periodReport(store, site, { month: query.month }, query.lang ?? site.defaultLocale);
      return send(c, query.format, RENDER[query.format](report), `${site.key}-${query.month}`);
    },
    ...on,
  );

  route(
    app,
    quarterly,
    async (c, { query }) => {
      const site = c.get('site');
      const report = await periodReport(store, site, { quarter: query.quarter }, query.lang ?? site.defaultLocale);
      return send(c, query.format, RENDER[query.format](report), `${site.key}-${query.quarter}`);
    },
    ...on,
  );

  route(
    app,
    exportComplaints,
    async (c, { query }) => {
      const site = c.get('site');
      const { format, lang, ...filter } = query;
      const items: QueueItem[] = [];
      let cursor: string | undefined;
      do {
        const page = await staffDesk.queue(site, c.get('standing'), { ...filter, limit: 100, ...(cursor ? { cursor } : {}) });
        items.push(...page.items);
        cursor = page.nextCursor ?? undefined;
        if (items.length > EXPORT_LIMIT) {
          throw new ServiceError(422, 'too_many', `more than ${EXPORT_LIMIT} complaints match; narrow the filter (a date range, say)`);
        }
      } while (cursor);
      if (format === 'json') return c.json(items, 200);
      return send(c, 'csv', complaintsCsv(items, lang ?? site.defaultLocale, new Date()), `${site.key}-complaints`);
    },
    ...on,
  );

  return app;
}
