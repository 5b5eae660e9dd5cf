import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Locale } from '../../api/contract/common.ts';
import type { ComplaintState } from '../../api/workflow/state.ts';
import { SIMPLIFIED_ONLY, TRADITIONAL_ONLY, charactersIn } from '../localization/chinese-scripts.ts';
import { MAIL_FROM, type NotifyHarness, PUBLIC_URL, linksIn, notifyHarness } from '../support/notify.ts';
import type { Received } from '../support/smtp.ts';
import { member } from '../support/staff.ts';

let h: NotifyHarness;
beforeEach(async () => {
  h = await notifyHarness();
});
afterEach(async () => {
  await h.close();
});

const SITE_NAME: Record<Locale, string> = {
  en: 'Sunshine Garden Community Service Centre',
  'zh-Hans': '阳光花园社区服务中心',
  'zh-Hant': '陽光花園社區服務中心',
};

/** What the office writes at each step, in the complainant's language. */
const WORDS = {
  en: {
    notice: 'We will send an engineer within two days.',
    question: 'Which floor is the broken light on?',
    note: 'The new lamp has been ordered.',
    result: 'The lamp was replaced on Tuesday.',
    basis: 'Property service contract, clause 4',
    improvement: 'Stair lights are now checked every week.',
    feedback: 'Your complaint has been dealt with.',
    reason: 'The street lights belong to the city.',
    referTo: 'City lighting office, hotline 12345',
  },
  'zh-Hans': {
    notice: '我们将在两天内安排维修人员。',
    question: '请问是哪一层的灯坏了?',
    note: '新灯具已经订购。',
    result: '灯具已于周二更换。',
    basis: '物业服务合同第四条',
    improvement: '今后每周检查楼道照明。',
    feedback: '您的投诉已处理完毕。',
    reason: '路灯不属于物业管理范围。',
    referTo: '市照明管理处,热线 12345',
  },
  'zh-Hant': {
    notice: '我們將在兩天內安排維修人員。',
    question: '請問是哪一層的燈壞了?',
    note: '新燈具已經訂購。',
    result: '燈具已於週二更換。',
    basis: '物業服務合同第四條',
    improvement: '今後每週檢查樓道照明。',
    feedback: '您的投訴已處理完畢。',
    reason: '路燈不屬於物業管理範圍。',
    referTo: '市照明管理處,熱線 12345',
  },
} satisfies Record<Locale, Record<string, string>>;

/** The subject of each message to a complainant, as the reader sees it. */
const SUBJECTS: Record<Locale, Record<string, (r: string) => string>> = {
  en: {
    receipt: (r) => `Complaint ${r} received`,
    'acceptance-notice': (r) => `Complaint ${r} accepted`,
    'information-requested': (r) => `Complaint ${r}: we need more information`,
    progress: (r) => `Complaint ${r}: progress`,
    result: (r) => `Complaint ${r}: the result`,
    'satisfaction-survey': (r) => `Complaint ${r}: are you satisfied?`,
    'reopen-confirmation': (r) => `Complaint ${r}: review opened`,
    'not-accepted': (r) => `Complaint ${r} not accepted`,
  },
  'zh-Hans': {
    receipt: (r) => `投诉 ${r} 已收到`,
    'acceptance-notice': (r) => `投诉 ${r} 已受理`,
    'information-requested': (r) => `投诉 ${r}:需要您补充信息`,
    progress: (r) => `投诉 ${r}:处理进展`,
    result: (r) => `投诉 ${r}:处理结果`,
    'satisfaction-survey': (r) => `投诉 ${r}:请评价我们的处理`,
    'reopen-confirmation': (r) => `投诉 ${r}:已启动复审`,
    'not-accepted': (r) => `投诉 ${r} 不予受理`,
  },
  'zh-Hant': {
    receipt: (r) => `投訴 ${r} 已收到`,
    'acceptance-notice': (r) => `投訴 ${r} 已受理`,
    'information-requested': (r) => `投訴 ${r}:需要您補充資料`,
    progress: (r) => `投訴 ${r}:處理進展`,
    result: (r) => `投訴 ${r}:處理結果`,
    'satisfaction-survey': (r) => `投訴 ${r}:請評價我們的處理`,
    'reopen-confirmation': (r) => `投訴 ${r}:已啟動複審`,
    'not-accepted': (r) => `投訴 ${r} 不予受理`,
  },
};

