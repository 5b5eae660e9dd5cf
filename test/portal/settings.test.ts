import { expect } from 'chai';
import { sendKeys } from '@web/test-runner-commands';
import type { PublicSite, Site } from '../../api/contract/site.ts';
import type { Role } from '../../api/contract/staff.ts';
import type { PortalContext } from '../../portal/shared/context.ts';
import { useLocale } from '../../portal/shared/locale.ts';
import type { MemberView } from '../../portal/shared/staff-api.ts';
import '../../portal/views/settings-view.ts';
import type { PortalSettings } from '../../portal/views/settings-view.ts';
import { originProblem } from '../../portal/views/settings/model.ts';
import { apiOrigin, until } from '../widget/helpers.ts';
import { mockServiceWorker, msw } from '../widget/msw.ts';
import { axeViolations, deepActive, mountScreen, portalContext, sizeProblems, unmountScreens } from './helpers.ts';

const { http, HttpResponse } = msw;

/*
 * The settings screen in real Chromium, against the staff API mocked with msw. The
 * configuration is the demonstration bureau's, as the running server gave it
 * (GET /api/v1/staff/sites/demo-bureau/config), kept below as data.
 */

const SITE = 'demo-bureau';
const configUrl = () => `${apiOrigin()}/api/v1/staff/sites/${SITE}/config`;
const membersUrl = () => `${apiOrigin()}/api/v1/staff/sites/${SITE}/members`;

const ME: MemberView = { id: 'u-wang', email: 'wang.fang@example.cn', name: 'Wang Fang', roles: ['admin', 'manager'], departments: [], disabled: false };

function portal(roles: Role[]): PortalContext {
  const site = BUREAU;
  const publicSite: PublicSite = {
    key: site.key,
    kind: site.kind,
    name: site.name,
    timezone: site.timezone,
    defaultLocale: site.defaultLocale,
    allowAnonymous: site.policy.allowAnonymous,
    placeFields: site.policy.placeFields,
    theme: site.theme,
    categories: site.policy.categories.map(({ code, name, questions }) => ({ code, name, questions })),
  };
  return portalContext(publicSite, roles, { origin: apiOrigin(), member: { id: ME.id, email: ME.email, name: ME.name } });
}

/** What the mocked server was sent. */
interface Traffic {
  gets: number;
  puts: Site[];
  added: Record<string, unknown>[];
  changed: { id: string; body: Record<string, unknown> }[];
}

const worker = mockServiceWorker();
let traffic: Traffic;
let stored: Site;
let members: MemberView[];

/** The server as it answers when all is well: the configuration as stored, and one member (the one signed in). */
function serve(): void {
  traffic = { gets: 0, puts: [], added: [], changed: [] };
  stored = structuredClone(BUREAU);
  members = [ME];
  worker.use(
    http.get(configUrl(), () => {
      traffic.gets += 1;
      return HttpResponse.json(stored);
    }),
    http.put(configUrl(), async ({ request }) => {
      const body = (await request.json()) as Site;
      traffic.puts.push(body);
      stored = body;
      return HttpResponse.json(body);
    }),
    http.get(membersUrl(), () => HttpResponse.json(members)),
    http.post(membersUrl(), async ({ request }) => {
      const body = (await request.json()) as { email: string; name: string; roles: Role[]; departments: string[] };
      traffic.added.push(body);
      const member: MemberView = { id: `u-${members.length + 1}`, email: body.email, name: body.name, roles: body.roles, departments: body.departments, disabled: false };
      members = [...members, member];
      return HttpResponse.json(member, { status: 201 });
    }),
    http.patch(`${membersUrl()}/:id`, async ({ params, request }) => {
      const body = (await request.json()) as Record<string, unknown>;
      traffic.changed.push({ id: String(params.id), body });
      const member = members.find((m) => m.id === params.id)!;
      return HttpResponse.json({ ...member, ...body });
    }),
  );
}

async function settings(roles: Role[] = ['admin', 'manager'], section = ''): Promise<PortalSettings> {
  history.replaceState(null, '', `${location.pathname}${section ? `#${section}` : ''}`);
  return mountScreen<PortalSettings>('portal-settings', { portal: portal(roles) });
}

/** The first element matching `selector` in the element's shadow root or any shadow root inside it. */
function find<E extends Element = HTMLElement>(root: Element | ShadowRoot, selector: string): E | null {
  const scope = root instanceof Element ? root.shadowRoot : root;
  if (!scope) return null;
  const direct = scope.querySelector<E>(selector);
  if (direct) return direct;
  for (const host of scope.querySelectorAll('*')) {
    if (!host.shadowRoot) continue;
    const inside = find<E>(host, selector);
    if (inside) return inside;
  }
  return null;
}

function byId(root: Element, id: string): HTMLInputElement | null;
function byId<E extends Element>(root: Element, id: string): E | null;
function byId(root: Element, id: string): Element | null {
  return find(root, `[id="${id}"]`);
}

/** The text of the element and of every shadow root inside it. */
function allText(root: Element | ShadowRoot): string {
  const scope = root instanceof Element ? (root.shadowRoot ?? root) : root;
  let text = '';
  const walk = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) text += node.textContent;
    if (node instanceof Element && node.shadowRoot) walk(node.shadowRoot);
    node.childNodes.forEach(walk);
  };
  walk(scope);
  return text.replace(/\s+/g, ' ').trim();
}

function button(root: Element, label: string | RegExp): HTMLButtonElement {
  const found = findButton(root, label);
  if (!found) throw new Error(`no button "${String(label)}"`);
  return found;
}

function findButton(root: Element, label: string | RegExp): HTMLButtonElement | undefined {
  const all: HTMLButtonElement[] = [];
  const collect = (scope: ShadowRoot) => {
    all.push(...scope.querySelectorAll('button'));
    for (const host of scope.querySelectorAll('*')) if (host.shadowRoot) collect(host.shadowRoot);
  };
  collect(root.shadowRoot!);
  return all.find((b) => (typeof label === 'string' ? b.textContent!.replace(/\s+/g, ' ').trim() === label : label.test(b.textContent!)));
}

