import { expect } from 'chai';
import type { Role } from '../../api/contract/staff.ts';
import type { NewWebhook, WebhookAttemptView, WebhookView } from '../../api/contract/webhooks.ts';
import { formatDateTime, useLocale } from '../../portal/shared/locale.ts';
import '../../portal/views/settings-view.ts';
import type { PortalSettings } from '../../portal/views/settings-view.ts';
import type { SettingsWebhooks } from '../../portal/views/settings/webhooks.ts';
import { type as typeInto, until } from '../widget/helpers.ts';
import { mockServiceWorker, msw } from '../widget/msw.ts';
import { HOTEL } from './dashboard-fixtures.ts';
import { $$, axeViolations, deepActive, sizeProblems, unmountScreens } from './helpers.ts';
import { CONFIG_BODY, ME, hotelSettingsAt, sectionOf } from './hotel-settings-fixtures.ts';

const { http, HttpResponse } = msw;

/*
 * The webhooks of the settings screen, for the hotel's general manager, against the staff API
 * mocked with msw: the list in words, adding one (its secret shown once), turning one off and
 * on, changing and removing one, its delivery log, and what the member is told when the server
 * refuses or cannot be reached.
 */

const ORIGIN = 'https://complaints.webhooks.test';
const SITE = HOTEL.key;
const HOOKS = `${ORIGIN}/api/v1/staff/sites/${SITE}/webhooks`;
const CONFIG = `${ORIGIN}/api/v1/staff/sites/${SITE}/config`;
const MEMBERS = `${ORIGIN}/api/v1/staff/sites/${SITE}/members`;

/** Webhooks as the API lists them, oldest first: an SMS gateway, and a DingTalk relay turned off. */
const SMS: WebhookView = {
  id: '5b1f0c3e-7a2d-4e8f-9c61-2d4b8e0a7f13',
  url: 'https://sms-gateway.harbourview.example/complaints',
  events: ['receipt', 'acceptance-notice', 'information-requested', 'result', 'satisfaction-survey'],
  recipients: ['phone'],
  enabled: true,
  description: 'Text messages',
  createdAt: '2026-10-02T02:15:00.000Z',
  updatedAt: '2026-10-02T02:15:00.000Z',
};
const DINGTALK: WebhookView = {
  id: 'c8e2a9d4-1b7f-4c3a-8e5d-6f0b2a9c4d71',
  url: 'https://relay.harbourview.example/dingtalk?group=front-office',
  events: ['assignment', 'escalation', 'deadline-breach'],
  recipients: ['staff'],
  enabled: false,
  description: null,
  createdAt: '2026-10-05T01:00:00.000Z',
  updatedAt: '2026-11-01T09:30:00.000Z',
};

/** A secret as the server makes them: `whsec_` and the base64 of 32 random bytes. */
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwQ1xJ3kVbN7c=';

/** The SMS gateway's delivery log, newest first: delivered, refused, no answer. */
const ATTEMPTS: WebhookAttemptView[] = [
  { id: 3, messageId: 'msg-0c5e9a7b', type: 'result', attemptedAt: '2026-11-25T02:10:05.000Z', statusCode: 200, durationMs: 312, error: null, ok: true },
  { id: 2, messageId: 'msg-7f31d2e4', type: 'receipt', attemptedAt: '2026-11-25T01:40:00.000Z', statusCode: 503, durationMs: 1240, error: 'HTTP 503 Service Unavailable', ok: false },
  { id: 1, messageId: 'msg-7f31d2e4', type: 'receipt', attemptedAt: '2026-11-25T01:39:30.000Z', statusCode: null, durationMs: 10000, error: 'timed out after 10 s', ok: false },
];


/** What the mocked server was sent. */
interface Traffic {
  lists: number;
  created: Record<string, unknown>[];
  changed: { id: string; body: Record<string, unknown> }[];
  removed: string[];
  logs: string[];
}

const worker = mockServiceWorker();
let traffic: Traffic;
let hooks: WebhookView[];
/** what the next POST, PATCH answers instead of doing it, when set */
let createAnswer: (() => Response) | undefined;
let changeAnswer: (() => Response) | undefined;

const refused = (issue: { path: (string | number)[]; code: string; message: string }, code = 'invalid_webhook_url') =>
  HttpResponse.json({ error: { code, message: `${issue.path.join('.')}: ${issue.message}`, issues: [issue] } }, { status: 422 });

/** The URL check of the real server (api/notify/targets.ts), as it runs in production (no `http://`, not even to this machine). */
function urlProblem(url: string): { code: string; message: string } | null {
  if (url.startsWith('https://')) return null;
  if (/^http:\/\/(localhost|127\.0\.0\.1|\[::1\])[:/]/.test(url))
    return { code: 'http_development_only', message: 'http:// to this machine is accepted only while the server runs for development (PUBLIC_URL on this machine); use https://' };
  if (url.startsWith('http://')) return { code: 'http_elsewhere', message: 'http:// is accepted only for this machine (localhost, 127.0.0.1, [::1]); use https://' };
  return { code: 'not_a_url', message: 'not a URL' };
}

