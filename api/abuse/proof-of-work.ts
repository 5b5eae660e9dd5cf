import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A self-hosted proof of work, with no cookie and no third party: the server hands out a
 * challenge it signed (for one site, with an expiry and a difficulty), the client finds a nonce
 * such that SHA-256(challenge + nonce) starts with `difficulty` zero bits, and sends both with
 * the filing. Checking costs one hash; finding costs about 2^difficulty.
 *
 * A challenge reads `{expiry, base 36 ms}.{difficulty}.{random}.{signature}`: short, so that with
 * its nonce it fits one SHA-256 block and the client's every try costs a single compression.
 */

export const POW_HEADER = 'X-Proof-Of-Work';

export interface Challenge {
  challenge: string;
  difficulty: number;
  expiresAt: string;
  algorithm: 'SHA-256';
}

export type ProofProblem =
  /** no proof, or not shaped like one */
  | 'proof_of_work_required'
  /** forged, for another site, or the nonce does not solve it */
  | 'proof_of_work_invalid'
  /** too old, or used already: get a new challenge */
  | 'proof_of_work_expired';

export type CheckedProof = { ok: true; id: string; expiresAt: number } | { ok: false; problem: ProofProblem };

const SIGNATURE_BYTES = 12;
const PROOF = /^([0-9a-z]{1,11})\.(\d{1,2})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{16}):(\d{1,16})$/;

const sign = (secret: string, site: string, expiry: string, difficulty: number, random: string): string =>
  createHmac('sha256', secret).update(`proof-of-work\n${site}\n${expiry}\n${difficulty}\n${random}`).digest().subarray(0, SIGNATURE_BYTES).toString('base64url');

/** The number of zero bits SHA-256(text) starts with, up to 32. */
export function leadingZeroBits(text: string): number {
  return Math.clz32(createHash('sha256').update(text).digest().readUInt32BE(0));
}

export function issueChallenge(secret: string, site: string, difficulty: number, expiresAt: number): Challenge {
  const expiry = expiresAt.toString(36);
  const random = randomBytes(12).toString('base64url');
  return {
    challenge: `${expiry}.${difficulty}.${random}.${sign(secret, site, expiry, difficulty, random)}`,
    difficulty,
    expiresAt: new Date(expiresAt).toISOString(),
    algorithm: 'SHA-256',
  };
}

/**
 * Checks a proof (`{challenge}:{nonce}`, as the header carries it) for a site. It does not
 * remember it: the caller claims `id` until `expiresAt`, so each proof is used once.
 */
export function checkProof(secret: string, site: string, proof: string | undefined, now: number): CheckedProof {
  const parts = PROOF.exec(proof?.trim() ?? '');
  if (!parts) return { ok: false, problem: 'proof_of_work_required' };
  const [, expiry, bits, random, signature, nonce] = parts as unknown as [string, string, string, string, string, string];
  const difficulty = Number(bits);
  const expected = Buffer.from(sign(secret, site, expiry, difficulty, random));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, problem: 'proof_of_work_invalid' };
  if (leadingZeroBits(`${expiry}.${bits}.${random}.${signature}${nonce}`) < difficulty) return { ok: false, problem: 'proof_of_work_invalid' };
  const expiresAt = parseInt(expiry, 36);
  if (!(expiresAt > now)) return { ok: false, problem: 'proof_of_work_expired' };
  return { ok: true, id: random, expiresAt };
}

/** Finds a nonce for a challenge, as a client does (tests and scripts; the widget has its own). */
export function solveChallenge(challenge: string, difficulty: number): string {
  for (let nonce = 0; ; nonce += 1) if (leadingZeroBits(challenge + nonce) >= difficulty) return String(nonce);
}
