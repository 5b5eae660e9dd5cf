import { expect } from 'chai';
import { openDB } from 'idb';
import '../../widget/index.ts';
import type { ComplaintForm } from '../../widget/index.ts';
import type { ComplaintFailedEvent, ComplaintSubmittedEvent } from '../../widget/shared/events.ts';
import { OUTBOX_CHANNEL } from '../../widget/shared/outbox-names.ts';
import { OUTBOX_SYNC_TAG, enqueue, flushOutbox, outboxEntries, removeEntry, retryDelay } from '../../widget/shared/outbox.ts';
import { $, apiOrigin, choose, mount, text, type, unmountAll, until } from './helpers.ts';

// The bureau's form: the other test files file with other sites, so their outboxes stay apart.
const SITE = 'demo-bureau';
const scope = () => ({ api: apiOrigin(), site: SITE });
const UNREACHABLE = { api: 'http://127.0.0.1:9', site: SITE };

const submission = (description: string, category = 'service-quality') => ({
  id: crypto.randomUUID(),
  // the box under the bureau's consent text was ticked
  request: { category, description, place: { address: '清河镇东村' }, language: 'zh-Hans' as const, consent: true },
  photos: [],
  uploaded: [],
});

const complaintsPosted = () =>
  performance.getEntriesByType('resource').filter((entry) => entry.name === `${apiOrigin()}/api/v1/sites/${SITE}/complaints`).length;

performance.setResourceTimingBufferSize(10_000);

afterEach(async () => {
  unmountAll();
  for (const where of [scope(), UNREACHABLE]) for (const entry of await outboxEntries(where)) await removeEntry(entry.id);
});