function serve(): void {
  traffic = { lists: 0, created: [], changed: [], removed: [], logs: [] };
  hooks = [SMS, DINGTALK];
  createAnswer = undefined;
  changeAnswer = undefined;
  worker.use(
    http.get(CONFIG, () => HttpResponse.json(CONFIG_BODY)),
    http.get(MEMBERS, () => HttpResponse.json([ME])),
    http.get(HOOKS, () => {
      traffic.lists += 1;
      return HttpResponse.json(hooks);
    }),
    http.post(HOOKS, async ({ request }) => {
      const body = (await request.json()) as { url: string; events: WebhookView['events']; recipients?: WebhookView['recipients']; enabled?: boolean; description?: string };
      traffic.created.push(body);
      if (createAnswer) return createAnswer();
      const problem = urlProblem(body.url);
      if (problem) return refused({ path: ['url'], ...problem });
      const created: NewWebhook = {
        id: `hook-${traffic.created.length}`,
        url: body.url,
        events: body.events,
        recipients: body.recipients ?? ['phone', 'email', 'staff'],
        enabled: body.enabled ?? true,
        description: body.description ?? null,
        createdAt: '2026-11-25T03:00:00.000Z',
        updatedAt: '2026-11-25T03:00:00.000Z',
        secret: SECRET,
      };
      const { secret: _secret, ...view } = created;
      hooks = [...hooks, view];
      return HttpResponse.json(created, { status: 201 });
    }),
    http.patch(`${HOOKS}/:id`, async ({ params, request }) => {
      const id = String(params.id);
      const body = (await request.json()) as Partial<WebhookView>;
      traffic.changed.push({ id, body });
      if (changeAnswer) return changeAnswer();
      const hook = hooks.find((h) => h.id === id);
      if (!hook) return HttpResponse.json({ error: { code: 'webhook_not_found', message: `no webhook "${id}" on this site` } }, { status: 404 });
      const problem = body.url === undefined ? null : urlProblem(body.url);
      if (problem) return refused({ path: ['url'], ...problem });
      const changed: WebhookView = { ...hook, ...body, description: body.description === undefined ? hook.description : body.description || null, updatedAt: '2026-11-25T04:00:00.000Z' };
      hooks = hooks.map((h) => (h.id === id ? changed : h));
      return HttpResponse.json(changed);
    }),
    http.delete(`${HOOKS}/:id`, ({ params }) => {
      const id = String(params.id);
      traffic.removed.push(id);
      const hook = hooks.find((h) => h.id === id);
      if (!hook) return HttpResponse.json({ error: { code: 'webhook_not_found', message: `no webhook "${id}" on this site` } }, { status: 404 });
      hooks = hooks.filter((h) => h.id !== id);
      return HttpResponse.json(hook);
    }),
    http.get(`${HOOKS}/:id/deliveries`, ({ params }) => {
      const id = String(params.id);
      traffic.logs.push(id);
      return HttpResponse.json(id === SMS.id ? ATTEMPTS : []);
    }),
  );
}

beforeEach(() => serve());
afterEach(async () => {
  unmountScreens();
  worker.resetHandlers();
  await useLocale('en');
});

/** The settings screen opened at the webhooks section, as `roles`. */
const screen = (roles: Role[] = ['manager'], lang?: string): Promise<PortalSettings> => hotelSettingsAt('webhooks', ORIGIN, roles, lang);

/** The section of the screen, once its list is there. */
const section = (element: PortalSettings): Promise<SettingsWebhooks> => sectionOf<SettingsWebhooks>(element, 'settings-webhooks', '.webhooks');

async function opened(roles?: Role[], lang?: string): Promise<{ element: PortalSettings; hooksSection: SettingsWebhooks }> {
  const element = await screen(roles, lang);
  return { element, hooksSection: await section(element) };
}

const one = <E extends Element = HTMLElement>(element: Element, selector: string): E | null => element.shadowRoot!.querySelector<E>(selector);
const byId = <E extends HTMLElement = HTMLInputElement>(element: Element, id: string): E => {
  const found = element.shadowRoot!.querySelector<E>(`[id="${CSS.escape(id)}"]`);
  if (!found) throw new Error(`no #${id}`);
  return found;
};
const textOf = (node: Element | ShadowRoot | null | undefined): string => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const rows = (hooksSection: SettingsWebhooks) => $$(hooksSection, '.webhook');
const row = (hooksSection: SettingsWebhooks, id: string) => one(hooksSection, `[data-webhook="${id}"]`);
const addButton = (hooksSection: SettingsWebhooks) => one<HTMLButtonElement>(hooksSection, '.add-webhook button[type="submit"]')!;
const button = (scope: Element | ShadowRoot, name: string): HTMLButtonElement => {
  const found = [...scope.querySelectorAll<HTMLButtonElement>('button')].find((b) => textOf(b) === name || textOf(b).startsWith(`${name} (`));
  if (!found) throw new Error(`no button “${name}”`);
  return found;
};
const question = (hooksSection: SettingsWebhooks) =>
  until(() => one<HTMLDialogElement>(hooksSection.shadowRoot!.querySelector('settings-confirm')!, 'dialog[open]'), 'the question');
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

/** Every shadow root's markup under the element: where a secret could still be hiding. */
function allMarkup(element: Element): string {
  let markup = element.outerHTML;
  const walk = (node: Element) => {
    if (node.shadowRoot) {
      markup += node.shadowRoot.innerHTML;
      for (const child of node.shadowRoot.querySelectorAll('*')) walk(child);
    }
  };
  walk(element);
  return markup;
}

/** Fills the form to add a webhook with a URL and the receipt; the rest as it stands. */
function fillNew(hooksSection: SettingsWebhooks, url: string): void {
  typeInto(byId(hooksSection, 'new-url'), url);
  byId(hooksSection, 'new-kind-receipt').click();
}

