import { createHash } from 'node:crypto';
import type { Locale } from '../contract/common.ts';
import { LOCALES } from '../contract/common.ts';

interface PageTexts {
  question: string;
  intro: (site: string, reference: string) => string;
  satisfied: string;
  partly: string;
  dissatisfied: string;
  comment: string;
  how: string;
  chooseOne: string;
  thanks: string;
  recorded: (reference: string) => string;
  answeredTitle: string;
  answered: (reference: string) => string;
  closedTitle: string;
  closed: (reference: string) => string;
  invalidTitle: string;
  invalid: string;
}

const TEXTS: Record<Locale, PageTexts> = {
  en: {
    question: 'Are you satisfied?',
    intro: (site, reference) => `${site}, complaint ${reference}: are you satisfied with how it was handled?`,
    satisfied: 'Satisfied',
    partly: 'Partly satisfied',
    dissatisfied: 'Not satisfied',
    comment: 'Comment (optional)',
    how: 'Your answer is recorded when you press one of the buttons.',
    chooseOne: 'Press one of the three buttons to answer.',
    thanks: 'Thank you',
    recorded: (reference) => `Your answer on complaint ${reference} has been recorded.`,
    answeredTitle: 'Already answered',
    answered: (reference) => `The survey on complaint ${reference} has already been answered. Each survey is answered once.`,
    closedTitle: 'This survey is closed',
    closed: (reference) => `Complaint ${reference} no longer waits for this answer.`,
    invalidTitle: 'Link not valid',
    invalid: 'This survey link is not valid, or it has expired.',
  },
  'zh-Hans': {
    question: '您满意吗?',
    intro: (site, reference) => `${site} · 投诉 ${reference}:您对这次投诉的处理满意吗?`,
    satisfied: '满意',
    partly: '基本满意',
    dissatisfied: '不满意',
    comment: '意见(选填)',
    how: '按下其中一个按钮后,才会记录您的评价。',
    chooseOne: '请按下三个按钮之一作答。',
    thanks: '谢谢您',
    recorded: (reference) => `您对投诉 ${reference} 的评价已记录。`,
    answeredTitle: '已经评价过了',
    answered: (reference) => `关于投诉 ${reference} 的评价已经提交过了。每份评价只能提交一次。`,
    closedTitle: '评价已关闭',
    closed: (reference) => `投诉 ${reference} 已不再等待这份评价。`,
    invalidTitle: '链接无效',
    invalid: '此评价链接无效或已过期。',
  },
  'zh-Hant': {
    question: '您滿意嗎?',
    intro: (site, reference) => `${site} · 投訴 ${reference}:您對這次投訴的處理滿意嗎?`,
    satisfied: '滿意',
    partly: '基本滿意',
    dissatisfied: '不滿意',
    comment: '意見(選填)',
    how: '按下其中一個按鈕後,才會記錄您的評價。',
    chooseOne: '請按下三個按鈕之一作答。',
    thanks: '謝謝您',
    recorded: (reference) => `您對投訴 ${reference} 的評價已記錄。`,
    answeredTitle: '已經評價過了',
    answered: (reference) => `關於投訴 ${reference} 的評價已經提交過了。每份評價只能提交一次。`,
    closedTitle: '評價已關閉',
    closed: (reference) => `投訴 ${reference} 已不再等待這份評價。`,
    invalidTitle: '連結無效',
    invalid: '此評價連結無效或已過期。',
  },
};

/** The only styles of these pages; the Content-Security-Policy allows exactly this text by its hash. */
const STYLE = `
body{margin:0;padding:2rem 1rem;background:#f4f5f7;color:#1f2933;font:16px/1.6 system-ui,-apple-system,"Segoe UI","PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif}
main{max-width:32rem;margin:0 auto;background:#fff;border:1px solid #c5ccd3;border-radius:8px;padding:1.5rem}
h1{font-size:1.4rem;margin:0 0 .75rem}
p{margin:0 0 1rem}
.site{color:#52606d;font-size:.9rem}
.error{color:#b42318;font-weight:600}
label{display:block;font-weight:600;margin:0 0 .25rem}
textarea{box-sizing:border-box;width:100%;min-height:6rem;font:inherit;padding:.5rem;border:1px solid #8895a3;border-radius:4px;margin:0 0 1rem}
.choices{display:flex;flex-wrap:wrap;gap:.5rem}
button{font:inherit;min-height:44px;padding:.5rem 1rem;border:0;border-radius:4px;background:#1d4ed8;color:#fff;cursor:pointer}
button:focus-visible,textarea:focus-visible{outline:3px solid #1f2933;outline-offset:2px}
`;

/** A strict policy: no script at all, these styles only, the form posting back here only. */
export const SURVEY_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(locale: Locale | 'mul', title: string, body: string): string {
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

export type SurveyPage =
  | { kind: 'form'; error?: boolean }
  | { kind: 'recorded' }
  | { kind: 'answered' }
  | { kind: 'closed' };

/** A page about one complaint's survey, in the complaint's language. */
export function surveyPage(locale: Locale, site: string, reference: string, what: SurveyPage): string {
  const t = TEXTS[locale];
  const heading = (title: string, text: string) =>
    `<p class="site">${escapeHtml(site)}</p>\n<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(text)}</p>`;
  switch (what.kind) {
    case 'recorded':
      return page(locale, t.thanks, heading(t.thanks, t.recorded(reference)));
    case 'answered':
      return page(locale, t.answeredTitle, heading(t.answeredTitle, t.answered(reference)));
    case 'closed':
      return page(locale, t.closedTitle, heading(t.closedTitle, t.closed(reference)));
    case 'form':
      return page(
        locale,
        t.question,
        `${heading(t.question, t.intro(site, reference))}
${what.error ? `<p class="error" role="alert">${escapeHtml(t.chooseOne)}</p>\n` : ''}<form method="post">
<label for="comment">${escapeHtml(t.comment)}</label>
<textarea id="comment" name="comment" maxlength="2000"></textarea>
<p>${escapeHtml(t.how)}</p>
<div class="choices">
<button type="submit" name="rating" value="satisfied">${escapeHtml(t.satisfied)}</button>
<button type="submit" name="rating" value="partly">${escapeHtml(t.partly)}</button>
<button type="submit" name="rating" value="dissatisfied">${escapeHtml(t.dissatisfied)}</button>
</div>
</form>`,
      );
  }
}

/** For a link that is no survey at all: the complaint's language is unknown, so every language is said. */
export function invalidSurveyPage(): string {
  const sections = LOCALES.map((locale) => {
    const t = TEXTS[locale];
    return `<section lang="${locale}">\n<h1>${escapeHtml(t.invalidTitle)}</h1>\n<p>${escapeHtml(t.invalid)}</p>\n</section>`;
  });
  return page('mul', LOCALES.map((locale) => TEXTS[locale].invalidTitle).join(' / '), sections.join('\n'));
}
