import { expect } from 'chai';
import type { ApiKeyView, NewApiKey } from '../../api/contract/api-keys.ts';
import type { Role } from '../../api/contract/staff.ts';
import { formatDateTime, useLocale } from '../../portal/shared/locale.ts';
import '../../portal/views/settings-view.ts';
import type { PortalSettings } from '../../portal/views/settings-view.ts';
import type { SettingsApiKeys } from '../../portal/views/settings/api-keys.ts';
import { type as typeInto, until } from '../widget/helpers.ts';
import { mockServiceWorker, msw } from '../widget/msw.ts';
import { HOTEL } from './dashboard-fixtures.ts';
import { $$, axeViolations, deepActive, sizeProblems, unmountScreens } from './helpers.ts';
import { CONFIG_BODY, ME, hotelSettingsAt, sectionOf } from './hotel-settings-fixtures.ts';

const { http, HttpResponse } = msw;

/*
 * The Open311 keys of the settings screen, for the hotel's general manager, against the staff
 * API mocked with msw: the list, creating a key (shown once), revoking one, and what the member
 * is told when the server refuses or cannot be reached.
 */

const ORIGIN = 'https://complaints.keys.test';
const SITE = HOTEL.key;
const KEYS = `${ORIGIN}/api/v1/staff/sites/${SITE}/api-keys`;
const CONFIG = `${ORIGIN}/api/v1/staff/sites/${SITE}/config`;
const MEMBERS = `${ORIGIN}/api/v1/staff/sites/${SITE}/members`;

/** Keys as the API lists them: oldest first; the first one revoked. */
const TRIAL: ApiKeyView = { id: '3d0c2a51-5a7e-4b8e-9a57-1f0e5c7d2b10', label: null, createdAt: '2026-03-02T01:30:00.000Z', revokedAt: '2026-09-30T08:05:00.000Z' };
const HOTLINE: ApiKeyView = { id: '8a4e7f02-11c3-4f5d-b1a6-0c9e2d7b3a44', label: '1823 government hotline', createdAt: '2026-10-02T02:15:00.000Z', revokedAt: null };

/** A key as the server makes them: `cdk_` and 43 characters of base64url. */
const NEW_KEY = 'cdk_Jm3q9xT0vLw2Yd8Rk4Hs7Pa1Nc6Fb5Ge0Zu3Qi9Xo2';


/** What the mocked server was sent. */
interface Traffic {
  lists: number;
  created: Record<string, unknown>[];
  revoked: string[];
}

const worker = mockServiceWorker();
let traffic: Traffic;
let keys: ApiKeyView[];
/** what the next POST answers instead of creating a key, when set */
let createAnswer: (() => Response) | undefined;

/** The server as it answers when all is well; it refuses a label over 100 characters as the real one does. */
function serve(): void {
  traffic = { lists: 0, created: [], revoked: [] };
  keys = [TRIAL, HOTLINE];
  createAnswer = undefined;
  worker.use(
    http.get(CONFIG, () => HttpResponse.json(CONFIG_BODY)),
    http.get(MEMBERS, () => HttpResponse.json([ME])),
    http.get(KEYS, () => {
      traffic.lists += 1;
      return HttpResponse.json(keys);
    }),
    http.post(KEYS, async ({ request }) => {
      const body = (await request.json()) as { label?: string };
      traffic.created.push(body);
      if (createAnswer) return createAnswer();
      const label = body.label?.trim() ?? '';
      if (label.length > 100) {
        return HttpResponse.json(
          { error: { code: 'validation_failed', message: 'the request does not match the schema', issues: [{ path: ['label'], message: 'at most 100 characters', code: 'too_big' }] } },
          { status: 422 },
        );
      }
      const created: NewApiKey = { id: `key-${traffic.created.length}`, label: label || null, createdAt: '2026-11-25T03:00:00.000Z', revokedAt: null, key: NEW_KEY };
      keys = [...keys, { id: created.id, label: created.label, createdAt: created.createdAt, revokedAt: null }];
      return HttpResponse.json(created, { status: 201 });
    }),
    http.delete(`${KEYS}/:id`, ({ params }) => {
      const id = String(params.id);
      traffic.revoked.push(id);
      keys = keys.map((key) => (key.id === id && !key.revokedAt ? { ...key, revokedAt: '2026-11-25T04:00:00.000Z' } : key));
      return HttpResponse.json(keys.find((key) => key.id === id));
    }),
  );
}

beforeEach(() => serve());
afterEach(async () => {
  unmountScreens();
  worker.resetHandlers();
  await useLocale('en');
});