/** The labels the result's basis and improvement carry. */
const RESULT_LABELS: Record<Locale, [basis: string, improvement: string]> = {
  en: ['Basis: ', 'What we will improve: '],
  'zh-Hans': ['处理依据:', '改进措施:'],
  'zh-Hant': ['處理依據:', '改進措施:'],
};

const LANGUAGES: Locale[] = ['zh-Hans', 'zh-Hant', 'en'];

function mailAbout(kind: string, id: string): Received {
  const found = h.smtp.received.filter((r) => r.id === id);
  expect(found, `one ${kind} mail`).toHaveLength(1);
  return found[0]!;
}

async function outboxId(complaint: ComplaintState, kind: string): Promise<string> {
  const messages = (await h.api.store.outboxMessages({ complaintId: complaint.id })).filter((m) => m.kind === kind);
  expect(messages, kind).toHaveLength(1);
  return messages[0]!.id;
}

/** A tracking link opens the complaint on the public API, standing in for its access code. */
async function expectTrackingLink(link: string, complaint: ComplaintState) {
  expect(link.startsWith(`${PUBLIC_URL}/app/demo-community/#complaint=${complaint.reference}&code=link.`)).toBe(true);
  const code = new URLSearchParams(link.split('#')[1]).get('code')!;
  const tracked = await h.api.call('GET', `/api/v1/sites/demo-community/complaints/${complaint.reference}`, undefined, { 'X-Access-Code': code });
  expect(tracked.status).toBe(200);
}

function expectOneScript(text: string, language: Locale) {
  if (language === 'zh-Hans') expect(charactersIn(text, TRADITIONAL_ONLY)).toEqual([]);
  if (language === 'zh-Hant') expect(charactersIn(text, SIMPLIFIED_ONLY)).toEqual([]);
}

