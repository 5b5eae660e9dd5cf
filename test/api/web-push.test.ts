import { createDecipheriv, createECDH, createHmac, createPublicKey, randomBytes, verify } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type PushPayload, PushChannel, WebPush } from '../../api/notify/push.ts';
import { PushSubscriptions } from '../../api/service/push-subscriptions.ts';
import { SqliteStore } from '../../api/store/sqlite.ts';
import { type ChannelHarness, PUBLIC_URL, type ReceivedRequest, type Receiver, VAPID_SUBJECT, channelHarness, startReceiver } from '../support/channels.ts';
import { member, signIn } from '../support/staff.ts';

/** A browser's side of a push subscription: its own P-256 key pair and authentication secret (RFC 8291). */
function browserKeys() {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = randomBytes(16);
  return {
    ecdh,
    auth,
    json: (endpoint: string) => ({ endpoint, expirationTime: null, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') } }),
  };
}

const hmac = (key: Buffer, data: Buffer) => createHmac('sha256', key).update(data).digest();

/**
 * Decrypts an `aes128gcm` push message as the browser does: RFC 8188's header (salt, record
 * size, key id = the server's ephemeral public key), RFC 8291's key derivation (ECDH, then HKDF
 * with the authentication secret for the IKM, then HKDF with the salt for the content key and
 * nonce), AES-128-GCM per record, and the padding delimiter (2 ends the last record).
 */
function decryptPush(body: Buffer, browser: ReturnType<typeof browserKeys>): Buffer {
  const salt = body.subarray(0, 16);
  const recordSize = body.readUInt32BE(16);
  const idLength = body[20]!;
  const serverPublic = body.subarray(21, 21 + idLength);
  expect(idLength).toBe(65);
  const content = body.subarray(21 + idLength);

  const ecdhSecret = browser.ecdh.computeSecret(serverPublic);
  // HKDF-Extract(auth, ecdh secret), then Expand with "WebPush: info" || 0 || ua_public || as_public, one block
  const prkKey = hmac(browser.auth, ecdhSecret);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), browser.ecdh.getPublicKey(), serverPublic, Buffer.from([1])]);
  const ikm = hmac(prkKey, keyInfo);
  // HKDF-Extract(salt, IKM), then the content-encryption key (16 bytes) and the nonce (12 bytes)
  const prk = hmac(salt, ikm);
  const cek = hmac(prk, Buffer.from('Content-Encoding: aes128gcm\0\x01', 'latin1')).subarray(0, 16);
  const baseNonce = hmac(prk, Buffer.from('Content-Encoding: nonce\0\x01', 'latin1')).subarray(0, 12);

  const out: Buffer[] = [];
  const records = Math.ceil(content.length / recordSize);
  for (let seq = 0; seq < records; seq += 1) {
    const record = content.subarray(seq * recordSize, Math.min(content.length, (seq + 1) * recordSize));
    const nonce = Buffer.from(baseNonce);
    // the record's sequence number XORed into the nonce (as a 96-bit number; this one fits its last 32 bits)
    nonce.writeUInt32BE((nonce.readUInt32BE(8) ^ seq) >>> 0, 8);
    const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
    decipher.setAuthTag(record.subarray(record.length - 16));
    const plain = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
    let end = plain.length - 1;
    while (end >= 0 && plain[end] === 0) end -= 1;
    const last = seq === records - 1;
    expect(plain[end], 'the padding delimiter').toBe(last ? 2 : 1);
    out.push(plain.subarray(0, end));
  }
  return Buffer.concat(out);
}

