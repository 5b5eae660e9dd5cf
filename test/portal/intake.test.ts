import { expect } from 'chai';
import type { PublicSite } from '../../api/contract/site.ts';
import type { IntakeRequest } from '../../api/contract/staff-api.ts';
import { useLocale } from '../../portal/shared/locale.ts';
import type { Directory } from '../../portal/shared/staff-api.ts';
import '../../portal/views/intake-view.ts';
import type { PortalIntake } from '../../portal/views/intake-view.ts';
import { choose, type, until } from '../widget/helpers.ts';
import { mockServiceWorker, msw } from '../widget/msw.ts';
import { type Member, axeViolations, mountScreen, portalContext, sizeProblems, unmountScreens } from './helpers.ts';

const { http, HttpResponse } = msw;

/* Assisted intake at the front desk, against a mocked staff API; the site is the real API's community office. */

const ORIGIN = 'https://complaints.portal.test';
const intakeUrl = `${ORIGIN}/api/v1/staff/sites/:site/complaints`;

const COMMUNITY: PublicSite = {"key": "demo-community", "kind": "community", "name": {"en": "Sunshine Garden Community Service Centre", "zh-Hans": "阳光花园社区服务中心", "zh-Hant": "陽光花園社區服務中心"}, "timezone": "Asia/Shanghai", "defaultLocale": "zh-Hans", "allowAnonymous": true, "placeFields": ["unit", "room"], "theme": {"accent": "#15803d", "background": "#f2f7f3"}, "categories": [{"code": "service-quality", "name": {"en": "Service quality", "zh-Hans": "服务质量", "zh-Hant": "服務質量"}, "questions": []}, {"code": "repair-water-electric", "name": {"en": "Water or electricity repair", "zh-Hans": "水电维修", "zh-Hant": "水電維修"}, "questions": [{"id": "still-happening", "label": {"en": "Is it still happening now?", "zh-Hans": "问题现在还在持续吗?", "zh-Hant": "問題現在還在持續嗎?"}, "kind": "choice", "required": false, "options": [{"value": "yes", "label": {"en": "Yes", "zh-Hans": "是", "zh-Hant": "是"}}, {"value": "no", "label": {"en": "No", "zh-Hans": "否", "zh-Hant": "否"}}]}]}, {"code": "fire", "name": {"en": "Fire", "zh-Hans": "火警", "zh-Hant": "火警"}, "questions": [], "emergency": {"phone": "119", "instruction": {"en": "Call 119 now and leave by the stairs, not the lift. Then call the 24-hour hotline 0571-8888 0000.", "zh-Hans": "请立即拨打 119,走楼梯撤离,不要乘电梯。随后拨打 24 小时热线 0571-8888 0000。", "zh-Hant": "請立即撥打 119,走樓梯撤離,不要乘電梯。隨後撥打 24 小時熱線 0571-8888 0000。"}}}]};

/** The hotel records every guest's name: the same form asks for it. */
const NAMED: PublicSite = { ...COMMUNITY, key: 'demo-hotel', allowAnonymous: false, placeFields: ['room'] };

const DIRECTORY: Directory = {
  departments: [{ code: 'engineering', name: { en: 'Engineering and Repairs', 'zh-Hans': '工程维修部', 'zh-Hant': '工程維修部' } }],
  colleagues: [{ name: 'Han', roles: ['handler'], departments: ['engineering'] }],
};

const ANSWER = { id: '01a214fc-9a8f-7d31-b8f6-6d2d3c1c44aa', reference: '4JFE-JG6B', accessCode: 'X099K-DZDF4-P87G8-VRGN6', registeredAt: '2026-11-25T23:20:31.114Z' };

const DESK: Member = { id: 'desk-1', email: 'desk@example.cn', name: 'Desk' };

const sent: { body: IntakeRequest; key: string | null; site: string }[] = [];

const worker = mockServiceWorker(http.get(`${ORIGIN}/api/v1/staff/sites/:site/directory`, () => HttpResponse.json(DIRECTORY)));

/** Records each registration and answers with `answer`. */
function onIntake(answer: (count: number) => Response | Promise<Response>) {
  worker.use(
    http.post(intakeUrl, async ({ request, params }) => {
      sent.push({ body: (await request.clone().json()) as IntakeRequest, key: request.headers.get('Idempotency-Key'), site: String(params.site) });
      return answer(sent.length);
    }),
  );
}

afterEach(() => {
  worker.resetHandlers();
  sent.length = 0;
  unmountScreens();
});