describe('the outbox', () => {
  it('keeps a complaint across page loads: a form that starts later finds it, sends it once, and shows its receipt', async () => {
    // stored by an earlier visit that never got to send it
    const stored = await enqueue(submission('村口的路灯坏了两个星期。'), scope());
    expect((await outboxEntries(scope())).map((entry) => [entry.id, entry.state])).to.deep.equal([[stored.id, 'queued']]);

    const element = await mount<ComplaintForm>(`<complaint-form api="${apiOrigin()}" site="${SITE}" lang="en"></complaint-form>`);
    const submitted = new Promise<ComplaintSubmittedEvent>((resolve) => element.addEventListener('complaint-submitted', resolve, { once: true }));
    const { detail } = await submitted;
    await until(() => $(element, '[data-testid="kept-reference"]'), 'the receipt in the list');
    expect($(element, '[data-testid="kept-reference"]')!.textContent).to.equal(detail.reference);
    expect($(element, '[data-testid="kept-access-code"]')!.textContent).to.equal(detail.accessCode);
    expect(text(element)).to.contain('村口的路灯坏了两个星期。');
    // the form itself is free for another complaint
    expect($(element, 'form')).to.exist;

    // the same key again is the same complaint: the server answers with the one it has
    const replay = await fetch(`${apiOrigin()}/api/v1/sites/${SITE}/complaints`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': stored.id },
      body: JSON.stringify(stored.request),
    });
    expect((await replay.json()).reference).to.equal(detail.reference);

    // closing the receipt lets go of it, here and in the browser's storage
    ($(element, '[part="outbox"] .receipt button') as HTMLButtonElement).click();
    await until(() => !$(element, '[part="outbox"]'), 'the list to empty');
    expect(await outboxEntries(scope())).to.deep.equal([]);
  });

  it('sends from one tab at a time: two flushes at once post the complaint once', async () => {
    await enqueue(submission('镇上农资店卖的化肥结块。'), scope());
    const before = complaintsPosted();
    await Promise.all([flushOutbox({ scope: scope() }), flushOutbox({ scope: scope() })]);
    expect(complaintsPosted() - before).to.equal(1);
    expect((await outboxEntries(scope())).map((entry) => entry.state)).to.deep.equal(['sent']);
  });

  it('sends again, with the same key, a complaint a closed page left half-sent', async () => {
    const entry = await enqueue(submission('化肥质量问题。'), scope());
    // the page closed while the complaint was on its way
    const db = await openDB('complaint-outbox');
    await db.put('entries', { ...entry, state: 'sending', attempts: 1, nextAttemptAt: Date.now() + 60_000 });
    db.close();
    await flushOutbox({ scope: scope() });
    const [waiting] = await outboxEntries(scope());
    expect(waiting!.state).to.equal('queued');
    expect(waiting!.id).to.equal(entry.id);
    await flushOutbox({ scope: scope(), now: true });
    expect((await outboxEntries(scope()))[0]!.state).to.equal('sent');
  });

  it('tells every tab of each state through a broadcast channel, and backs off when the service cannot be reached', async () => {
    const heard: { id: string; state: string }[] = [];
    const channel = new BroadcastChannel(OUTBOX_CHANNEL);
    channel.onmessage = (event: MessageEvent<{ id: string; state: string }>) => heard.push(event.data);
    try {
      const entry = await enqueue(submission('灌溉渠堵了。'), UNREACHABLE);
      // other test files' pages share the channel: only this entry's messages count
      const told = () => heard.filter((message) => message.id === entry.id).map((message) => message.state);
      const started = Date.now();
      const result = await flushOutbox({ scope: UNREACHABLE });
      const [waiting] = await outboxEntries(UNREACHABLE);
      expect(waiting!.id).to.equal(entry.id);
      expect(waiting!.state).to.equal('queued');
      expect(waiting!.attempts).to.equal(1);
      // the first retry within 1–2 s, jittered
      expect(waiting!.nextAttemptAt - started).to.be.within(1000, 2000 + (Date.now() - started));
      expect(result).to.deep.equal({ waiting: 1, nextAttemptAt: waiting!.nextAttemptAt });
      // not due yet: a flush that honours the backoff leaves it alone
      await flushOutbox({ scope: UNREACHABLE });
      expect((await outboxEntries(UNREACHABLE))[0]!.attempts).to.equal(1);
      await until(() => told().length >= 3, 'the broadcasts');
      expect(told()).to.deep.equal(['queued', 'sending', 'queued']);
    } finally {
      channel.close();
    }
  });

  it('grows the delay exponentially, with jitter, up to five minutes', () => {
    expect([1, 2, 3, 4].map((attempts) => retryDelay(attempts, () => 0))).to.deep.equal([1000, 2000, 4000, 8000]);
    expect([1, 2, 3, 4].map((attempts) => retryDelay(attempts, () => 1))).to.deep.equal([2000, 4000, 8000, 16000]);
    expect(retryDelay(30, () => 1)).to.equal(300_000);
    expect(OUTBOX_SYNC_TAG).to.equal('complaint-outbox');
  });

  it('keeps a complaint the service refused, with its reasons, until the resident corrects or discards it', async () => {
    const refused = await enqueue(submission('窗口工作人员态度恶劣。', 'no-such-category'), scope());
    const element = await mount<ComplaintForm>(`<complaint-form api="${apiOrigin()}" site="${SITE}" lang="en"></complaint-form>`);
    const failed = await new Promise<ComplaintFailedEvent>((resolve) => element.addEventListener('complaint-failed', resolve, { once: true }));
    expect(failed.detail).to.include({ id: refused.id, code: 'unknown_category' });
    await until(() => $(element, '[part="entry"][data-state="failed"]'), 'the refused complaint');
    expect(text(element)).to.contain('Not accepted');
    expect($(element, '[data-testid="announcement"]')!.textContent).to.contain('was not accepted');
    const [kept] = await outboxEntries(scope());
    expect(kept!.state).to.equal('failed');
    expect(kept!.failure!.issues[0]!.path).to.deep.equal(['category']);

    // the form holds text of its own: correcting must not overwrite it
    type($(element, '#description') as HTMLTextAreaElement, '另一件事');
    await element.updateComplete;
    expect(text(element)).to.contain('Send or clear the form first');
    type($(element, '#description') as HTMLTextAreaElement, '');
    await element.updateComplete;
    ($(element, '[part="entry"] button') as HTMLButtonElement).click();
    await until(() => $(element, '#category-error'), 'the error at its field');
    expect(($(element, '#description') as HTMLTextAreaElement).value).to.equal('窗口工作人员态度恶劣。');
    expect(($(element, '[id="place.address"]') as HTMLInputElement).value).to.equal('清河镇东村');

    choose($(element, '#category') as HTMLSelectElement, 'service-quality');
    ($(element, 'button[type="submit"]') as HTMLButtonElement).click();
    await until(() => $(element, '.receipt [data-testid="reference"]'), 'the receipt');
    const entries = await outboxEntries(scope());
    expect(entries.map((entry) => entry.state)).to.deep.equal(['sent']);
    expect(entries[0]!.id).to.not.equal(refused.id);
  });

  it('discards a refused complaint only when the resident says so', async () => {
    await enqueue(submission('无效类别', 'no-such-category'), scope());
    const element = await mount<ComplaintForm>(`<complaint-form api="${apiOrigin()}" site="${SITE}" lang="zh-Hant"></complaint-form>`);
    await until(() => $(element, '[part="entry"][data-state="failed"]'), 'the refused complaint');
    const discard = [...element.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="entry"] button')].at(-1)!;
    discard.click();
    await until(() => !$(element, '[part="entry"]'), 'the entry to go');
    expect(await outboxEntries(scope())).to.deep.equal([]);
  });
});
