import { expect } from 'chai';
import type { NotificationView } from '../../api/contract/notifications.ts';
import type { Role } from '../../api/contract/staff.ts';
import { useLocale } from '../../portal/shared/locale.ts';
import '../../portal/views/messages-view.ts';
import type { PortalMessages } from '../../portal/views/messages-view.ts';
import { until } from '../widget/helpers.ts';
import { mockServiceWorker, msw } from '../widget/msw.ts';
import { GENERAL_MANAGER, HOTEL } from './dashboard-fixtures.ts';
import { $$, axeViolations, deepActive, mountScreen, portalContext, sizeProblems, unmountScreens } from './helpers.ts';

const { http, HttpResponse } = msw;

/* The outgoing messages of the hotel against a mocked staff API: the undelivered ones and their retry. */

const ORIGIN = 'https://complaints.messages.test';
const SITE = 'demo-hotel';
const LIST = `${ORIGIN}/api/v1/staff/sites/${SITE}/notifications`;

/** Messages as the API words them (see test/api/notification-delivery.test.ts): addresses masked, errors with them. */
const RECEIPT: NotificationView = {
  id: '<01jq3r7k2x9d8m4v6n5b0c1a2e@complaints.example.hk>',
  complaintId: '01JQ3R7K2X9D8M4V6N5B0C1A2E',
  reference: '7QKD-3M9P',
  kind: 'receipt',
  recipient: { kind: 'complainant', channel: 'email', address: 'g***@example.hk' },
  status: 'dead',
  attempts: 8,
  lastError: 'email: connect ECONNREFUSED 127.0.0.1:25',
  nextAttemptAt: '2026-11-25T09:30:00.000Z',
  createdAt: '2026-11-25T01:02:03.000Z',
  sentAt: null,
  deliveredVia: [],
  foldedInto: null,
};
const BREACH: NotificationView = {
  ...RECEIPT,
  id: '<01jq3s0000breach@complaints.example.hk>',
  complaintId: '01JQ3S00000000000000000000',
  reference: 'H4XT-82KC',
  kind: 'deadline-breach',
  recipient: { kind: 'staff', who: '陳經理' },
  lastError: 'no staff account on site "demo-hotel" is named "陳經理" (nor holds that role)',
};
const SENT: NotificationView = {
  ...RECEIPT,
  id: '<01jq3t0000sent@complaints.example.hk>',
  status: 'sent',
  attempts: 1,
  lastError: null,
  sentAt: '2026-11-25T01:02:05.000Z',
  deliveredVia: ['email', 'webhook'],
};

let lists: Record<string, NotificationView[]>;
let asked: string[];
let retried: { id: string; csrf: string | null }[];
/** what a retry answers, by message id; a plain 200 with the message pending again otherwise */
let retryAnswers: Map<string, () => Response | Promise<Response>>;
/** how many of the next list requests find no network */
let failures: number;

mockServiceWorker(
  http.get(LIST, ({ request }) => {
    const url = new URL(request.url);
    asked.push(url.search);
    if (failures > 0) {
      failures -= 1;
      return HttpResponse.error();
    }
    return HttpResponse.json(lists[url.searchParams.get('status') ?? 'dead'] ?? []);
  }),
  http.post(`${LIST}/:id/retry`, ({ params, request }) => {
    const id = decodeURIComponent(String(params.id));
    retried.push({ id, csrf: request.headers.get('X-CSRF-Token') });
    const answer = retryAnswers.get(id);
    if (answer) return answer();
    const message = [...lists.dead!].find((m) => m.id === id)!;
    return HttpResponse.json({ ...message, status: 'pending', attempts: 0 });
  }),
);

beforeEach(() => {
  lists = { dead: [RECEIPT, BREACH], pending: [], sent: [SENT] };
  asked = [];
  retried = [];
  retryAnswers = new Map();
  failures = 0;
});
afterEach(() => unmountScreens());

