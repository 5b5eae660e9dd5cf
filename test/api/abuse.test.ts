import { afterEach, describe, expect, it } from 'vitest';
import { POW_HEADER, leadingZeroBits, solveChallenge } from '../../api/abuse/proof-of-work.ts';
import { readAbuseSettings } from '../../api/abuse/settings.ts';
import { FILING, type TestApi, countRows, startTestApi } from '../support/api.ts';
import { ManualClock, defences, from, proofOfWork } from '../support/abuse.ts';

const SITE = 'demo-community';
const FILE = `/api/v1/sites/${SITE}/complaints`;
const CHALLENGE = `/api/v1/sites/${SITE}/challenge`;

let api: TestApi;
afterEach(async () => {
  await api?.close();
});

async function challenge(headers: Record<string, string> = {}): Promise<{ challenge: string; difficulty: number; expiresAt: string }> {
  const response = await api.call('GET', CHALLENGE, undefined, headers);
  expect(response.status).toBe(200);
  return response.json();
}

async function errorOf(response: Response): Promise<{ status: number; code: string; retryAfter: string | null }> {
  const body = await response.json();
  return { status: response.status, code: body.error?.code, retryAfter: response.headers.get('retry-after') };
}

/** A nonce that does NOT give the challenge its zero bits. */
function wrongNonce(text: string, difficulty: number): string {
  for (let nonce = 0; ; nonce += 1) if (leadingZeroBits(text + nonce) < difficulty) return String(nonce);
}

describe('the proof of work', () => {
  it('is on by default, at 16 bits, rising to 22 under load; RATE_LIMITS=off and POW_DIFFICULTY=0 turn the defences off', () => {
    const settings = readAbuseSettings({});
    expect(settings).toMatchObject({ powDifficulty: 16, powMaxDifficulty: 22, trustProxy: 0, windowMs: 600_000, failedCodesPerAddress: 10 });
    expect(settings.limits.filing).toEqual({ perAddress: 10, perSite: 300 });
    expect(readAbuseSettings({ RATE_LIMITS: 'off', POW_DIFFICULTY: '0', TRUST_PROXY: '2' })).toMatchObject({
      powDifficulty: 0,
      trustProxy: 2,
      failedCodesPerAddress: 0,
      limits: { filing: { perAddress: 0, perSite: 0 }, upload: { perAddress: 0, perSite: 0 }, lookup: { perAddress: 0, perSite: 0 } },
    });
    expect(() => readAbuseSettings({ TRUST_PROXY: 'yes' })).toThrow(/TRUST_PROXY/);
    expect(() => readAbuseSettings({ REDIS_URL: 'localhost:6379' })).toThrow(/REDIS_URL: must be a Redis URL/);
  });

  it('is enforced at its real difficulty: a filing without it, or with a nonce that falls short, is refused', async () => {
    api = await startTestApi({ abuse: readAbuseSettings({ RATE_LIMITS: 'off' }) });
    const given = await challenge();
    expect(given.difficulty).toBe(16);
    expect(given).toMatchObject({ algorithm: 'SHA-256', challenge: expect.stringMatching(/^[0-9a-z]+\.16\.[\w-]{16}\.[\w-]{16}$/) });

    expect(await errorOf(await api.call('POST', FILE, FILING))).toMatchObject({ status: 403, code: 'proof_of_work_required' });
    expect(await errorOf(await api.call('POST', FILE, FILING, { [POW_HEADER]: 'please' }))).toMatchObject({ status: 403, code: 'proof_of_work_required' });
    const short = `${given.challenge}:${wrongNonce(given.challenge, 16)}`;
    expect(await errorOf(await api.call('POST', FILE, FILING, { [POW_HEADER]: short }))).toMatchObject({ status: 403, code: 'proof_of_work_invalid' });
    expect(countRows(api, 'complaints')).toBe(0);

    const nonce = solveChallenge(given.challenge, given.difficulty);
    expect(leadingZeroBits(given.challenge + nonce)).toBeGreaterThanOrEqual(16);
    const filed = await api.call('POST', FILE, FILING, { [POW_HEADER]: `${given.challenge}:${nonce}` });
    expect(filed.status).toBe(201);
    expect(countRows(api, 'complaints')).toBe(1);
  });

  it('is signed: a lowered difficulty, another site’s challenge or a made-up one is refused', async () => {
    api = await startTestApi({ abuse: defences({ powDifficulty: 8, powMaxDifficulty: 8 }) });
    const given = await challenge();
    // the same challenge claiming a difficulty of 1, solved for that
    const lowered = given.challenge.replace('.8.', '.1.');
    expect(await errorOf(await api.call('POST', FILE, FILING, { [POW_HEADER]: `${lowered}:${solveChallenge(lowered, 1)}` }))).toMatchObject({
      status: 403,
      code: 'proof_of_work_invalid',
    });
    const hotel = await proofOfWork(api.call, 'demo-hotel');
    expect(await errorOf(await api.call('POST', FILE, FILING, hotel))).toMatchObject({ status: 403, code: 'proof_of_work_invalid' });
    const madeUp = 'zzzzzzzz.8.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAA';
    expect(await errorOf(await api.call('POST', FILE, FILING, { [POW_HEADER]: `${madeUp}:${solveChallenge(madeUp, 8)}` }))).toMatchObject({
      status: 403,
      code: 'proof_of_work_invalid',
    });
    expect(countRows(api, 'complaints')).toBe(0);
  });

  it('is used once, and only until it expires', async () => {
    const clock = new ManualClock();
    api = await startTestApi({ abuse: defences({ powDifficulty: 8, powMaxDifficulty: 8 }), clock });
    const proof = await proofOfWork(api.call, SITE);
    expect((await api.call('POST', FILE, FILING, proof)).status).toBe(201);
    // the same proof again, even for the same complaint with its key, is not a new proof
    expect(await errorOf(await api.call('POST', FILE, FILING, proof))).toMatchObject({ status: 403, code: 'proof_of_work_expired' });

    const late = await proofOfWork(api.call, SITE);
    clock.advance(10 * 60_000 + 1);
    expect(await errorOf(await api.call('POST', FILE, FILING, late))).toMatchObject({ status: 403, code: 'proof_of_work_expired' });
    expect(countRows(api, 'complaints')).toBe(1);
  });

  it('sets no cookie and is never cached; the widget may send its header from another origin', async () => {
    api = await startTestApi({ abuse: defences({ powDifficulty: 8 }) });
    const response = await api.call('GET', CHALLENGE, undefined, { Origin: 'https://www.yangguang-huayuan.cn' });
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(response.headers.get('cache-control')).toBe('no-store');
    const preflight = await api.app.request(FILE, {
      method: 'OPTIONS',
      headers: { Origin: 'https://www.yangguang-huayuan.cn', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'x-proof-of-work' },
    });
    expect(preflight.headers.get('access-control-allow-headers')).toContain('X-Proof-Of-Work');
  });

  it('gets harder as an address, or the whole site, files more', async () => {
    api = await startTestApi({
      abuse: defences({ powDifficulty: 4, powMaxDifficulty: 12, trustProxy: 1, limits: { ...defences({}).limits, filing: { perAddress: 8, perSite: 20 } } }),
    });
    expect((await challenge(from('203.0.113.7'))).difficulty).toBe(4);
    for (let i = 0; i < 4; i += 1) {
      expect((await api.call('POST', FILE, FILING, { ...from('203.0.113.7'), ...(await proofOfWork(api.call, SITE, from('203.0.113.7'))) })).status).toBe(201);
    }
    // half its limit used: half the way from 4 bits to 12; the site has used a fifth of its own
    expect((await challenge(from('203.0.113.7'))).difficulty).toBe(8);
    expect((await challenge(from('198.51.100.2'))).difficulty).toBe(4 + Math.round((4 / 20) * 8));
    for (let i = 0; i < 6; i += 1) {
      const address = `192.0.2.${i + 1}`;
      expect((await api.call('POST', FILE, FILING, { ...from(address), ...(await proofOfWork(api.call, SITE, from(address))) })).status).toBe(201);
    }
    // the site has had 10 of its 20: a newcomer's challenge is half the way up too
    expect((await challenge(from('198.51.100.2'))).difficulty).toBe(8);
  });
});