async function intake(site: PublicSite = COMMUNITY, lang = 'en'): Promise<PortalIntake> {
  const portal = portalContext(site, ['front-desk'], { origin: ORIGIN, member: DESK });
  const element = await mountScreen<PortalIntake>('portal-intake', { portal }, { lang });
  await until(() => element.shadowRoot?.querySelector('form'), 'the form');
  return element;
}

const root = (element: Element) => element.shadowRoot!;
const field = <E extends Element = HTMLInputElement>(element: PortalIntake, name: string) => root(element).querySelector<E>(`[name="${name}"]`)!;
const submit = (element: PortalIntake) => root(element).querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
const textOf = (element: Element) => root(element).textContent!.replace(/\s+/g, ' ').trim();

async function fill(element: PortalIntake): Promise<void> {
  choose(field<HTMLSelectElement>(element, 'channel'), 'letter');
  choose(field<HTMLSelectElement>(element, 'category'), 'repair-water-electric');
  await element.updateComplete;
  choose(field<HTMLSelectElement>(element, 'answers.still-happening'), 'yes');
  type(field<HTMLTextAreaElement>(element, 'description'), '来信反映:5号楼电梯经常停在两层之间。');
  type(field(element, 'place.unit'), '5-1');
  type(field(element, 'complainant.name'), '陈大文');
  type(field(element, 'complainant.phone'), '139 1234 5678');
  choose(field<HTMLSelectElement>(element, 'complainant.preferredContact'), 'letter');
  choose(field<HTMLSelectElement>(element, 'complainant-language'), 'zh-Hant');
  choose(field<HTMLSelectElement>(element, 'severity'), 'major');
  root(element).querySelector<HTMLInputElement>('#vip')!.click();
  type(field(element, 'subject'), 'Engineering and Repairs');
}