describe('email over SMTP', () => {
  it('sends the receipt in the complaint’s language, with its reference, its ids and a tracking link that works', async () => {
    const filed = new Map<Locale, ComplaintState>();
    for (const language of LANGUAGES) filed.set(language, await h.file('demo-community', language));
    expect(await h.dispatcher().tick()).toBe(3);
    expect(h.smtp.received).toHaveLength(3);

    const opening: Record<Locale, string> = {
      en: `${SITE_NAME.en} has received your complaint and registered it under the reference`,
      'zh-Hans': `${SITE_NAME['zh-Hans']}已收到您的投诉,投诉编号为`,
      'zh-Hant': `${SITE_NAME['zh-Hant']}已收到您的投訴,投訴編號為`,
    };
    for (const language of LANGUAGES) {
      const complaint = filed.get(language)!;
      const id = await outboxId(complaint, 'receipt');
      const { mail, envelopeTo } = mailAbout('receipt', id);
      expect(mail.subject).toBe(SUBJECTS[language].receipt!(complaint.reference));
      expect(mail.text).toContain(`${opening[language]} ${complaint.reference}`);
      expect(mail.from?.value).toEqual([{ address: MAIL_FROM, name: SITE_NAME[language] }]);
      expect(envelopeTo).toEqual(['resident@example.cn']);
      // the id receivers deduplicate on, in both places
      expect(mail.messageId).toBe(`<${id}@complaints.test>`);
      expect(mail.headers.get('x-complaint-message-id')).toBe(id);
      expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
      const [link] = linksIn(mail.text!);
      await expectTrackingLink(link!, complaint);
      expect(mail.html).toContain(link!.replaceAll('&', '&amp;'));
      expect(mail.html).toContain(`<html lang="${language}">`);
      expectOneScript(`${mail.subject} ${mail.text}`, language);
    }
    expect((await h.api.store.outboxMessages({ status: 'pending' })).length).toBe(0);
  });

  it('tells the complainant every step in their language, and the handler in the site’s', async () => {
    await member(h.api, 'li@example.cn', [{ site: 'demo-community', roles: ['handler'], departments: ['engineering'] }], '李工');
    const complaints = new Map<Locale, { handled: ComplaintState; refused: ComplaintState }>();
    for (const language of LANGUAGES) {
      const w = WORDS[language];
      const handled = await h.file('demo-community', language);
      await h.act(handled, { type: 'accept', notice: w.notice, expectedBy: '2030-01-15T08:00:00.000Z' });
      await h.act(handled, { type: 'request-information', question: w.question });
      const site = await h.desk.site('demo-community');
      await h.desk.actAsComplainant(site, handled.reference, handled.accessCode, { type: 'provide-information', text: '3F' });
      await h.act(handled, { type: 'dispatch', department: 'engineering', assignee: '李工' });
      await h.act(handled, { type: 'add-note', note: w.note, public: true });
      await h.act(handled, { type: 'add-note', note: 'internal only', public: false });
      await h.act(handled, { type: 'start-investigation' });
      await h.act(handled, { type: 'resolve', result: w.result, basis: w.basis, improvement: w.improvement });
      await h.act(handled, { type: 'send-feedback', channel: 'email', message: w.feedback });
      await h.desk.actAsComplainant(site, handled.reference, handled.accessCode, { type: 'reopen', reason: 'The light went out again.' });
      const refused = await h.file('demo-community', language);
      await h.act(refused, { type: 'not-accept', reason: w.reason, referTo: w.referTo });
      complaints.set(language, { handled, refused });
    }
    await h.dispatcher().tick();

    for (const language of LANGUAGES) {
      const w = WORDS[language];
      const { handled, refused } = complaints.get(language)!;
      const bodies: Record<string, string> = {};
      for (const kind of Object.keys(SUBJECTS[language])) {
        const complaint = kind === 'not-accepted' ? refused : handled;
        const { mail } = mailAbout(kind, await outboxId(complaint, kind));
        expect(mail.subject, `${language} ${kind}`).toBe(SUBJECTS[language][kind]!(complaint.reference));
        // every message to the complainant opens the complaint
        await expectTrackingLink(linksIn(mail.text!).at(-1)!, complaint);
        expectOneScript(`${mail.subject} ${mail.text}`, language);
        bodies[kind] = mail.text!;
      }
      expect(bodies['acceptance-notice']).toContain(w.notice);
      expect(bodies['information-requested']).toContain(w.question);
      expect(bodies.progress).toContain(w.note);
      expect(bodies.progress).not.toContain('internal only');
      expect(bodies.result).toContain(w.feedback);
      expect(bodies.result).toContain(w.result);
      expect(bodies.result).toContain(`${RESULT_LABELS[language][0]}${w.basis}`);
      expect(bodies.result).toContain(`${RESULT_LABELS[language][1]}${w.improvement}`);
      expect(bodies['not-accepted']).toContain(w.reason);
      expect(bodies['not-accepted']).toContain(w.referTo);
      expect(bodies['reopen-confirmation']).toContain(language === 'en' ? 'review round 1' : language === 'zh-Hans' ? '第 1 轮复审' : '第 1 輪複審');
      const survey = linksIn(bodies['satisfaction-survey']!).find((link) => link.includes('/survey/'));
      expect(survey).toMatch(/^http:\/\/complaints\.test\/survey\/[\w-]+\.[\w-]+$/);

      // the handler hears in the site's language (Simplified Chinese here), with the portal's link
      const assignment = mailAbout('assignment', await outboxId(handled, 'assignment'));
      expect(assignment.envelopeTo).toEqual(['li@example.cn']);
      expect(assignment.mail.subject).toBe(`投诉 ${handled.reference} 已派给您`);
      expect(assignment.mail.text).toContain(`投诉 ${handled.reference}(公共设施)已派发至工程维修部,由您负责办理。`);
      expect(linksIn(assignment.mail.text!)).toEqual([`${PUBLIC_URL}/portal/demo-community/complaints/${handled.id}`]);
    }
    // per language: 7 messages about the handled complaint and 2 about the refused one, and 1 to the handler
    expect(h.smtp.received).toHaveLength(30);
  });

  it('delivers everything once the SMTP server is back, each message once, and a restart resends nothing', async () => {
    await h.smtp.stop();
    const filed: ComplaintState[] = [];
    for (let i = 0; i < 5; i += 1) filed.push(await h.file('demo-community', 'en', { email: `resident${i}@example.cn` }));
    const ids = (await h.api.store.outboxMessages({ status: 'pending' })).map((m) => m.id);
    expect(ids).toHaveLength(5);

    const first = h.dispatcher({ baseDelayMs: 1000, maxDelayMs: 4000 });
    expect(await first.tick()).toBe(0);
    let pending = await h.api.store.outboxMessages({ status: 'pending' });
    expect(pending.map((m) => m.attempts)).toEqual([1, 1, 1, 1, 1]);
    expect(pending[0]!.lastError).toMatch(/^email: .*ECONNREFUSED/);
    // before the backoff has passed, nothing is tried
    await first.tick();
    expect((await h.api.store.outboxMessages({ status: 'pending' })).map((m) => m.attempts)).toEqual([1, 1, 1, 1, 1]);
    h.advance(1000);
    await first.tick();
    pending = await h.api.store.outboxMessages({ status: 'pending' });
    expect(pending.map((m) => m.attempts)).toEqual([2, 2, 2, 2, 2]);
    // the second wait is twice the first
    expect(Date.parse(pending[0]!.nextAttemptAt) - h.clock.now().getTime()).toBeGreaterThan(1500);

    await h.smtp.start();
    h.advance(2000);
    expect(await first.tick()).toBe(5);
    await h.smtp.waitFor(5);
    expect(new Set(h.smtp.received.map((r) => r.id))).toEqual(new Set(ids));
    expect((await h.api.store.outboxMessages({ status: 'sent' })).map((m) => m.attempts)).toEqual([2, 2, 2, 2, 2]);

    // the server restarts: a new dispatcher finds nothing to send
    await first.stop();
    const restarted = h.dispatcher();
    h.advance(60 * 60_000);
    expect(await restarted.tick()).toBe(0);
    expect(h.smtp.received).toHaveLength(5);
    const perId = new Map<string, number>();
    for (const r of h.smtp.received) perId.set(r.id, (perId.get(r.id) ?? 0) + 1);
    expect([...perId.values()]).toEqual([1, 1, 1, 1, 1]);
  });

  it('takes over what a dispatcher that died was holding, once its lease runs out', async () => {
    await h.file('demo-community', 'en');
    await h.file('demo-community', 'zh-Hant');
    const now = h.clock.now();
    // a server claimed both and died before sending anything
    const held = await h.api.store.claimOutbox({ owner: 'died', now, limit: 10, leaseUntil: new Date(now.getTime() + 120_000) });
    expect(held).toHaveLength(2);
    const survivor = h.dispatcher();
    expect(await survivor.tick()).toBe(0);
    expect(h.smtp.received).toHaveLength(0);
    h.advance(120_000);
    expect(await survivor.tick()).toBe(2);
    expect(h.smtp.received.map((r) => r.id).sort()).toEqual(held.map((m) => m.id).sort());
  });
});

