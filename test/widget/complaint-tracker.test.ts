import { expect } from 'chai';
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