async function open(element: PortalSettings, section: string): Promise<void> {
  button(element, section).click();
  await element.updateComplete;
}

function choose(select: HTMLSelectElement, value: string): void {
  select.focus();
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
}

function typeInto(field: HTMLInputElement | HTMLTextAreaElement, value: string, commit = false): void {
  field.focus();
  field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  if (commit) field.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
}

const loaded = (element: PortalSettings) => until(() => byId(element, 'name.en') ?? find(element, '.actions'), 'the configuration');

beforeEach(() => serve());
afterEach(async () => {
  unmountScreens();
  worker.resetHandlers();
  await useLocale('en');
});

describe('<portal-settings>', function () {
  this.timeout(20_000);

  it('loads the configuration, and saves a category’s new name: the PUT carries the whole configuration with that one change', async () => {
    const element = await settings();
    await loaded(element);
    await open(element, 'Categories');
    const name = await until(() => byId(element, 'policy.categories.0.name.en'), 'the first category’s English name');
    expect(name.value).to.equal('Seeds');
    typeInto(name, 'Seeds and seedlings');
    await element.updateComplete;
    expect(allText(element)).to.contain('Unsaved changes');

    button(element, 'Save').click();
    await until(() => allText(element).includes('Saved.'), 'the saved note', 8000);

    const expected = structuredClone(BUREAU);
    expected.policy.categories[0]!.name.en = 'Seeds and seedlings';
    expect(traffic.puts).to.have.length(1);
    expect(traffic.puts[0]).to.deep.equal(expected);
    // loaded once, then read again just before saving to be sure nobody changed it meanwhile
    expect(traffic.gets).to.equal(2);
    expect(button(element, 'Save').disabled, 'nothing left to save').to.equal(true);
  });

  it('reorders categories and adds one with a choice question: the PUT carries them in their new order', async () => {
    const element = await settings(undefined, 'categories');
    const down = await until(() => byId<HTMLButtonElement>(element, 'category-down-0'), 'the first category’s move button');
    down.click();
    await element.updateComplete;
    await until(() => (element.shadowRoot!.activeElement as HTMLElement | null)?.id === 'category-down-1', 'the focus to follow the moved category');
    expect(find(element, '#category-title')!.textContent).to.contain('Seeds');

    button(element, 'Add a category').click();
    const code = await until(() => byId(element, 'policy.categories.14.code'), 'the new category’s code');
    await until(() => element.shadowRoot!.activeElement === code, 'the focus on the new code');
    expect(code.readOnly).to.equal(false);
    typeInto(code, 'water-supply');
    const text = (path: string, values: [string, string, string]) =>
      (['zh-Hans', 'zh-Hant', 'en'] as const).forEach((locale, i) => typeInto(byId(element, `${path}.${locale}`)!, values[i]!));
    text('policy.categories.14.name', ['供水', '供水', 'Water supply']);
    choose(byId<HTMLSelectElement>(element, 'policy.categories.14.department')!, 'township-extension');
    button(element, 'Add a question').click();
    await until(() => byId(element, 'policy.categories.14.questions.0.id'), 'the new question');
    typeInto(byId(element, 'policy.categories.14.questions.0.id')!, 'still-happening');
    text('policy.categories.14.questions.0.label', ['现在还在发生吗?', '現在還在發生嗎?', 'Is it still happening?']);
    choose(byId<HTMLSelectElement>(element, 'policy.categories.14.questions.0.kind')!, 'choice');
    await until(() => byId(element, 'policy.categories.14.questions.0.options.1.value'), 'two options');
    typeInto(byId(element, 'policy.categories.14.questions.0.options.0.value')!, 'yes');
    text('policy.categories.14.questions.0.options.0.label', ['是', '是', 'Yes']);
    typeInto(byId(element, 'policy.categories.14.questions.0.options.1.value')!, 'no');
    text('policy.categories.14.questions.0.options.1.label', ['否', '否', 'No']);
    await element.updateComplete;
    button(element, 'Save').click();
    await until(() => traffic.puts.length === 1, 'the PUT');

    const categories = traffic.puts[0]!.policy.categories;
    expect(categories.map((c) => c.code).slice(0, 2)).to.deep.equal(['fertiliser', 'seeds']);
    expect(categories[14]).to.deep.equal({
      code: 'water-supply',
      name: { 'zh-Hans': '供水', 'zh-Hant': '供水', en: 'Water supply' },
      department: 'township-extension',
      priority: 'normal',
      questions: [
        {
          id: 'still-happening',
          label: { 'zh-Hans': '现在还在发生吗?', 'zh-Hant': '現在還在發生嗎?', en: 'Is it still happening?' },
          kind: 'choice',
          required: false,
          options: [
            { value: 'yes', label: { 'zh-Hans': '是', 'zh-Hant': '是', en: 'Yes' } },
            { value: 'no', label: { 'zh-Hans': '否', 'zh-Hant': '否', en: 'No' } },
          ],
        },
      ],
    });
    // once saved, its code is fixed: complaints will refer to it
    await until(() => byId(element, 'policy.categories.14.code')?.readOnly, 'the code fixed after saving');
  });

  it('shows the progress while saving, and keeps the change when the network fails', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    worker.use(
      http.put(configUrl(), async () => {
        await held;
        return HttpResponse.error();
      }),
    );
    const element = await settings(undefined, 'form');
    await until(() => byId(element, 'name.en'), 'the form section');
    typeInto(byId(element, 'name.en')!, 'Qinghe County Agriculture Bureau');
    await element.updateComplete;
    button(element, 'Save').click();
    await until(() => findButton(element, 'Saving…'), 'the saving button');
    expect(button(element, 'Saving…').disabled).to.equal(true);
    expect(find(element, 'section.editor')!.getAttribute('aria-busy')).to.equal('true');
    release();
    await until(() => allText(element).includes('cannot be reached'), 'the network message');
    expect(byId(element, 'name.en')!.value).to.equal('Qinghe County Agriculture Bureau');
    expect(allText(element)).to.contain('Unsaved changes');
  });

  it('never saves over a change someone else made meanwhile: it sends the tag it read, and offers their version on a 412', async () => {
    let tag = '"first"';
    const ifMatch: (string | null)[] = [];
    worker.use(
      http.get(configUrl(), () => {
        traffic.gets += 1;
        return HttpResponse.json(stored, { headers: { ETag: tag } });
      }),
      http.put(configUrl(), async ({ request }) => {
        ifMatch.push(request.headers.get('If-Match'));
        if (request.headers.get('If-Match') !== tag) {
          return HttpResponse.json({ error: { code: 'configuration_changed', message: 'someone else changed the configuration' } }, { status: 412 });
        }
        const body = (await request.json()) as Site;
        traffic.puts.push(body);
        stored = body;
        tag = '"after-mine"';
        return HttpResponse.json(body, { headers: { ETag: tag } });
      }),
    );
    const element = await settings(undefined, 'form');
    await until(() => byId(element, 'name.en'), 'the form section');
    typeInto(byId(element, 'name.en')!, 'Qinghe County Agriculture Bureau');
    await element.updateComplete;
    button(element, 'Save').click();
    await until(() => allText(element).includes('Saved. The change is in the audit log.'), 'the first save, answered');
    expect(traffic.puts).to.have.length(1);
    expect(ifMatch).to.deep.equal(['"first"']);

    // another manager saves between this screen's check and its save: the server refuses it
    typeInto(byId(element, 'name.en')!, 'Qinghe Agriculture Bureau');
    await element.updateComplete;
    const theirs = { ...structuredClone(stored), allowedOrigins: ['https://theirs.example.cn'] };
    worker.use(
      http.put(
        configUrl(),
        () => {
          ifMatch.push('(refused)');
          stored = theirs;
          tag = '"theirs"';
          return HttpResponse.json({ error: { code: 'configuration_changed', message: 'someone else changed the configuration' } }, { status: 412 });
        },
        { once: true },
      ),
    );
    button(element, 'Save').click();
    const box = await until(() => find(element, '#problems'), 'the conflict');
    expect(box.textContent).to.contain('Not saved: someone else changed the configuration');
    expect(traffic.puts).to.have.length(1);
    // what was typed is still there until the member chooses to load theirs
    expect(byId(element, 'name.en')!.value).to.equal('Qinghe Agriculture Bureau');
    button(element, 'Load the current configuration').click();
    await until(() => byId(element, 'name.en')!.value === stored.name.en, 'their version');
    // saving now goes with their tag
    typeInto(byId(element, 'name.en')!, 'Qinghe Agriculture Bureau');
    await element.updateComplete;
    button(element, 'Save').click();
    await until(() => traffic.puts.length === 2, 'the save over their version');
    expect(ifMatch.at(-1)).to.equal('"theirs"');
    expect(traffic.puts[1]!.allowedOrigins).to.deep.equal(['https://theirs.example.cn']);
  });

  it('shows each of the server’s 422 issues at its field, and leads to one in another category', async () => {
    worker.use(
      http.put(configUrl(), () =>
        HttpResponse.json(
          {
            error: {
              code: 'invalid_configuration',
              message: 'the site configuration is not valid',
              issues: [
                { path: ['policy', 'departments', 3, 'supervisor'], code: 'custom', message: 'no such person: nobody' },
                { path: ['policy', 'categories', 4, 'department'], code: 'unknown_department', message: 'no department "cash-crop-station"' },
              ],
            },
          },
          { status: 422 },
        ),
      ),
    );
    const element = await settings(undefined, 'departments');
    const supervisor = await until(() => byId(element, 'policy.departments.3.supervisor'), 'the fourth department’s supervisor');
    typeInto(supervisor, 'nobody');
    await element.updateComplete;
    button(element, 'Save').click();

    const error = await until(() => byId<HTMLElement>(element, 'policy.departments.3.supervisor--error'), 'the message at the field');
    expect(error.textContent).to.contain('no such person: nobody');
    expect(supervisor.getAttribute('aria-invalid')).to.equal('true');
    expect(supervisor.getAttribute('aria-describedby')).to.contain('policy.departments.3.supervisor--error');
    const box = find(element, '#problems')!;
    expect(box.textContent).to.contain('Not saved: the server did not accept these values');
    // the routing of every category is also drawn here, so the second issue shows at its field too
    expect(byId<HTMLElement>(element, 'policy.categories.4.department--error')!.textContent).to.contain('Route it to one of the departments');

    // the list of problems leads to the category editor with the fifth category open
    const link = [...box.querySelectorAll('a')].find((a) => a.textContent!.includes('经济作物') || a.textContent!.includes('Cash crops'))!;
    expect(link, 'a link to the cash crops category').to.not.equal(undefined);
    // leaving a section with unsaved changes asks first
    link.click();
    const confirm = await until(() => find<HTMLDialogElement>(element, 'dialog[open]'), 'the question about unsaved changes');
    expect(confirm.textContent).to.contain('Leave without saving?');
    (confirm.querySelector('.cancel') as HTMLButtonElement).click();
    await until(() => !find(element, 'dialog[open]'), 'the dialog to close');
    expect(byId(element, 'policy.departments.3.supervisor')!.value).to.equal('nobody');
  });

  it('opens the right category at a 422 issue of the categories section', async () => {
    worker.use(
      http.put(configUrl(), () =>
        HttpResponse.json(
          { error: { code: 'invalid_configuration', message: 'not valid', issues: [{ path: ['policy', 'categories', 4, 'emergency', 'phone'], code: 'too_big', message: 'at most 20 characters' }] } },
          { status: 422 },
        ),
      ),
    );
    const element = await settings(undefined, 'categories');
    const emergency = await until(() => byId(element, 'policy.categories.0.emergency'), 'the emergency checkbox');
    emergency.click();
    await element.updateComplete;
    // the emergency needs its number and instruction before the server is asked
    button(element, 'Save').click();
    await until(() => byId<HTMLElement>(element, 'policy.categories.0.emergency.phone--error'), 'the local check of the phone');
    expect(traffic.puts).to.have.length(0);
    typeInto(byId(element, 'policy.categories.0.emergency.phone')!, '0316-12345678');
    for (const locale of ['zh-Hans', 'zh-Hant', 'en']) typeInto(byId<HTMLTextAreaElement>(element, `policy.categories.0.emergency.instruction.${locale}`)!, 'Leave the field and call.');
    await element.updateComplete;
    button(element, 'Save').click();
    const box = await until(() => find(element, '#problems a'), 'the list of problems');
    expect(box.textContent).to.contain('Number to call');
    (box as HTMLAnchorElement).click();
    const phone = await until(() => byId(element, 'policy.categories.4.emergency.phone'), 'the fifth category open', 3000).catch(() => null);
    // the fifth category has no emergency, so its editor opens with the nearest field focused
    expect(find(element, '#category-title')!.textContent).to.contain(BUREAU.policy.categories[4]!.name.en);
    expect(phone).to.equal(null);
    expect((element.shadowRoot!.activeElement as HTMLElement).id).to.match(/^policy\.categories\.4/);
  });

  it('checks allowed origins: a scheme, a host and a port, nothing after', async () => {
    expect(originProblem('https://www.example.org')).to.equal('');
    expect(originProblem('http://localhost:8080')).to.equal('');
    expect(originProblem('*')).to.equal('');
    expect(originProblem('https://www.example.org/complaints')).to.contain('https://www.example.org');
    expect(originProblem('https://www.example.org/')).to.contain('no slash');
    expect(originProblem('ftp://files.example.org')).to.contain('http');
    expect(originProblem('www.example.org')).to.contain('Not an address');
    expect(originProblem('')).to.contain('Type an origin');

    const element = await settings(undefined, 'origins');
    await until(() => byId(element, 'allowedOrigins.0'), 'the origins');
    button(element, 'Add an origin').click();
    const field = await until(() => byId(element, 'allowedOrigins.1'), 'the new origin');
    expect(element.shadowRoot!.activeElement).to.equal(field);
    typeInto(field, 'https://www.qinghe.gov.cn/complaints', true);
    await element.updateComplete;
    const error = byId<HTMLElement>(element, 'allowedOrigins.1--error')!;
    expect(error.textContent).to.contain('https://www.qinghe.gov.cn');
    expect(field.getAttribute('aria-invalid')).to.equal('true');

    button(element, 'Save').click();
    await element.updateComplete;
    expect(traffic.puts, 'nothing sent while an origin is wrong').to.have.length(0);

    typeInto(field, 'https://www.qinghe.gov.cn', true);
    await element.updateComplete;
    expect(byId(element, 'allowedOrigins.1--error')).to.equal(null);
    button(element, 'Save').click();
    await until(() => traffic.puts.length === 1, 'the PUT');
    expect(traffic.puts[0]!.allowedOrigins).to.deep.equal(['*', 'https://www.qinghe.gov.cn']);
  });

  it('adds a member with a generated password, shown once; a typed one needs 12 characters', async () => {
    const element = await settings(undefined, 'staff');
    await until(() => allText(element).includes('wang.fang@example.cn'), 'the staff');
    const staff = find(element, 'settings-staff')!;

    typeInto(byId(staff, 'member-email')!, 'li.na@example.cn');
    typeInto(byId(staff, 'member-name')!, 'Li Na');
    byId(staff, 'member-set')!.click();
    await until(() => byId(staff, 'member-password'), 'the password field');
    typeInto(byId(staff, 'member-password')!, 'short');
    byId(staff, 'member-role-handler')!.click();
    byId(staff, 'member-department-seed-station')!.click();
    button(element, 'Add to the staff').click();
    await until(() => byId(staff, 'member-password--error'), 'the password message');
    expect(traffic.added).to.have.length(0);

    byId(staff, 'member-generate')!.click();
    await until(() => !byId(staff, 'member-password'), 'the generated password chosen');
    button(element, 'Add to the staff').click();
    await until(() => traffic.added.length === 1, 'the POST');
    const sent = traffic.added[0] as { email: string; name: string; password: string; roles: string[]; departments: string[] };
    expect(sent.email).to.equal('li.na@example.cn');
    expect(sent.name).to.equal('Li Na');
    expect(sent.roles).to.deep.equal(['handler']);
    expect(sent.departments).to.deep.equal(['seed-station']);
    expect(sent.password).to.have.length(16);

    const shown = await until(() => find(staff, '.password'), 'the password shown once');
    expect(shown.textContent).to.equal(sent.password);
    await until(() => allText(staff).includes('li.na@example.cn'), 'the new member in the list');
    button(element, 'Done: hide it').click();
    await until(() => !find(staff, '.password'), 'the password hidden');
    expect(allText(element)).to.not.contain(sent.password);
  });

  it('asks before taking a member’s access away', async () => {
    const other: MemberView = { id: 'u-zhao', email: 'zhao.lei@example.cn', name: 'Zhao Lei', roles: ['handler'], departments: ['seed-station'], disabled: false };
    members = [ME, other];
    const element = await settings(undefined, 'staff');
    await until(() => allText(element).includes('Zhao Lei'), 'the staff');
    const staff = find(element, 'settings-staff')!;
    const take = [...staff.shadowRoot!.querySelectorAll('button')].filter((b) => b.textContent!.includes('Take away access'));
    expect(take[0]!.disabled, 'one’s own access cannot be taken').to.equal(true);
    take[1]!.click();
    const dialog = await until(() => find<HTMLDialogElement>(staff, 'dialog[open]'), 'the question');
    expect(dialog.textContent).to.contain('Zhao Lei');
    (dialog.querySelector('.confirm') as HTMLButtonElement).click();
    await until(() => traffic.changed.length === 1, 'the PATCH');
    expect(traffic.changed[0]).to.deep.equal({ id: 'u-zhao', body: { disabled: true } });
    await until(() => allText(staff).includes('No access'), 'the member shown without access');
  });

  it('previews the form and the tracker in a frame of the portal’s origin, with the theme being edited', async () => {
    const element = await settings(undefined, 'embed');
    const preview = await until(() => find(element, 'settings-preview'), 'the preview');
    const frame = await until(() => find<HTMLIFrameElement>(preview, 'iframe'), 'the frame');
    expect(frame.title).to.equal('Preview of the form and the tracker');
    expect(frame.srcdoc).to.contain(`<script type="module" src="${apiOrigin()}/widget.js"></script>`);
    expect(frame.srcdoc).to.contain(`<complaint-form site="${SITE}"`);
    expect(frame.srcdoc).to.contain(`<complaint-tracker site="${SITE}"`);
    expect(allText(element)).to.contain(`<complaint-form site="${SITE}"></complaint-form>`);
    const root = () => frame.contentDocument?.documentElement;
    await until(() => root()?.style.getPropertyValue('--complaint-accent') === '#1e40af', 'the saved accent in the frame');

    typeInto(byId(element, 'theme.accent')!, '#0f766e');
    await until(() => root()!.style.getPropertyValue('--complaint-accent') === '#0f766e', 'the edited accent in the frame');
    expect(frame.contentDocument!.adoptedStyleSheets.some((sheet) => [...sheet.cssRules].some((rule) => rule.cssText.includes('#0f766e')))).to.equal(true);

    const language = byId<HTMLSelectElement>(element, 'preview-locale')!;
    language.value = 'en';
    language.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
    await until(() => frame.contentDocument!.querySelector('complaint-form')?.getAttribute('lang') === 'en', 'the preview in English');
    expect(frame.contentDocument!.querySelector('h1')!.textContent).to.equal(BUREAU.name.en);

    // the theme is saved with the rest of the configuration
    button(element, 'Save').click();
    await until(() => traffic.puts.length === 1, 'the PUT');
    expect(traffic.puts[0]!.theme).to.deep.equal({ accent: '#0f766e', background: '#f3f4f6' });
  });

  it('shows only the sections the member’s roles allow', async () => {
    const admin = await settings(['admin']);
    await loaded(admin);
    const sections = [...admin.shadowRoot!.querySelectorAll('nav.sections button')].map((b) => b.textContent!.trim());
    expect(sections).to.deep.equal(['Embed and theme', 'Form', 'Allowed origins', 'Categories', 'Departments and routing', 'Deadlines', 'Calendar', 'Procedure', 'Webhooks', 'Open311 keys', 'Staff']);
    const requests = traffic.gets;

    const supervisor = await settings(['supervisor', 'handler']);
    expect(supervisor.shadowRoot!.querySelector('nav.sections')).to.equal(null);
    expect(allText(supervisor)).to.contain('do not include its settings');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(traffic.gets, 'the configuration is not asked for').to.equal(requests);
  });

  it('asks before leaving a section with unsaved changes, and discards them when told to', async () => {
    const element = await settings(undefined, 'calendar');
    const zone = await until(() => byId(element, 'timezone'), 'the time zone');
    typeInto(zone, 'Asia/Hong_Kong');
    await element.updateComplete;
    expect(allText(element.shadowRoot!.querySelector('nav.sections')!)).to.contain('unsaved');
    await open(element, 'Deadlines');
    const dialog = await until(() => find<HTMLDialogElement>(element, 'dialog[open]'), 'the question');
    (dialog.querySelector('.confirm') as HTMLButtonElement).click();
    await until(() => byId(element, 'policy.deadlines.acknowledge.amount'), 'the deadlines section');
    await open(element, 'Calendar');
    expect(byId(element, 'timezone')!.value).to.equal('Asia/Shanghai');
    expect(traffic.puts).to.have.length(0);
  });
});

