import { expect } from 'chai';
import type * as MswCore from 'msw';
import type * as MswBrowser from 'msw/browser';
import '../../widget/index.ts';
import type { ComplaintForm } from '../../widget/index.ts';
import { $, apiOrigin, choose, mount, text, type, unmountAll, until } from './helpers.ts';

type Msw = typeof MswCore & typeof MswBrowser;

/** msw's browser build, loaded as the classic script it is (its ES build needs a bundler). */
const msw = await new Promise<Msw>((resolve, reject) => {
  const script = document.createElement('script');
  script.src = '/node_modules/msw/lib/iife/index.js';
  script.onload = () => resolve((globalThis as unknown as { MockServiceWorker: Msw }).MockServiceWorker);
  script.onerror = () => reject(new Error('could not load msw'));
  document.head.append(script);
});
const { bypass, http, HttpResponse, passthrough } = msw;

// These tests isolate the form's handling of network trouble; everything else is the real API.
const worker = msw.setupWorker();
before(async () => {
  await worker.start({ serviceWorker: { url: '/mockServiceWorker.js' }, onUnhandledFrame: 'bypass', quiet: true });
});
after(() => worker.stop());
afterEach(() => {
  worker.resetHandlers();
  unmountAll();
});

async function filledForm(): Promise<ComplaintForm> {
  const element = await mount<ComplaintForm>(`<complaint-form api="${apiOrigin()}" site="demo-community" lang="en"></complaint-form>`);
  await until(() => $(element, 'form'), 'the form');
  choose($(element, '#category') as HTMLSelectElement, 'other');
  type($(element, '#description') as HTMLTextAreaElement, 'The notice board has been empty for a month.');
  return element;
}

describe('<complaint-form> when the network fails', () => {
  it('retries a lost answer with the same Idempotency-Key, so the complaint is filed once', async () => {
    const keys: string[] = [];
    let lost = false;
    worker.use(
      http.post(`${apiOrigin()}/api/v1/sites/demo-community/complaints`, async ({ request }) => {
        keys.push(request.headers.get('Idempotency-Key')!);
        if (!lost) {
          lost = true;
          // the server stores the complaint, then the answer is lost on the way back
          await fetch(bypass(request.clone()));
          return HttpResponse.error();
        }
        return passthrough();
      }),
    );
    const element = await filledForm();
    ($(element, 'button[type="submit"]') as HTMLButtonElement).click();
    await until(() => text(element).includes('Could not reach the complaint service'), 'the failure message');
    ($(element, 'button[type="submit"]') as HTMLButtonElement).click();
    await until(() => $(element, '[data-testid="reference"]'), 'the receipt');

    expect(keys).to.have.length(2);
    expect(keys[0]).to.equal(keys[1]);
    const reference = $(element, '[data-testid="reference"]')!.textContent!;
    const accessCode = $(element, '[data-testid="access-code"]')!.textContent!;
    const tracked = await fetch(`${apiOrigin()}/api/v1/sites/demo-community/complaints/${reference}`, { headers: { 'X-Access-Code': accessCode } });
    expect(tracked.status).to.equal(200);
  });

  it('shows the server’s field errors at their fields', async () => {
    worker.use(
      http.post(`${apiOrigin()}/api/v1/sites/demo-community/complaints`, () =>
        HttpResponse.json(
          { error: { code: 'unknown_category', message: 'no category', issues: [{ path: ['category'], message: 'no category', code: 'unknown_category' }] } },
          { status: 422 },
        ),
      ),
    );
    const element = await filledForm();
    ($(element, 'button[type="submit"]') as HTMLButtonElement).click();
    await until(() => $(element, '#category-error'), 'the field error');
    expect($(element, '#category-error')!.textContent).to.equal('This category is no longer offered. Choose another.');
    expect(text(element)).to.contain('Please correct the marked fields.');
  });

  it('uses a new key once the resident changes the complaint', async () => {
    const keys: string[] = [];
    worker.use(
      http.post(`${apiOrigin()}/api/v1/sites/demo-community/complaints`, ({ request }) => {
        keys.push(request.headers.get('Idempotency-Key')!);
        return HttpResponse.error();
      }),
    );
    const element = await filledForm();
    ($(element, 'button[type="submit"]') as HTMLButtonElement).click();
    await until(() => keys.length === 1, 'first attempt');
    await until(() => !($(element, 'button[type="submit"]') as HTMLButtonElement).disabled, 'the button to be free');
    type($(element, '#description') as HTMLTextAreaElement, 'The notice board has been empty for two months.');
    ($(element, 'button[type="submit"]') as HTMLButtonElement).click();
    await until(() => keys.length === 2, 'second attempt');
    expect(keys[0]).to.not.equal(keys[1]);
  });
});
