import { expect } from 'chai';
import type { PublicSite } from '../../api/contract/site.ts';
import '../../widget/index.ts';
import type { ComplaintForm } from '../../widget/index.ts';
import type { ComplaintSubmittedEvent } from '../../widget/shared/events.ts';
import { outboxEntries, removeEntry } from '../../widget/shared/outbox.ts';
import { mockServiceWorker, msw } from './msw.ts';
import { $, apiOrigin, choose, mount, text, type, unmountAll, until } from './helpers.ts';

const { bypass, http, HttpResponse, passthrough } = msw;

// The hotel by another of the API's names: this file's stored complaints stay apart from the
// forms the other test files show at the same time.
const API = apiOrigin().replace('127.0.0.1', 'localhost');
const SITE = `${API}/api/v1/sites/demo-hotel`;
const CONSENT = {
  en: 'I agree that my complaint is used only to handle it.',
  'zh-Hans': '我同意投诉信息仅用于处理本投诉。',
  'zh-Hant': '我同意投訴資訊僅用於處理本投訴。',
};

// The site's answer as it is, with a consent text for sure: these tests are about the box.
const worker = mockServiceWorker(
  http.get(SITE, async ({ request }) => {
    const site = (await (await fetch(bypass(request))).json()) as PublicSite;
    return HttpResponse.json({ ...site, consentText: site.consentText ?? CONSENT });
  }),
);
afterEach(async () => {
  worker.resetHandlers();
  unmountAll();
  for (const entry of await outboxEntries({ api: API, site: 'demo-hotel' })) await removeEntry(entry.id);
});

async function filledForm(lang: string): Promise<ComplaintForm> {
  const element = await mount<ComplaintForm>(`<complaint-form api="${API}" site="demo-hotel" lang="${lang}"></complaint-form>`);
  await until(() => $(element, 'form #consent'), 'the form with its consent box');
  choose($(element, '#category') as HTMLSelectElement, 'facilities');
  type($(element, '#description') as HTMLTextAreaElement, '1208 房的空调不制冷。');
  type($(element, '[id="complainant.name"]') as HTMLInputElement, '陳大文');
  return element;
}

describe('<complaint-form> on a site with a consent text', () => {
  it('shows the text with a box that must be ticked, in the resident’s language, and sends the consent', async () => {
    const bodies: Record<string, unknown>[] = [];
    worker.use(
      http.post(`${SITE}/complaints`, async ({ request }) => {
        bodies.push((await request.clone().json()) as Record<string, unknown>);
        return passthrough();
      }),
    );
    const element = await filledForm('zh-Hant');
    const label = $(element, '[part="consent"] label')!;
    expect(label.textContent!.trim()).to.not.equal('');
    expect(label.contains($(element, '#consent'))).to.equal(true);

    ($(element, 'button[type="submit"]') as HTMLButtonElement).click();
    await until(() => $(element, '#consent-error'), 'the consent message');
    expect($(element, '#consent-error')!.textContent).to.equal('請勾選此框表示同意。');
    expect(element.shadowRoot!.activeElement?.id).to.equal('consent');
    expect(bodies).to.deep.equal([]);

    $(element, '#consent')!.click();
    await element.updateComplete;
    expect($(element, '#consent-error')).to.be.null;
    const submitted = new Promise<ComplaintSubmittedEvent>((resolve) => element.addEventListener('complaint-submitted', resolve, { once: true }));
    ($(element, 'button[type="submit"]') as HTMLButtonElement).click();
    await submitted;
    expect(bodies[0]).to.include({ consent: true, category: 'facilities' });
  });

  it('shows the server’s consent_required at the box', async () => {
    worker.use(
      http.post(`${SITE}/complaints`, () =>
        HttpResponse.json(
          { error: { code: 'consent_required', message: 'agree to the terms', issues: [{ path: ['consent'], code: 'consent_required', message: 'agree' }] } },
          { status: 422 },
        ),
      ),
    );
    const element = await filledForm('en');
    $(element, '#consent')!.click();
    ($(element, 'button[type="submit"]') as HTMLButtonElement).click();
    await until(() => $(element, '#consent-error'), 'the consent message');
    expect($(element, '#consent-error')!.textContent).to.equal('Please tick the box to agree.');
    expect(text(element)).to.contain('Please correct the marked fields.');
  });
});
