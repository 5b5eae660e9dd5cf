import { expect } from 'chai';
import '../../widget/index.ts';
import type { ComplaintForm } from '../../widget/index.ts';
import type { ComplaintTracker } from '../../widget/complaint-tracker/define.ts';
import type { ComplaintFailedEvent, ComplaintSubmittedEvent } from '../../widget/shared/events.ts';
import { proving, solving } from '../../widget/shared/api.ts';
import { outboxEntries, removeEntry } from '../../widget/shared/outbox.ts';
import { mockServiceWorker, msw } from './msw.ts';
import { $, choose, mount, text, type, unmountAll, until } from './helpers.ts';

const { bypass, http, HttpResponse } = msw;

/**
 * The form and the tracker against the real API with its defences on, as a server starts by
 * default: a proof of work of 16 bits, four filings and three wrong access codes per address.
 * The tests run in order: the last ones use up this browser's allowance on purpose.
 */
const API = document.querySelector<HTMLMetaElement>('meta[name="complaint-api-guarded"]')!.content;
const SITE = 'demo-community';
const scope = { api: API, site: SITE };

const worker = mockServiceWorker();
afterEach(async () => {
  worker.resetHandlers();
  unmountAll();
  for (const entry of await outboxEntries(scope)) await removeEntry(entry.id);
});

async function filledForm(lang: string): Promise<ComplaintForm> {
  const element = await mount<ComplaintForm>(`<complaint-form api="${API}" site="${SITE}" lang="${lang}"></complaint-form>`);
  await until(() => $(element, 'form'), 'the form');
  choose($(element, '#category') as HTMLSelectElement, 'facilities');
  type($(element, '#description') as HTMLTextAreaElement, '5号楼电梯按钮失灵。');
  return element;
}

const submit = (element: ComplaintForm) => ($(element, 'button[type="submit"]') as HTMLButtonElement).click();

describe('<complaint-form> against the service’s defences', () => {
  it('solves the proof of work at its real difficulty, saying so while it runs, and files', async () => {
    const element = await filledForm('zh-Hans');
    const said: string[] = [];
    const listen = () => {
      // what the status line says while a proof is being found
      if (solving) void element.updateComplete.then(() => said.push(text(element)));
    };
    proving.addEventListener('change', listen);
    try {
      const submitted = new Promise<ComplaintSubmittedEvent>((resolve) => element.addEventListener('complaint-submitted', resolve, { once: true }));
      submit(element);
      const { detail } = await submitted;
      expect(detail.reference).to.match(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    } finally {
      proving.removeEventListener('change', listen);
    }
    expect(said.some((line) => line.includes('正在进行反垃圾信息检查…')), said.join(' / ')).to.equal(true);
    const challenge = await (await fetch(`${API}/api/v1/sites/${SITE}/challenge`)).json();
    expect(challenge.difficulty).to.be.at.least(16);
  });

  it('a program that files without the proof of work is refused; a forged challenge is refused, and the widget says why', async () => {
    const direct = await fetch(`${API}/api/v1/sites/${SITE}/complaints`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ category: 'facilities', description: 'cheap watches' }),
    });
    expect(direct.status).to.equal(403);
    expect((await direct.json()).error.code).to.equal('proof_of_work_required');

    // a challenge altered on its way to claim no difficulty at all: the service knows its own
    worker.use(
      http.get(`${API}/api/v1/sites/${SITE}/challenge`, async ({ request }) => {
        const real = await (await fetch(bypass(request))).json();
        return HttpResponse.json({ ...real, challenge: real.challenge.replace(/\.\d+\./, '.0.'), difficulty: 0 });
      }),
    );
    const element = await filledForm('zh-Hans');
    const failed = new Promise<ComplaintFailedEvent>((resolve) => element.addEventListener('complaint-failed', resolve, { once: true }));
    submit(element);
    expect((await failed).detail.code).to.equal('proof_of_work_invalid');
    await until(() => text(element).includes('反垃圾信息检查未通过。请刷新页面后重新提交。'), 'the reason, in Chinese');
  });

  it('keeps a hidden field out of sight, out of the tab order and away from screen readers; a program that fills it is told why it was refused', async () => {
    const element = await filledForm('zh-Hant');
    const trap = $(element, '[name="homepage"]') as HTMLInputElement;
    expect(trap.tabIndex).to.equal(-1);
    expect(trap.getAttribute('autocomplete')).to.equal('off');
    expect(trap.closest('[aria-hidden="true"]')).to.not.equal(null);
    // a box of one pixel, clipped away
    for (const hidden of [trap, trap.closest('label')!]) {
      const box = hidden.getBoundingClientRect();
      expect(box.width * box.height).to.be.at.most(1);
      expect(getComputedStyle(hidden).clipPath).to.equal('inset(50%)');
    }
    // a bot fills every field it finds
    trap.value = 'https://cheap-watches.example';
    const failed = new Promise<ComplaintFailedEvent>((resolve) => element.addEventListener('complaint-failed', resolve, { once: true }));
    submit(element);
    expect((await failed).detail.code).to.equal('automated_submission');
    await until(() => text(element).includes('未受理:一個用於攔截垃圾訊息的隱藏欄位被填寫了'), 'the reason, in Traditional Chinese');
  });

  it('when too many complaints came from here, keeps the complaint and says why it waits', async () => {
    // a flood from this browser uses up its allowance
    for (let i = 0; i < 10; i += 1) {
      const response = await fetch(`${API}/api/v1/sites/${SITE}/complaints`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      if (response.status === 429) break;
    }
    const element = await filledForm('en');
    submit(element);
    await until(() => text(element).includes('Too many complaints were sent from here just now'), 'the reason it waits');
    expect(text(element)).to.contain('Waiting to be sent');
    const [kept] = await outboxEntries(scope);
    expect(kept!.state).to.equal('queued');
    expect(kept!.failure!.status).to.equal(429);
    // it waits as long as the service asked, not less
    expect(kept!.notBefore - Date.now()).to.be.greaterThan(1000);
  });
});

describe('<complaint-tracker> against the service’s defences', () => {
  it('after too many wrong access codes from here, says to wait, in the resident’s language', async () => {
    // someone tries codes
    for (let i = 0; i < 3; i += 1) {
      const guess = await fetch(`${API}/api/v1/sites/${SITE}/complaints/ABCD-EFGH`, { headers: { 'X-Access-Code': `WRONG-WRONG-WRONG-WRON${i}` } });
      expect(guess.status).to.equal(404);
    }
    const tracker = await mount<ComplaintTracker>(
      `<complaint-tracker api="${API}" site="${SITE}" lang="zh-Hant" reference="ABCD-EFGH" access-code="WRONG-WRONG-WRONG-WRONG"></complaint-tracker>`,
    );
    await until(() => text(tracker).includes('這裡的嘗試次數過多,請等幾分鐘後再試。'), 'the message to wait');
    expect(text(tracker)).to.not.contain('沒有與該受理編號和查詢碼相符的投訴');
  });
});
