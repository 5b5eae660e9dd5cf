import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../api/contract/common.ts';
import { ClockStage, EscalationReason } from '../../api/contract/events.ts';
import { COMPLAINANT_KINDS, type MessageFacts, STAFF_KINDS, TEXTS } from '../../api/notify/email-texts.ts';
import { invalidSurveyPage, surveyPage } from '../../api/notify/survey-page.ts';
import { SIMPLIFIED_ONLY, TRADITIONAL_ONLY, charactersIn } from './chinese-scripts.ts';

/** Every fact a message may say, so that every line of every template is written out. */
const FULL: MessageFacts = {
  reference: 'KM7Q-29XD',
  site: '—',
  category: '—',
  department: '—',
  time: '—',
  notice: '—',
  reason: '—',
  referTo: '—',
  question: '—',
  note: '—',
  message: '—',
  result: '—',
  basis: '—',
  improvement: '—',
  round: 2,
  level: 1,
  stage: 'resolve',
  escalationReason: 'vip',
};

/** Everything a language's messages and pages can say, with the facts left blank. */
function everything(locale: (typeof LOCALES)[number]): string {
  const t = TEXTS[locale];
  const parts: string[] = [];
  for (const kind of [...COMPLAINANT_KINDS, ...STAFF_KINDS]) {
    for (const facts of [FULL, { reference: 'KM7Q-29XD', site: '—' }]) {
      const wording = t.messages[kind](facts);
      parts.push(wording.title, ...wording.lines);
    }
  }
  parts.push(...ClockStage.options.map((s) => t.stages[s]), ...EscalationReason.options.map((r) => t.reasons[r]));
  parts.push(t.track, t.survey, t.portal, t.repeats('—', 2), t.digest('—', 3), t.complainantFooter('—'), t.staffFooter('—'));
  for (const kind of ['form', 'recorded', 'answered', 'closed'] as const) parts.push(surveyPage(locale, '—', 'KM7Q-29XD', kind === 'form' ? { kind, error: true } : { kind }));
  return parts.join('\n');
}

describe('notification texts', () => {
  it('has every message the outbox queues, to complainants and to staff, in every language', () => {
    // the kinds api/notify/intents.ts writes
    expect([...COMPLAINANT_KINDS].sort()).toEqual(
      ['acceptance-notice', 'information-requested', 'not-accepted', 'progress', 'receipt', 'reopen-confirmation', 'result', 'satisfaction-survey'].sort(),
    );
    expect([...STAFF_KINDS].sort()).toEqual(['assignment', 'deadline-breach', 'deadline-warning', 'escalation'].sort());
    for (const locale of LOCALES) {
      for (const kind of [...COMPLAINANT_KINDS, ...STAFF_KINDS]) {
        const wording = TEXTS[locale].messages[kind](FULL);
        expect(wording.title, `${locale} ${kind}`).toContain('KM7Q-29XD');
        expect(wording.lines.length, `${locale} ${kind}`).toBeGreaterThan(0);
        expect(wording.lines.join(' '), `${locale} ${kind}`).not.toMatch(/undefined|null|\[object/);
      }
    }
  });

  it('writes Traditional Chinese in Traditional characters and Simplified in Simplified, mails and survey pages alike', () => {
    expect(charactersIn(everything('zh-Hant'), SIMPLIFIED_ONLY)).toEqual([]);
    expect(charactersIn(everything('zh-Hans'), TRADITIONAL_ONLY)).toEqual([]);
    expect(everything('en')).not.toMatch(/[\u3400-\u9fff]/);
  });

  it('says what an unknown survey link is in all three languages', () => {
    const page = invalidSurveyPage();
    for (const locale of LOCALES) expect(page).toContain(`<section lang="${locale}">`);
  });
});
