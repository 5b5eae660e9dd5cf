import { type OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { Timestamp } from '../../contract/common.ts';
import type { AbuseGuard } from '../../abuse/guard.ts';
import type { AppEnv } from '../env.ts';
import { limited, requestAddress } from '../middleware/abuse.ts';
import { route } from '../openapi-route.ts';
import { errors } from './route-docs.ts';
import { SiteParam } from './public-params.ts';

export const ChallengeAnswer = z
  .object({
    challenge: z.string().openapi({ example: 'mhx2k9q0.16.3qT0bF1n8Zk2xY7a.Jv9kQ2mZpL0sTn4w' }),
    difficulty: z.number().int().min(0).max(30).openapi({ example: 16 }),
    expiresAt: Timestamp,
    algorithm: z.literal('SHA-256'),
  })
  .openapi('ProofOfWorkChallenge');

const challenge = createRoute({
  method: 'get',
  path: '/sites/{site}/challenge',
  tags: ['public'],
  summary: 'A proof-of-work challenge for one filing',
  description:
    'Find a nonce (decimal digits) such that SHA-256(challenge + nonce) starts with `difficulty` zero bits, and send ' +
    '`X-Proof-Of-Work: {challenge}:{nonce}` with the filing. A challenge is good for one filing, until `expiresAt`. ' +
    'The difficulty rises while many complaints arrive from the same address or for the same site; a difficulty of 0 ' +
    'means the service asks for no proof. No cookie is set and nothing is fetched from anyone else.',
  request: { params: SiteParam },
  responses: {
    200: { description: 'a challenge, signed by the service', content: { 'application/json': { schema: ChallengeAnswer } } },
    ...errors(403, 404, 429),
  },
});

/** `GET /sites/{site}/challenge`: the proof of work the public form solves before it files. */
export function challengeRoute(app: OpenAPIHono<AppEnv>, guard: AbuseGuard): void {
  route(
    app,
    challenge,
    async (c) => {
      c.header('Cache-Control', 'no-store');
      return c.json(await guard.challenge(requestAddress(c, guard.settings.trustProxy), c.get('site').key), 200);
    },
    limited(guard, 'lookup'),
  );
}
