import { expect } from 'chai';
import '../../widget/index.ts';
import type { ComplaintForm } from '../../widget/index.ts';
import type { ComplaintQueuedEvent, ComplaintSubmittedEvent } from '../../widget/shared/events.ts';
import { outboxEntries, removeEntry } from '../../widget/shared/outbox.ts';
import { mockServiceWorker, msw } from './msw.ts';
import { $, apiOrigin, choose, mount, text, type, unmountAll, until } from './helpers.ts';

const { bypass, http, HttpResponse, passthrough } = msw;

// The hotel's form: other test files file with other sites, so their outboxes stay apart.
const SITE = 'demo-hotel';
const filing = () => `${apiOrigin()}/api/v1/sites/${SITE}/complaints`;
const scope = () => ({ api: apiOrigin(), site: SITE });

// These tests isolate the form's handling of network trouble; everything else is the real API.
const worker = mockServiceWorker();
afterEach(async () => {
  worker.resetHandlers();
  unmountAll();
  for (const entry of await outboxEntries(scope())) await removeEntry(entry.id);
});

async function filledForm(category = 'noise'): Promise<ComplaintForm> {
  const element = await mount<ComplaintForm>(`<complaint-form api="${apiOrigin()}" site="${SITE}" lang="en"></complaint-form>`);
  await until(() => $(element, 'form'), 'the form');
  choose($(element, '#category') as HTMLSelectElement, category);
  type($(element, '#description') as HTMLTextAreaElement, 'Drilling next door since seven in the morning.');
  type($(element, '[id="complainant.name"]') as HTMLInputElement, 'Chan Tai Man');
  return element;
}

const submit = (element: ComplaintForm) => ($(element, 'button[type="submit"]') as HTMLButtonElement).click();

describe('<complaint-form> when the network fails', () => {
  it('keeps a complaint whose answer was lost, and sends it again by itself with the same key: filed once', async () => {
    const keys: string[] = [];
    // the retry waits until the test has seen the complaint waiting: a busy machine may be slow to show it
    let release!: () => void;
    const seen = new Promise<void>((resolve) => (release = resolve));
    worker.use(
      http.post(filing(), async ({ request }) => {
        keys.push(request.headers.get('Idempotency-Key')!);
        if (keys.length > 1) {
          await seen;
          return passthrough();
        }
        // the server stores the complaint, then the answer is lost on the way back
        await fetch(bypass(request.clone()));
        return HttpResponse.error();
      }),
    );
    const element = await filledForm();
    const queued = new Promise<ComplaintQueuedEvent>((resolve) => element.addEventListener('complaint-queued', resolve, { once: true }));
    const submitted = new Promise<ComplaintSubmittedEvent>((resolve) => element.addEventListener('complaint-submitted', resolve, { once: true }));
    submit(element);

    const { detail } = await queued;
    expect(detail.id).to.equal(keys[0]);
    await until(() => text(element).includes('Waiting to be sent'), 'the waiting complaint');
    expect(text(element)).to.contain('Saved on this device');
    expect($(element, '[data-testid="announcement"]')!.textContent).to.contain('Saved on this device');
    release();
    // the backoff's first retry comes within two seconds
    const receipt = await submitted;
    await until(() => $(element, '[data-testid="reference"]'), 'the receipt');

    expect(keys).to.have.length(2);
    expect(keys[0]).to.equal(keys[1]);
    expect($(element, '[data-testid="reference"]')!.textContent).to.equal(receipt.detail.reference);
    const tracked = await fetch(`${filing()}/${receipt.detail.reference}`, { headers: { 'X-Access-Code': receipt.detail.accessCode } });
    expect(tracked.status).to.equal(200);
    // the receipt stays stored until the resident has seen it and closes it
    expect((await outboxEntries(scope())).map((entry) => entry.state)).to.deep.equal(['sent']);
    ($(element, '.receipt button') as HTMLButtonElement).click();
    await until(() => $(element, 'form'), 'an empty form');
    await until(() => !$(element, '[data-testid="reference"]'), 'the receipt to go');
    expect(await outboxEntries(scope())).to.deep.equal([]);
  });

  it('waits as long as the server asks (Retry-After) before sending again', async () => {
    const attempts: number[] = [];
    worker.use(
      http.post(filing(), () => {
        attempts.push(performance.now());
        if (attempts.length > 1) return passthrough();
        return HttpResponse.json({ error: { code: 'unavailable', message: 'busy' } }, { status: 503, headers: { 'Retry-After': '3' } });
      }),
    );
    const element = await filledForm();
    submit(element);
    await until(() => attempts.length === 1, 'the first attempt');
    await until(() => text(element).includes('Waiting to be sent'), 'the waiting complaint');
    // "Send now" does not overrule the server's Retry-After
    ($(element, '.entry .actions button') as HTMLButtonElement).click();
    await until(() => $(element, '[data-testid="reference"]'), 'the receipt', 8000);
    expect(attempts).to.have.length(2);
    expect(attempts[1]! - attempts[0]!).to.be.greaterThan(2900);
  });

  it('shows the server’s field errors at their fields, and keeps the refused complaint until it is corrected', async () => {
    const failed: string[] = [];
    let refuse = true;
    worker.use(
      http.post(filing(), ({ request }) => {
        if (!refuse) return passthrough();
        failed.push(request.headers.get('Idempotency-Key')!);
        return HttpResponse.json(
          { error: { code: 'unknown_category', message: 'no category', issues: [{ path: ['category'], message: 'no category', code: 'unknown_category' }] } },
          { status: 422 },
        );
      }),
    );
    const element = await filledForm();
    element.addEventListener('complaint-failed', (event) => failed.push(event.detail.code));
    submit(element);
    await until(() => $(element, '#category-error'), 'the field error');
    expect($(element, '#category-error')!.textContent).to.equal('This category is no longer offered. Choose another.');
    expect(text(element)).to.contain('Please correct the marked fields.');
    expect(($(element, '#description') as HTMLTextAreaElement).value).to.equal('Drilling next door since seven in the morning.');
    expect(failed[1]).to.equal('unknown_category');
    const [stored] = await outboxEntries(scope());
    expect(stored!.state).to.equal('failed');
    expect(stored!.id).to.equal(failed[0]);

    refuse = false;
    choose($(element, '#category') as HTMLSelectElement, 'other');
    submit(element);
    await until(() => $(element, '[data-testid="reference"]'), 'the receipt');
    // the corrected complaint went with a new key and took the refused one's place
    const entries = await outboxEntries(scope());
    expect(entries).to.have.length(1);
    expect(entries[0]!.id).to.not.equal(failed[0]);
    expect(entries[0]!.state).to.equal('sent');
  });

  it('never keeps an emergency for later: it says to call the number instead', async () => {
    worker.use(http.post(filing(), () => HttpResponse.error()));
    const element = await filledForm('safety');
    expect($(element, '[part="emergency"] a')!.getAttribute('href')).to.equal('tel:999');
    submit(element);
    await until(() => text(element).includes('It could not be sent. Call now:'), 'the call instruction');
    expect($(element, '.status a.call')!.getAttribute('href')).to.equal('tel:999');
    expect(await outboxEntries(scope())).to.deep.equal([]);
    expect(($(element, '#description') as HTMLTextAreaElement).value).to.contain('Drilling');
  });
});
