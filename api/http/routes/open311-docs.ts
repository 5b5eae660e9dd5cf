import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { EXTENDED_STATUSES } from '../../service/open311.ts';

/*
 * The Open311 endpoints in the OpenAPI document. They are not JSON-only routes (the extension
 * picks JSON or XML, POSTs are form-encoded), so they are described here rather than built
 * from route schemas; the XML answers carry the same fields, as the spec lays them out.
 */

const format = z.enum(['json', 'xml']).openapi({ param: { name: 'format', in: 'path' }, description: 'the answer’s format' });
const jurisdiction = z.string().openapi({ param: { name: 'jurisdiction_id', in: 'query' }, description: 'the site key', example: 'demo-community' });
const lang = z.enum(['en', 'zh-Hans', 'zh-Hant']).optional().openapi({ param: { name: 'lang', in: 'query' }, description: 'language of names and notices; else Accept-Language, else the site’s' });
const w3c = (name: string, description: string) => z.string().optional().openapi({ param: { name, in: 'query' }, description, example: '2026-11-01T00:00:00+08:00' });

const Open311Error = z.array(z.object({ code: z.number().int(), description: z.string() })).openapi('Open311Errors');

const Service = z
  .object({
    service_code: z.string(),
    service_name: z.string(),
    description: z.string(),
    metadata: z.boolean(),
    type: z.literal('realtime'),
    keywords: z.string(),
    group: z.string(),
  })
  .openapi('Open311Service');

const ServiceDefinition = z
  .object({
    service_code: z.string(),
    attributes: z.array(
      z.object({
        variable: z.boolean(),
        code: z.string(),
        datatype: z.enum(['string', 'text', 'singlevaluelist']),
        required: z.boolean(),
        datatype_description: z.string().nullable(),
        order: z.number().int(),
        description: z.string(),
        values: z.array(z.object({ key: z.string(), name: z.string() })),
      }),
    ),
  })
  .openapi('Open311ServiceDefinition');

const ServiceRequest = z
  .object({
    service_request_id: z.string(),
    status: z.enum(['open', 'closed']),
    status_notes: z.string().nullable(),
    service_name: z.string(),
    service_code: z.string(),
    description: z.string().nullable(),
    agency_responsible: z.string().nullable(),
    service_notice: z.string().nullable(),
    requested_datetime: z.string(),
    updated_datetime: z.string(),
    expected_datetime: z.string().nullable(),
    address: z.string().nullable(),
    address_id: z.string().nullable(),
    zipcode: z.string().nullable(),
    lat: z.number().nullable(),
    long: z.number().nullable(),
    media_url: z.string().nullable(),
  })
  .openapi('Open311ServiceRequest');

const RequestUpdate = z
  .object({
    update_id: z.string(),
    service_request_id: z.string(),
    status: z.enum(EXTENDED_STATUSES),
    updated_datetime: z.string(),
    description: z.string().nullable(),
    media_url: z.string().nullable(),
  })
  .openapi('Open311RequestUpdate');

const Discovery = z
  .object({
    changeset: z.string(),
    contact: z.string(),
    key_service: z.string(),
    endpoints: z.array(
      z.object({ specification: z.string(), url: z.string(), changeset: z.string(), type: z.literal('production'), formats: z.array(z.string()) }),
    ),
  })
  .openapi('Open311Discovery');

const form = (properties: Record<string, z.ZodType>, required: string[]) => ({
  required: true,
  content: {
    'application/x-www-form-urlencoded': {
      schema: z.object(Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, required.includes(k) ? v : v.optional()]))),
    },
  },
});

const ok = (description: string, schema: z.ZodType) => ({
  200: { description, content: { 'application/json': { schema }, 'text/xml': { schema: z.string().openapi({ description: 'the same fields as XML' }) } } },
});
const failures = (...statuses: (400 | 403 | 404)[]) =>
  Object.fromEntries(
    statuses.map((status) => [
      status,
      { description: { 400: 'a parameter is missing or wrong', 403: 'no api_key, or one that is invalid, revoked or of another jurisdiction', 404: 'no such jurisdiction, service or request' }[status], content: { 'application/json': { schema: Open311Error }, 'text/xml': { schema: z.string() } } },
    ]),
  );

