import type { OpenAPIHono, RouteConfig, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ZodObject, ZodType } from 'zod';
import type { AppEnv } from './env.ts';
import { errorBody, zodIssues } from './errors.ts';

type Request = NonNullable<RouteConfig['request']>;
type Out<S> = S extends ZodType ? z.output<S> : undefined;
type BodySchema<R extends RouteConfig> = R['request'] extends { body: { content: { 'application/json': { schema: infer S } } } } ? S : undefined;

export interface Valid<R extends RouteConfig> {
  params: Out<NonNullable<R['request']>['params']>;
  headers: Out<NonNullable<R['request']>['headers']>;
  body: Out<BodySchema<R>>;
}

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
): void {
  app.openAPIRegistry.registerPath(config);
  const request: Request = config.request ?? {};
  const headerSchema = request.headers as ZodObject | undefined;
  const headerNames = headerSchema ? Object.keys(headerSchema.shape) : [];
  const bodySchema = (request.body?.content?.['application/json'] as { schema?: ZodType } | undefined)?.schema;
  const honoPath = config.path.replace(/\{([^}]+)\}/g, ':$1');
  app.on(config.method.toUpperCase(), honoPath, async (c) => {
    try {
      const params = check(request.params as ZodType | undefined, c.req.param(), c);
      const headers = check(headerSchema, Object.fromEntries(headerNames.map((name) => [name, c.req.header(name)])), c);
      let body: unknown;
      if (bodySchema) {
        let json: unknown;
        try {
          json = await c.req.json();
        } catch {
          throw new HTTPException(400, { message: 'Malformed JSON in request body' });
        }
        body = check(bodySchema, json, c);
      }
      return await handler(c, { params, headers, body } as Valid<R>);
    } catch (error) {
      if (error instanceof Invalid) return error.response;
      throw error;
    }
  });
}
