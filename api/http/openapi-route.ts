import type { OpenAPIHono, RouteConfig, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ZodObject, ZodType } from 'zod';
import type { AppEnv } from './env.ts';
import { errorBody, zodIssues } from './errors.ts';

type Request = NonNullable<RouteConfig['request']>;
type Out<S> = S extends ZodType ? z.output<S> : undefined;
type BodySchema<R extends RouteConfig> = R['request'] extends { body: { content: { 'application/json': { schema: infer S } } } } ? S : undefined;

export interface Valid<R extends RouteConfig> {
  params: Out<NonNullable<R['request']>['params']>;
  query: Out<NonNullable<R['request']>['query']>;
  headers: Out<NonNullable<R['request']>['headers']>;
  body: Out<BodySchema<R>>;
}

const JSON_TYPE = /^application\/(?:[a-z0-9.+-]+\+)?json\s*(?:;|$)/i;

/** The failed part of a request: 422 with each issue at its field. */
class Invalid extends Error {
  readonly response: Response;
  constructor(response: Response) {
    super('invalid request');
    this.response = response;
  }
}

function check<S extends ZodType>(schema: S | undefined, value: unknown, c: Context): z.output<S> | undefined {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (!result.success) throw new Invalid(c.json(errorBody('validation_failed', 'the request does not match the schema', zodIssues(result.error)), 422));
  return result.data;
}

/**
 * Adds a route that the OpenAPI document describes from its zod schemas, and that checks
 * the request against the same schemas — synchronously, reading only the headers the route
 * declares and the body straight from the socket.
 */
export function route<R extends RouteConfig>(
  app: OpenAPIHono<AppEnv>,
  config: R,
  handler: (c: Context<AppEnv>, valid: Valid<R>) => Promise<Response> | Response,
  ...middleware: MiddlewareHandler<AppEnv>[]
): void {
  app.openAPIRegistry.registerPath(config);
  const request: Request = config.request ?? {};
  const headerSchema = request.headers as ZodObject | undefined;
  const headerNames = headerSchema ? Object.keys(headerSchema.shape) : [];
  const bodySchema = (request.body?.content?.['application/json'] as { schema?: ZodType } | undefined)?.schema;
  const honoPath = config.path.replace(/\{([^}]+)\}/g, ':$1');
  const handle: MiddlewareHandler<AppEnv> = async (c) => {
    try {
      const params = check(request.params as ZodType | undefined, c.req.param(), c);
      const query = check(request.query as ZodType | undefined, c.req.query(), c);
      const headers = check(headerSchema, Object.fromEntries(headerNames.map((name) => [name, c.req.header(name)])), c);
      let body: unknown;
      if (bodySchema) {
        if (!JSON_TYPE.test(c.req.header('Content-Type') ?? '')) {
          return c.json(errorBody('unsupported_media_type', 'send the body as JSON with Content-Type: application/json'), 415);
        }
        let json: unknown;
        try {
          json = await c.req.json();
        } catch {
          throw new HTTPException(400, { message: 'Malformed JSON in request body' });
        }
        body = check(bodySchema, json, c);
      }
      return await handler(c, { params, query, headers, body } as Valid<R>);
    } catch (error) {
      if (error instanceof Invalid) return error.response;
      throw error;
    }
  };
  const register = app.on.bind(app) as (method: string, path: string, ...handlers: MiddlewareHandler<AppEnv>[]) => unknown;
  register(config.method.toUpperCase(), honoPath, ...middleware, handle);
}