export function documentOpen311(registry: OpenAPIHono['openAPIRegistry']): void {
  const tags = ['open311'];
  registry.registerPath({
    method: 'get',
    path: '/open311/v2/discovery.{format}',
    tags,
    summary: 'Open311 GeoReport v2: where the endpoint is, and its formats',
    request: { params: z.object({ format }) },
    responses: { ...ok('discovery', Discovery) },
  });
  registry.registerPath({
    method: 'get',
    path: '/open311/v2/services.{format}',
    tags,
    summary: 'The jurisdiction’s services: the site’s complaint categories',
    request: { params: z.object({ format }), query: z.object({ jurisdiction_id: jurisdiction, lang }) },
    responses: { ...ok('the services', z.array(Service)), ...failures(400, 404) },
  });
  registry.registerPath({
    method: 'get',
    path: '/open311/v2/services/{service_code}.{format}',
    tags,
    summary: 'A service’s attributes: the category’s questions (and the site’s consent, where it asks for one)',
    request: {
      params: z.object({ service_code: z.string().openapi({ param: { name: 'service_code', in: 'path' } }), format }),
      query: z.object({ jurisdiction_id: jurisdiction, lang }),
    },
    responses: { ...ok('the service definition', ServiceDefinition), ...failures(400, 404) },
  });
  registry.registerPath({
    method: 'post',
    path: '/open311/v2/requests.{format}',
    tags,
    summary: 'File a service request with an API key; it enters the site’s procedure like any complaint (channel open311)',
    description:
      'Form-encoded. `attribute[CODE]` answers the service’s attributes. A location is required: `lat` and `long`, ' +
      '`address_string` or `address_id`. Name, email and phone are kept for the office and never published; ' +
      '`device_id` and `account_id` are not kept. An `Idempotency-Key` header makes a retry answer the first answer.',
    request: {
      params: z.object({ format }),
      body: form(
        {
          api_key: z.string(),
          jurisdiction_id: z.string(),
          service_code: z.string(),
          lat: z.number(),
          long: z.number(),
          address_string: z.string(),
          address_id: z.string(),
          email: z.string(),
          device_id: z.string(),
          account_id: z.string(),
          first_name: z.string(),
          last_name: z.string(),
          phone: z.string(),
          description: z.string(),
          media_url: z.string(),
          'attribute[CODE]': z.string(),
        },
        ['api_key', 'jurisdiction_id', 'service_code', 'description'],
      ),
    },
    responses: {
      ...ok(
        'filed',
        z.array(z.object({ service_request_id: z.string(), service_notice: z.string().nullable(), account_id: z.null(), token: z.string() })),
      ),
      ...failures(400, 403, 404),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/open311/v2/requests.{format}',
    tags,
    summary: 'Service requests: the last 90 days’ by default, newest first, at most 1000; no personal data',
    request: {
      params: z.object({ format }),
      query: z.object({
        jurisdiction_id: jurisdiction,
        service_request_id: z.string().optional().openapi({ param: { name: 'service_request_id', in: 'query' }, description: 'comma separated; overrides every other filter' }),
        service_code: z.string().optional().openapi({ param: { name: 'service_code', in: 'query' }, description: 'comma separated' }),
        start_date: w3c('start_date', 'requested at or after'),
        end_date: w3c('end_date', 'requested at or before; at most 90 days after start_date'),
        status: z.string().optional().openapi({ param: { name: 'status', in: 'query' }, description: 'open, closed, or both comma separated' }),
        lang,
      }),
    },
    responses: { ...ok('the requests', z.array(ServiceRequest)), ...failures(400, 404) },
  });
  registry.registerPath({
    method: 'get',
    path: '/open311/v2/requests/{service_request_id}.{format}',
    tags,
    summary: 'One service request (a list of one, as the spec has it)',
    request: {
      params: z.object({ service_request_id: z.string().openapi({ param: { name: 'service_request_id', in: 'path' } }), format }),
      query: z.object({ jurisdiction_id: jurisdiction, lang }),
    },
    responses: { ...ok('the request', z.array(ServiceRequest)), ...failures(400, 404) },
  });
  registry.registerPath({
    method: 'get',
    path: '/open311/v2/tokens/{token}.{format}',
    tags,
    summary: 'The service request a token stands for',
    request: { params: z.object({ token: z.string().openapi({ param: { name: 'token', in: 'path' } }), format }), query: z.object({ jurisdiction_id: jurisdiction }) },
    responses: { ...ok('the request’s id', z.array(z.object({ service_request_id: z.string(), token: z.string() }))), ...failures(400, 404) },
  });
  registry.registerPath({
    method: 'get',
    path: '/open311/v2/servicerequestupdates.{format}',
    tags,
    summary: 'mySociety extension: what happened to requests between two times (the last day by default), oldest first',
    request: {
      params: z.object({ format }),
      query: z.object({ jurisdiction_id: jurisdiction, start_date: w3c('start_date', 'at or after'), end_date: w3c('end_date', 'at or before') }),
    },
    responses: { ...ok('the updates', z.array(RequestUpdate)), ...failures(400, 404) },
  });
  registry.registerPath({
    method: 'post',
    path: '/open311/v2/servicerequestupdates.{format}',
    tags,
    summary: 'mySociety extension: the complainant’s update through their client, recorded where the procedure has a place for it',
    description:
      '`CLOSED` withdraws an open request, `FIXED` confirms a fixed one (satisfied), `OPEN` asks for a review of a fixed ' +
      'or closed one (`description` is the reason), and a `description` answers a question the office asked. Anything ' +
      'else is refused with 400 saying why. Only requests filed through Open311 take updates; `update_id` makes a retry safe.',
    request: {
      params: z.object({ format }),
      body: form(
        {
          api_key: z.string(),
          jurisdiction_id: z.string(),
          service_request_id: z.string(),
          update_id: z.string(),
          status: z.enum(EXTENDED_STATUSES),
          description: z.string(),
          media_url: z.string(),
          updated_datetime: z.string(),
          email: z.string(),
          first_name: z.string(),
          last_name: z.string(),
        },
        ['api_key', 'jurisdiction_id', 'service_request_id', 'status'],
      ),
    },
    responses: { ...ok('recorded', z.array(z.object({ update_id: z.string() }))), ...failures(400, 403, 404) },
  });
}