/** The settings screen opened at the keys section, as `roles`. */
const screen = (roles: Role[] = ['manager'], lang?: string): Promise<PortalSettings> => hotelSettingsAt('keys', ORIGIN, roles, lang);

/** The section of the screen, once its list is there. */
const section = (element: PortalSettings): Promise<SettingsApiKeys> => sectionOf<SettingsApiKeys>(element, 'settings-api-keys', '.api-keys');

async function opened(roles?: Role[], lang?: string): Promise<{ element: PortalSettings; keysSection: SettingsApiKeys }> {
  const element = await screen(roles, lang);
  return { element, keysSection: await section(element) };
}

const one = <E extends Element = HTMLElement>(element: Element, selector: string): E | null => element.shadowRoot!.querySelector<E>(selector);
const textOf = (node: Element | ShadowRoot | null | undefined): string => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const labelField = (keysSection: SettingsApiKeys) => one<HTMLInputElement>(keysSection, '#key-label')!;
const createButton = (keysSection: SettingsApiKeys) => one<HTMLButtonElement>(keysSection, '.add-key button[type="submit"]')!;
const rows = (keysSection: SettingsApiKeys) => $$(keysSection, '.api-key');
const row = (keysSection: SettingsApiKeys, id: string) => one(keysSection, `[data-key="${id}"]`);

/** Every shadow root's markup under the element: where a key could still be hiding. */
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