describe('<portal-intake>', () => {
  it('asks the site’s place fields and the chosen category’s own questions', async () => {
    const element = await intake();
    const categories = [...field<HTMLSelectElement>(element, 'category').options].map((option) => option.value);
    expect(categories).to.deep.equal(['', 'service-quality', 'repair-water-electric', 'fire']);
    const channels = [...field<HTMLSelectElement>(element, 'channel').options].map((option) => option.value);
    expect(channels).to.deep.equal(['phone', 'letter', 'walk-in', 'email', 'wechat', 'on-site']);
    expect(field(element, 'place.unit')).to.not.equal(null);
    expect(field(element, 'place.room')).to.not.equal(null);
    expect(field(element, 'place.address')).to.equal(null);
    expect(field(element, 'answers.still-happening')).to.equal(null);
    choose(field<HTMLSelectElement>(element, 'category'), 'repair-water-electric');
    await element.updateComplete;
    expect(root(element).querySelector('label[for="answers.still-happening"]')!.textContent).to.contain('Is it still happening now?');
    expect(textOf(element)).to.contain('All optional');
  });

  it('shows an emergency category’s instruction at once', async () => {
    const element = await intake();
    expect(root(element).querySelector('[data-testid="emergency"]')).to.equal(null);
    choose(field<HTMLSelectElement>(element, 'category'), 'fire');
    await element.updateComplete;
    const emergency = root(element).querySelector('[data-testid="emergency"]')!;
    expect(emergency.getAttribute('role')).to.equal('alert');
    expect(emergency.textContent).to.contain('Call 119 now and leave by the stairs');
    expect(emergency.querySelector('a')!.getAttribute('href')).to.equal('tel:119');
  });

  it('registers the complaint with one key and shows the reference and access code large, with a link to it', async () => {
    onIntake(() => HttpResponse.json(ANSWER, { status: 201 }));
    const element = await intake();
    await fill(element);
    submit(element);
    await until(() => root(element).querySelector('[data-testid="reference"]'), 'the receipt');
    expect(sent).to.have.length(1);
    expect(sent[0]!.site).to.equal('demo-community');
    expect(sent[0]!.body).to.deep.equal({
      channel: 'letter',
      category: 'repair-water-electric',
      description: '来信反映:5号楼电梯经常停在两层之间。',
      place: { unit: '5-1' },
      answers: { 'still-happening': 'yes' },
      complainant: { name: '陈大文', phone: '139 1234 5678', preferredContact: 'letter' },
      language: 'zh-Hant',
      severity: 'major',
      vip: true,
      subject: 'Engineering and Repairs',
    });
    expect(sent[0]!.key).to.equal(element.idempotencyKey);
    const reference = root(element).querySelector<HTMLElement>('[data-testid="reference"]')!;
    expect(reference.textContent).to.equal('4JFE-JG6B');
    expect(root(element).querySelector('[data-testid="access-code"]')!.textContent).to.equal('X099K-DZDF4-P87G8-VRGN6');
    expect(Number.parseFloat(getComputedStyle(reference).fontSize)).to.be.greaterThan(30);
    expect(root(element).querySelector('a.button')!.getAttribute('href')).to.equal(`/portal/demo-community/complaints/${ANSWER.id}`);

    // the next caller gets an empty form and a new key
    const first = element.idempotencyKey;
    [...root(element).querySelectorAll('button')].find((b) => b.textContent!.trim() === 'Register another')!.click();
    await until(() => root(element).querySelector('form'), 'a new form');
    expect(field<HTMLTextAreaElement>(element, 'description').value).to.equal('');
    expect(element.idempotencyKey).to.not.equal(first);
  });

  it('never registers twice: a double tap sends once, and a retry after a lost answer carries the same key', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    onIntake(async (count) => {
      if (count === 1) {
        await held;
        return HttpResponse.error();
      }
      return HttpResponse.json(ANSWER, { status: 201 });
    });
    const element = await intake();
    await fill(element);
    submit(element);
    await element.updateComplete;
    submit(element);
    release();
    await until(() => textOf(element).includes('could not be reached'), 'the network message');
    expect(sent).to.have.length(1);
    // what was typed is still there
    expect(field<HTMLTextAreaElement>(element, 'description').value).to.equal('来信反映:5号楼电梯经常停在两层之间。');
    submit(element);
    await until(() => root(element).querySelector('[data-testid="reference"]'), 'the receipt');
    expect(sent).to.have.length(2);
    expect(sent[1]!.key).to.equal(sent[0]!.key);
  });

  it('shows what is missing, and the server’s refusals at their fields', async () => {
    onIntake(() =>
      HttpResponse.json(
        { error: { code: 'validation_failed', message: 'the request does not match the schema', issues: [{ path: ['complainant', 'phone'], code: 'invalid_format', message: 'a phone number: digits, spaces, dashes, an optional leading +' }] } },
        { status: 422 },
      ),
    );
    const element = await intake();
    submit(element);
    await until(() => field(element, 'category').getAttribute('aria-invalid') === 'true', 'the missing category');
    expect(field(element, 'description').getAttribute('aria-invalid')).to.equal('true');
    expect(sent).to.have.length(0);

    choose(field<HTMLSelectElement>(element, 'category'), 'service-quality');
    type(field<HTMLTextAreaElement>(element, 'description'), 'Walk-in: rude answer at the service window.');
    type(field(element, 'complainant.phone'), 'call me');
    submit(element);
    await until(() => field(element, 'complainant.phone').getAttribute('aria-invalid') === 'true', 'the refusal at the phone');
    expect(root(element).querySelector('[id="complainant.phone-error"]')!.textContent).to.equal('This is not in the expected form.');
    expect(field(element, 'description').getAttribute('aria-invalid')).to.equal('false');
  });

  it('asks for the name where the site records it', async () => {
    onIntake(() => HttpResponse.json(ANSWER, { status: 201 }));
    const element = await intake(NAMED);
    expect(field(element, 'place.unit')).to.equal(null);
    choose(field<HTMLSelectElement>(element, 'category'), 'service-quality');
    type(field<HTMLTextAreaElement>(element, 'description'), 'Phone call: nobody answered at reception for ten minutes.');
    submit(element);
    await until(() => field(element, 'complainant.name').getAttribute('aria-invalid') === 'true', 'the missing name');
    expect(sent).to.have.length(0);
    type(field(element, 'complainant.name'), 'Chan Tai Man');
    submit(element);
    await until(() => sent.length === 1, 'the registration');
    expect(sent[0]!.body.complainant).to.deep.equal({ name: 'Chan Tai Man' });
  });
});

for (const lang of ['en', 'zh-Hans'] as const) {
  describe(`accessibility of assisted intake (${lang})`, function () {
    this.timeout(30_000);
    before(() => useLocale(lang));
    after(() => useLocale('en'));

    it('has no WCAG violations empty, with an emergency, with errors and with the receipt', async () => {
      onIntake(() => HttpResponse.json(ANSWER, { status: 201 }));
      const element = await intake(COMMUNITY, lang);
      expect(await axeViolations(element)).to.deep.equal([]);
      expect(sizeProblems(element)).to.deep.equal([]);
      choose(field<HTMLSelectElement>(element, 'category'), 'fire');
      await element.updateComplete;
      submit(element);
      await until(() => field(element, 'description').getAttribute('aria-invalid') === 'true', 'the error');
      expect(await axeViolations(element)).to.deep.equal([]);
      await fill(element);
      submit(element);
      await until(() => root(element).querySelector('[data-testid="reference"]'), 'the receipt');
      expect(await axeViolations(element)).to.deep.equal([]);
      expect(sizeProblems(element)).to.deep.equal([]);
    });
  });
}