/** Checks the VAPID Authorization header (RFC 8292) as a push service does; answers the JWT's claims. */
function checkVapid(request: ReceivedRequest, serverKey: string, audience: string): Record<string, unknown> {
  const match = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+), k=([\w-]+)$/.exec(String(request.headers.authorization));
  expect(match, `Authorization: ${request.headers.authorization}`).not.toBeNull();
  const [, jwt, k] = match!;
  expect(k).toBe(serverKey);
  const [header, claims, signature] = jwt!.split('.') as [string, string, string];
  expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ typ: 'JWT', alg: 'ES256' });
  const point = Buffer.from(serverKey, 'base64url');
  const key = createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33, 65).toString('base64url') },
    format: 'jwk',
  });
  const signed = verify('sha256', Buffer.from(`${header}.${claims}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'));
  expect(signed, 'the JWT is signed with the server’s VAPID key').toBe(true);
  const payload = JSON.parse(Buffer.from(claims, 'base64url').toString()) as Record<string, unknown>;
  expect(payload.aud).toBe(audience);
  expect(payload.sub).toBe(VAPID_SUBJECT);
  const now = Date.now() / 1000;
  expect(payload.exp).toBeGreaterThan(now);
  expect(payload.exp).toBeLessThanOrEqual(now + 24 * 3600);
  return payload;
}

let h: ChannelHarness;
let pushService: Receiver;
/** paths the push service says are gone */
const gone = new Set<string>();
beforeEach(async () => {
  h = await channelHarness();
  gone.clear();
  pushService = await startReceiver((request) => (gone.has(request.path) ? 410 : 201));
});
afterEach(async () => {
  await pushService.stop();
  await h.close();
});

const serverKey = async () => ((await (await h.api.call('GET', '/api/v1/push/key')).json()) as { publicKey: string }).publicKey;

describe('Web Push', () => {
  it('serves one VAPID public key, made once and kept across restarts', async () => {
    const response = await h.api.call('GET', '/api/v1/push/key');
    expect(response.status).toBe(200);
    const { publicKey } = (await response.json()) as { publicKey: string };
    expect(Buffer.from(publicKey, 'base64url')).toHaveLength(65);
    expect(Buffer.from(publicKey, 'base64url')[0]).toBe(4);
    await h.api.store.close();
    const reopened = new SqliteStore(`${h.api.dir}/complaints.sqlite`);
    try {
      const again = new WebPush(reopened, { subject: VAPID_SUBJECT });
      expect(await again.publicKey()).toBe(publicKey);
    } finally {
      await reopened.close();
      // the harness closes the store it opened; give it one that is open
      (h.api as { store: SqliteStore }).store = new SqliteStore(`${h.api.dir}/complaints.sqlite`);
    }
  });

  it('delivers the complainant’s messages to a browser that subscribed with the access code, encrypted for it and signed with VAPID', async () => {
    const dispatcher = h.dispatcher();
    // filed without any contact: only the browser that follows it can be told
    const complaint = await h.file('demo-community', 'zh-Hans', null);
    const browser = browserKeys();
    const endpoint = `${pushService.origin}/push/resident-1`;
    const subscribed = await h.api.call('POST', `/api/v1/sites/demo-community/complaints/${complaint.reference}/push`, browser.json(endpoint), {
      'X-Access-Code': complaint.accessCode,
    });
    expect(subscribed.status).toBe(201);
    expect(await subscribed.json()).toMatchObject({ endpoint });

    await h.act(complaint, { type: 'accept', notice: '我们会在两个工作日内派人维修。' });
    expect(await dispatcher.tick()).toBe(1);
    expect(pushService.received).toHaveLength(1);
    const request = pushService.received[0]!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/push/resident-1');
    expect(request.headers['content-encoding']).toBe('aes128gcm');
    expect(request.headers.ttl).toBe(String(7 * 24 * 3600));
    expect(request.headers.urgency).toBe('normal');
    checkVapid(request, await serverKey(), pushService.origin);

    const payload = JSON.parse(decryptPush(request.body, browser).toString('utf8')) as PushPayload;
    const [message] = (await h.api.store.outboxMessages({ complaintId: complaint.id })).filter((m) => m.kind === 'acceptance-notice');
    expect(message).toMatchObject({ status: 'sent', deliveredVia: ['push'], recipient: { kind: 'complainant', channel: 'push', address: complaint.id } });
    expect(payload).toEqual({
      id: message!.id,
      kind: 'acceptance-notice',
      site: 'demo-community',
      reference: complaint.reference,
      title: `投诉 ${complaint.reference} 已受理`,
      body: expect.stringContaining('我们会在两个工作日内派人维修。'),
      url: expect.stringMatching(new RegExp(`^${PUBLIC_URL}/app/demo-community/#complaint=${complaint.reference}&code=link\\.`)),
    });
    // the link opens the complaint in place of the access code
    const code = decodeURIComponent(new URL(payload.url).hash.split('code=')[1]!);
    expect((await h.api.call('GET', `/api/v1/sites/demo-community/complaints/${complaint.reference}`, undefined, { 'X-Access-Code': code })).status).toBe(200);
  });

  it('sends a complainant who gave an email address the push message too, and a repeat of the delivery carries the same id', async () => {
    const complaint = await h.file('demo-community', 'en', { email: 'resident@example.cn' });
    const browser = browserKeys();
    await h.api.call('POST', `/api/v1/sites/demo-community/complaints/${complaint.reference}/push`, browser.json(`${pushService.origin}/push/r2`), {
      'X-Access-Code': complaint.accessCode,
    });
    await h.act(complaint, { type: 'add-note', note: 'The electrician comes on Friday.', public: true });
    // the receipt too: whether a browser follows is asked when the message goes out
    expect(await h.dispatcher().tick()).toBe(2);
    const messages = await h.api.store.outboxMessages({ complaintId: complaint.id });
    expect(messages.map((m) => [m.kind, m.status, m.deliveredVia])).toEqual([
      ['receipt', 'sent', ['push']],
      ['progress', 'sent', ['push']],
    ]);
    const progress = messages[1]!;
    expect(progress.recipient).toEqual({ kind: 'complainant', channel: 'email', address: 'resident@example.cn' });
    const payloads = pushService.received.map((r) => JSON.parse(decryptPush(r.body, browser).toString()) as PushPayload);
    expect(payloads.map((p) => p.kind)).toEqual(['receipt', 'progress']);
    const first = payloads[1]!;
    expect(first).toMatchObject({ id: progress!.id, title: `Complaint ${complaint.reference}: progress`, body: expect.stringContaining('The electrician comes on Friday.') });

    // as after a crash between the push and its record: the same delivery again, the same id
    const site = (await h.api.store.getSite('demo-community'))!;
    await new PushChannel(h.api.store, h.push).deliver(
      { id: progress!.id, siteKey: 'demo-community', recipient: progress!.recipient, messages: [progress!], digest: false },
      {
        site,
        staff: [],
        now: h.clock.now(),
        links: h.links,
        complaint: (id) => h.api.store.getComplaint(id),
        events: (id) => h.api.store.readEvents(id),
      },
    );
    const second = JSON.parse(decryptPush(pushService.received[2]!.body, browser).toString()) as PushPayload;
    // the tracking link is signed afresh (its key runs 180 days from now); the rest is the same
    expect(second).toEqual({ ...first, url: expect.stringContaining(`#complaint=${complaint.reference}&code=link.`) });
    // each message is encrypted afresh (a new salt and key), yet both open to the same words
    expect(pushService.received[2]!.body.equals(pushService.received[1]!.body)).toBe(false);
  });

  it('removes a subscription the push service says is gone (410), and writes nothing more for that browser', async () => {
    const dispatcher = h.dispatcher();
    const complaint = await h.file('demo-community', 'en', null);
    const endpoint = `${pushService.origin}/push/expired`;
    await h.api.call('POST', `/api/v1/sites/demo-community/complaints/${complaint.reference}/push`, browserKeys().json(endpoint), {
      'X-Access-Code': complaint.accessCode,
    });
    expect(await h.api.store.channels.complaintPushSubscriptions(complaint.id)).toHaveLength(1);
    gone.add('/push/expired');

    await h.act(complaint, { type: 'accept' });
    expect(await dispatcher.tick()).toBe(1);
    expect(pushService.received.map((r) => r.path)).toEqual(['/push/expired']);
    expect(await h.api.store.channels.complaintPushSubscriptions(complaint.id)).toEqual([]);
    // that browser is done with: the message is not tried again
    expect((await h.api.store.outboxMessages({ complaintId: complaint.id })).map((m) => [m.kind, m.status])).toEqual([['acceptance-notice', 'sent']]);

    // with nobody following and no contact, later events tell nobody
    await h.act(complaint, { type: 'add-note', note: 'news', public: true });
    expect((await h.api.store.outboxMessages({ complaintId: complaint.id })).map((m) => m.kind)).toEqual(['acceptance-notice']);
    expect(pushService.received).toHaveLength(1);
  });

  it('tries again later when the push service fails, and the message stays pending with the reason', async () => {
    const failing = await startReceiver(() => 503);
    try {
      const dispatcher = h.dispatcher({ baseDelayMs: 1000 });
      const complaint = await h.file('demo-community', 'en', null);
      await h.api.call('POST', `/api/v1/sites/demo-community/complaints/${complaint.reference}/push`, browserKeys().json(`${failing.origin}/push/busy`), {
        'X-Access-Code': complaint.accessCode,
      });
      await h.act(complaint, { type: 'accept' });
      expect(await dispatcher.tick()).toBe(0);
      const [message] = await h.api.store.outboxMessages({ complaintId: complaint.id });
      expect(message).toMatchObject({ status: 'pending', attempts: 1, lastError: `push: push service ${failing.origin} answered 503` });
      expect(await h.api.store.channels.complaintPushSubscriptions(complaint.id)).toHaveLength(1);
    } finally {
      await failing.stop();
    }
  });

  it('pushes a member’s work to the browsers they turned on in the portal, in the site’s language, with a high urgency for breaches', async () => {
    const dispatcher = h.dispatcher();
    const handler = await member(h.api, 'li.ming@community.example', [{ site: 'demo-community', roles: ['handler'], departments: ['engineering'] }], '李明');
    const browser = browserKeys();
    const endpoint = `${pushService.origin}/push/staff-li`;
    const on = await handler.call('POST', '/api/v1/staff/sites/demo-community/push-subscriptions', browser.json(endpoint));
    expect(on.status).toBe(201);
    expect(await (await handler.call('GET', '/api/v1/staff/sites/demo-community/push-subscriptions')).json()).toEqual([
      { endpoint, createdAt: expect.any(String) },
    ]);

    const complaint = await h.file('demo-community', 'en', null);
    await h.act(complaint, { type: 'accept' });
    await h.act(complaint, { type: 'dispatch', department: 'engineering', assignee: '李明', requirements: 'fix the light' });
    await dispatcher.tick();
    const [assignment] = (await h.api.store.outboxMessages({ complaintId: complaint.id })).filter((m) => m.kind === 'assignment');
    expect(assignment).toMatchObject({ status: 'sent', deliveredVia: ['push'] });
    const request = pushService.received.find((r) => r.path === '/push/staff-li')!;
    expect(request.headers.ttl).toBe(String(3 * 24 * 3600));
    const payload = JSON.parse(decryptPush(request.body, browser).toString()) as PushPayload;
    expect(payload).toMatchObject({
      id: assignment!.id,
      kind: 'assignment',
      title: `投诉 ${complaint.reference} 已派给您`,
      url: `${PUBLIC_URL}/portal/demo-community/complaints/${complaint.id}`,
    });

    // a missed deadline goes at once, and matters only for a day
    h.advance(30 * 24 * 3600_000);
    await h.desk.raiseDeadlines('demo-community', complaint.id);
    await dispatcher.tick();
    const breach = pushService.received
      .filter((r) => r.path === '/push/staff-li')
      .map((r) => ({ headers: r.headers, payload: JSON.parse(decryptPush(r.body, browser).toString()) as PushPayload }))
      .find((r) => r.payload.kind === 'deadline-breach');
    expect(breach?.headers).toMatchObject({ urgency: 'high', ttl: String(24 * 3600) });
    // (several stages missed at once travel as one, the repeats counted)
    expect(breach?.payload.title.startsWith(`已超时:投诉 ${complaint.reference}`)).toBe(true);

    // turned off (signed in again: a month has passed): nothing more reaches that browser
    const again = await signIn(h.api, handler.id, handler.email);
    const off = await again.call('DELETE', `/api/v1/staff/sites/demo-community/push-subscriptions?endpoint=${encodeURIComponent(endpoint)}`);
    expect(await off.json()).toEqual({ removed: true });
    expect(await h.api.store.channels.memberPushSubscriptions('demo-community', [handler.id])).toEqual([]);
  });

  it('refuses what is not a subscription, an endpoint that is no push service, and a wrong access code', async () => {
    const complaint = await h.file('demo-community', 'en', null);
    const path = `/api/v1/sites/demo-community/complaints/${complaint.reference}/push`;
    const headers = { 'X-Access-Code': complaint.accessCode };
    const good = browserKeys().json(`${pushService.origin}/push/x`);

    const wrongCode = await h.api.call('POST', path, good, { 'X-Access-Code': 'AAAA-BBBB-CCCC-DDDD-EEEE' });
    expect(wrongCode.status).toBe(404);
    expect(((await wrongCode.json()) as { error: { code: string } }).error.code).toBe('complaint_not_found');

    const plainHttp = await h.api.call('POST', path, { ...good, endpoint: 'http://push.example.org/x' }, headers);
    expect(plainHttp.status).toBe(422);
    expect(await plainHttp.json()).toMatchObject({ error: { code: 'invalid_subscription', issues: [{ path: ['endpoint'] }] } });

    const notOnCurve = await h.api.call('POST', path, { ...good, keys: { ...good.keys, p256dh: Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 7)]).toString('base64url') } }, headers);
    expect(notOnCurve.status).toBe(422);
    expect(await notOnCurve.json()).toMatchObject({ error: { code: 'invalid_subscription', issues: [{ path: ['keys', 'p256dh'] }] } });

    const shortAuth = await h.api.call('POST', path, { ...good, keys: { ...good.keys, auth: 'c2hvcnQ' } }, headers);
    expect(shortAuth.status).toBe(422);
    expect(await shortAuth.json()).toMatchObject({ error: { code: 'validation_failed', issues: [{ path: ['keys', 'auth'] }] } });

    expect(await h.api.store.channels.complaintPushSubscriptions(complaint.id)).toEqual([]);

    // a push service on this machine over plain http is the tests' own: a deployed server refuses it
    const deployed = new PushSubscriptions(h.api.store, new WebPush(h.api.store, { subject: VAPID_SUBJECT }));
    const site = (await h.api.store.getSite('demo-community'))!;
    await expect(deployed.followComplaint(site, (await h.api.store.getComplaint(complaint.id))!, good)).rejects.toMatchObject({ status: 422, code: 'invalid_subscription' });

    // a browser that subscribed may stop
    await h.api.call('POST', path, good, headers);
    const stop = await h.api.call('DELETE', `${path}?endpoint=${encodeURIComponent(good.endpoint)}`, undefined, headers);
    expect(await stop.json()).toEqual({ removed: true });
    expect(await h.api.store.channels.complaintPushSubscriptions(complaint.id)).toEqual([]);
  });

  it('keeps at most ten browsers per complaint, letting the oldest go', async () => {
    const complaint = await h.file('demo-community', 'en', null);
    for (let i = 0; i < 12; i += 1) {
      h.advance(1000);
      const response = await h.api.call(
        'POST',
        `/api/v1/sites/demo-community/complaints/${complaint.reference}/push`,
        browserKeys().json(`${pushService.origin}/push/device-${i}`),
        { 'X-Access-Code': complaint.accessCode },
      );
      expect(response.status).toBe(201);
    }
    const kept = await h.api.store.channels.complaintPushSubscriptions(complaint.id);
    expect(kept).toHaveLength(10);
    expect(kept.map((s) => s.endpoint)).not.toContain(`${pushService.origin}/push/device-0`);
    expect(kept.map((s) => s.endpoint)).toContain(`${pushService.origin}/push/device-11`);
  });
});
