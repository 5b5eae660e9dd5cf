import type { Locale } from '../contract/common.ts';
import type { Figures } from '../workflow/stats.ts';
import { punctuated } from './words-chinese.ts';
import { type Words, WORDS, duration, percent, wholePercent } from './words.ts';

/**
 * The written analysis of a report (003: 投诉分析报告): what rose, which stages missed their
 * deadlines, whether satisfaction reached the target — every sentence built from the figures.
 */

export interface AnalysisInput {
  locale: Locale;
  period: string;
  previousPeriod: string;
  figures: Figures;
  previous: Figures;
  categoryName: (code: string) => string;
}

interface Change {
  /** signed difference in the figure's own unit (count, or percentage points) */
  delta: number;
  text: string;
}

/** How each language says the report's sentences. */
interface Voice {
  volume(v: { period: string; received: number; change: Change; previousPeriod: string; previousReceived: number; accepted: number; notAccepted: number; resolved: number; closed: number }): string;
  nothing(period: string): string;
  categories(top: { name: string; count: number }[], share: string): string;
  rises(previousPeriod: string, rises: { name: string; delta: number }[]): string;
  timeliness(v: { rate: string; onTime: number; total: number; change: Change | null; previousPeriod: string }): string;
  noDeadlines: string;
  missed(stages: { stage: string; late: number; total: number }[]): string;
  acknowledged(median: string, p90: string): string;
  completion(v: { period: string; rate: string; completed: number; counted: number; excluded: number; change: Change | null }): string;
  noAccepted(period: string): string;
  satisfaction(v: { rate: string; satisfied: number; answers: number; target: string; gap: string | null; change: Change | null }): string;
  noSatisfaction(target: string): string;
  resolutions(total: number, firstTime: number, afterReview: number): string;
  repeatPlaces(count: number, places: string): string;
  repeatComplainants(count: number, complaints: number): string;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const signed = (n: number) => (n > 0 ? `+${n}` : `${n}`);

const en: Voice = {
  volume: (v) =>
    `In ${v.period}, ${plural(v.received, 'complaint was', 'complaints were')} received, ` +
    `${v.change.delta === 0 ? 'as many as' : v.change.delta > 0 ? `${v.change.text} more than` : `${v.change.text} fewer than`} in ${v.previousPeriod} (${v.previousReceived}). ` +
    `${v.accepted} accepted, ${v.notAccepted} not accepted; ${plural(v.resolved, 'resolution')} made and ${plural(v.closed, 'case')} closed.`,
  nothing: (period) => `No complaints were received in ${period}.`,
  categories: ([first, ...rest], share) =>
    `The most frequent category was ${first!.name} (${first!.count}, ${share} of all)` +
    (rest.length ? `, followed by ${rest.map((c) => `${c.name} (${c.count})`).join(' and ')}.` : '.'),
  rises: (previousPeriod, rises) =>
    rises.length
      ? `Compared with ${previousPeriod}, the largest rises were ${rises.map((r) => `${r.name} (${signed(r.delta)})`).join(', ')}.`
      : `No category rose compared with ${previousPeriod}.`,
  timeliness: (v) =>
    `${v.rate} of the stage deadlines that ended were met (${v.onTime} of ${v.total})` +
    (v.change ? `, ${v.change.delta === 0 ? 'the same as' : `${v.change.delta > 0 ? 'up' : 'down'} ${v.change.text} from`} ${v.previousPeriod}.` : '.'),
  noDeadlines: 'No stage deadline ended in the period.',
  missed: (stages) =>
    stages.length
      ? `Deadlines missed most: ${stages.map((s) => `${s.stage} (${s.late} of ${s.total} late)`).join(', ')}.`
      : 'No stage deadline was missed.',
  acknowledged: (median, p90) => `Complaints were acknowledged in a median of ${median} (90th percentile ${p90}).`,
  completion: (v) =>
    `${v.rate} of the complaints accepted in ${v.period} were completed by its end (${v.completed} of ${v.counted}` +
    `${v.excluded ? `; ${v.excluded} withdrawn or merged not counted` : ''})` +
    (v.change ? `, ${v.change.delta === 0 ? 'unchanged' : `${v.change.delta > 0 ? 'up' : 'down'} ${v.change.text}`}` : '') +
    `${v.counted > v.completed ? `; ${v.counted - v.completed} still being handled or closed unresolved.` : '.'}`,
  noAccepted: (period) => `No complaint was accepted in ${period}, so there is no completion rate.`,
  satisfaction: (v) =>
    `Satisfaction was ${v.rate} (${v.satisfied} of ${plural(v.answers, 'answer')})` +
    (v.gap ? `, ${v.gap} below the ${v.target} target` : `, meeting the ${v.target} target`) +
    (v.change ? ` (${v.change.delta === 0 ? 'unchanged' : `${v.change.delta > 0 ? 'up' : 'down'} ${v.change.text}`}).` : '.'),
  noSatisfaction: (target) => `No satisfaction answers were recorded, so the ${target} target cannot be judged.`,
  resolutions: (total, firstTime, afterReview) =>
    `${firstTime} of ${plural(total, 'resolution')} ${total === 1 ? 'was' : 'were'} reached the first time; ${afterReview} came after a review.`,
  repeatPlaces: (count, places) => `${plural(count, 'place was', 'places were')} reported more than once (${places}): look for a common cause there.`,
  repeatComplainants: (count, complaints) =>
    `${plural(count, 'complainant', 'complainants')} complained more than once (${complaints} complaints in all): a return visit may help.`,
};

const zhHans: Voice = punctuated({
  volume: (v) =>
    `${v.period}共收到投诉${v.received}件,较${v.previousPeriod}(${v.previousReceived}件)` +
    `${v.change.delta === 0 ? '持平' : `${v.change.delta > 0 ? '增加' : '减少'}${v.change.text}件`};` +
    `受理${v.accepted}件,不予受理${v.notAccepted}件,处理完成${v.resolved}件次,结案${v.closed}件。`,
  nothing: (period) => `${period}未收到投诉。`,
  categories: ([first, ...rest], share) =>
    `投诉最多的类别是“${first!.name}”(${first!.count}件,占${share})` +
    (rest.length ? `,其次是${rest.map((c) => `“${c.name}”(${c.count}件)`).join('、')}。` : '。'),
  rises: (previousPeriod, rises) =>
    rises.length
      ? `较${previousPeriod}增加最多的是${rises.map((r) => `“${r.name}”(${signed(r.delta)}件)`).join('、')}。`
      : `各类别投诉均未较${previousPeriod}增加。`,
  timeliness: (v) =>
    `及时率为${v.rate}(结束计时的${v.total}项时限中${v.onTime}项按时)` +
    (v.change ? `,较${v.previousPeriod}${v.change.delta === 0 ? '持平' : `${v.change.delta > 0 ? '上升' : '下降'}${v.change.text}`}。` : '。'),
  noDeadlines: '本期没有结束计时的环节时限。',
  missed: (stages) =>
    stages.length ? `超时最多的环节:${stages.map((s) => `${s.stage}(${s.total}项中${s.late}项超时)`).join('、')}。` : '各环节均未超时。',
  acknowledged: (median, p90) => `受理确认用时中位数为${median},90分位数为${p90}。`,
  completion: (v) =>
    `${v.period}受理的投诉中,截至期末已办结${v.completed}件(计${v.counted}件` +
    `${v.excluded ? `,撤回或合并${v.excluded}件不计` : ''}),办结率${v.rate}` +
    (v.change ? `,较上期${v.change.delta === 0 ? '持平' : `${v.change.delta > 0 ? '上升' : '下降'}${v.change.text}`}` : '') +
    `${v.counted > v.completed ? `;其余${v.counted - v.completed}件尚在处理或以未解决结案。` : '。'}`,
  noAccepted: (period) => `${period}没有受理投诉,无办结率。`,
  satisfaction: (v) =>
    `满意率为${v.rate}(${v.answers}份评价中${v.satisfied}份满意),` +
    (v.gap ? `低于${v.target}的目标${v.gap}` : `达到${v.target}的目标`) +
    (v.change ? `;较上期${v.change.delta === 0 ? '持平' : `${v.change.delta > 0 ? '上升' : '下降'}${v.change.text}`}。` : '。'),
  noSatisfaction: (target) => `本期未记录满意度评价,无法判断是否达到${target}的目标。`,
  resolutions: (total, firstTime, afterReview) => `${total}次处理完成中,一次解决${firstTime}次,经复审后解决${afterReview}次。`,
  repeatPlaces: (count, places) => `有${count}处地点被多次投诉(${places}),建议排查共性原因。`,
  repeatComplainants: (count, complaints) => `有${count}位投诉人多次投诉(共${complaints}件),建议安排回访。`,
});

const zhHant: Voice = punctuated({
  volume: (v) =>
    `${v.period}共收到投訴${v.received}件,較${v.previousPeriod}(${v.previousReceived}件)` +
    `${v.change.delta === 0 ? '持平' : `${v.change.delta > 0 ? '增加' : '減少'}${v.change.text}件`};` +
    `受理${v.accepted}件,不予受理${v.notAccepted}件,處理完成${v.resolved}件次,結案${v.closed}件。`,
  nothing: (period) => `${period}未收到投訴。`,
  categories: ([first, ...rest], share) =>
    `投訴最多的類別是「${first!.name}」(${first!.count}件,佔${share})` +
    (rest.length ? `,其次是${rest.map((c) => `「${c.name}」(${c.count}件)`).join('、')}。` : '。'),
  rises: (previousPeriod, rises) =>
    rises.length
      ? `較${previousPeriod}增加最多的是${rises.map((r) => `「${r.name}」(${signed(r.delta)}件)`).join('、')}。`
      : `各類別投訴均未較${previousPeriod}增加。`,
  timeliness: (v) =>
    `及時率為${v.rate}(結束計時的${v.total}項時限中${v.onTime}項按時)` +
    (v.change ? `,較${v.previousPeriod}${v.change.delta === 0 ? '持平' : `${v.change.delta > 0 ? '上升' : '下降'}${v.change.text}`}。` : '。'),
  noDeadlines: '本期沒有結束計時的環節時限。',
  missed: (stages) =>
    stages.length ? `超時最多的環節:${stages.map((s) => `${s.stage}(${s.total}項中${s.late}項超時)`).join('、')}。` : '各環節均未超時。',
  acknowledged: (median, p90) => `受理確認用時中位數為${median},90分位數為${p90}。`,
  completion: (v) =>
    `${v.period}受理的投訴中,截至期末已辦結${v.completed}件(計${v.counted}件` +
    `${v.excluded ? `,撤回或合併${v.excluded}件不計` : ''}),辦結率${v.rate}` +
    (v.change ? `,較上期${v.change.delta === 0 ? '持平' : `${v.change.delta > 0 ? '上升' : '下降'}${v.change.text}`}` : '') +
    `${v.counted > v.completed ? `;其餘${v.counted - v.completed}件尚在處理或以未解決結案。` : '。'}`,
  noAccepted: (period) => `${period}沒有受理投訴,無辦結率。`,
  satisfaction: (v) =>
    `滿意率為${v.rate}(${v.answers}份評價中${v.satisfied}份滿意),` +
    (v.gap ? `低於${v.target}的目標${v.gap}` : `達到${v.target}的目標`) +
    (v.change ? `;較上期${v.change.delta === 0 ? '持平' : `${v.change.delta > 0 ? '上升' : '下降'}${v.change.text}`}。` : '。'),
  noSatisfaction: (target) => `本期未記錄滿意度評價,無法判斷是否達到${target}的目標。`,
  resolutions: (total, firstTime, afterReview) => `${total}次處理完成中,一次解決${firstTime}次,經複審後解決${afterReview}次。`,
  repeatPlaces: (count, places) => `有${count}處地點被多次投訴(${places}),建議排查共性原因。`,
  repeatComplainants: (count, complaints) => `有${count}位投訴人多次投訴(共${complaints}件),建議安排回訪。`,
});

const VOICES: Record<Locale, Voice> = { en, 'zh-Hans': zhHans, 'zh-Hant': zhHant };

/** A rate's change in percentage points, or null when either side has none. */
function pointsChange(current: number | null, previous: number | null, words: Words): Change | null {
  if (current === null || previous === null) return null;
  const delta = Math.round((current - previous) * 1000) / 10;
  return { delta, text: words.points(Math.abs(delta).toFixed(1)) };
}

/** The analysis paragraphs, each a few sentences, in the report's language. */
export function analyse(input: AnalysisInput): string[] {
  const { figures: f, previous: p, period, previousPeriod } = input;
  const voice = VOICES[input.locale];
  const words = WORDS[input.locale];
  // Chinese sentences follow each other without a space
  const join = (sentences: string[]) => sentences.filter(Boolean).join(input.locale === 'en' ? ' ' : '');
  const paragraphs: string[] = [];

  const received = f.received - p.received;
  if (f.received || p.received) {
    const volume = voice.volume({
      period,
      received: f.received,
      change: { delta: received, text: String(Math.abs(received)) },
      previousPeriod,
      previousReceived: p.received,
      accepted: f.accepted,
      notAccepted: f.notAccepted,
      resolved: f.resolved,
      closed: f.closed.total,
    });
    paragraphs.push(join(f.received ? [volume, ...categorySentences(input, voice)] : [voice.nothing(period), volume]));
  } else {
    paragraphs.push(voice.nothing(period));
  }

  const t = f.timeliness;
  if (t.onTime + t.late) {
    const missed = t.stages
      .filter((s) => s.late > 0)
      .sort((a, b) => b.late - a.late || (a.rate ?? 1) - (b.rate ?? 1))
      .slice(0, 3)
      .map((s) => ({ stage: words.stages[s.stage], late: s.late, total: s.onTime + s.late }));
    const acknowledge = t.stages.find((s) => s.stage === 'acknowledge');
    paragraphs.push(
      join([
        voice.timeliness({ rate: percent(t.rate), onTime: t.onTime, total: t.onTime + t.late, change: pointsChange(t.rate, p.timeliness.rate, words), previousPeriod }),
        voice.missed(missed),
        acknowledge?.medianMinutes != null ? voice.acknowledged(duration(acknowledge.medianMinutes, words), duration(acknowledge.p90Minutes, words)) : '',
      ]),
    );
  } else {
    paragraphs.push(voice.noDeadlines);
  }

  const c = f.completion;
  paragraphs.push(
    c.rate === null
      ? voice.noAccepted(period)
      : voice.completion({
          period,
          rate: percent(c.rate),
          completed: c.completed,
          counted: c.accepted - c.excluded,
          excluded: c.excluded,
          change: pointsChange(c.rate, p.completion.rate, words),
        }),
  );

  const s = f.satisfaction;
  const target = wholePercent(s.target);
  const resolutions = f.resolutions.total ? voice.resolutions(f.resolutions.total, f.resolutions.firstTime, f.resolutions.afterReview) : '';
  const satisfaction =
    s.rate === null
      ? voice.noSatisfaction(target)
      : voice.satisfaction({
          rate: percent(s.rate),
          satisfied: s.satisfied,
          answers: s.answers,
          target,
          gap: s.meetsTarget ? null : words.points(((s.target - s.rate) * 100).toFixed(1)),
          change: pointsChange(s.rate, p.satisfaction.rate, words),
        });
  paragraphs.push(join([satisfaction, resolutions]));

  const repeats = [
    f.repeatPlaces.length
      ? voice.repeatPlaces(f.repeatPlaces.length, f.repeatPlaces.slice(0, 3).map((r) => `${r.place} ×${r.count}`).join(input.locale === 'en' ? ', ' : '、'))
      : '',
    f.repeatComplainants.complainants ? voice.repeatComplainants(f.repeatComplainants.complainants, f.repeatComplainants.complaints) : '',
  ];
  if (repeats.some(Boolean)) paragraphs.push(join(repeats));
  return paragraphs;
}

/** The leading categories, and those that rose most on the previous period. */
function categorySentences(input: AnalysisInput, voice: Voice): string[] {
  const { figures: f, previous: p } = input;
  const top = f.categories.slice(0, 3).map((c) => ({ name: input.categoryName(c.category), count: c.count }));
  const before = new Map(p.categories.map((c) => [c.category, c.count]));
  const rises = f.categories
    .map((c) => ({ code: c.category, delta: c.count - (before.get(c.category) ?? 0) }))
    .filter((r) => r.delta > 0)
    .sort((a, b) => b.delta - a.delta || (a.code < b.code ? -1 : 1))
    .slice(0, 3)
    .map((r) => ({ name: input.categoryName(r.code), delta: r.delta }));
  return [voice.categories(top, percent(f.categories[0]!.count / f.received)), voice.rises(input.previousPeriod, rises)];
}
