import { expect } from 'chai';
import { StaffApi } from '../../portal/shared/staff-api.ts';
import '../../portal/shared/push-toggle.ts';
import type { PushToggle } from '../../portal/shared/push-toggle.ts';
import { apiOrigin, until } from '../widget/helpers.ts';
import { mockServiceWorker, msw } from '../widget/msw.ts';

const { http, HttpResponse } = msw;

/*
 * The portal's switch for push messages of a member's work, in real Chromium, against the
 * staff API mocked with msw. The browser's push subscription is stood in for by a registration
 * whose pushManager hands out one subscription, as a browser does for one service worker.
 */

const SITE = 'demo-community';
const subscriptionsUrl = () => `${apiOrigin()}/api/v1/staff/sites/${SITE}/push-subscriptions`;
const SERVER_KEY = `B${'A'.repeat(86)}`;
const ENDPOINT = 'https://push.example/subscription-1';
const KEYS = { p256dh: `B${'C'.repeat(86)}`, auth: 'D'.repeat(22) };

interface Traffic {
  posted: Record<string, unknown>[];
  deleted: string[];
  csrf: (string | null)[];
}

const worker = mockServiceWorker();
let traffic: Traffic;
let kept: { endpoint: string; createdAt: string }[];
let failPosts = false;
let failDeletes = false;

function serve(): void {
  traffic = { posted: [], deleted: [], csrf: [] };
  kept = [];
  failPosts = false;
  failDeletes = false;
  worker.use(
    http.post(`${apiOrigin()}/api/v1/staff/session`, () =>
      HttpResponse.json({
        user: { id: 'u-li', email: 'li.ming@community.example', name: '李明', memberships: [{ site: SITE, roles: ['handler'], departments: [] }], superadmin: false },
        csrfToken: 'csrf-token',
        expiresAt: '2030-01-01T00:00:00.000Z',
      }),
    ),
    http.get(`${apiOrigin()}/api/v1/push/key`, () => HttpResponse.json({ publicKey: SERVER_KEY })),
    http.get(subscriptionsUrl(), () => HttpResponse.json(kept)),
    http.post(subscriptionsUrl(), async ({ request }) => {
      traffic.csrf.push(request.headers.get('X-CSRF-Token'));
      if (failPosts) return HttpResponse.json({ error: { code: 'internal', message: 'down' } }, { status: 503 });
      const body = (await request.json()) as { endpoint: string };
      traffic.posted.push(body);
      kept = [{ endpoint: body.endpoint, createdAt: '2026-11-25T08:30:00.000Z' }];
      return HttpResponse.json(kept[0], { status: 201 });
    }),
    http.delete(subscriptionsUrl(), ({ request }) => {
      traffic.csrf.push(request.headers.get('X-CSRF-Token'));
      if (failDeletes) return HttpResponse.json({ error: { code: 'internal', message: 'down' } }, { status: 503 });
      const endpoint = new URL(request.url).searchParams.get('endpoint')!;
      traffic.deleted.push(endpoint);
      kept = kept.filter((k) => k.endpoint !== endpoint);
      return HttpResponse.json({ removed: true });
    }),
  );
}

/** A service worker registration's push side: one subscription, made on the first subscribe. */
function registration(existing = false) {
  const subscribed: PushSubscriptionOptionsInit[] = [];
  let subscription: PushSubscription | null = null;
  const make = () =>
    ({ endpoint: ENDPOINT, toJSON: () => ({ endpoint: ENDPOINT, expirationTime: null, keys: KEYS }) }) as unknown as PushSubscription;
  if (existing) subscription = make();
  const pushManager = {
    getSubscription: async () => subscription,
    subscribe: async (options: PushSubscriptionOptionsInit) => {
      subscribed.push(options);
      subscription ??= make();
      return subscription;
    },
  };
  return { subscribed, registration: { pushManager } as unknown as ServiceWorkerRegistration };
}

const mounted: Element[] = [];
afterEach(() => {
  for (const element of mounted.splice(0)) element.remove();
});

async function toggle(from: ServiceWorkerRegistration | null): Promise<PushToggle> {
  const api = new StaffApi(apiOrigin());
  // signed in, as the portal is when it shows the switch: changes carry the session's CSRF token
  await api.signIn('li.ming@community.example', 'correct horse battery staple');
  const element = document.createElement('portal-push-toggle');
  element.registration = async () => from;
  element.api = api;
  element.site = SITE;
  document.body.append(element);
  mounted.push(element);
  await element.updateComplete;
  return element;
}

const box = (element: PushToggle) => element.shadowRoot!.querySelector<HTMLInputElement>('input[type="checkbox"]');

describe('<portal-push-toggle>', () => {
  beforeEach(serve);

  it('is not there where the portal’s service worker does not control the page', async () => {
    const element = await toggle(null);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(box(element)).to.equal(null);
    expect(element.shadowRoot!.textContent!.trim()).to.equal('');
  });

  it('turns push messages on: subscribes with the server’s key, and sends the subscription with the CSRF token', async () => {
    const { registration: from, subscribed } = registration();
    const element = await toggle(from);
    const input = await until(() => box(element), 'the switch');
    expect(input.checked).to.equal(false);
    expect(element.shadowRoot!.textContent).to.contain('Push notifications');

    input.click();
    await until(() => traffic.posted.length && !box(element)?.disabled, 'switched on');
    expect(box(element)!.checked).to.equal(true);
    expect(subscribed).to.deep.equal([{ userVisibleOnly: true, applicationServerKey: SERVER_KEY }]);
    expect(traffic.posted).to.deep.equal([{ endpoint: ENDPOINT, expirationTime: null, keys: KEYS }]);
    expect(traffic.csrf).to.deep.equal(['csrf-token']);
  });

  it('shows as on when the server keeps this browser for the member, and turns off for this site only', async () => {
    kept = [{ endpoint: ENDPOINT, createdAt: '2026-11-25T08:30:00.000Z' }];
    const { registration: from } = registration(true);
    const element = await toggle(from);
    const input = await until(() => box(element)?.checked && box(element), 'shown on');

    input.click();
    await until(() => traffic.deleted.length && !box(element)?.disabled, 'switched off');
    expect(box(element)!.checked).to.equal(false);
    expect(traffic.deleted).to.deep.equal([ENDPOINT]);
    // the browser keeps its subscription: the member's other sites may use it
    expect(await from.pushManager.getSubscription()).to.not.equal(null);
  });

  it('says so when the server could not take the subscription, and stays off', async () => {
    failPosts = true;
    const { registration: from } = registration();
    const element = await toggle(from);
    (await until(() => box(element), 'the switch')).click();
    await until(() => element.shadowRoot!.textContent!.includes('Notifications could not be changed; try again.'), 'the failure');
    expect(box(element)!.checked).to.equal(false);
    expect(box(element)!.disabled).to.equal(false);
  });

  it('stays on when turning off fails, and says so', async () => {
    kept = [{ endpoint: ENDPOINT, createdAt: '2026-11-25T08:30:00.000Z' }];
    failDeletes = true;
    const { registration: from } = registration(true);
    const element = await toggle(from);
    (await until(() => box(element)?.checked && box(element), 'shown on')).click();
    await until(() => element.shadowRoot!.textContent!.includes('Notifications could not be changed; try again.'), 'the failure');
    expect(box(element)!.checked).to.equal(true);
    expect(kept).to.have.length(1);
  });
});