/** Whether a node is in the element's shadow root or in a shadow root nested in it. */
function inside(element: Element, node: Node): boolean {
  for (let root = node.getRootNode(); root instanceof ShadowRoot; root = root.host.getRootNode()) if (root.host === element) return true;
  return false;
}

for (const lang of ['en', 'zh-Hans'] as const) {
  describe(`<portal-settings> accessibility (${lang})`, function () {
    this.timeout(60_000);

    for (const section of ['embed', 'form', 'origins', 'categories', 'departments', 'deadlines', 'calendar', 'procedure', 'staff']) {
      it(`the ${section} section`, async () => {
        await useLocale(lang);
        const element = await settings(undefined, section);
        await until(() => find(element, section === 'staff' ? '.add-member' : '.actions'), `the ${section} section`);
        if (section === 'categories') {
          // with an emergency, a choice and the messages of a failed check
          byId(element, 'policy.categories.0.emergency')!.click();
          await element.updateComplete;
          button(element, /^(Save|保存)$/).click();
          await until(() => find(element, '#problems'), 'the problems');
        }
        if (section === 'staff') {
          button(element, /Add to the staff|添加/).click();
          await until(() => find(find(element, 'settings-staff')!, '.field-error'), 'the staff messages');
        }
        await element.updateComplete;
        expect(await axeViolations(element, { iframes: false }), `axe, ${section}`).to.deep.equal([]);
        expect(sizeProblems(element), `sizes, ${section}`).to.deep.equal([]);
      });
    }

    it('every control of the form section is reached with the Tab key and shows its focus', async () => {
      await useLocale(lang);
      const element = await settings(undefined, 'form');
      await until(() => byId(element, 'name.en'), 'the form section');
      const before = document.createElement('button');
      before.textContent = 'before';
      element.before(before);
      before.focus();
      const reached = new Set<Element>();
      const problems: string[] = [];
      try {
        for (let step = 0; step < 40; step += 1) {
          await sendKeys({ press: 'Tab' });
          const active = deepActive();
          if (!active || !inside(element, active)) break;
          reached.add(active);
          const style = getComputedStyle(active);
          if (!(style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) >= 2) && style.boxShadow === 'none') problems.push(`${active.id || active.textContent}: no focus ring`);
        }
      } finally {
        before.remove();
      }
      for (const id of ['name.zh-Hans', 'name.zh-Hant', 'name.en', 'defaultLocale', 'kind', 'policy.allowAnonymous', 'policy.placeFields.address', 'policy.consentText']) {
        expect(reached.has(byId(element, id)!), `${id} reached`).to.equal(true);
      }
      expect(problems).to.deep.equal([]);
    });
  });
}