describe('<settings-webhooks>', function () {
  this.timeout(20_000);

  it('lists the webhooks in words: description, URL, on or off, the kinds of message by whom they are for, the recipients, and when', async () => {
    const { hooksSection } = await opened();
    expect(traffic.lists).to.equal(1);
    expect(rows(hooksSection).map((r) => r.dataset.webhook)).to.deep.equal([SMS.id, DINGTALK.id]);

    const sms = row(hooksSection, SMS.id)!;
    expect(textOf(sms.querySelector('h3'))).to.equal('Text messages');
    expect(textOf(sms.querySelector('.tag'))).to.equal('On');
    expect(textOf(sms.querySelector('.hook-url'))).to.equal(SMS.url);
    expect(textOf(sms.querySelector('.kinds-complainants'))).to.equal('Receipt, Acceptance notice, Information requested, Result, Satisfaction survey');
    expect(sms.querySelector('.kinds-staff'), 'no messages to staff').to.equal(null);
    expect(textOf(sms.querySelector('.recipients'))).to.equal('Complainants by text message');
    expect(textOf(sms)).to.contain(`Added ${formatDateTime(SMS.createdAt, HOTEL.timezone)}`);
    expect(textOf(sms), 'never changed').not.to.contain('Changed');
    expect(textOf(button(sms, 'Turn off'))).to.equal('Turn off (Text messages)');
    expect(textOf(button(sms, 'Remove'))).to.equal('Remove (Text messages)');

    const relay = row(hooksSection, DINGTALK.id)!;
    expect(relay.classList.contains('off')).to.equal(true);
    expect(textOf(relay.querySelector('h3'))).to.equal('no description');
    expect(textOf(relay.querySelector('.tag'))).to.equal('Off');
    expect(relay.querySelector('.kinds-complainants')).to.equal(null);
    expect(textOf(relay.querySelector('.kinds-staff'))).to.equal('Assignment, Escalation, Deadline missed');
    expect(textOf(relay.querySelector('.recipients'))).to.equal('Staff');
    expect(textOf(relay)).to.contain(`Changed ${formatDateTime(DINGTALK.updatedAt, HOTEL.timezone)}`);
    expect(textOf(button(relay, 'Turn on'))).to.equal(`Turn on (${DINGTALK.url})`);
    expect(allMarkup(document.body), 'no secret anywhere').not.to.contain('whsec_');
  });

  it('says when the list cannot be loaded, and loads it on Try again', async () => {
    worker.use(http.get(HOOKS, () => HttpResponse.error(), { once: true }));
    const element = await screen();
    const hooksSection = await until(() => element.shadowRoot!.querySelector('settings-webhooks'), 'the webhooks section');
    const alert = await until(() => one(hooksSection, '.problem-box[role="alert"]'), 'the message');
    expect(textOf(alert)).to.contain('The service cannot be reached');
    alert.querySelector('button')!.click();
    await until(() => rows(hooksSection).length === 2, 'the list');
  });

  it('adds a webhook: sends exactly what was chosen, shows the secret once with a warning and how a receiver checks it; Done takes it out of the page', async () => {
    const { hooksSection } = await opened();
    expect(byId(hooksSection, 'new-enabled').checked, 'on by default').to.equal(true);
    expect(['phone', 'email', 'staff'].map((r) => byId(hooksSection, `new-recipient-${r}`).checked), 'all recipients by default').to.deep.equal([true, true, true]);

    typeInto(byId(hooksSection, 'new-url'), '  https://wecom-relay.harbourview.example/hook  ');
    typeInto(byId(hooksSection, 'new-description'), ' WeChat Work group ');
    byId(hooksSection, 'new-all-staff').click();
    byId(hooksSection, 'new-kind-result').click();
    byId(hooksSection, 'new-recipient-phone').click();
    byId(hooksSection, 'new-enabled').click();
    await hooksSection.updateComplete;
    expect(byId(hooksSection, 'new-kind-deadline-warning').checked, 'all to staff ticked').to.equal(true);
    expect(byId(hooksSection, 'new-all-complainants').indeterminate, 'some to complainants').to.equal(true);
    expect(byId(hooksSection, 'new-all-complainants').checked).to.equal(false);
    addButton(hooksSection).click();

    const box = await until(() => one(hooksSection, '.new-webhook'), 'the secret');
    expect(traffic.created).to.deep.equal([
      {
        url: 'https://wecom-relay.harbourview.example/hook',
        events: ['result', 'assignment', 'escalation', 'deadline-warning', 'deadline-breach'],
        recipients: ['email', 'staff'],
        enabled: false,
        description: 'WeChat Work group',
      },
    ]);
    expect(one(hooksSection, '.new-webhook .password')!.textContent).to.equal(SECRET);
    expect(textOf(box.querySelector('h3'))).to.equal('The signing secret of the new webhook “WeChat Work group”');
    expect(textOf(box.querySelector('.warning'))).to.contain('Copy it now: it is shown only this once.');
    expect(textOf(box.querySelector('.usage'))).to.contain('Standard Webhooks');
    for (const header of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) expect(textOf(box.querySelector('.usage'))).to.contain(header);
    expect(deepActive(), 'the focus is on the secret').to.equal(box);
    expect(byId(hooksSection, 'new-url').value, 'the form is ready for another').to.equal('');
    expect(byId(hooksSection, 'new-enabled').checked).to.equal(true);

    const added = row(hooksSection, 'hook-1')!;
    expect(textOf(added.querySelector('h3'))).to.equal('WeChat Work group');
    expect(textOf(added.querySelector('.tag'))).to.equal('Off');
    expect(textOf(added.querySelector('.kinds-staff'))).to.equal('Assignment, Escalation, Deadline warning, Deadline missed');
    expect(textOf(added.querySelector('.recipients'))).to.equal('Complainants by email, Staff');
    expect(added.textContent, 'the list never shows the secret').not.to.contain(SECRET);

    button(box, 'Done: hide the secret').click();
    await until(() => !one(hooksSection, '.new-webhook'), 'the secret hidden');
    expect(allMarkup(document.body)).not.to.contain(SECRET);
    expect(deepActive(), 'the focus is on the webhook in the list').to.equal(row(hooksSection, 'hook-1'));
    expect(traffic.created).to.have.length(1);
  });

  it('copies the secret; where the clipboard is refused, selects it and says to press Ctrl+C', async () => {
    const { hooksSection } = await opened();
    fillNew(hooksSection, 'https://gw.harbourview.example/');
    addButton(hooksSection).click();
    const box = await until(() => one(hooksSection, '.new-webhook'), 'the secret');
    const written: string[] = [];
    Object.defineProperty(navigator.clipboard, 'writeText', { configurable: true, value: (text: string) => (written.push(text), Promise.resolve()) });
    try {
      button(box, 'Copy the secret').click();
      await until(() => textOf(box.querySelector('[role="status"]')).includes('The secret is copied'), 'the copied note');
      expect(written).to.deep.equal([SECRET]);

      Object.defineProperty(navigator.clipboard, 'writeText', { configurable: true, value: () => Promise.reject(new DOMException('denied', 'NotAllowedError')) });
      button(box, 'Copy the secret').click();
      await until(() => textOf(box.querySelector('[role="status"]')).includes('Press Ctrl+C'), 'the note to copy by hand');
      expect(getSelection()!.toString()).to.equal(SECRET);
    } finally {
      delete (navigator.clipboard as unknown as Record<string, unknown>).writeText;
    }
  });

  it('checks before sending: a URL, a kind of message and a recipient, each said at its field; nothing is sent until they are there', async () => {
    const { hooksSection } = await opened();
    for (const recipient of ['phone', 'email', 'staff']) byId(hooksSection, `new-recipient-${recipient}`).click();
    addButton(hooksSection).click();
    await until(() => one(hooksSection, '[id="new-url--error"]'), 'the messages');
    expect(textOf(one(hooksSection, '[id="new-url--error"]'))).to.equal('Type the URL the messages are posted to.');
    expect(textOf(one(hooksSection, '[id="new-events--error"]'))).to.equal('Tick at least one kind of message.');
    expect(textOf(one(hooksSection, '[id="new-recipients--error"]'))).to.equal('Tick at least one kind of recipient.');
    expect(byId(hooksSection, 'new-url').getAttribute('aria-invalid')).to.equal('true');
    expect(byId(hooksSection, 'new-url').getAttribute('aria-describedby')).to.contain('new-url--error');
    expect(one(hooksSection, 'fieldset.kinds')!.getAttribute('aria-describedby')).to.contain('new-events--error');
    expect(one(hooksSection, 'fieldset.recipients')!.getAttribute('aria-describedby')).to.contain('new-recipients--error');
    await until(() => deepActive() === byId(hooksSection, 'new-url'), 'the focus on the URL');

    const urlError = async (url: string) => {
      typeInto(byId(hooksSection, 'new-url'), url);
      addButton(hooksSection).click();
      return textOf(await until(() => one(hooksSection, '[id="new-url--error"]'), `the message for ${url}`));
    };
    expect(await urlError('sms gateway')).to.equal('Not an address. A webhook’s URL looks like https://sms-gateway.example.org/complaints');
    expect(await urlError('ftp://files.harbourview.example/')).to.equal('Only https:// addresses are accepted.');
    expect(await urlError('http://sms-gateway.harbourview.example/')).to.equal('http:// is accepted only for this machine (localhost, 127.0.0.1, [::1]). Use https://.');

    typeInto(byId(hooksSection, 'new-url'), 'https://sms-gateway.harbourview.example/');
    await hooksSection.updateComplete;
    expect(one(hooksSection, '[id="new-url--error"]'), 'the message goes once the URL is typed again').to.equal(null);
    expect(one(hooksSection, '[id="new-events--error"]'), 'the other messages stay').not.to.equal(null);
    byId(hooksSection, 'new-all-complainants').click();
    byId(hooksSection, 'new-recipient-phone').click();
    await hooksSection.updateComplete;
    expect(one(hooksSection, '[id="new-events--error"]')).to.equal(null);
    expect(one(hooksSection, '[id="new-recipients--error"]')).to.equal(null);
    expect(traffic.created, 'nothing sent while something was missing').to.deep.equal([]);

    addButton(hooksSection).click();
    await until(() => one(hooksSection, '.new-webhook'), 'the secret');
    expect(traffic.created).to.deep.equal([
      {
        url: 'https://sms-gateway.harbourview.example/',
        events: ['receipt', 'acceptance-notice', 'not-accepted', 'information-requested', 'progress', 'result', 'satisfaction-survey', 'reopen-confirmation'],
        recipients: ['phone'],
        enabled: true,
      },
    ]);
  });

  it('shows the server’s 422 at the URL field in words and keeps everything typed; a https:// URL then goes through', async () => {
    const { hooksSection } = await opened();
    typeInto(byId(hooksSection, 'new-description'), 'Gateway beside the server');
    fillNew(hooksSection, 'http://127.0.0.1:8025/sms');
    byId(hooksSection, 'new-recipient-staff').click();
    addButton(hooksSection).click();
    const error = await until(() => one(hooksSection, '[id="new-url--error"]'), 'the message at the field');
    expect(traffic.created).to.have.length(1);
    expect(textOf(error)).to.equal('http:// to this machine is accepted only while the service itself runs there, for development. Use https://.');
    const field = byId(hooksSection, 'new-url');
    expect(field.value, 'the URL is kept').to.equal('http://127.0.0.1:8025/sms');
    expect(field.getAttribute('aria-invalid')).to.equal('true');
    expect(deepActive(), 'the focus is on the field').to.equal(field);
    expect(byId(hooksSection, 'new-description').value).to.equal('Gateway beside the server');
    expect(byId(hooksSection, 'new-kind-receipt').checked).to.equal(true);
    expect(byId(hooksSection, 'new-recipient-staff').checked).to.equal(false);
    expect(one(hooksSection, '.new-webhook')).to.equal(null);
    expect(hooksSection.dirty, 'still to be added').to.equal(true);

    typeInto(field, 'https://sms-gateway.harbourview.example/');
    addButton(hooksSection).click();
    await until(() => one(hooksSection, '.new-webhook'), 'the secret');
    expect(traffic.created[1]).to.deep.equal({
      url: 'https://sms-gateway.harbourview.example/',
      events: ['receipt'],
      recipients: ['phone', 'email'],
      enabled: true,
      description: 'Gateway beside the server',
    });
  });

  it('turns a webhook off at once with PATCH {enabled:false}, and on again with {enabled:true}, keeping the focus on the button', async () => {
    const { hooksSection } = await opened();
    const toggle = () => row(hooksSection, SMS.id)!.querySelector<HTMLButtonElement>('.toggle')!;
    toggle().click();
    await until(() => textOf(row(hooksSection, SMS.id)!.querySelector('.tag')) === 'Off', 'turned off');
    expect(traffic.changed).to.deep.equal([{ id: SMS.id, body: { enabled: false } }]);
    expect(textOf(one(hooksSection, '.notice'))).to.equal('The webhook “Text messages” is off: nothing is posted to it until it is turned on again.');
    expect(textOf(toggle())).to.equal('Turn on (Text messages)');
    await until(() => deepActive() === toggle(), 'the focus back on the button');

    toggle().click();
    await until(() => textOf(row(hooksSection, SMS.id)!.querySelector('.tag')) === 'On', 'turned on');
    expect(traffic.changed[1]).to.deep.equal({ id: SMS.id, body: { enabled: true } });
    expect(textOf(one(hooksSection, '.notice'))).to.equal('The webhook “Text messages” is on: messages are posted to it again.');
  });

  it('edits a webhook and sends only the fields changed; an emptied description is sent as null; Cancel and an unchanged Save send nothing', async () => {
    const { hooksSection } = await opened();
    const edit = () => row(hooksSection, SMS.id)!.querySelector<HTMLButtonElement>('.edit')!;
    const prefix = `edit-${SMS.id}`;
    edit().click();
    const url = await until(() => one<HTMLInputElement>(hooksSection, `[id="${prefix}-url"]`), 'the change form');
    expect(deepActive(), 'the focus is on the URL').to.equal(url);
    expect(url.value).to.equal(SMS.url);
    expect(byId(hooksSection, `${prefix}-description`).value).to.equal('Text messages');
    expect(byId(hooksSection, `${prefix}-kind-satisfaction-survey`).checked).to.equal(true);
    expect(byId(hooksSection, `${prefix}-kind-progress`).checked).to.equal(false);
    expect(['phone', 'email', 'staff'].map((r) => byId(hooksSection, `${prefix}-recipient-${r}`).checked)).to.deep.equal([true, false, false]);

    // a check before sending, at its field
    typeInto(url, '');
    button(row(hooksSection, SMS.id)!, 'Save').click();
    await until(() => one(hooksSection, `[id="${prefix}-url--error"]`), 'the message at the URL');
    expect(traffic.changed).to.deep.equal([]);
    typeInto(url, SMS.url);

    typeInto(byId(hooksSection, `${prefix}-description`), 'SMS gateway');
    byId(hooksSection, `${prefix}-kind-satisfaction-survey`).click();
    byId(hooksSection, `${prefix}-kind-progress`).click();
    await hooksSection.updateComplete;
    expect(hooksSection.dirty, 'a change typed').to.equal(true);
    button(row(hooksSection, SMS.id)!, 'Save').click();
    await until(() => !one(hooksSection, `[id="${prefix}-url"]`), 'the form closed');
    expect(traffic.changed).to.deep.equal([
      { id: SMS.id, body: { description: 'SMS gateway', events: ['receipt', 'acceptance-notice', 'information-requested', 'progress', 'result'] } },
    ]);
    const sms = row(hooksSection, SMS.id)!;
    expect(textOf(sms.querySelector('h3'))).to.equal('SMS gateway');
    expect(textOf(sms.querySelector('.kinds-complainants'))).to.equal('Receipt, Acceptance notice, Information requested, Progress, Result');
    expect(textOf(one(hooksSection, '.notice'))).to.equal('The webhook “SMS gateway” is changed.');
    await until(() => deepActive() === edit(), 'the focus on Edit');
    expect(hooksSection.dirty).to.equal(false);

    edit().click();
    await until(() => one(hooksSection, `[id="${prefix}-description"]`), 'the form again');
    typeInto(byId(hooksSection, `${prefix}-description`), '   ');
    button(row(hooksSection, SMS.id)!, 'Save').click();
    await until(() => textOf(row(hooksSection, SMS.id)!.querySelector('h3')) === 'no description', 'the description removed');
    expect(traffic.changed[1]).to.deep.equal({ id: SMS.id, body: { description: null } });

    edit().click();
    await until(() => one(hooksSection, `[id="${prefix}-url"]`), 'the form again');
    typeInto(byId(hooksSection, `${prefix}-url`), 'https://elsewhere.example/');
    button(row(hooksSection, SMS.id)!, 'Cancel').click();
    await until(() => !one(hooksSection, `[id="${prefix}-url"]`), 'the form closed');
    expect(deepActive(), 'the focus back on Edit').to.equal(edit());
    edit().click();
    await until(() => one(hooksSection, `[id="${prefix}-url"]`), 'the form again');
    expect(byId(hooksSection, `${prefix}-url`).value, 'what Cancel dropped is not back').to.equal(SMS.url);
    button(row(hooksSection, SMS.id)!, 'Save').click();
    await until(() => !one(hooksSection, `[id="${prefix}-url"]`), 'the form closed');
    await settle();
    expect(traffic.changed, 'nothing sent on Cancel nor for no change').to.have.length(2);
    expect(textOf(one(hooksSection, '.notice'))).to.equal(`Nothing was changed in the webhook ${SMS.url}.`);
  });

  it('asks before removing, saying the log goes too: Cancel sends nothing; Remove sends DELETE and takes it out of the list', async () => {
    const { hooksSection } = await opened();
    const remove = () => row(hooksSection, SMS.id)!.querySelector<HTMLButtonElement>('.remove')!;
    remove().click();
    let dialog = await question(hooksSection);
    expect(textOf(dialog)).to.contain('Remove this webhook?');
    expect(textOf(dialog)).to.contain(SMS.url);
    expect(textOf(dialog)).to.contain('its delivery log is removed with it');
    expect(dialog.querySelector('.confirm')!.classList.contains('danger'), 'a danger button').to.equal(true);
    expect(deepActive(), 'the safe answer has the focus').to.equal(dialog.querySelector('.cancel'));
    (dialog.querySelector('.cancel') as HTMLButtonElement).click();
    await until(() => !dialog.open, 'the dialog closed');
    await settle();
    expect(traffic.removed, 'nothing sent on Cancel').to.deep.equal([]);
    expect(rows(hooksSection)).to.have.length(2);

    remove().click();
    dialog = await question(hooksSection);
    expect(textOf(dialog.querySelector('.confirm'))).to.equal('Remove the webhook and its log');
    (dialog.querySelector('.confirm') as HTMLButtonElement).click();
    await until(() => !row(hooksSection, SMS.id), 'the webhook gone');
    expect(traffic.removed).to.deep.equal([SMS.id]);
    expect(rows(hooksSection).map((r) => r.dataset.webhook)).to.deep.equal([DINGTALK.id]);
    expect(textOf(one(hooksSection, '.notice'))).to.equal('The webhook “Text messages” is removed, with its delivery log.');
    expect(deepActive(), 'the focus on the next webhook').to.equal(row(hooksSection, DINGTALK.id));
  });

  it('shows the delivery log in words, newest first: when, which message, the answer or none, how long, the error; refreshes it; hides it', async () => {
    const { hooksSection } = await opened();
    const open = row(hooksSection, SMS.id)!.querySelector<HTMLButtonElement>('.log-toggle')!;
    expect(open.getAttribute('aria-expanded')).to.equal('false');
    open.click();
    await until(() => $$(hooksSection, '.attempt').length === 3, 'the attempts');
    expect(traffic.logs).to.deep.equal([SMS.id]);
    expect(open.getAttribute('aria-expanded')).to.equal('true');
    expect(open.getAttribute('aria-controls')).to.equal(`log-${SMS.id}`);
    const [delivered, refusedAttempt, unanswered] = $$(hooksSection, '.attempt');
    expect(textOf(delivered!.querySelector('.tag'))).to.equal('Delivered');
    expect(textOf(delivered!.querySelector('time'))).to.equal(formatDateTime(ATTEMPTS[0]!.attemptedAt, HOTEL.timezone));
    expect(delivered!.querySelector('time')!.getAttribute('datetime')).to.equal(ATTEMPTS[0]!.attemptedAt);
    expect(textOf(delivered!.querySelector('.type'))).to.equal('Result');
    expect(textOf(delivered!.querySelector('.answer'))).to.equal('Answered 200');
    expect(textOf(delivered!.querySelector('.took'))).to.equal('took 312 ms');
    expect(delivered!.querySelector('.attempt-error')).to.equal(null);

    expect(textOf(refusedAttempt!.querySelector('.tag'))).to.equal('Failed');
    expect(textOf(refusedAttempt!.querySelector('.type'))).to.equal('Receipt');
    expect(textOf(refusedAttempt!.querySelector('.answer'))).to.equal('Answered 503');
    expect(textOf(refusedAttempt!.querySelector('.took'))).to.equal('took 1.2 sec');
    expect(textOf(refusedAttempt!.querySelector('.attempt-error'))).to.equal('Error: HTTP 503 Service Unavailable');

    expect(textOf(unanswered!.querySelector('.answer'))).to.equal('No answer');
    expect(textOf(unanswered!.querySelector('.took'))).to.equal('took 10 sec');
    expect(textOf(unanswered!.querySelector('.attempt-error'))).to.equal('Error: timed out after 10 s');
    expect(textOf(one(hooksSection, `[id="log-${SMS.id}"] [role="status"]`))).to.equal('3 attempts.');

    button(one(hooksSection, `[id="log-${SMS.id}"]`)!, 'Refresh').click();
    await until(() => traffic.logs.length === 2, 'asked again');
    await until(() => textOf(one(hooksSection, `[id="log-${SMS.id}"] [role="status"]`)) === '3 attempts.', 'loaded again');

    const relay = row(hooksSection, DINGTALK.id)!.querySelector<HTMLButtonElement>('.log-toggle')!;
    relay.click();
    await until(() => textOf(one(hooksSection, `[id="log-${DINGTALK.id}"]`)).includes('Nothing has been posted to it in the last 30 days.'), 'the empty log');

    open.click();
    await until(() => !one(hooksSection, `[id="log-${SMS.id}"]`), 'the log hidden');
    expect(open.getAttribute('aria-expanded')).to.equal('false');
  });

  it('says when the service cannot be reached, keeps the form as typed, and shows progress while adding', async () => {
    const { hooksSection } = await opened();
    let release: (() => void) | undefined;
    worker.use(
      http.post(HOOKS, async ({ request }) => {
        traffic.created.push((await request.json()) as Record<string, unknown>);
        await new Promise<void>((resolve) => (release = resolve));
        return HttpResponse.error();
      }),
    );
    typeInto(byId(hooksSection, 'new-description'), 'Text messages, second gateway');
    fillNew(hooksSection, 'https://sms-2.harbourview.example/');
    addButton(hooksSection).click();
    await until(() => addButton(hooksSection).disabled, 'the busy button');
    expect(textOf(addButton(hooksSection))).to.equal('Adding…');
    expect(one(hooksSection, '.add-webhook')!.getAttribute('aria-busy')).to.equal('true');
    (await until(() => release, 'the request'))();
    const alert = await until(() => one(hooksSection, '.add-webhook [role="alert"]'), 'the message');
    expect(textOf(alert)).to.equal('The service cannot be reached. Check the connection and send again; what you typed is kept.');
    await until(() => deepActive() === alert, 'the focus on the message');
    expect(byId(hooksSection, 'new-url').value).to.equal('https://sms-2.harbourview.example/');
    expect(byId(hooksSection, 'new-description').value).to.equal('Text messages, second gateway');
    expect(byId(hooksSection, 'new-kind-receipt').checked).to.equal(true);
    expect(addButton(hooksSection).disabled).to.equal(false);
    expect(one(hooksSection, '.new-webhook')).to.equal(null);
    expect(rows(hooksSection)).to.have.length(2);
  });

  it('says in words what a 401, 403, 429 or 5xx means, keeping what was typed; a webhook gone (404) offers to reload the list', async () => {
    const { hooksSection } = await opened();
    fillNew(hooksSection, 'https://gw.harbourview.example/');
    const formAlert = () => textOf(one(hooksSection, '.add-webhook [role="alert"]'));
    const answers: [Response, string][] = [
      [HttpResponse.json({ error: { code: 'unauthorized', message: 'sign in first' } }, { status: 401 }), 'Your session has ended. Sign in again in another tab, then send again: what you typed is kept until you leave the page.'],
      [HttpResponse.json({ error: { code: 'forbidden', message: 'not allowed' } }, { status: 403 }), 'Your roles on this site do not allow managing its webhooks.'],
      [HttpResponse.json({ error: { code: 'rate_limited', message: 'slow down' } }, { status: 429 }), 'Too many requests. Wait a moment and try again.'],
      [HttpResponse.json({ error: { code: 'internal', message: 'boom' } }, { status: 500 }), 'The service had a problem. Try again in a moment.'],
    ];
    for (const [response, words] of answers) {
      createAnswer = () => response;
      addButton(hooksSection).click();
      await until(() => formAlert() === words, words);
      expect(byId(hooksSection, 'new-url').value).to.equal('https://gw.harbourview.example/');
      expect(byId(hooksSection, 'new-kind-receipt').checked).to.equal(true);
    }
    expect(traffic.created).to.have.length(4);

    // someone else removed the relay meanwhile
    hooks = [SMS];
    row(hooksSection, DINGTALK.id)!.querySelector<HTMLButtonElement>('.toggle')!.click();
    const gone = await until(() => row(hooksSection, DINGTALK.id)!.querySelector('.row-error[role="alert"]'), 'the row’s message');
    expect(textOf(gone.querySelector('.field-error'))).to.equal('This webhook is no longer on the site: someone removed it. Reload the list to see the webhooks as they are.');
    button(gone, 'Reload the list').click();
    await until(() => traffic.lists === 2 && rows(hooksSection).length === 1, 'the list as it is');
    expect(rows(hooksSection)[0]!.dataset.webhook).to.equal(SMS.id);
  });

  it('keeps a change typed when the server refuses it, with the message at the URL field', async () => {
    const { hooksSection } = await opened();
    const prefix = `edit-${SMS.id}`;
    row(hooksSection, SMS.id)!.querySelector<HTMLButtonElement>('.edit')!.click();
    const url = await until(() => one<HTMLInputElement>(hooksSection, `[id="${prefix}-url"]`), 'the change form');
    typeInto(url, 'http://localhost:9000/sms');
    button(row(hooksSection, SMS.id)!, 'Save').click();
    const error = await until(() => one(hooksSection, `[id="${prefix}-url--error"]`), 'the message at the field');
    expect(traffic.changed).to.deep.equal([{ id: SMS.id, body: { url: 'http://localhost:9000/sms' } }]);
    expect(textOf(error)).to.equal('http:// to this machine is accepted only while the service itself runs there, for development. Use https://.');
    expect(byId(hooksSection, `${prefix}-url`).value).to.equal('http://localhost:9000/sms');
    expect(deepActive()).to.equal(byId(hooksSection, `${prefix}-url`));
    expect(hooksSection.dirty).to.equal(true);

    changeAnswer = () => HttpResponse.error();
    typeInto(byId(hooksSection, `${prefix}-url`), 'https://sms-gateway.harbourview.example/v2');
    button(row(hooksSection, SMS.id)!, 'Save').click();
    const alert = await until(() => one(hooksSection, `[id="${prefix}--form-error"]`), 'the message');
    expect(textOf(alert)).to.equal('The service cannot be reached. Check the connection and send again; what you typed is kept.');
    expect(byId(hooksSection, `${prefix}-url`).value).to.equal('https://sms-gateway.harbourview.example/v2');
  });
});