async function mountMessages(roles: Role[] = ['manager'], lang = 'en'): Promise<PortalMessages> {
  const portal = portalContext(HOTEL, roles, { origin: ORIGIN, member: GENERAL_MANAGER, csrfToken: 'csrf-of-the-page' });
  const element = await mountScreen<PortalMessages>('portal-messages', { portal }, { lang });
  await until(() => element.shadowRoot!.querySelector('ul.messages, p.panel, [role="alert"]'), 'the list');
  return element;
}

const clean = (node: Node | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const button = (root: Element, label: string) => [...(root.shadowRoot ?? root).querySelectorAll<HTMLButtonElement>('button')].find((b) => clean(b) === label);
const cards = (element: PortalMessages) => $$(element, 'li.message');

describe('<portal-messages>', () => {
  it('lists the undelivered messages first, each with whom it was for (masked), the attempts and the reason', async () => {
    const element = await mountMessages();
    expect(asked).to.deep.equal(['?status=dead&limit=200']);
    expect(button(element, 'Undelivered')!.getAttribute('aria-pressed')).to.equal('true');
    expect(clean(element.shadowRoot!.querySelector('.count'))).to.equal('2 messages could not be delivered.');
    const [receipt, breach] = cards(element);
    expect(clean(receipt!.querySelector('h2'))).to.equal('Receipt · 7QKD-3M9P');
    expect(receipt!.querySelector('h2 a')!.getAttribute('href')).to.equal(`/portal/${SITE}/complaints/${RECEIPT.complaintId}`);
    expect(clean(receipt)).to.contain('Recipient The complainant, by email: g***@example.hk');
    expect(clean(receipt)).to.contain('Attempts 8');
    expect(clean(receipt!.querySelector('.reason'))).to.equal('email: connect ECONNREFUSED 127.0.0.1:25');
    // the time in the hotel's zone (Hong Kong), whatever the browser's
    expect(clean(receipt)).to.contain('Written Nov 25, 2026, 9:02');
    expect(clean(breach!.querySelector('h2'))).to.equal('Deadline missed · H4XT-82KC');
    expect(clean(breach)).to.contain('Staff: 陳經理');
    expect(button(receipt!, 'Send again')).to.not.equal(undefined);
  });

  it('sends one again, says so, and moves the focus to the next one', async () => {
    const element = await mountMessages();
    button(cards(element)[0]!, 'Send again')!.click();
    await until(() => cards(element).length === 1, 'the message gone from the undelivered');
    expect(retried.map((r) => r.id)).to.deep.equal([RECEIPT.id]);
    expect(clean(element.shadowRoot!.querySelector('[role="status"] .notice'))).to.equal(
      '“Receipt” for 7QKD-3M9P is being sent again. It stays under “Waiting to be sent” until it is delivered.',
    );
    await until(() => deepActive() === button(cards(element)[0]!, 'Send again'), 'the focus on the next message');
  });

  it('sends once however often the button is pressed while the first press is on its way', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    retryAnswers.set(RECEIPT.id, async () => {
      await held;
      return HttpResponse.json({ ...RECEIPT, status: 'pending', attempts: 0 });
    });
    const element = await mountMessages();
    const send = button(cards(element)[0]!, 'Send again')!;
    send.click();
    await element.updateComplete;
    expect(clean(send)).to.equal('Sending…');
    expect(send.disabled).to.equal(true);
    send.click();
    release();
    await until(() => cards(element).length === 1, 'the retry');
    expect(retried).to.have.length(1);
  });

  it('takes a message someone else already sent again off the list, and says so', async () => {
    retryAnswers.set(RECEIPT.id, () =>
      HttpResponse.json({ error: { code: 'not_dead', message: 'someone retried this message just now' } }, { status: 409 }),
    );
    const element = await mountMessages();
    button(cards(element)[0]!, 'Send again')!.click();
    await until(() => cards(element).length === 1, 'the message gone');
    expect(clean(element.shadowRoot!.querySelector('.notice'))).to.equal('“Receipt” for 7QKD-3M9P was already sent again by someone else.');
  });

  it('keeps the message and says why when the retry fails: no connection, or roles that do not allow it', async () => {
    retryAnswers.set(RECEIPT.id, () => HttpResponse.error());
    retryAnswers.set(BREACH.id, () => HttpResponse.json({ error: { code: 'forbidden', message: 'not allowed' } }, { status: 403 }));
    const element = await mountMessages();
    const [receipt, breach] = cards(element);
    button(receipt!, 'Send again')!.click();
    await until(() => receipt!.querySelector('[role="alert"]'), 'the network message');
    expect(clean(receipt!.querySelector('[role="alert"]'))).to.equal('The service cannot be reached. Check the connection and try again.');
    button(breach!, 'Send again')!.click();
    await until(() => breach!.querySelector('[role="alert"]'), 'the refusal');
    expect(clean(breach!.querySelector('[role="alert"]'))).to.equal('Your roles on this site do not allow sending messages again.');
    expect(cards(element)).to.have.length(2);
    // a second try that succeeds clears the message
    retryAnswers.delete(RECEIPT.id);
    button(receipt!, 'Send again')!.click();
    await until(() => cards(element).length === 1, 'the retry');
  });

  it('shows the waiting and the sent messages on their own lists, without a retry', async () => {
    lists.pending = [{ ...RECEIPT, status: 'pending', attempts: 2, nextAttemptAt: '2026-11-25T02:00:00.000Z' }];
    const element = await mountMessages();
    button(element, 'Waiting to be sent')!.click();
    await until(() => asked.length === 2 && cards(element).length === 1, 'the waiting list');
    expect(asked[1]).to.equal('?status=pending&limit=200');
    expect(clean(cards(element)[0])).to.contain('Next attempt Nov 25, 2026, 10:00');
    expect(button(cards(element)[0]!, 'Send again')).to.equal(undefined);

    button(element, 'Sent')!.click();
    await until(() => asked.length === 3 && clean(cards(element)[0]).includes('email, webhook'), 'the sent list');
    expect(clean(cards(element)[0])).to.contain('Sent Nov 25, 2026, 9:02 AM · email, webhook');

    lists.dead = [];
    button(element, 'Undelivered')!.click();
    await until(() => asked.length === 4 && clean(element.shadowRoot!.querySelector('p.panel')).length, 'the empty list');
    expect(clean(element.shadowRoot!.querySelector('p.panel'))).to.equal('Every message has been delivered: none is waiting undelivered.');
  });

  it('says when the list cannot be loaded, and loads it on Try again', async () => {
    failures = 1;
    const element = await mountMessages();
    const alert = element.shadowRoot!.querySelector('[role="alert"]')!;
    expect(clean(alert.querySelector('p'))).to.equal('The service cannot be reached. Check the connection and try again.');
    button(alert, 'Try again')!.click();
    await until(() => cards(element).length === 2, 'the list after trying again');
  });
});

for (const lang of ['en', 'zh-Hans'] as const) {
  describe(`accessibility of the outgoing messages (${lang})`, () => {
    before(() => useLocale(lang));
    after(() => useLocale('en'));

    it('has no WCAG violations, and touch targets large enough, with messages and with an error', async () => {
      retryAnswers.set(RECEIPT.id, () => HttpResponse.error());
      const element = await mountMessages(['manager'], lang);
      expect(await axeViolations(element)).to.deep.equal([]);
      expect(sizeProblems(element)).to.deep.equal([]);
      element.shadowRoot!.querySelector<HTMLButtonElement>('li.message button')!.click();
      await until(() => element.shadowRoot!.querySelector('li.message [role="alert"]'), 'the error');
      expect(await axeViolations(element)).to.deep.equal([]);
    });
  });
}
