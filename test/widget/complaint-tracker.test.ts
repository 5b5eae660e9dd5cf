import { expect } from 'chai';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../widget/index.ts';
import type { ComplaintTracker } from '../../widget/complaint-tracker/define.ts';
import { $, apiOrigin, mount, text, type, unmountAll, until } from './helpers.ts';

afterEach(() => unmountAll());

async function fileOne(site = 'demo-community') {
  const response = await fetch(`${apiOrigin()}/api/v1/sites/${site}/complaints`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ category: 'environment', description: '垃圾桶满了没人清理。', place: { unit: '2-3' } }),
  });
  return (await response.json()) as { reference: string; accessCode: string; registeredAt: string };
}

describe('<complaint-tracker>', () => {
  it('shows status and timeline for the reference and access code given as attributes', async () => {
    const filed = await fileOne();
    const tracker = await mount<ComplaintTracker>(
      `<complaint-tracker api="${apiOrigin()}" site="demo-community" lang="zh-Hans" reference="${filed.reference}" access-code="${filed.accessCode}"></complaint-tracker>`,
    );
    await until(() => $(tracker, '[part="badge"]'), 'the status');
    expect($(tracker, '[part="badge"]')!.textContent!.trim()).to.equal('已登记');
    expect(text(tracker)).to.contain('环境卫生');
    expect(text(tracker)).to.contain('环境保洁部');
    const entries = tracker.shadowRoot!.querySelectorAll('[part="timeline"] li');
    expect(entries.length).to.equal(1);
    expect(entries[0]!.textContent).to.contain('投诉已登记');
    expect(entries[0]!.querySelector('time')!.getAttribute('datetime')).to.equal(filed.registeredAt);
  });

  it('lets the resident type the reference and access code', async () => {
    const filed = await fileOne();
    const tracker = await mount<ComplaintTracker>(`<complaint-tracker api="${apiOrigin()}" site="demo-community" lang="en"></complaint-tracker>`);
    type($(tracker, '#reference') as HTMLInputElement, filed.reference.toLowerCase());
    type($(tracker, '#access-code') as HTMLInputElement, filed.accessCode);
    ($(tracker, 'button[type="submit"]') as HTMLButtonElement).click();
    await until(() => $(tracker, '[part="badge"]'), 'the status');
    expect($(tracker, '[part="badge"]')!.textContent!.trim()).to.equal('Received');
    expect(text(tracker)).to.contain('Cleaning and environment');
  });

  it('says plainly when reference and code do not match, in the resident’s language', async () => {
    const filed = await fileOne();
    const tracker = await mount<ComplaintTracker>(
      `<complaint-tracker api="${apiOrigin()}" site="demo-community" lang="zh-Hant" reference="${filed.reference}" access-code="WRONG-WRONG-WRONG-WRONG"></complaint-tracker>`,
    );
    await until(() => text(tracker).includes('沒有與該受理編號和查詢碼相符的投訴'), 'the not-found message');
    expect(($(tracker, '#reference') as HTMLInputElement).value).to.equal(filed.reference);
  });
});

/** Moves a complaint along as the office would (the API's own workflow, run by the test server). */
const staff = (reference: string, commands: unknown[], site = 'demo-community') =>
  executeServerCommand('staff', { site, reference, commands });

async function track(filed: { reference: string; accessCode: string }, lang = 'en'): Promise<ComplaintTracker> {
  const tracker = await mount<ComplaintTracker>(
    `<complaint-tracker api="${apiOrigin()}" site="demo-community" lang="${lang}" reference="${filed.reference}" access-code="${filed.accessCode}"></complaint-tracker>`,
  );
  await until(() => $(tracker, '[part="badge"]'), 'the status');
  return tracker;
}

const badge = (tracker: ComplaintTracker) => $(tracker, '[part="badge"]')!.textContent!.trim();
const button = (tracker: ComplaintTracker, name: string) =>
  [...tracker.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.trim() === name)!;

/** A small real JPEG, drawn in the page. */
async function photoFile(): Promise<File> {
  const canvas = new OffscreenCanvas(64, 48);
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#c00';
  context.fillRect(0, 0, 64, 48);
  return new File([await canvas.convertToBlob({ type: 'image/jpeg' })], 'lamp.jpg', { type: 'image/jpeg' });
}