describe('<settings-api-keys>', function () {
  this.timeout(20_000);

  it('lists the keys, the working ones first: each with its label or “no label”, when it was made, and whether it still works', async () => {
    const { keysSection } = await opened();
    expect(traffic.lists).to.equal(1);
    const [first, second] = rows(keysSection);
    expect(rows(keysSection)).to.have.length(2);
    expect(first!.dataset.key, 'the working key first').to.equal(HOTLINE.id);
    expect(textOf(first!.querySelector('h3'))).to.equal('1823 government hotline');
    expect(textOf(first!.querySelector('.tag'))).to.equal('Active');
    expect(textOf(first)).to.contain(formatDateTime(HOTLINE.createdAt, HOTEL.timezone));
    expect(first!.querySelector('time')!.getAttribute('datetime')).to.equal(HOTLINE.createdAt);
    expect(textOf(first!.querySelector('button'))).to.equal('Revoke (1823 government hotline)');

    expect(second!.dataset.key).to.equal(TRIAL.id);
    expect(textOf(second!.querySelector('h3'))).to.equal('no label');
    expect(textOf(second!.querySelector('.tag'))).to.equal('Revoked');
    expect(textOf(second)).to.contain(`Created ${formatDateTime(TRIAL.createdAt, HOTEL.timezone)}`);
    expect(textOf(second)).to.contain(`Revoked ${formatDateTime(TRIAL.revokedAt!, HOTEL.timezone)}`);
    expect(second!.querySelector('button'), 'a revoked key has nothing to revoke').to.equal(null);
  });

  it('says when the list cannot be loaded, and loads it on Try again', async () => {
    worker.use(http.get(KEYS, () => HttpResponse.error(), { once: true }));
    const element = await screen();
    const keysSection = await until(() => element.shadowRoot!.querySelector('settings-api-keys'), 'the keys section');
    const alert = await until(() => one(keysSection, '.problem-box[role="alert"]'), 'the message');
    expect(textOf(alert)).to.contain('The service cannot be reached');
    alert.querySelector('button')!.click();
    await until(() => rows(keysSection).length === 2, 'the list');
  });

  it('creates a key with a label: sends {label}, shows the key once with a warning and how a client uses it; Done hides it for good', async () => {
    const { keysSection } = await opened();
    typeInto(labelField(keysSection), '  Travel agency portal  ');
    createButton(keysSection).click();
    const box = await until(() => one(keysSection, '.new-key'), 'the new key');
    expect(traffic.created).to.deep.equal([{ label: 'Travel agency portal' }]);

    expect(one(keysSection, '.new-key code')!.textContent).to.equal(NEW_KEY);
    expect(textOf(box.querySelector('h3'))).to.equal('The new key “Travel agency portal”');
    expect(textOf(box)).to.contain('it is shown only this once');
    expect(textOf(box)).to.contain('api_key');
    expect(textOf(box)).to.contain('POST /open311/v2/requests.json');
    expect(textOf(box)).to.contain(`jurisdiction_id=${SITE}`);
    expect(deepActive(), 'the focus is on the new key').to.equal(box);
    expect(labelField(keysSection).value, 'the form is ready for another key').to.equal('');
    // the key is in the list as active, without the key itself
    const added = row(keysSection, 'key-1')!;
    expect(textOf(added.querySelector('h3'))).to.equal('Travel agency portal');
    expect(textOf(added.querySelector('.tag'))).to.equal('Active');
    expect(added.textContent).not.to.contain(NEW_KEY);
    expect(rows(keysSection).map((r) => r.dataset.key)).to.deep.equal([HOTLINE.id, 'key-1', TRIAL.id]);

    const done = [...box.querySelectorAll('button')].find((b) => textOf(b) === 'Done: hide the key')!;
    done.click();
    await until(() => !one(keysSection, '.new-key'), 'the key hidden');
    expect(allMarkup(document.body)).not.to.contain(NEW_KEY);
    expect(deepActive(), 'the focus is on the key in the list').to.equal(row(keysSection, 'key-1'));
    expect(traffic.created).to.have.length(1);
  });

  it('creates a key without a label: sends {} and lists it as having no label', async () => {
    const { keysSection } = await opened();
    typeInto(labelField(keysSection), '   ');
    createButton(keysSection).click();
    const box = await until(() => one(keysSection, '.new-key'), 'the new key');
    expect(traffic.created).to.deep.equal([{}]);
    expect(textOf(box.querySelector('h3'))).to.equal('The new key');
    expect(textOf(row(keysSection, 'key-1')!.querySelector('h3'))).to.equal('no label');
  });

  it('copies the key; where the clipboard is refused, selects it and says to press Ctrl+C', async () => {
    const { keysSection } = await opened();
    createButton(keysSection).click();
    const box = await until(() => one(keysSection, '.new-key'), 'the new key');
    const copy = [...box.querySelectorAll('button')].find((b) => textOf(b) === 'Copy the key')!;
    const written: string[] = [];
    Object.defineProperty(navigator.clipboard, 'writeText', { configurable: true, value: (text: string) => (written.push(text), Promise.resolve()) });
    try {
      copy.click();
      await until(() => textOf(box.querySelector('[role="status"]')).includes('The key is copied'), 'the copied note');
      expect(written).to.deep.equal([NEW_KEY]);

      Object.defineProperty(navigator.clipboard, 'writeText', { configurable: true, value: () => Promise.reject(new DOMException('denied', 'NotAllowedError')) });
      copy.click();
      await until(() => textOf(box.querySelector('[role="status"]')).includes('Press Ctrl+C'), 'the note to copy by hand');
      expect(getSelection()!.toString()).to.equal(NEW_KEY);
    } finally {
      delete (navigator.clipboard as unknown as Record<string, unknown>).writeText;
    }
  });

  it('asks before revoking: Cancel sends nothing; Revoke the key sends DELETE and shows it revoked, without a revoke button', async () => {
    const { keysSection } = await opened();
    const revoke = () => row(keysSection, HOTLINE.id)!.querySelector('button')!;
    revoke().click();
    let dialog = await until(() => one<HTMLDialogElement>(keysSection.shadowRoot!.querySelector('settings-confirm')!, 'dialog[open]'), 'the question');
    expect(textOf(dialog)).to.contain('Revoke this key?');
    expect(textOf(dialog)).to.contain('“1823 government hotline”');
    expect(dialog.querySelector('.confirm')!.classList.contains('danger'), 'a danger button').to.equal(true);
    expect(deepActive(), 'the safe answer has the focus').to.equal(dialog.querySelector('.cancel'));
    (dialog.querySelector('.cancel') as HTMLButtonElement).click();
    await until(() => !dialog.open, 'the dialog closed');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(traffic.revoked, 'nothing sent on Cancel').to.deep.equal([]);
    expect(textOf(row(keysSection, HOTLINE.id)!.querySelector('.tag'))).to.equal('Active');

    revoke().click();
    dialog = await until(() => one<HTMLDialogElement>(keysSection.shadowRoot!.querySelector('settings-confirm')!, 'dialog[open]'), 'the question again');
    expect(textOf(dialog.querySelector('.confirm'))).to.equal('Revoke the key');
    (dialog.querySelector('.confirm') as HTMLButtonElement).click();
    await until(() => textOf(row(keysSection, HOTLINE.id)?.querySelector('.tag')) === 'Revoked', 'the key revoked');
    expect(traffic.revoked).to.deep.equal([HOTLINE.id]);
    const revoked = row(keysSection, HOTLINE.id)!;
    expect(revoked.querySelector('button'), 'no revoke button on a revoked key').to.equal(null);
    expect(textOf(revoked)).to.contain(`Revoked ${formatDateTime('2026-11-25T04:00:00.000Z', HOTEL.timezone)}`);
    expect(textOf(one(keysSection, '.notice'))).to.equal('The key “1823 government hotline” is revoked.');
    expect(deepActive(), 'the focus stays with the key').to.equal(revoked);
  });

  it('shows the server’s 422 at the label field and keeps what was typed; a shorter label then goes through', async () => {
    const { keysSection } = await opened();
    const long = 'Harbour View Hotel guest relations partner platform for the Hong Kong Tourism Board complaint referrals';
    expect(long.length).to.be.greaterThan(100);
    typeInto(labelField(keysSection), long);
    createButton(keysSection).click();
    const error = await until(() => one(keysSection, '#key-label--error'), 'the message at the field');
    expect(traffic.created).to.deep.equal([{ label: long }]);
    expect(textOf(error)).to.equal('At most 100 characters. Shorten the label.');
    const field = labelField(keysSection);
    expect(field.value, 'the label is kept').to.equal(long);
    expect(field.getAttribute('aria-invalid')).to.equal('true');
    expect(field.getAttribute('aria-describedby')).to.contain('key-label--error');
    expect(deepActive(), 'the focus is on the field').to.equal(field);
    expect(one(keysSection, '.new-key')).to.equal(null);
    expect(keysSection.dirty, 'the typed label is not yet a key').to.equal(true);

    typeInto(field, 'HKTB complaint referrals');
    await keysSection.updateComplete;
    expect(one(keysSection, '#key-label--error'), 'the message goes once the label changes').to.equal(null);
    createButton(keysSection).click();
    await until(() => one(keysSection, '.new-key'), 'the new key');
    expect(traffic.created[1]).to.deep.equal({ label: 'HKTB complaint referrals' });
  });

  it('says when the service cannot be reached, keeps the label, and shows progress while creating', async () => {
    const { keysSection } = await opened();
    let release: (() => void) | undefined;
    worker.use(
      http.post(KEYS, async ({ request }) => {
        traffic.created.push((await request.json()) as Record<string, unknown>);
        await new Promise<void>((resolve) => (release = resolve));
        return HttpResponse.error();
      }),
    );
    typeInto(labelField(keysSection), 'Travel agency portal');
    createButton(keysSection).click();
    await until(() => createButton(keysSection).disabled, 'the busy button');
    expect(textOf(createButton(keysSection))).to.equal('Creating…');
    expect(one(keysSection, '.add-key')!.getAttribute('aria-busy')).to.equal('true');
    (await until(() => release, 'the request'))();
    const alert = await until(() => one(keysSection, '.add-key [role="alert"]'), 'the message');
    expect(textOf(alert)).to.contain('The service cannot be reached');
    expect(textOf(alert)).to.contain('the label you typed is kept');
    expect(labelField(keysSection).value).to.equal('Travel agency portal');
    expect(createButton(keysSection).disabled).to.equal(false);
    expect(one(keysSection, '.new-key')).to.equal(null);
    expect(rows(keysSection)).to.have.length(2);
  });

  it('says the session has ended on a 401 and names the roles on a 403, keeping the label each time', async () => {
    const { keysSection } = await opened();
    typeInto(labelField(keysSection), 'Travel agency portal');
    createAnswer = () => HttpResponse.json({ error: { code: 'unauthorized', message: 'sign in first' } }, { status: 401 });
    createButton(keysSection).click();
    let alert = await until(() => one(keysSection, '.add-key [role="alert"]'), 'the 401 message');
    expect(textOf(alert)).to.contain('Your session has ended');
    expect(labelField(keysSection).value).to.equal('Travel agency portal');

    createAnswer = () => HttpResponse.json({ error: { code: 'forbidden', message: 'not allowed' } }, { status: 403 });
    createButton(keysSection).click();
    alert = await until(() => (textOf(one(keysSection, '.add-key [role="alert"]')).includes('roles') ? one(keysSection, '.add-key [role="alert"]') : null), 'the 403 message');
    expect(textOf(alert)).to.equal('Your roles on this site do not allow managing its Open311 keys.');
    expect(labelField(keysSection).value).to.equal('Travel agency portal');
    expect(traffic.created).to.have.length(2);
  });
});

