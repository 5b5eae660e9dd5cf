import { expect } from 'chai';
import { openDB } from 'idb';
import type { StaffCommand } from '../../api/contract/staff-api.ts';
import {
  PENDING_DB,
  type PendingAction,
  discardAction,
  flushPending,
  keepSending,
  onPendingChange,
  onPendingMessage,
  pendingActions,
  submitAction,
} from '../../portal/shared/pending-actions.ts';
import { CSRF_HEADER, StaffApi } from '../../portal/shared/staff-api.ts';
import { mockServiceWorker, msw } from '../widget/msw.ts';
import { until } from '../widget/helpers.ts';

const { http, HttpResponse } = msw;

/**
 * The portal's queue of staff actions against a mocked staff API on the page's own origin:
 * what the server gets, and when, is all the test looks at.
 */

const SITE = 'demo-hotel';
const COMPLAINT = '01JPENDINGTEST0000000000001';
const origin = location.origin;
const commands = `${origin}/api/v1/staff/sites/${SITE}/complaints/${COMPLAINT}/commands`;
const complaintUrl = `${origin}/api/v1/staff/sites/${SITE}/complaints/${COMPLAINT}`;
const sessionUrl = `${origin}/api/v1/staff/session`;

const accept: StaffCommand = { type: 'accept', notice: '已受理' };
const note: StaffCommand = { type: 'add-note', note: '回电给住客', public: false };

interface Sent {
  key: string | null;
  csrf: string | null;
  expectedVersion: number;
  command: StaffCommand;
}

const complaint = (version: number, allowedCommands: string[] = ['accept', 'add-note']) => ({
  id: COMPLAINT,
  reference: 'AB12-CD34',
  version,
  status: 'registered',
  allowedCommands,
});

const session = (csrfToken: string) => ({
  user: { id: 'u1', email: 'lee@example.cn', name: 'Lee', memberships: [] },
  csrfToken,
  expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
});

const worker = mockServiceWorker();
let sent: Sent[];
let online = true;

beforeEach(() => {
  sent = [];
  online = true;
  worker.use(http.get(sessionUrl, () => HttpResponse.json(session('csrf-of-the-page'))));
});
afterEach(async () => {
  worker.resetHandlers();
  for (const action of await pendingActions()) await discardAction(action.id);
});

// The browser's idea of the connection, as the queue reads it.
Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online });

/** Records each command as the server receives it, and answers with what `answer` says. */
function serverAnswers(answer: (request: Sent, count: number) => Response | Promise<Response>) {
  worker.use(
    http.post(commands, async ({ request }) => {
      const body = (await request.json()) as { expectedVersion: number; command: StaffCommand };
      const received = { key: request.headers.get('Idempotency-Key'), csrf: request.headers.get(CSRF_HEADER), ...body };
      sent.push(received);
      return answer(received, sent.length);
    }),
  );
}

const refusal = (status: number, code: string, message: string) => HttpResponse.json({ error: { code, message } }, { status });

const submit = (api: StaffApi, command: StaffCommand = accept, expectedVersion = 3) =>
  submitAction(api, { site: SITE, complaintId: COMPLAINT, reference: 'AB12-CD34', expectedVersion, command });

/** The queue as another page would find it: the database opened afresh, past this module's connection. */
async function storedAfresh(): Promise<PendingAction[]> {
  const db = await openDB(PENDING_DB);
  try {
    return (await db.getAll('actions')) as PendingAction[];
  } finally {
    db.close();
  }
}

