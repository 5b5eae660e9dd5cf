import { expect } from 'chai';
import '../../widget/index.ts';
import type { ComplaintForm } from '../../widget/index.ts';
import type { ComplaintSubmittedEvent } from '../../widget/shared/events.ts';
import { $, apiOrigin, choose, mount, text, type, unmountAll, until } from './helpers.ts';

afterEach(() => unmountAll());

async function form(site: string, lang: string): Promise<ComplaintForm> {
  const element = await mount<ComplaintForm>(`<complaint-form api="${apiOrigin()}" site="${site}" lang="${lang}"></complaint-form>`);
  await until(() => $(element, 'form'), 'the form to load the site');
  await element.updateComplete;
  return element;
}

describe('<complaint-form>', () => {
  it('offers the site’s own categories, in the language asked for', async () => {
    const zh = await form('demo-community', 'zh-Hans');
    const options = [...zh.shadowRoot!.querySelectorAll('#category option')].map((o) => o.textContent!.trim());
    expect(options).to.include.members(['公共设施', '水电维修', '火警']);
    expect(text(zh)).to.contain('我要投诉');
    expect($(zh, 'label[for="description"]')!.textContent).to.equal('发生了什么?');

    zh.setAttribute('lang', 'zh-Hant');
    await until(() => text(zh).includes('我要投訴') && zh, 'Traditional Chinese');
    expect([...zh.shadowRoot!.querySelectorAll('#category option')].map((o) => o.textContent!.trim())).to.include('水電維修');

    zh.setAttribute('lang', 'en');
    await until(() => text(zh).includes('File a complaint') && zh, 'English');
    expect([...zh.shadowRoot!.querySelectorAll('#category option')].map((o) => o.textContent!.trim())).to.include('Water or electricity repair');
  });

  it('asks for the place fields the site uses', async () => {
    const hotel = await form('demo-hotel', 'en');
    expect($(hotel, '[id="place.room"]')).to.exist;
    expect($(hotel, '[id="place.unit"]')).to.be.null;
    const bureau = await form('demo-bureau', 'en');
    expect($(bureau, '[id="place.address"]')).to.exist;
  });

  it('files a complaint, shows the reference and access code, and tells the page', async () => {
    const element = await form('demo-community', 'zh-Hans');
    const submitted = new Promise<ComplaintSubmittedEvent>((resolve) =>
      document.addEventListener('complaint-submitted', resolve as EventListener, { once: true }),
    );
    choose($(element, '#category') as HTMLSelectElement, 'facilities');
    type($(element, '#description') as HTMLTextAreaElement, '5号楼电梯按钮失灵三天了。');
    type($(element, '[id="place.unit"]') as HTMLInputElement, '5-1');
    ($(element, 'button[type="submit"]') as HTMLButtonElement).click();

    const event = await submitted;
    expect(event.bubbles).to.equal(true);
    expect(event.composed).to.equal(true);
    expect(event.detail.reference).to.match(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await until(() => $(element, '[data-testid="reference"]'), 'the receipt');
    expect($(element, '[data-testid="reference"]')!.textContent).to.equal(event.detail.reference);
    expect($(element, '[data-testid="access-code"]')!.textContent).to.equal(event.detail.accessCode);
    expect(text(element)).to.contain('您的投诉已收到');

    const tracked = await fetch(`${apiOrigin()}/api/v1/sites/demo-community/complaints/${event.detail.reference}`, {
      headers: { 'X-Access-Code': event.detail.accessCode },
    });
    expect(tracked.status).to.equal(200);
  });

  it('says what is missing in the resident’s language and sends nothing', async () => {
    const element = await form('demo-hotel', 'zh-Hant');
    ($(element, 'button[type="submit"]') as HTMLButtonElement).click();
    await until(() => $(element, '.error'), 'error messages');
    const messages = [...element.shadowRoot!.querySelectorAll('.error')].map((e) => e.textContent);
    expect(messages).to.include.members(['請選擇投訴類別。', '請描述發生了什麼。', '請填寫您的姓名。']);
    expect(element.shadowRoot!.activeElement?.id).to.equal('category');
    expect($(element, '#category')!.getAttribute('aria-invalid')).to.equal('true');
    expect($(element, '[data-testid="reference"]')).to.be.null;
  });

  it('shows the emergency number at once for an emergency category', async () => {
    const element = await form('demo-community', 'en');
    choose($(element, '#category') as HTMLSelectElement, 'fire');
    await element.updateComplete;
    const emergency = $(element, '[part="emergency"]')!;
    expect(emergency.getAttribute('role')).to.equal('alert');
    expect(emergency.textContent).to.contain('Call 119');
    expect(emergency.querySelector('a')!.getAttribute('href')).to.equal('tel:119');
  });

  it('asks a category’s own questions and requires the required ones', async () => {
    const element = await form('demo-bureau', 'zh-Hans');
    choose($(element, '#category') as HTMLSelectElement, 'conduct');
    await element.updateComplete;
    expect($(element, 'label[for="answers.subject"]')!.textContent).to.contain('被投诉部门或人员');
    type($(element, '#description') as HTMLTextAreaElement, '窗口人员吃拿卡要。');
    ($(element, 'button[type="submit"]') as HTMLButtonElement).click();
    await until(() => $(element, '[id="answers.subject-error"]'), 'the answer error');
    expect($(element, '[id="answers.subject-error"]')!.textContent).to.equal('请回答此问题。');
  });

  it('says so in the resident’s language when the service cannot be reached', async () => {
    const element = await mount<ComplaintForm>('<complaint-form api="http://127.0.0.1:9" site="demo-community" lang="zh-Hans"></complaint-form>');
    await until(() => text(element).includes('无法连接投诉服务'), 'the network message');
    expect($(element, '[role="alert"]')).to.exist;
  });

  it('says the site is unknown instead of showing a broken form', async () => {
    const element = await mount<ComplaintForm>(`<complaint-form api="${apiOrigin()}" site="no-such-site" lang="en"></complaint-form>`);
    await until(() => text(element).includes('unknown site'), 'the unknown-site message');
  });

  it('follows the page’s language when it has no lang of its own', async () => {
    document.documentElement.lang = 'zh-TW';
    try {
      const element = await mount<ComplaintForm>(`<complaint-form api="${apiOrigin()}" site="demo-hotel"></complaint-form>`);
      await until(() => text(element).includes('我要投訴'), 'Traditional Chinese from the page');
    } finally {
      document.documentElement.lang = 'en';
    }
  });
});
