import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { ServiceError } from '../../service/errors.ts';
import { SESSION_HOURS, type StaffAuth, publicUser } from '../../service/staff-auth.ts';
import {
  PasswordChange,
  SessionAnswer,
  SignInRequest,
  TokenAnswer,
  TokenRequest,
  TokenView,
} from '../../contract/staff-api.ts';
import type { AppEnv } from '../env.ts';
import { SESSION_COOKIE, isHttps, staffAuthentication } from '../middleware/staff-auth.ts';
import { route } from '../openapi-route.ts';
import { errors } from './route-docs.ts';

const signIn = createRoute({
  method: 'post',
  path: '/session',
  tags: ['staff'],
  summary: 'Sign in: sets the session cookie and answers with the CSRF token every change must carry',
  request: { body: { required: true, content: { 'application/json': { schema: SignInRequest } } } },
  responses: {
    200: { description: 'signed in', content: { 'application/json': { schema: SessionAnswer } } },
    ...errors(400, 401, 403, 415, 422, 429),
  },
});

const session = createRoute({
  method: 'get',
  path: '/session',
  tags: ['staff'],
  summary: 'Who is signed in, and the session’s CSRF token',
  responses: { 200: { description: 'the session', content: { 'application/json': { schema: SessionAnswer } } }, ...errors(401) },
});

const signOut = createRoute({
  method: 'delete',
  path: '/session',
  tags: ['staff'],
  summary: 'Sign out',
  responses: { 204: { description: 'signed out' }, ...errors(401, 403) },
});

const changePassword = createRoute({
  method: 'put',
  path: '/password',
  tags: ['staff'],
  summary: 'Change one’s password; every session ends',
  request: { body: { required: true, content: { 'application/json': { schema: PasswordChange } } } },
  responses: { 204: { description: 'changed' }, ...errors(401, 403, 415, 422) },
});

const listTokens = createRoute({
  method: 'get',
  path: '/tokens',
  tags: ['staff'],
  summary: 'One’s personal API tokens (never the tokens themselves)',
  responses: { 200: { description: 'the tokens', content: { 'application/json': { schema: z.array(TokenView) } } }, ...errors(401) },
});

const createToken = createRoute({
  method: 'post',
  path: '/tokens',
  tags: ['staff'],
  summary: 'A personal API token for an integration: shown once, sent as `Authorization: Bearer …`',
  request: { body: { required: true, content: { 'application/json': { schema: TokenRequest } } } },
  responses: { 201: { description: 'created', content: { 'application/json': { schema: TokenAnswer } } }, ...errors(401, 403, 415, 422) },
});

const revokeToken = createRoute({
  method: 'delete',
  path: '/tokens/{id}',
  tags: ['staff'],
  summary: 'Revoke a token',
  request: { params: z.object({ id: z.string().min(1).max(64).openapi({ param: { name: 'id', in: 'path' } }) }) },
  responses: { 204: { description: 'revoked' }, ...errors(401, 403, 404) },
});

/** The address sign-in attempts are counted against. */
function clientAddress(c: Context<AppEnv>): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'in-process';
  }
}

/**
 * A sign-in form posted from another site's page would sign the browser into our account (login
 * CSRF): a browser's Origin must be our own.
 */
function refuseForeignOrigin(c: Context<AppEnv>): void {
  const origin = c.req.header('Origin');
  if (origin && origin !== new URL(c.req.url).origin) throw new ServiceError(403, 'origin_not_allowed', 'sign in from the portal itself');
}

/** Signing in and out, passwords, personal API tokens. */
export function staffSessionRoutes(auth: StaffAuth) {
  const app = new OpenAPIHono<AppEnv>();
  const signedIn = staffAuthentication(auth);

  route(app, signIn, async (c, { body }) => {
    refuseForeignOrigin(c);
    const result = await auth.signIn(body.email, body.password, clientAddress(c));
    setCookie(c, SESSION_COOKIE, result.cookie, {
      httpOnly: true,
      sameSite: 'Strict',
      secure: isHttps(c),
      path: '/',
      maxAge: SESSION_HOURS * 3600,
    });
    c.header('Cache-Control', 'no-store');
    return c.json({ user: publicUser(result.user), csrfToken: result.csrfToken, expiresAt: result.expiresAt }, 200);
  });

  route(
    app,
    session,
    (c) => {
      const who = c.get('staff');
      c.header('Cache-Control', 'no-store');
      return c.json({ user: publicUser(who.user), csrfToken: who.csrfToken ?? '', expiresAt: '' }, 200);
    },
    signedIn,
  );

  route(
    app,
    signOut,
    async (c) => {
      const cookie = getCookie(c, SESSION_COOKIE);
      if (cookie) await auth.signOut(cookie);
      deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isHttps(c) });
      return c.body(null, 204);
    },
    signedIn,
  );

  route(
    app,
    changePassword,
    async (c, { body }) => {
      await auth.changePassword(c.get('staff').user, body.current, body.next);
      deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isHttps(c) });
      return c.body(null, 204);
    },
    signedIn,
  );

  route(
    app,
    listTokens,
    async (c) => c.json(await auth.listTokens(c.get('staff').user), 200),
    signedIn,
  );

  route(
    app,
    createToken,
    async (c, { body }) => {
      const { record, token } = await auth.createToken(c.get('staff').user, body.label);
      c.header('Cache-Control', 'no-store');
      return c.json({ id: record.id, label: record.label, token, createdAt: record.createdAt }, 201);
    },
    signedIn,
  );

  route(
    app,
    revokeToken,
    async (c, { params }) => {
      await auth.revokeToken(c.get('staff').user, params.id);
      return c.body(null, 204);
    },
    signedIn,
  );

  return app;
}
