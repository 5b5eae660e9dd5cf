import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Locale } from '../../contract/common.ts';
import { ServiceError } from '../../service/errors.ts';
import { CHANGESET, SPECIFICATION, type Open311, type RequestFilter, type RequestForm, type UpdateForm } from '../../service/open311.ts';
import { badRequest, chooseLocale, parseW3c } from '../../service/open311-text.ts';
import type { AppEnv } from '../env.ts';
import type { Logger } from '../logger.ts';
import { isHttps } from '../middleware/staff-auth.ts';
import { type XmlValue, toXml } from '../xml.ts';

type Format = 'json' | 'xml';

const CONTENT_TYPES: Record<Format, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
};

/** The element each list's items are called in the XML answers. */
const ITEMS = {
  endpoints: 'endpoint',
  formats: 'format',
  services: 'service',
  attributes: 'attribute',
  values: 'value',
  service_requests: 'request',
  service_requests_updates: 'request_update',
  service_request_updates: 'request_update',
  errors: 'error',
} as const;

/** a form with a whole description in Chinese, percent-encoded, is far below this */
export const OPEN311_MAX_BODY = 256 * 1024;
const FORM_TYPES = /^(?:application\/x-www-form-urlencoded|multipart\/form-data)\s*(?:;|$)/i;

/** `requests.json` → requests, json; anything without .json or .xml is not an Open311 path */
function split(file: string | undefined): { name: string; format: Format } | null {
  const match = /^(.+)\.(json|xml)$/.exec(file ?? '');
  return match ? { name: match[1]!, format: match[2] as Format } : null;
}

/** The format an error is answered in: the path's, else JSON. */
const formatOf = (c: Context): Format => (/\.xml$/.test(c.req.path) ? 'xml' : 'json');

/** Every answer made here, so that anything else (no route matched) is answered in the spec's shape too. */
const ours = new WeakSet<Response>();

function answer(c: Context, format: Format, root: keyof typeof ITEMS | 'discovery' | 'service_definition', body: XmlValue): Response {
  c.header('Content-Type', CONTENT_TYPES[format]);
  c.header('Cache-Control', c.req.method === 'GET' ? 'no-cache' : 'no-store');
  const response = c.body(format === 'json' ? JSON.stringify(body) : toXml(root, body, ITEMS), 200);
  ours.add(response);
  return response;
}

/** The spec's error answer: a list of `{ code, description }`, with the HTTP status as the code. */
function errors(c: Context, format: Format, status: 400 | 403 | 404 | 413 | 500 | 503, descriptions: string[]): Response {
  c.header('Content-Type', CONTENT_TYPES[format]);
  c.header('Cache-Control', 'no-store');
  const list = descriptions.map((description) => ({ code: status, description }));
  const response = c.body(format === 'json' ? JSON.stringify(list) : toXml('errors', list, ITEMS), status);
  ours.add(response);
  return response;
}

/** A refusal from the service as the spec's error: the statuses it names, 422 and the like as 400. */
function refusal(c: Context, format: Format, error: ServiceError): Response {
  const status = error.status === 403 || error.status === 404 || error.status === 413 || error.status === 503 ? error.status : 400;
  const descriptions = error.issues?.length ? error.issues.map((issue) => issue.message) : [error.message];
  return errors(c, format, status, descriptions);
}

/** GETs are public data any page may read; POSTs are for servers that hold a key, so browsers get no CORS for them. */
function publicCors(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') {
      c.header('Access-Control-Allow-Origin', '*');
      c.header('Access-Control-Allow-Methods', 'GET');
      c.header('Access-Control-Max-Age', '600');
      return c.body(null, 204);
    }
    await next();
    if (c.req.method === 'GET' || c.req.method === 'HEAD') c.res.headers.set('Access-Control-Allow-Origin', '*');
  };
}

const single = (form: FormData, name: string): string | undefined => {
  const value = form.get(name);
  return typeof value === 'string' ? value : undefined;
};

