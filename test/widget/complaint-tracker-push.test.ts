import { expect } from 'chai';
import '../../widget/index.ts';
import type { ComplaintTracker } from '../../widget/complaint-tracker/define.ts';
import { $, apiOrigin, mount, text, unmountAll, until } from './helpers.ts';

/*
 * The tracker's "Notify me": shown only where the resident app's service worker controls the
 * page (it is what shows push messages), asking the page for them with `complaint-notify`.
 * The worker in control is stood in for by its script address, which is all the tracker reads.
 */

const container = navigator.serviceWorker;

function controlledBy(scriptURL: string | null): void {
  Object.defineProperty(container, 'controller', { configurable: true, get: () => (scriptURL ? { scriptURL } : null) });
}

afterEach(() => {
  unmountAll();
  // back to the browser's own
  delete (container as unknown as Record<string, unknown>).controller;
});

async function fileOne(): Promise<{ reference: string; accessCode: string }> {
  const response = await fetch(`${apiOrigin()}/api/v1/sites/demo-community/complaints`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ category: 'environment', description: '垃圾桶满了没人清理。', place: { unit: '2-3' } }),
  });
  return (await response.json()) as { reference: string; accessCode: string };
}

async function track(lang = 'en'): Promise<{ tracker: ComplaintTracker; filed: { reference: string; accessCode: string } }> {
  const filed = await fileOne();
  const tracker = await mount<ComplaintTracker>(
    `<complaint-tracker api="${apiOrigin()}" site="demo-community" lang="${lang}" reference="${filed.reference}" access-code="${filed.accessCode}"></complaint-tracker>`,
  );
  await until(() => $(tracker, '[part="badge"]'), 'the status');
  return { tracker, filed };
}

const buttons = (tracker: ComplaintTracker) => [...tracker.shadowRoot!.querySelectorAll('button')].map((b) => b.textContent!.trim());
const notifyButton = (tracker: ComplaintTracker) => [...tracker.shadowRoot!.querySelectorAll('button')].find((b) => /Notify me|开启通知|Notifications/.test(b.textContent!))!;

describe('<complaint-tracker> push messages', () => {
  it('offers nothing where no service worker of the resident app controls the page', async () => {
    controlledBy(null);
    const { tracker } = await track();
    expect(buttons(tracker)).to.not.include('Notify me');

    controlledBy(`${location.origin}/sw.js`);
    tracker.requestUpdate();
    await tracker.updateComplete;
    expect(buttons(tracker)).to.not.include('Notify me');

    // another site's app does not show this site's messages
    controlledBy(`${location.origin}/app/demo-hotel/sw.js`);
    tracker.requestUpdate();
    await tracker.updateComplete;
    expect(buttons(tracker)).to.not.include('Notify me');
  });

  it('in the resident app, asks the page for push messages about the complaint and shows the answer', async () => {
    controlledBy(`${location.origin}/app/demo-community/sw.js`);
    const { tracker, filed } = await track();
    const button = notifyButton(tracker);
    expect(button.textContent!.trim()).to.equal('Notify me');
    expect(button.disabled).to.equal(false);

    const asked: CustomEvent<(text: string) => void>[] = [];
    const listener = (event: Event) => asked.push(event as CustomEvent<(text: string) => void>);
    document.addEventListener('complaint-notify', listener);
    try {
      button.click();
    } finally {
      document.removeEventListener('complaint-notify', listener);
    }
    expect(asked).to.have.length(1);
    // it crossed the shadow root from the tracker, which names the complaint
    const from = asked[0]!.target as ComplaintTracker;
    expect(from).to.equal(tracker);
    expect([from.reference, from.accessCode, from.site]).to.deep.equal([filed.reference, filed.accessCode, 'demo-community']);

    asked[0]!.detail('Notifications on');
    await tracker.updateComplete;
    expect(notifyButton(tracker).textContent!.trim()).to.equal('Notifications on');
    expect(notifyButton(tracker).disabled).to.equal(true);
    expect(text(tracker)).to.contain('Notifications on');
  });

  it('labels the button in the resident’s language, and starts afresh for the next complaint', async () => {
    controlledBy(`${location.origin}/app/demo-community/sw.js`);
    const { tracker } = await track('zh-Hans');
    await until(() => notifyButton(tracker)?.textContent!.trim() === '开启通知', 'the button in Chinese');
    let done: ((text: string) => void) | undefined;
    document.addEventListener('complaint-notify', (event) => (done = (event as CustomEvent<(text: string) => void>).detail), { once: true });
    notifyButton(tracker).click();
    done!('已开启通知');
    await tracker.updateComplete;
    expect(notifyButton(tracker).textContent!.trim()).to.equal('已开启通知');

    const next = await fileOne();
    tracker.reference = next.reference;
    tracker.accessCode = next.accessCode;
    await until(() => text(tracker).includes(next.reference) && notifyButton(tracker)?.textContent!.trim() === '开启通知', 'the next complaint');
    expect(notifyButton(tracker).disabled).to.equal(false);
  });
});