describe('<portal-settings> and the webhooks', function () {
  this.timeout(20_000);

  it('shows the section to managers and administrators, just before the Open311 keys', async () => {
    for (const roles of [['manager'], ['admin']] as Role[][]) {
      const element = await screen(roles);
      await section(element);
      const names = [...element.shadowRoot!.querySelectorAll('nav.sections button')].map((b) => textOf(b));
      expect(names.slice(-3), roles.join()).to.deep.equal(['Webhooks', 'Open311 keys', 'Staff']);
      expect(textOf(element.shadowRoot!.querySelector('#section-title'))).to.equal('Webhooks');
      unmountScreens();
    }
  });

  it('does not show the section to a member without the configure ability, nor ask for the webhooks', async () => {
    for (const roles of [['supervisor', 'handler'], ['auditor'], ['front-desk']] as Role[][]) {
      const element = await screen(roles);
      expect(element.shadowRoot!.querySelector('settings-webhooks'), roles.join()).to.equal(null);
      expect(textOf(element.shadowRoot)).not.to.contain('Webhooks');
    }
    await settle();
    expect(traffic.lists).to.equal(0);
  });

  it('marks the section unsaved while something is typed, and no longer once the webhook is added', async () => {
    const { element, hooksSection } = await opened();
    const mark = () => [...element.shadowRoot!.querySelectorAll('nav.sections button')].find((b) => textOf(b).startsWith('Webhooks'))!.querySelector('.dirty-mark');
    expect(mark()).to.equal(null);
    byId(hooksSection, 'new-kind-progress').click();
    await until(() => mark(), 'the unsaved mark for a kind ticked');
    byId(hooksSection, 'new-kind-progress').click();
    await until(() => !mark(), 'the mark gone when it is unticked');
    fillNew(hooksSection, 'https://gw.harbourview.example/');
    await until(() => mark(), 'the unsaved mark');
    addButton(hooksSection).click();
    await until(() => one(hooksSection, '.new-webhook'), 'the secret');
    await until(() => !mark(), 'the mark gone');
  });

  it('counts what is typed as unsaved: leaving asks first, Stay here keeps it, discarding empties the form and closes a change', async () => {
    const { element, hooksSection } = await opened();
    typeInto(byId(hooksSection, 'new-url'), 'https://gw.harbourview.example/');
    row(hooksSection, SMS.id)!.querySelector<HTMLButtonElement>('.edit')!.click();
    await until(() => one(hooksSection, `[id="edit-${SMS.id}-url"]`), 'the change form');
    typeInto(byId(hooksSection, `edit-${SMS.id}-description`), 'SMS gateway');
    expect(element.dirty).to.equal(true);
    const keys = () => [...element.shadowRoot!.querySelectorAll<HTMLButtonElement>('nav.sections button')].find((b) => textOf(b).startsWith('Open311 keys'))!;
    const ask = () => until(() => one<HTMLDialogElement>(element.shadowRoot!.querySelector('settings-confirm')!, 'dialog[open]'), 'the question');

    keys().click();
    let dialog = await ask();
    expect(textOf(dialog)).to.contain('“Webhooks”');
    const closed = new Promise((resolve) => dialog.addEventListener('close', resolve, { once: true }));
    (dialog.querySelector('.cancel') as HTMLButtonElement).click();
    await closed;
    expect(byId(hooksSection, 'new-url').value).to.equal('https://gw.harbourview.example/');
    expect(byId(hooksSection, `edit-${SMS.id}-description`).value).to.equal('SMS gateway');

    keys().click();
    dialog = await ask();
    (dialog.querySelector('.confirm') as HTMLButtonElement).click();
    await until(() => element.shadowRoot!.querySelector('settings-api-keys'), 'the keys section');
    expect(traffic.created, 'nothing was added').to.deep.equal([]);
    expect(traffic.changed, 'nothing was changed').to.deep.equal([]);
    const back = [...element.shadowRoot!.querySelectorAll<HTMLButtonElement>('nav.sections button')].find((b) => textOf(b) === 'Webhooks')!;
    back.click();
    const again = await section(element);
    expect(byId(again, 'new-url').value).to.equal('');
    expect(one(again, `[id="edit-${SMS.id}-url"]`)).to.equal(null);
    expect(element.dirty).to.equal(false);
  });
});