describe('the queue of staff actions', () => {
  it('stores an action with its Idempotency-Key before it sends it, and lets it go once applied', async () => {
    const storedWhenSent: PendingAction[][] = [];
    serverAnswers(async () => {
      storedWhenSent.push(await storedAfresh());
      return HttpResponse.json(complaint(4));
    });
    const changes: number[] = [];
    const stop = onPendingChange(() => changes.push(Date.now()));

    const result = await submit(new StaffApi(origin));

    stop();
    expect(result.kind).to.equal('done');
    expect(result.kind === 'done' && result.complaint.version).to.equal(4);
    expect(sent).to.have.length(1);
    expect(storedWhenSent[0]).to.have.length(1);
    const stored = storedWhenSent[0]![0]!;
    expect(stored.id).to.equal(sent[0]!.key);
    expect(stored).to.include({ site: SITE, complaintId: COMPLAINT, reference: 'AB12-CD34', expectedVersion: 3, state: 'sending' });
    expect(stored.command).to.deep.equal(accept);
    expect(sent[0]!.key).to.have.length.within(8, 200);
    // the page's client had no token yet: it asked for the session first
    expect(sent[0]!.csrf).to.equal('csrf-of-the-page');
    expect(await pendingActions()).to.deep.equal([]);
    expect(await storedAfresh()).to.deep.equal([]);
    expect(changes.length).to.be.greaterThan(0);
  });

  it('queues an action while offline, keeps it across a reload, and sends it once with the same key when the network returns', async () => {
    serverAnswers(() => HttpResponse.json(complaint(4)));
    online = false;
    const api = new StaffApi(origin);
    const result = await submit(api);

    expect(result.kind).to.equal('queued');
    expect(sent).to.have.length(0);
    const queued = result.kind === 'queued' ? result.action : undefined;
    expect(queued).to.include({ state: 'pending', expectedVersion: 3 });
    // what a reloaded page would find
    const afresh = await storedAfresh();
    expect(afresh.map((action) => [action.id, action.state])).to.deep.equal([[queued!.id, 'pending']]);
    expect((await pendingActions(SITE)).map((action) => action.id)).to.deep.equal([queued!.id]);
    expect(await pendingActions('another-site')).to.deep.equal([]);

    const stop = keepSending(api);
    let stopListening = () => {};
    try {
      const applied = new Promise<string>((resolve) => {
        stopListening = onPendingMessage((message) => {
          if (message.state === 'done') resolve(message.id);
        });
      });
      online = true;
      dispatchEvent(new Event('online'));
      expect(await applied).to.equal(queued!.id);
      expect(await pendingActions()).to.deep.equal([]);
      // asked again (another tab, the worker): nothing is left to send
      expect(await flushPending(api, { now: true })).to.deep.equal({ waiting: 0 });
    } finally {
      stop();
      stopListening();
    }
    expect(sent).to.have.length(1);
    expect(sent[0]!.key).to.equal(queued!.id);
    expect(sent[0]!.expectedVersion).to.equal(3);
  });

  it('keeps an action whose answer was lost or that met a server error, and sends it again with the same key', async () => {
    serverAnswers((_request, count) => (count === 1 ? HttpResponse.error() : count === 2 ? refusal(503, 'unavailable', 'down for a moment') : HttpResponse.json(complaint(4))));
    const api = new StaffApi(origin);

    const first = await submit(api, note);
    expect(first.kind).to.equal('queued');
    const [waiting] = await pendingActions();
    expect(waiting).to.include({ state: 'pending' });
    expect(waiting!.failure).to.equal(undefined);

    expect(await flushPending(api, { now: true })).to.include({ waiting: 1 });
    expect(await flushPending(api, { now: true })).to.deep.equal({ waiting: 0 });
    expect(sent.map((request) => request.key)).to.deep.equal([waiting!.id, waiting!.id, waiting!.id]);
  });

  it('decides an action again on the new version after a 409, with the same key, when the step still applies', async () => {
    serverAnswers((request) =>
      request.expectedVersion === 3 ? refusal(409, 'version_conflict', 'someone else changed this complaint first') : HttpResponse.json(complaint(request.expectedVersion + 1)),
    );
    worker.use(http.get(complaintUrl, () => HttpResponse.json(complaint(7))));

    const result = await submit(new StaffApi(origin), note);

    expect(result.kind).to.equal('done');
    expect(sent.map((request) => request.expectedVersion)).to.deep.equal([3, 7]);
    expect(sent[0]!.key).to.equal(sent[1]!.key);
    expect(await pendingActions()).to.deep.equal([]);
  });

  it('keeps an action refused for good as failed, with the reason, until it is discarded', async () => {
    serverAnswers(() => refusal(403, 'not_allowed_for_role', 'your role on this site cannot accept'));
    const api = new StaffApi(origin);
    const result = await submit(api);

    expect(result.kind).to.equal('refused');
    const refused = result.kind === 'refused' ? result.action : undefined;
    expect(refused).to.include({ state: 'failed' });
    expect(refused!.failure).to.deep.equal({ status: 403, code: 'not_allowed_for_role', message: 'your role on this site cannot accept' });
    expect((await pendingActions()).map((action) => [action.id, action.state])).to.deep.equal([[refused!.id, 'failed']]);
    // a refused action is not sent again
    expect(await flushPending(api, { now: true })).to.deep.equal({ waiting: 0 });
    expect(sent).to.have.length(1);

    let told = 0;
    const stop = onPendingChange(() => (told += 1));
    await discardAction(refused!.id);
    stop();
    expect(told).to.be.greaterThan(0);
    expect(await pendingActions()).to.deep.equal([]);
    expect(await storedAfresh()).to.deep.equal([]);
  });

  it('marks an action failed after a 409 when the step no longer applies to the complaint', async () => {
    serverAnswers(() => refusal(409, 'version_conflict', 'someone else changed this complaint first'));
    worker.use(http.get(complaintUrl, () => HttpResponse.json(complaint(5, ['add-note']))));

    const result = await submit(new StaffApi(origin), accept);

    expect(result.kind).to.equal('refused');
    expect(sent).to.have.length(1);
    const [failed] = await pendingActions();
    expect(failed).to.include({ state: 'failed' });
    expect(failed!.failure).to.include({ status: 409, code: 'no_longer_allowed' });
  });

  it('sends what waits from a worker (no client): it fetches the session’s CSRF token with the cookie itself', async () => {
    online = false;
    const queued = await submit(new StaffApi(origin), note);
    online = true;
    worker.use(http.get(sessionUrl, () => HttpResponse.json(session('csrf-of-the-worker'))));
    serverAnswers(() => HttpResponse.json(complaint(4)));

    expect(await flushPending(null)).to.deep.equal({ waiting: 0 });

    expect(sent).to.have.length(1);
    expect(sent[0]!.csrf).to.equal('csrf-of-the-worker');
    expect(sent[0]!.key).to.equal(queued.kind === 'queued' ? queued.action.id : 'not queued');
  });

  it('keeps actions waiting while nobody is signed in, rather than losing them', async () => {
    online = false;
    await submit(new StaffApi(origin), note);
    online = true;
    worker.use(http.get(sessionUrl, () => refusal(401, 'unauthorized', 'sign in first')));
    serverAnswers(() => HttpResponse.json(complaint(4)));

    expect(await flushPending(null)).to.include({ waiting: 1 });
    expect(sent).to.have.length(0);
    expect((await pendingActions()).map((action) => action.state)).to.deep.equal(['pending']);
  });

  it('never sends one action twice when two senders flush at once', async () => {
    online = false;
    await submit(new StaffApi(origin), note);
    await submit(new StaffApi(origin), { ...note, note: '第二条' });
    online = true;
    let release!: () => void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    serverAnswers(async () => {
      await slow;
      return HttpResponse.json(complaint(4));
    });

    const flushes = [flushPending(new StaffApi(origin), { now: true }), flushPending(null), flushPending(new StaffApi(origin), { now: true })];
    await until(() => sent.length > 0, 'the first request');
    release();
    await Promise.all(flushes);

    expect(sent).to.have.length(2);
    expect(new Set(sent.map((request) => request.key)).size).to.equal(2);
    expect(await pendingActions()).to.deep.equal([]);
  });

  it('leaves an action to the page sending it: a flush meanwhile does not send it too', async () => {
    let release!: () => void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    serverAnswers(async () => {
      await slow;
      return HttpResponse.json(complaint(4));
    });
    const api = new StaffApi(origin);
    const submitting = submit(api, note);
    await until(() => sent.length === 1, 'the first attempt');

    expect(await flushPending(new StaffApi(origin), { now: true })).to.include({ waiting: 1 });
    release();
    expect((await submitting).kind).to.equal('done');
    expect(sent).to.have.length(1);
    expect(await flushPending(api, { now: true })).to.deep.equal({ waiting: 0 });
  });

  it('reads the session’s token again when the member signed in anew elsewhere, and sends with it', async () => {
    let sessions = 0;
    worker.use(http.get(sessionUrl, () => HttpResponse.json(session((sessions += 1) === 1 ? 'token-of-the-old-session' : 'token-of-the-new-session'))));
    serverAnswers((request) => (request.csrf === 'token-of-the-new-session' ? HttpResponse.json(complaint(4)) : refusal(403, 'csrf_failed', 'send the session’s CSRF token')));

    const result = await submit(new StaffApi(origin), note);

    expect(result.kind).to.equal('done');
    expect(sent.map((request) => request.csrf)).to.deep.equal(['token-of-the-old-session', 'token-of-the-new-session']);
    expect(sent[0]!.key).to.equal(sent[1]!.key);
  });
});
