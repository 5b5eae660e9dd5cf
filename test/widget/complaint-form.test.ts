import { expect } from 'chai';
import '../../widget/index.ts';
import type { ComplaintForm } from '../../widget/index.ts';
import type { ComplaintSubmittedEvent } from '../../widget/shared/events.ts';
import { outboxEntries, removeEntry } from '../../widget/shared/outbox.ts';
import { $, apiOrigin, choose, mount, text, type, unmountAll, until } from './helpers.ts';

// The same real API by another of its names: what these tests file is kept apart from the
// forms other test files show at the same time (each origin and site has its own outbox list).
const API = apiOrigin().replace('127.0.0.1', 'localhost');

afterEach(async () => {
  unmountAll();
  // what these tests filed stays out of the next test's form
  for (const entry of await outboxEntries({ api: API, site: 'demo-community' })) await removeEntry(entry.id);
});

/** Ticks the site's consent box, where the site shows one. */
function agree(element: ComplaintForm): void {
  const box = $(element, '#consent') as HTMLInputElement | null;
  if (box && !box.checked) box.click();
}

/** A JPEG straight from a canvas, with an EXIF block in front: a camera, and "turn me 90° clockwise". */
async function cameraPhoto(width: number, height: number): Promise<File> {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#2563eb';
  context.fillRect(0, 0, width, height);
  context.fillStyle = '#f59e0b';
  context.fillRect(0, 0, width / 4, height / 4);
  const jpeg = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 })).arrayBuffer());
  const make = new TextEncoder().encode('TestCamera GPS 31.2304N\0');
  // TIFF, big-endian: IFD0 with Make (0x010f) and Orientation (0x0112) = 6
  const tiff = new DataView(new ArrayBuffer(38 + make.length));
  tiff.setUint16(0, 0x4d4d);
  tiff.setUint16(2, 42);
  tiff.setUint32(4, 8);
  tiff.setUint16(8, 2);
  tiff.setUint16(10, 0x010f);
  tiff.setUint16(12, 2);
  tiff.setUint32(14, make.length);
  tiff.setUint32(18, 38);
  tiff.setUint16(22, 0x0112);
  tiff.setUint16(24, 3);
  tiff.setUint32(26, 1);
  tiff.setUint16(30, 6);
  tiff.setUint32(34, 0);
  new Uint8Array(tiff.buffer).set(make, 38);
  const body = new Uint8Array([...new TextEncoder().encode('Exif\0\0'), ...new Uint8Array(tiff.buffer)]);
  const app1 = new Uint8Array([0xff, 0xe1, (body.length + 2) >> 8, (body.length + 2) & 0xff, ...body]);
  return new File([jpeg.slice(0, 2), app1, jpeg.slice(2)], 'IMG_0042.jpg', { type: 'image/jpeg' });
}

const contains = (bytes: Uint8Array, text: string) => new TextDecoder('latin1').decode(bytes).includes(text);

function pick(element: ComplaintForm, files: File[]): void {
  const input = $(element, '#attachments') as HTMLInputElement;
  const transfer = new DataTransfer();
  for (const file of files) transfer.items.add(file);
  input.files = transfer.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

async function form(site: string, lang: string): Promise<ComplaintForm> {
  const element = await mount<ComplaintForm>(`<complaint-form api="${API}" site="${site}" lang="${lang}"></complaint-form>`);
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
    agree(element);
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
      const element = await mount<ComplaintForm>(`<complaint-form api="${API}" site="demo-hotel"></complaint-form>`);
      await until(() => text(element).includes('我要投訴'), 'Traditional Chinese from the page');
    } finally {
      document.documentElement.lang = 'en';
    }
  });

  it('sends photos upright, at most 1600 px and without their metadata, with previews that can be removed', async () => {
    const element = await form('demo-community', 'en');
    const photo = await cameraPhoto(3000, 2000);
    const original = new Uint8Array(await photo.arrayBuffer());
    expect(contains(original, 'Exif')).to.equal(true);
    expect(contains(original, 'TestCamera')).to.equal(true);

    pick(element, [photo, new File(['not a picture'], 'notes.txt', { type: 'text/plain' })]);
    await until(() => $(element, '.photos img'), 'the preview');
    await until(() => !$(element, '[part="photos"] [role="status"]'), 'the photos to be ready');
    expect($(element, '.photos img')!.getAttribute('alt')).to.equal('Photo 1: IMG_0042.jpg');
    expect($(element, '#attachments-error')!.textContent).to.equal('This file is not a picture. Choose a photo.');
    pick(element, [photo, photo, photo]);
    await until(() => element.shadowRoot!.querySelectorAll('.photos img').length === 3, 'three previews');
    expect($(element, '#attachments-error')!.textContent).to.equal('You can add up to 3 photos.');
    expect(($(element, '#attachments') as HTMLInputElement).disabled).to.equal(true);
    const remove = $(element, '.photos li:last-child button')!;
    expect(remove.textContent!.trim()).to.equal('Remove photo 3: IMG_0042.jpg');
    remove.click();
    await until(() => element.shadowRoot!.querySelectorAll('.photos img').length === 2, 'two previews');

    choose($(element, '#category') as HTMLSelectElement, 'environment');
    type($(element, '#description') as HTMLTextAreaElement, 'Rubbish piled up behind building 2.');
    agree(element);
    const submitted = new Promise<ComplaintSubmittedEvent>((resolve) => element.addEventListener('complaint-submitted', resolve, { once: true }));
    ($(element, 'button[type="submit"]') as HTMLButtonElement).click();
    const { detail } = await submitted;

    const complaint = `${apiOrigin()}/api/v1/sites/demo-community/complaints/${detail.reference}`;
    const headers = { 'X-Access-Code': detail.accessCode };
    const { attachments } = (await (await fetch(complaint, { headers })).json()) as { attachments: string[] };
    // the same photo twice is one attachment: its id is the hash of its bytes
    expect(attachments).to.have.length(1);
    const sent = new Uint8Array(await (await fetch(`${complaint}/attachments/${attachments[0]}`, { headers })).arrayBuffer());
    expect([sent[0], sent[1]]).to.deep.equal([0xff, 0xd8]);
    expect(contains(sent, 'Exif')).to.equal(false);
    expect(contains(sent, 'TestCamera')).to.equal(false);
    expect(sent.length).to.be.at.most(1024 * 1024);
    const bitmap = await createImageBitmap(new Blob([sent], { type: 'image/jpeg' }));
    // turned upright as the camera said, then made 1600 px on its long edge
    expect([bitmap.width, bitmap.height]).to.deep.equal([1067, 1600]);
  });

  it('asks for the location only when the resident presses the button, and says so when it may not be had', async () => {
    const element = await form('demo-community', 'en');
    const button = [...element.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="location"] button')].find((b) =>
      b.textContent!.includes('Share my location'),
    )!;
    expect($(element, '#location-status')!.textContent!.trim()).to.equal('');
    button.click();
    // a headless browser has nobody to grant the permission (the end-to-end test grants it)
    await until(() => $(element, '#location-status')!.textContent!.trim(), 'the answer', 25_000);
    expect($(element, '#location-status')!.textContent!.trim()).to.equal(
      'You did not allow the location to be shared. Describe the place in words instead.',
    );
  });
});