/** `attribute[CODE]` and, for lists, `attribute[CODE][]`, by code. */
function attributesOf(form: FormData): Map<string, string[]> {
  const attributes = new Map<string, string[]>();
  for (const [key, value] of form.entries()) {
    const match = /^attribute\[([^\]]+)\](?:\[\])?$/.exec(key);
    if (!match || typeof value !== 'string') continue;
    attributes.set(match[1]!, [...(attributes.get(match[1]!) ?? []), value]);
  }
  return attributes;
}

const list = (value: string | undefined): string[] | undefined =>
  value === undefined ? undefined : value.split(',').map((v) => v.trim()).filter(Boolean);

/**
 * Open311 GeoReport v2 at /open311/v2, in JSON and XML by the path's extension, with the
 * mySociety update extension. Every answer and every error is in the spec's shape.
 */
export function open311Routes(deps: { open311: Open311; logger: Logger }) {
  const { open311, logger } = deps;
  const app = new Hono<AppEnv>();
  app.use('*', publicCors());
  app.use('*', async (c, next) => {
    await next();
    if (!ours.has(c.res)) c.res = errors(c, formatOf(c), 404, [`nothing at ${c.req.method} ${c.req.path}`]);
  });
  app.use('*', bodyLimit({ maxSize: OPEN311_MAX_BODY, onError: (c) => errors(c, formatOf(c), 413, [`the request is larger than ${OPEN311_MAX_BODY / 1024} KiB`]) }));

  const lang = (c: Context, fallback: Locale, form?: FormData): Locale =>
    chooseLocale((form && (single(form, 'lang') ?? single(form, 'locale'))) ?? c.req.query('lang') ?? c.req.query('locale'), c.req.header('Accept-Language'), fallback);

  /** every handler's errors in the spec's format; anything unexpected is logged and said as a 500 */
  const handle =
    (work: (c: Context<AppEnv>, format: Format, name: string) => Promise<Response | null>) =>
    async (c: Context<AppEnv>): Promise<Response> => {
      const path = split(c.req.param('file'));
      if (!path) return errors(c, formatOf(c), 404, [`nothing at ${c.req.path}: Open311 paths end in .json or .xml`]);
      try {
        return (await work(c, path.format, path.name)) ?? errors(c, path.format, 404, [`nothing at ${c.req.method} ${c.req.path}`]);
      } catch (error) {
        if (error instanceof ServiceError) return refusal(c, path.format, error);
        logger.error({ requestId: c.get('requestId'), error: (error as Error).name, message: (error as Error).message, stack: (error as Error).stack });
        return errors(c, path.format, 500, ['something went wrong on our side; nothing was saved']);
      }
    };

  const form = async (c: Context<AppEnv>): Promise<FormData> => {
    if (!FORM_TYPES.test(c.req.header('Content-Type') ?? '')) {
      throw badRequest(['send the request form-encoded (Content-Type: application/x-www-form-urlencoded)'], 'not_form_encoded');
    }
    try {
      return await c.req.formData();
    } catch {
      throw badRequest(['the form could not be read'], 'malformed_form');
    }
  };

  const dates = (c: Context, timeZone: string) => {
    const start = c.req.query('start_date');
    const end = c.req.query('end_date');
    return {
      start: start === undefined ? undefined : parseW3c(start, 'start_date', timeZone),
      end: end === undefined ? undefined : parseW3c(end, 'end_date', timeZone),
    };
  };

  app.get(
    '/:file',
    handle(async (c, format, name) => {
      if (name === 'discovery') {
        const origin = new URL(c.req.url);
        const base = `${isHttps(c) ? 'https:' : origin.protocol}//${c.req.header('Host') ?? origin.host}/open311/v2`;
        return answer(c, format, 'discovery', {
          changeset: CHANGESET,
          contact: 'Each organisation on this server is one jurisdiction (jurisdiction_id is its site key). Ask the organisation for access.',
          key_service: 'An organisation’s managers create API keys in its staff portal; reading needs no key.',
          endpoints: [{ specification: SPECIFICATION, url: base, changeset: CHANGESET, type: 'production', formats: ['application/json', 'text/xml'] }],
        });
      }
      if (name === 'services') {
        const site = await open311.jurisdiction(c.req.query('jurisdiction_id'));
        return answer(c, format, 'services', open311.services(site, lang(c, site.defaultLocale)));
      }
      if (name === 'requests') {
        const site = await open311.jurisdiction(c.req.query('jurisdiction_id'));
        const statuses = list(c.req.query('status'))?.map((s) => s.toLowerCase());
        if (statuses?.some((s) => s !== 'open' && s !== 'closed')) throw badRequest(['status must be open or closed (or both, comma separated)'], 'invalid_status');
        const filter: RequestFilter = {
          ...dates(c, site.timezone),
          ...(list(c.req.query('service_request_id')) ? { ids: list(c.req.query('service_request_id')) } : {}),
          ...(list(c.req.query('service_code')) ? { serviceCodes: list(c.req.query('service_code')) } : {}),
          ...(statuses ? { statuses: statuses as ('open' | 'closed')[] } : {}),
        };
        return answer(c, format, 'service_requests', (await open311.requests(site, filter, lang(c, site.defaultLocale))));
      }
      if (name === 'servicerequestupdates') {
        const site = await open311.jurisdiction(c.req.query('jurisdiction_id'));
        const { start, end } = dates(c, site.timezone);
        return answer(c, format, 'service_requests_updates', (await open311.updates(site, start, end)));
      }
      return null;
    }),
  );

  app.get(
    '/services/:file',
    handle(async (c, format, code) => {
      const site = await open311.jurisdiction(c.req.query('jurisdiction_id'));
      return answer(c, format, 'service_definition', open311.definition(site, code, lang(c, site.defaultLocale)));
    }),
  );

  app.get(
    '/requests/:file',
    handle(async (c, format, id) => {
      const site = await open311.jurisdiction(c.req.query('jurisdiction_id'));
      return answer(c, format, 'service_requests', (await open311.request(site, id, lang(c, site.defaultLocale))));
    }),
  );

  app.get(
    '/tokens/:file',
    handle(async (c, format, token) => {
      const site = await open311.jurisdiction(c.req.query('jurisdiction_id'));
      return answer(c, format, 'service_requests', await open311.token(site, token));
    }),
  );

  app.post(
    '/:file',
    handle(async (c, format, name) => {
      if (name !== 'requests' && name !== 'servicerequestupdates') return null;
      const body = await form(c);
      const site = await open311.jurisdiction(single(body, 'jurisdiction_id') ?? c.req.query('jurisdiction_id'));
      if (name === 'servicerequestupdates') {
        const fields: UpdateForm = Object.fromEntries(
          (['service_request_id', 'update_id', 'status', 'description', 'media_url'] as const).map((field) => [field, single(body, field)]),
        );
        return answer(c, format, 'service_request_updates', await open311.postUpdate(site, single(body, 'api_key'), fields));
      }
      const idempotencyKey = c.req.header('Idempotency-Key');
      if (idempotencyKey !== undefined && (idempotencyKey.length < 8 || idempotencyKey.length > 200)) {
        throw badRequest(['Idempotency-Key must be 8 to 200 characters'], 'invalid_idempotency_key');
      }
      const fields = (
        ['service_code', 'lat', 'long', 'address_string', 'address_id', 'email', 'device_id', 'account_id', 'first_name', 'last_name', 'phone', 'description', 'media_url'] as const
      ).map((field) => [field, single(body, field)]);
      const request: RequestForm = { ...Object.fromEntries(fields), attributes: attributesOf(body) };
      const filed = await open311.file(site, single(body, 'api_key'), request, lang(c, site.defaultLocale, body), idempotencyKey);
      return answer(c, format, 'service_requests', filed);
    }),
  );

  return app;
}