for (const lang of ['en', 'zh-Hans'] as const) {
  describe(`<settings-webhooks> accessibility (${lang})`, function () {
    this.timeout(30_000);

    it('the list with a change form and a delivery log open, and a new secret shown once', async () => {
      await useLocale(lang);
      const { element, hooksSection } = await opened(['manager'], lang);
      fillNew(hooksSection, 'https://gw.harbourview.example/');
      addButton(hooksSection).click();
      await until(() => one(hooksSection, '.new-webhook'), 'the secret');
      row(hooksSection, SMS.id)!.querySelector<HTMLButtonElement>('.log-toggle')!.click();
      await until(() => $$(hooksSection, '.attempt').length === 3, 'the attempts');
      row(hooksSection, DINGTALK.id)!.querySelector<HTMLButtonElement>('.edit')!.click();
      await until(() => one(hooksSection, `[id="edit-${DINGTALK.id}-url"]`), 'the change form');
      expect(await axeViolations(element), 'axe').to.deep.equal([]);
      expect(sizeProblems(element), 'sizes').to.deep.equal([]);
    });

    it('messages at the fields and one for the form', async () => {
      await useLocale(lang);
      const { element, hooksSection } = await opened(['manager'], lang);
      byId(hooksSection, 'new-recipient-phone').click();
      byId(hooksSection, 'new-recipient-email').click();
      byId(hooksSection, 'new-recipient-staff').click();
      addButton(hooksSection).click();
      await until(() => one(hooksSection, '[id="new-recipients--error"]'), 'the messages at the fields');
      expect(await axeViolations(element), 'axe, field messages').to.deep.equal([]);

      createAnswer = () => HttpResponse.error();
      byId(hooksSection, 'new-recipient-phone').click();
      fillNew(hooksSection, 'https://gw.harbourview.example/');
      addButton(hooksSection).click();
      await until(() => one(hooksSection, '.add-webhook [role="alert"]'), 'the message');
      expect(await axeViolations(element), 'axe, form message').to.deep.equal([]);
      expect(sizeProblems(element), 'sizes').to.deep.equal([]);
    });
  });
}