describe('<complaint-tracker> taking part', () => {
  it('opens the complaint a tracking link points at', async () => {
    const filed = await fileOne();
    history.replaceState(null, '', `#complaint=${filed.reference}&code=${encodeURIComponent(filed.accessCode)}`);
    try {
      const tracker = await mount<ComplaintTracker>(`<complaint-tracker api="${apiOrigin()}" site="demo-community" lang="en"></complaint-tracker>`);
      await until(() => $(tracker, '[part="badge"]'), 'the status');
      expect(text(tracker)).to.contain(filed.reference);
    } finally {
      history.replaceState(null, '', location.pathname + location.search);
    }
  });

  it('says what is expected next and by when, in the site’s time zone', async () => {
    const filed = await fileOne();
    const tracker = await track(filed, 'zh-Hans');
    const expected = $(tracker, '[part="expected"]')!.textContent!;
    expect(expected).to.contain('确认受理您的投诉');
    const due = new Date(Date.parse(filed.registeredAt) + 24 * 3_600_000);
    const local = new Intl.DateTimeFormat('zh-Hans', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Shanghai' }).format(due);
    expect(expected).to.contain(local);
  });

  it('answers the office’s question with a photo, and shows it back', async () => {
    const filed = await fileOne();
    await staff(filed.reference, [{ type: 'request-information', question: 'Which bin, exactly?' }]);
    const tracker = await track(filed);
    expect(text(tracker)).to.contain('Which bin, exactly?');
    const input = $(tracker, '#attachments') as HTMLInputElement;
    const files = new DataTransfer();
    files.items.add(await photoFile());
    input.files = files.files;
    input.dispatchEvent(new Event('change'));
    await until(() => $(tracker, '.respond .photos img'), 'the preview');
    expect($(tracker, '.respond .photos img')!.getAttribute('alt')).to.equal('Photo 1: lamp.jpg');
    type($(tracker, '#information') as HTMLTextAreaElement, 'The one by the east gate of building 2.');
    button(tracker, 'Send answer').click();
    await until(() => badge(tracker) !== 'Waiting for information from you' && tracker, 'the answer to land');
    expect(text(tracker)).to.contain('You sent more information');
    await until(() => $(tracker, '[part="photos"] img'), 'the photo, fetched with the access code');
    expect(($(tracker, '[part="photos"] img') as HTMLImageElement).src).to.match(/^blob:/);
  });

  it('takes the opinion on a proposed solution', async () => {
    const filed = await fileOne();
    await staff(filed.reference, [
      { type: 'accept' },
      { type: 'dispatch', department: 'environment', assignee: '王师傅' },
      { type: 'propose-plan', measures: 'Empty the bins twice a day', responsibility: 'Cleaning team', schedule: 'From Monday', seekOpinion: true },
    ]);
    const tracker = await track(filed);
    type($(tracker, '#plan-comment') as HTMLTextAreaElement, 'Fine, please also wash them.');
    button(tracker, 'I agree').click();
    await until(() => text(tracker).includes('You gave your opinion on the solution') && tracker, 'the opinion recorded');
    expect($(tracker, '#plan-comment')).to.be.null;
  });

  it('rates with one tap, then asks for a review', async () => {
    const filed = await fileOne();
    await staff(filed.reference, [
      { type: 'accept' },
      { type: 'resolve', result: 'Bins emptied', basis: 'Cleaning schedule' },
      { type: 'send-feedback', channel: 'phone', message: 'Told by phone' },
    ]);
    const tracker = await track(filed, 'zh-Hant');
    expect(badge(tracker)).to.equal('回訪中');
    button(tracker, '不滿意').click();
    await until(() => text(tracker).includes('已記錄您的評價') && tracker, 'the rating recorded');
    expect(tracker.shadowRoot!.querySelector('[data-rating]')).to.be.null;

    type($(tracker, '#review-reason') as HTMLTextAreaElement, '垃圾桶第二天又滿了。');
    button(tracker, '申請複審').click();
    await until(() => badge(tracker) === '已重新受理複審' && tracker, 'the review');
  });

  it('withdraws only after the resident confirms', async () => {
    const filed = await fileOne();
    const tracker = await track(filed);
    button(tracker, 'Withdraw my complaint').click();
    await tracker.updateComplete;
    button(tracker, 'Keep it').click();
    await tracker.updateComplete;
    expect(badge(tracker)).to.equal('Received');
    button(tracker, 'Withdraw my complaint').click();
    await tracker.updateComplete;
    button(tracker, 'Yes, withdraw it').click();
    await until(() => badge(tracker) === 'Withdrawn' && tracker, 'the withdrawal');
    expect(button(tracker, 'Withdraw my complaint')).to.equal(undefined);
  });

  it('follows the complaint live while it is open', async () => {
    const filed = await fileOne();
    const tracker = await track(filed);
    await until(() => tracker.live && tracker, 'the live stream');
    // give the stream a moment to be subscribed on the server before the office acts
    await new Promise((resolve) => setTimeout(resolve, 300));
    await staff(filed.reference, [{ type: 'accept', notice: 'We will empty it today.' }]);
    await until(() => badge(tracker) === 'Accepted' && tracker, 'the change to arrive without a refresh');
    expect(text(tracker)).to.contain('We will empty it today.');
  });
});