/** The demonstration bureau’s configuration, as GET /api/v1/staff/sites/demo-bureau/config answered. */
const BUREAU: Site = {
  "key": "demo-bureau",
  "kind": "bureau",
  "name": {"en": "Qinghe County Agriculture and Rural Affairs Bureau", "zh-Hans": "清河县农业农村局", "zh-Hant": "清河縣農業農村局"},
  "timezone": "Asia/Shanghai",
  "defaultLocale": "zh-Hans",
  "allowedOrigins": ["*"],
  "theme": {"accent": "#1e40af", "background": "#f3f4f6"},
  "policy": {
    "categories": [
      {
        "code": "seeds",
        "name": {"en": "Seeds", "zh-Hans": "种子", "zh-Hant": "種子"},
        "department": "seed-station",
        "priority": "normal",
        "questions": [
          {
            "id": "mediation",
            "label": {"en": "Do you want the bureau to mediate with the other party?", "zh-Hans": "是否申请与对方当事人进行调解?", "zh-Hant": "是否申請與對方當事人進行調解?"},
            "kind": "choice",
            "required": false,
            "options": [
              {"value": "yes", "label": {"en": "Yes, please mediate", "zh-Hans": "是,申请调解", "zh-Hant": "是,申請調解"}},
              {"value": "no", "label": {"en": "No", "zh-Hans": "否", "zh-Hant": "否"}}
            ]
          }
        ]
      },
      {
        "code": "fertiliser",
        "name": {"en": "Fertiliser", "zh-Hans": "肥料", "zh-Hant": "肥料"},
        "department": "soil-fertiliser-station",
        "priority": "normal",
        "questions": [
          {
            "id": "mediation",
            "label": {"en": "Do you want the bureau to mediate with the other party?", "zh-Hans": "是否申请与对方当事人进行调解?", "zh-Hant": "是否申請與對方當事人進行調解?"},
            "kind": "choice",
            "required": false,
            "options": [
              {"value": "yes", "label": {"en": "Yes, please mediate", "zh-Hans": "是,申请调解", "zh-Hant": "是,申請調解"}},
              {"value": "no", "label": {"en": "No", "zh-Hans": "否", "zh-Hant": "否"}}
            ]
          }
        ]
      },
      {
        "code": "fruit",
        "name": {"en": "Fruit", "zh-Hans": "水果", "zh-Hant": "水果"},
        "department": "fruit-centre",
        "priority": "normal",
        "questions": [
          {
            "id": "mediation",
            "label": {"en": "Do you want the bureau to mediate with the other party?", "zh-Hans": "是否申请与对方当事人进行调解?", "zh-Hant": "是否申請與對方當事人進行調解?"},
            "kind": "choice",
            "required": false,
            "options": [
              {"value": "yes", "label": {"en": "Yes, please mediate", "zh-Hans": "是,申请调解", "zh-Hant": "是,申請調解"}},
              {"value": "no", "label": {"en": "No", "zh-Hans": "否", "zh-Hant": "否"}}
            ]
          }
        ]
      },
      {
        "code": "pesticide-damage",
        "name": {"en": "Pesticide damage", "zh-Hans": "药害", "zh-Hant": "藥害"},
        "department": "plant-protection-station",
        "priority": "normal",
        "questions": [
          {
            "id": "mediation",
            "label": {"en": "Do you want the bureau to mediate with the other party?", "zh-Hans": "是否申请与对方当事人进行调解?", "zh-Hant": "是否申請與對方當事人進行調解?"},
            "kind": "choice",
            "required": false,
            "options": [
              {"value": "yes", "label": {"en": "Yes, please mediate", "zh-Hans": "是,申请调解", "zh-Hant": "是,申請調解"}},
              {"value": "no", "label": {"en": "No", "zh-Hans": "否", "zh-Hant": "否"}}
            ]
          }
        ]
      },
      {
        "code": "cash-crops",
        "name": {"en": "Cash crops", "zh-Hans": "经济作物", "zh-Hant": "經濟作物"},
        "department": "cash-crop-station",
        "priority": "normal",
        "questions": [
          {
            "id": "mediation",
            "label": {"en": "Do you want the bureau to mediate with the other party?", "zh-Hans": "是否申请与对方当事人进行调解?", "zh-Hant": "是否申請與對方當事人進行調解?"},
            "kind": "choice",
            "required": false,
            "options": [
              {"value": "yes", "label": {"en": "Yes, please mediate", "zh-Hans": "是,申请调解", "zh-Hant": "是,申請調解"}},
              {"value": "no", "label": {"en": "No", "zh-Hans": "否", "zh-Hant": "否"}}
            ]
          }
        ]
      },
      {
        "code": "main-crops",
        "name": {"en": "Main crops (grain, oil crops)", "zh-Hans": "主要农作物", "zh-Hant": "主要農作物"},
        "department": "township-extension",
        "priority": "normal",
        "questions": [
          {
            "id": "mediation",
            "label": {"en": "Do you want the bureau to mediate with the other party?", "zh-Hans": "是否申请与对方当事人进行调解?", "zh-Hant": "是否申請與對方當事人進行調解?"},
            "kind": "choice",
            "required": false,
            "options": [
              {"value": "yes", "label": {"en": "Yes, please mediate", "zh-Hans": "是,申请调解", "zh-Hant": "是,申請調解"}},
              {"value": "no", "label": {"en": "No", "zh-Hans": "否", "zh-Hant": "否"}}
            ]
          }
        ]
      },
      {
        "code": "environmental-pollution",
        "name": {"en": "Environmental pollution", "zh-Hans": "环境污染", "zh-Hant": "環境污染"},
        "department": "environment-monitoring-station",
        "priority": "normal",
        "questions": [
          {
            "id": "mediation",
            "label": {"en": "Do you want the bureau to mediate with the other party?", "zh-Hans": "是否申请与对方当事人进行调解?", "zh-Hant": "是否申請與對方當事人進行調解?"},
            "kind": "choice",
            "required": false,
            "options": [
              {"value": "yes", "label": {"en": "Yes, please mediate", "zh-Hans": "是,申请调解", "zh-Hant": "是,申請調解"}},
              {"value": "no", "label": {"en": "No", "zh-Hans": "否", "zh-Hant": "否"}}
            ]
          }
        ]
      },
      {
        "code": "produce-quality",
        "name": {"en": "Produce quality and safety", "zh-Hans": "农产品质量", "zh-Hant": "農產品質量"},
        "department": "produce-testing-station",
        "priority": "normal",
        "questions": [
          {
            "id": "mediation",
            "label": {"en": "Do you want the bureau to mediate with the other party?", "zh-Hans": "是否申请与对方当事人进行调解?", "zh-Hant": "是否申請與對方當事人進行調解?"},
            "kind": "choice",
            "required": false,
            "options": [
              {"value": "yes", "label": {"en": "Yes, please mediate", "zh-Hans": "是,申请调解", "zh-Hant": "是,申請調解"}},
              {"value": "no", "label": {"en": "No", "zh-Hans": "否", "zh-Hant": "否"}}
            ]
          }
        ]
      },
      {
        "code": "sericulture",
        "name": {"en": "Silkworms and mulberry", "zh-Hans": "蚕桑", "zh-Hant": "蠶桑"},
        "department": "sericulture-station",
        "priority": "normal",
        "questions": [
          {
            "id": "mediation",
            "label": {"en": "Do you want the bureau to mediate with the other party?", "zh-Hans": "是否申请与对方当事人进行调解?", "zh-Hant": "是否申請與對方當事人進行調解?"},
            "kind": "choice",
            "required": false,
            "options": [
              {"value": "yes", "label": {"en": "Yes, please mediate", "zh-Hans": "是,申请调解", "zh-Hant": "是,申請調解"}},
              {"value": "no", "label": {"en": "No", "zh-Hans": "否", "zh-Hant": "否"}}
            ]
          }
        ]
      },
      {
        "code": "fake-inputs",
        "name": {"en": "Fake seeds, fertiliser or pesticide", "zh-Hans": "假冒伪劣农资", "zh-Hant": "假冒偽劣農資"},
        "department": "law-enforcement-brigade",
        "priority": "normal",
        "questions": [
          {
            "id": "mediation",
            "label": {"en": "Do you want the bureau to mediate with the other party?", "zh-Hans": "是否申请与对方当事人进行调解?", "zh-Hant": "是否申請與對方當事人進行調解?"},
            "kind": "choice",
            "required": false,
            "options": [
              {"value": "yes", "label": {"en": "Yes, please mediate", "zh-Hans": "是,申请调解", "zh-Hant": "是,申請調解"}},
              {"value": "no", "label": {"en": "No", "zh-Hans": "否", "zh-Hant": "否"}}
            ]
          }
        ]
      },
      {
        "code": "service-quality",
        "name": {"en": "Service quality (attitude, speed, procedure)", "zh-Hans": "服务质量(态度、效率、流程)", "zh-Hant": "服務質量(態度、效率、流程)"},
        "department": "general-office",
        "priority": "normal",
        "questions": []
      },
      {
        "code": "service-result",
        "name": {"en": "Service result (wrong or incomplete)", "zh-Hans": "服务结果(不符合规定或承诺)", "zh-Hant": "服務結果(不符合規定或承諾)"},
        "department": "general-office",
        "priority": "normal",
        "questions": []
      },
      {
        "code": "conduct",
        "name": {"en": "Conduct of a staff member", "zh-Hans": "机关作风问题", "zh-Hant": "機關作風問題"},
        "department": "supervision-office",
        "priority": "high",
        "questions": [
          {
            "id": "subject",
            "label": {"en": "Department or staff member complained about", "zh-Hans": "被投诉部门或人员", "zh-Hant": "被投訴部門或人員"},
            "kind": "text",
            "required": true
          },
          {
            "id": "conduct-kind",
            "label": {"en": "What kind of conduct?", "zh-Hans": "属于哪类行为?", "zh-Hant": "屬於哪類行為?"},
            "kind": "choice",
            "required": true,
            "options": [
              {"value": "delay", "label": {"en": "Delaying a matter without reason", "zh-Hans": "无正当理由拖延不办", "zh-Hant": "無正當理由拖延不辦"}},
              {"value": "shirking", "label": {"en": "Shirking duties, inefficiency", "zh-Hans": "推诿敷衍、效率低下", "zh-Hant": "推諉敷衍、效率低下"}},
              {"value": "not-publishing", "label": {"en": "Not publishing or telling what must be told", "zh-Hans": "不履行公开和告知义务", "zh-Hant": "不履行公開和告知義務"}},
              {
                "value": "eat-take-hold-ask",
                "label": {"en": "Asking for meals, gifts or favours (\"eat, take, hold up, ask\")", "zh-Hans": "吃、拿、卡、要", "zh-Hant": "吃、拿、卡、要"}
              },
              {"value": "inaction-abuse", "label": {"en": "Inaction or abuse of power", "zh-Hans": "不作为、乱作为", "zh-Hant": "不作為、亂作為"}},
              {
                "value": "rude-enforcement",
                "label": {"en": "Rude enforcement, deliberately making things hard", "zh-Hans": "不文明执法、态度蛮横、故意刁难", "zh-Hant": "不文明執法、態度蠻橫、故意刁難"}
              },
              {"value": "discipline", "label": {"en": "Breaking discipline or office rules", "zh-Hans": "违反组织纪律和管理制度", "zh-Hant": "違反組織紀律和管理制度"}},
              {"value": "other", "label": {"en": "Other conduct harming the office", "zh-Hans": "其他影响机关形象的行为", "zh-Hant": "其他影響機關形象的行為"}}
            ]
          }
        ]
      },
      {
        "code": "service-environment",
        "name": {"en": "Service hall (hygiene, broken facilities, disorder)", "zh-Hans": "服务环境(卫生、设施、秩序)", "zh-Hant": "服務環境(衛生、設施、秩序)"},
        "department": "general-office",
        "priority": "low",
        "questions": []
      }
    ],
    "departments": [
      {"code": "general-office", "name": {"en": "General Office", "zh-Hans": "办公室", "zh-Hant": "辦公室"}, "supervisor": "director"},
      {
        "code": "supervision-office",
        "name": {"en": "Supervision Section (conduct complaints)", "zh-Hans": "监督科(作风投诉处理小组)", "zh-Hant": "監督科(作風投訴處理小組)"},
        "supervisor": "discipline-inspection"
      },
      {"code": "seed-station", "name": {"en": "Seed Station", "zh-Hans": "种子站", "zh-Hant": "種子站"}, "supervisor": "director"},
      {"code": "soil-fertiliser-station", "name": {"en": "Soil and Fertiliser Station", "zh-Hans": "土肥站", "zh-Hant": "土肥站"}, "supervisor": "director"},
      {"code": "fruit-centre", "name": {"en": "Fruit Centre", "zh-Hans": "水果中心", "zh-Hant": "水果中心"}, "supervisor": "director"},
      {"code": "plant-protection-station", "name": {"en": "Plant Protection Station", "zh-Hans": "植保站", "zh-Hant": "植保站"}, "supervisor": "director"},
      {"code": "cash-crop-station", "name": {"en": "Cash Crop Station", "zh-Hans": "经作站", "zh-Hant": "經作站"}, "supervisor": "director"},
      {
        "code": "township-extension",
        "name": {"en": "Township Agricultural Extension Stations", "zh-Hans": "各乡镇农技推广站", "zh-Hant": "各鄉鎮農技推廣站"},
        "supervisor": "director"
      },
      {
        "code": "environment-monitoring-station",
        "name": {"en": "Agricultural Environment Monitoring Station", "zh-Hans": "农业环境监测站", "zh-Hant": "農業環境監測站"},
        "supervisor": "director"
      },
      {
        "code": "produce-testing-station",
        "name": {"en": "Produce Quality Testing Station", "zh-Hans": "农产品检测站", "zh-Hant": "農產品檢測站"},
        "supervisor": "director"
      },
      {"code": "sericulture-station", "name": {"en": "Sericulture Station", "zh-Hans": "蚕桑站", "zh-Hant": "蠶桑站"}, "supervisor": "director"},
      {
        "code": "law-enforcement-brigade",
        "name": {"en": "Agricultural Law Enforcement Brigade", "zh-Hans": "农业执法大队", "zh-Hant": "農業執法大隊"},
        "supervisor": "director"
      }
    ],
    "deadlines": {
      "acknowledge": {"amount": 2, "unit": "workingDays"},
      "investigate": {"amount": 2, "unit": "workingDays"},
      "resolve": {"amount": 15, "unit": "workingDays"},
      "feedback": {"amount": 15, "unit": "workingDays"},
      "returnVisit": {"after": {"amount": 3, "unit": "days"}, "within": {"amount": 5, "unit": "workingDays"}}
    },
    "calendar": {
      "region": "CN",
      "weekend": [0, 6],
      "workingHours": [{"start": "08:30", "end": "12:00"}, {"start": "14:30", "end": "17:30"}],
      "holidays": [],
      "workdays": []
    },
    "warningShare": 0.75,
    "manager": "director",
    "reviewRounds": 2,
    "reopenWindow": {"amount": 15, "unit": "days"},
    "archiveSignOff": false,
    "accountability": [
      {"count": 1, "measure": {"en": "A talk with a designated leader", "zh-Hans": "由指定领导进行谈心教育", "zh-Hant": "由指定領導進行談心教育"}},
      {"count": 2, "measure": {"en": "Public criticism and a written self-criticism", "zh-Hans": "公开批评,本人作出书面检讨", "zh-Hant": "公開批評,本人作出書面檢討"}},
      {"count": 3, "measure": {"en": "Fails this year's appraisal", "zh-Hans": "当年年度考核不合格", "zh-Hant": "當年年度考核不合格"}},
      {
        "count": 4,
        "measure": {
          "en": "Suspended from post on basic pay without benefits; serious cases referred for disciplinary sanction",
          "zh-Hans": "待岗处理,只发基本工资,停发单位一切福利;情节严重的,报上级给予组织纪律处分",
          "zh-Hant": "待崗處理,只發基本工資,停發單位一切福利;情節嚴重的,報上級給予組織紀律處分"
        }
      }
    ],
    "consentText": {
      "en": "I agree that the Bureau uses what I give here, including photos and my location if I share them, only to handle this complaint, and keeps it for as long as its complaint procedure requires.",
      "zh-Hans": "我同意农业农村局仅为处理本投诉使用我在此提供的信息(包括我选择提供的照片和位置),并按投诉处理程序规定的期限保存。",
      "zh-Hant": "我同意農業農村局僅為處理本投訴使用我在此提供的資訊(包括我選擇提供的照片和位置),並按投訴處理程序規定的期限保存。"
    },
    "placeFields": ["address"],
    "allowAnonymous": true,
    "satisfactionTarget": 0.95
  }
};