describe('rate limits', () => {
  const limits = (filing: number, upload = 0, lookup = 0) => ({
    filing: { perAddress: filing, perSite: 0 },
    upload: { perAddress: upload, perSite: 0 },
    lookup: { perAddress: lookup, perSite: 0 },
  });

  it('stop a flood from one address with 429 and Retry-After, while another address still files', async () => {
    api = await startTestApi({ abuse: defences({ trustProxy: 1, limits: limits(3) }) });
    for (let i = 0; i < 3; i += 1) expect((await api.call('POST', FILE, FILING, from('203.0.113.7'))).status).toBe(201);
    const refused = await api.call('POST', FILE, FILING, from('203.0.113.7'));
    expect(await errorOf(refused)).toMatchObject({ status: 429, code: 'rate_limited' });
    const wait = Number(refused.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(1200);
    expect(refused.headers.get('content-type')).toMatch(/application\/json/);
    expect((await api.call('POST', FILE, FILING, from('198.51.100.2'))).status).toBe(201);
    expect(countRows(api, 'complaints')).toBe(4);
  });

  it('count the proxy’s entry of X-Forwarded-For, not what the client wrote before it', async () => {
    api = await startTestApi({ abuse: defences({ trustProxy: 1, limits: limits(2) }) });
    // a client that makes up an address on each request: the proxy appends the real one
    for (let i = 0; i < 2; i += 1) expect((await api.call('POST', FILE, FILING, from(`10.0.0.${i}, 203.0.113.7`))).status).toBe(201);
    expect((await api.call('POST', FILE, FILING, from('10.9.9.9, 203.0.113.7'))).status).toBe(429);
  });

  it('ignore X-Forwarded-For unless TRUST_PROXY says a proxy sets it', async () => {
    api = await startTestApi({ abuse: defences({ limits: limits(2) }) });
    expect((await api.call('POST', FILE, FILING, from('203.0.113.1'))).status).toBe(201);
    expect((await api.call('POST', FILE, FILING, from('203.0.113.2'))).status).toBe(201);
    expect((await api.call('POST', FILE, FILING, from('203.0.113.3'))).status).toBe(429);
  });

  it('limit a whole site, whatever the addresses', async () => {
    const settings = defences({ trustProxy: 1 });
    api = await startTestApi({ abuse: { ...settings, limits: { ...settings.limits, filing: { perAddress: 0, perSite: 3 } } } });
    for (let i = 0; i < 3; i += 1) expect((await api.call('POST', FILE, FILING, from(`192.0.2.${i}`))).status).toBe(201);
    expect((await api.call('POST', FILE, FILING, from('192.0.2.99'))).status).toBe(429);
    // another site has its own
    expect((await api.call('POST', '/api/v1/sites/demo-bureau/complaints', { category: 'service-quality', description: '窗口排队太久', consent: true }, from('192.0.2.99'))).status).toBe(201);
  });

  it('forget after the window has slid past', async () => {
    const clock = new ManualClock();
    api = await startTestApi({ abuse: defences({ trustProxy: 1, limits: limits(2), windowMs: 60_000 }), clock });
    for (let i = 0; i < 2; i += 1) expect((await api.call('POST', FILE, FILING, from('203.0.113.7'))).status).toBe(201);
    const refused = await api.call('POST', FILE, FILING, from('203.0.113.7'));
    expect(refused.status).toBe(429);
    clock.advance(Number(refused.headers.get('retry-after')) * 1000);
    expect((await api.call('POST', FILE, FILING, from('203.0.113.7'))).status).toBe(201);
  });

  it('apply to uploads', async () => {
    api = await startTestApi({ abuse: defences({ trustProxy: 1, limits: limits(0, 2) }) });
    const { CLEAN_PNG } = await import('../support/photos.ts');
    const upload = () =>
      api.app.request(`/api/v1/sites/${SITE}/attachments`, { method: 'POST', headers: { 'Content-Type': 'image/png', ...from('203.0.113.7') }, body: new Uint8Array(CLEAN_PNG) });
    expect((await upload()).status).toBe(201);
    expect((await upload()).status).toBe(201);
    expect(await errorOf(await upload())).toMatchObject({ status: 429, code: 'rate_limited' });
  });

  it('apply to lookups, and wrong access codes have a stricter one: then even the right code waits', async () => {
    api = await startTestApi({ abuse: defences({ trustProxy: 1, limits: limits(0, 0, 100), failedCodesPerAddress: 3 }) });
    const { reference, accessCode } = await (await api.call('POST', FILE, FILING)).json();
    const track = (code: string, address: string) => api.call('GET', `${FILE}/${reference}`, undefined, { 'X-Access-Code': code, ...from(address) });
    expect((await track(accessCode, '203.0.113.7')).status).toBe(200);
    for (let i = 0; i < 3; i += 1) expect((await track(`WRONG-CODE-${i}AAAA-AAAAA-AAAAA`, '203.0.113.7')).status).toBe(404);
    // an unknown reference counts the same as a wrong code
    const blocked = await track(accessCode, '203.0.113.7');
    expect(await errorOf(blocked)).toMatchObject({ status: 429, code: 'too_many_lookups' });
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    // the other routes that take the code wait too
    const actions = await api.call('POST', `${FILE}/${reference}/actions`, { action: 'withdraw' }, { 'X-Access-Code': accessCode, ...from('203.0.113.7') });
    expect(actions.status).toBe(429);
    expect((await track(accessCode, '198.51.100.2')).status).toBe(200);
  });

  it('count every lookup against the lookup limit', async () => {
    api = await startTestApi({ abuse: defences({ trustProxy: 1, limits: limits(0, 0, 3) }) });
    const { reference, accessCode } = await (await api.call('POST', FILE, FILING)).json();
    for (let i = 0; i < 3; i += 1) {
      expect((await api.call('GET', `${FILE}/${reference}`, undefined, { 'X-Access-Code': accessCode, ...from('203.0.113.7') })).status).toBe(200);
    }
    expect((await api.call('GET', `${FILE}/${reference}`, undefined, { 'X-Access-Code': accessCode, ...from('203.0.113.7') })).status).toBe(429);
  });
});

describe('the honeypot', () => {
  it('refuses a complaint whose hidden field is filled in, saying why, and stores nothing', async () => {
    api = await startTestApi();
    const refused = await api.call('POST', FILE, { ...FILING, website: 'https://cheap-pills.example' });
    expect(refused.status).toBe(422);
    const body = await refused.json();
    expect(body.error.code).toBe('automated_submission');
    expect(body.error.message).toMatch(/field people never see/);
    expect(countRows(api, 'complaints')).toBe(0);
    // empty is what a person sends
    expect((await api.call('POST', FILE, { ...FILING, website: '' })).status).toBe(201);
  });
});