describe('<portal-settings> and the Open311 keys', function () {
  this.timeout(20_000);

  it('shows the section to managers and administrators, just before the staff', async () => {
    for (const roles of [['manager'], ['admin']] as Role[][]) {
      const element = await screen(roles);
      await section(element);
      const names = [...element.shadowRoot!.querySelectorAll('nav.sections button')].map((b) => textOf(b));
      expect(names.slice(-2), roles.join()).to.deep.equal(['Open311 keys', 'Staff']);
      expect(textOf(element.shadowRoot!.querySelector('#section-title'))).to.equal('Open311 keys');
      unmountScreens();
    }
  });

  it('does not show the section to a member without the configure ability, nor ask for the keys', async () => {
    for (const roles of [['supervisor', 'handler'], ['auditor'], ['front-desk']] as Role[][]) {
      const element = await screen(roles);
      expect(element.shadowRoot!.querySelector('settings-api-keys'), roles.join()).to.equal(null);
      expect(textOf(element.shadowRoot)).not.to.contain('Open311 keys');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(traffic.lists).to.equal(0);
  });

  it('marks the section unsaved in the side list while a label is typed, and no longer once the key is created', async () => {
    const { element, keysSection } = await opened();
    const mark = () => [...element.shadowRoot!.querySelectorAll('nav.sections button')].find((b) => textOf(b).startsWith('Open311 keys'))!.querySelector('.dirty-mark');
    expect(mark()).to.equal(null);
    typeInto(labelField(keysSection), 'Travel agency portal');
    await until(() => mark(), 'the unsaved mark');
    createButton(keysSection).click();
    await until(() => one(keysSection, '.new-key'), 'the new key');
    await until(() => !mark(), 'the mark gone');
  });

  it('counts a typed label as unsaved: leaving asks first, Stay here keeps it, discarding empties it', async () => {
    const { element, keysSection } = await opened();
    typeInto(labelField(keysSection), 'Travel agency portal');
    expect(element.dirty).to.equal(true);
    const staff = () => [...element.shadowRoot!.querySelectorAll<HTMLButtonElement>('nav.sections button')].find((b) => textOf(b).startsWith('Staff'))!;
    const question = () => until(() => one<HTMLDialogElement>(element.shadowRoot!.querySelector('settings-confirm')!, 'dialog[open]'), 'the question');

    staff().click();
    let dialog = await question();
    expect(textOf(dialog)).to.contain('“Open311 keys”');
    const closed = new Promise((resolve) => dialog.addEventListener('close', resolve, { once: true }));
    (dialog.querySelector('.cancel') as HTMLButtonElement).click();
    await closed;
    expect(labelField(keysSection).value).to.equal('Travel agency portal');

    staff().click();
    dialog = await question();
    (dialog.querySelector('.confirm') as HTMLButtonElement).click();
    await until(() => element.shadowRoot!.querySelector('settings-staff'), 'the staff section');
    expect(traffic.created, 'nothing was created').to.deep.equal([]);
    const back = [...element.shadowRoot!.querySelectorAll<HTMLButtonElement>('nav.sections button')].find((b) => textOf(b) === 'Open311 keys')!;
    back.click();
    const again = await section(element);
    expect(labelField(again).value).to.equal('');
    expect(element.dirty).to.equal(false);
  });
});

for (const lang of ['en', 'zh-Hans'] as const) {
  describe(`<settings-api-keys> accessibility (${lang})`, function () {
    this.timeout(30_000);

    it('the list and a new key shown once', async () => {
      await useLocale(lang);
      const { element, keysSection } = await opened(['manager'], lang);
      createButton(keysSection).click();
      await until(() => one(keysSection, '.new-key'), 'the new key');
      expect(await axeViolations(element), 'axe').to.deep.equal([]);
      expect(sizeProblems(element), 'sizes').to.deep.equal([]);
    });

    it('a message at the label field and one for the form', async () => {
      await useLocale(lang);
      const { element, keysSection } = await opened(['manager'], lang);
      typeInto(labelField(keysSection), 'x'.repeat(101));
      createButton(keysSection).click();
      await until(() => one(keysSection, '#key-label--error'), 'the message at the field');
      expect(await axeViolations(element), 'axe, field message').to.deep.equal([]);

      createAnswer = () => HttpResponse.error();
      typeInto(labelField(keysSection), 'Travel agency portal');
      createButton(keysSection).click();
      await until(() => one(keysSection, '.add-key [role="alert"]'), 'the message');
      expect(await axeViolations(element), 'axe, form message').to.deep.equal([]);
      expect(sizeProblems(element), 'sizes').to.deep.equal([]);
    });
  });
}