describe('the satisfaction survey', () => {
  async function surveyLink(language: Locale): Promise<{ complaint: ComplaintState; path: string }> {
    const complaint = await h.file('demo-community', language);
    await h.act(complaint, { type: 'accept' });
    await h.act(complaint, { type: 'resolve', result: '灯已更换', basis: '物业服务合同' });
    await h.act(complaint, { type: 'send-feedback', channel: 'email', message: '已处理' });
    await h.dispatcher().tick();
    const { mail } = mailAbout('satisfaction-survey', await outboxId(complaint, 'satisfaction-survey'));
    const link = linksIn(mail.text!).find((l) => l.includes('/survey/'))!;
    return { complaint, path: link.slice(PUBLIC_URL.length) };
  }

  const answers = async (complaint: ComplaintState) =>
    (await h.api.store.readEvents(complaint.id)).filter((e) => e.type === 'satisfaction-recorded');

  const post = (path: string, form: Record<string, string>) =>
    h.api.app.request(path, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });

  it('shows a page that records nothing when opened, and records the answer once when its button is pressed', async () => {
    const { complaint, path } = await surveyLink('zh-Hant');

    // a mail scanner opens the link, twice: nothing is recorded
    for (let i = 0; i < 2; i += 1) {
      const page = await h.api.app.request(path);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('<html lang="zh-Hant">');
      expect(html).toContain(`投訴 ${complaint.reference}:您對這次投訴的處理滿意嗎?`);
      for (const [value, label] of [['satisfied', '滿意'], ['partly', '基本滿意'], ['dissatisfied', '不滿意']]) {
        expect(html).toContain(`<button type="submit" name="rating" value="${value}">${label}</button>`);
      }
      expect(html).toContain('<form method="post">');
      expect(html).not.toMatch(/<script|\son\w+=|style="/i);
      // a strict policy: no script at all, and the page's one style block allowed by its hash
      const csp = page.headers.get('content-security-policy')!;
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("form-action 'self'");
      expect(csp).not.toContain('unsafe');
      const style = html.match(/<style>([\s\S]*?)<\/style>/)![1]!;
      expect(csp).toContain(`'sha256-${createHash('sha256').update(style).digest('base64')}'`);
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      expect(page.headers.get('cache-control')).toBe('no-store');
    }
    expect(await answers(complaint)).toEqual([]);

    // a press without a choice records nothing and asks again
    const empty = await post(path, { comment: '' });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('請按下三個按鈕之一作答。');
    expect(await answers(complaint)).toEqual([]);

    const answered = await post(path, { rating: 'partly', comment: '燈修好了,但等了很久。' });
    expect(answered.status).toBe(200);
    expect(await answered.text()).toContain(`您對投訴 ${complaint.reference} 的評價已記錄。`);
    const recorded = await answers(complaint);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({
      actor: { kind: 'complainant' },
      data: { rating: 'partly', via: 'survey', comment: '燈修好了,但等了很久。' },
    });

    // the link is spent: a second answer is refused and records nothing
    const again = await post(path, { rating: 'satisfied' });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('已經評價過了');
    expect(await answers(complaint)).toHaveLength(1);
    const reopened = await h.api.app.request(path);
    expect(reopened.status).toBe(200);
    expect(await reopened.text()).toContain(`關於投訴 ${complaint.reference} 的評價已經提交過了。`);
  });

  it('counts one of two answers sent at the same moment', async () => {
    const { complaint, path } = await surveyLink('en');
    const results = await Promise.all([post(path, { rating: 'satisfied' }), post(path, { rating: 'dissatisfied' })]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await answers(complaint)).toHaveLength(1);
  });

  it('refuses a link that was tampered with, in every language, and records nothing', async () => {
    const { complaint, path } = await surveyLink('en');
    const [body, signature] = path.slice('/survey/'.length).split('.');
    const forged = `/survey/${body}.${signature!.startsWith('A') ? 'B' : 'A'}${signature!.slice(1)}`;
    for (const response of [await h.api.app.request(forged), await post(forged, { rating: 'satisfied' })]) {
      expect(response.status).toBe(404);
      const html = await response.text();
      expect(html).toContain('This survey link is not valid, or it has expired.');
      expect(html).toContain('此评价链接无效或已过期。');
      expect(html).toContain('此評價連結無效或已過期。');
    }
    expect(await answers(complaint)).toEqual([]);
  });

  it('closes when the complaint no longer waits for the answer', async () => {
    const { complaint, path } = await surveyLink('zh-Hans');
    await h.act(complaint, { type: 'close', outcome: 'resolved' });
    const page = await h.api.app.request(path);
    expect(await page.text()).toContain(`投诉 ${complaint.reference} 已不再等待这份评价。`);
    const refused = await post(path, { rating: 'satisfied' });
    expect(refused.status).toBe(409);
    expect(await answers(complaint)).toEqual([]);
  });
});
