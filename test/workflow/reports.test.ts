import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../api/contract/events.ts';
import { toCsv } from '../../api/reports/csv.ts';
import { toHtml } from '../../api/reports/html.ts';
import { toJson } from '../../api/reports/json.ts';
import { monthPeriod, previousPeriod, quarterPeriod } from '../../api/reports/period.ts';
import { type Report, monthlyReport, quarterlyReport } from '../../api/reports/report.ts';
import { COMMUNITY, CommunityOctober } from '../reports/october.ts';
import { Walk, at } from './walk.ts';

const LOCALES = ['en', 'zh-Hans', 'zh-Hant'] as const;
const RENDERERS = { json: toJson, csv: toCsv, html: toHtml };

/** RFC 4180 records, quotes undone; a blank line is a record with one empty field. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (quoted && char === '"' && text[i + 1] === '"') {
      field += '"';
      i += 1;
    } else if (char === '"') {
      quoted = !quoted;
    } else if (!quoted && char === ',') {
      row.push(field);
      field = '';
    } else if (!quoted && char === '\r' && text[i + 1] === '\n') {
      rows.push([...row, field]);
      row = [];
      field = '';
      i += 1;
    } else {
      field += char;
    }
  }
  return rows;
}

/** The CSV's sections by title: header row, then data rows. */
function csvSections(csv: string): Map<string, string[][]> {
  const sections = new Map<string, string[][]>();
  let current: string[][] | null = null;
  for (const row of parseCsv(csv.slice(1))) {
    if (row.length === 1 && row[0] === '') current = null;
    else if (!current) sections.set(row[0]!, (current = []));
    else current.push(row);
  }
  return sections;
}

describe('the monthly report of October 2026 at the community office', () => {
  const month = new CommunityOctober();
  const report = monthlyReport(COMMUNITY, month.chains(), '2026-10', 'zh-Hans');

  it('covers the calendar month in Shanghai time and compares it with September', () => {
    expect(report).toMatchObject({
      kind: 'monthly',
      locale: 'zh-Hans',
      title: '2026年10月投诉统计分析报告',
      site: { key: 'demo-community', name: '阳光花园社区服务中心', timeZone: 'Asia/Shanghai' },
      satisfactionTarget: 0.95,
    });
    expect(report.period).toEqual({
      label: '2026-10',
      name: '2026年10月',
      from: '2026-09-30T16:00:00.000Z',
      to: '2026-10-31T16:00:00.000Z',
      firstDay: '2026-10-01',
      lastDay: '2026-10-31',
    });
    expect(report.previousPeriod).toMatchObject({ label: '2026-09', from: '2026-08-31T16:00:00.000Z', to: '2026-09-30T16:00:00.000Z', lastDay: '2026-09-30' });
  });

  it('sets each figure against the previous month (rates as fractions; change in fractions)', () => {
    const row = (figure: string) => report.comparison.find((c) => c.figure === figure);
    expect(row('received')).toEqual({ figure: 'received', kind: 'count', current: 12, previous: 4, change: 8 });
    expect(row('accepted')).toMatchObject({ current: 11, previous: 3, change: 8 });
    expect(row('resolved')).toMatchObject({ current: 9, previous: 3, change: 6 });
    // September closed S1 and S2
    expect(row('closed')).toMatchObject({ current: 7, previous: 2, change: 5 });
    // 33/39 against 8/9: 0.8462 − 0.8889
    expect(row('timeliness')).toEqual({ figure: 'timeliness', kind: 'rate', current: 0.8462, previous: 0.8889, change: -0.0427 });
    expect(row('completion')).toMatchObject({ current: 0.6, previous: 1, change: -0.4 });
    expect(row('satisfaction')).toMatchObject({ current: 0.6667, previous: 1, change: -0.3333 });
    expect(row('firstTimeResolution')).toMatchObject({ current: 0.8889, previous: 1, change: -0.1111 });
  });

  it('has a row per category and per department, busiest first, named in the report’s language', () => {
    expect(report.categories.map((r) => [r.code, r.name, r.figures.received])).toEqual([
      ['facilities', '公共设施', 4],
      ['repair-water-electric', '水电维修', 3],
      ['environment', '环境卫生', 2],
      ['service-quality', '服务质量', 2],
      ['fire', '火警', 1],
    ]);
    // S4 (registered in September) was accepted in October: facilities accepted 5 of its own
    expect(report.categories[0]!.figures).toMatchObject({ accepted: 5, resolved: 4, completion: { accepted: 5, completed: 2, rate: 0.4 } });
    expect(report.departments.map((r) => [r.code, r.name, r.figures.received])).toEqual([
      ['engineering', '工程维修部', 7],
      ['customer-service', '客户服务中心', 2],
      ['environment', '环境保洁部', 2],
      ['security', '秩序维护部', 1],
    ]);
    expect(report.trend.map((m) => [m.label, m.received, m.resolved])).toEqual([
      ['2026-05', 0, 0],
      ['2026-06', 0, 0],
      ['2026-07', 0, 0],
      ['2026-08', 0, 0],
      ['2026-09', 4, 3],
      ['2026-10', 12, 9],
    ]);
  });

  it('writes its analysis from the figures', () => {
    expect(report.analysis).toEqual([
      '2026年10月共收到投诉12件，较2026年9月（4件）增加8件；受理11件，不予受理1件，处理完成9件次，结案7件。' +
        '投诉最多的类别是“公共设施”（4件，占33.3%），其次是“水电维修”（3件）、“环境卫生”（2件）。' +
        '较2026年9月增加最多的是“水电维修”（+3件）、“公共设施”（+2件）、“环境卫生”（+1件）。',
      '及时率为84.6%（结束计时的39项时限中33项按时），较2026年9月下降4.3个百分点。' +
        '超时最多的环节：受理确认（12项中3项超时）、回访（3项中1项超时）、到场（4项中1项超时）。' +
        '受理确认用时中位数为1小时，90分位数为25小时。',
      '2026年10月受理的投诉中，截至期末已办结6件（计10件，撤回或合并1件不计），办结率60.0%，较上期下降40.0个百分点；其余4件尚在处理或以未解决结案。',
      '满意率为66.7%（9份评价中6份满意），低于95%的目标28.3个百分点；较上期下降33.3个百分点。9次处理完成中，一次解决8次，经复审后解决1次。',
      '有2处地点被多次投诉（3-3 ×2、5-1 / 502 ×2），建议排查共性原因。有2位投诉人多次投诉（共4件），建议安排回访。',
    ]);
    const english = monthlyReport(COMMUNITY, month.chains(), '2026-10', 'en');
    expect(english.analysis[3]).toBe(
      'Satisfaction was 66.7% (6 of 9 answers), 28.3 points below the 95% target (down 33.3 points). 8 of 9 resolutions were reached the first time; 1 came after a review.',
    );
    expect(english.analysis[1]).toContain('Deadlines missed most: Acknowledgement (3 of 12 late), Return visit (1 of 3 late), On site (1 of 4 late).');
    const traditional = monthlyReport(COMMUNITY, month.chains(), '2026-10', 'zh-Hant');
    expect(traditional.analysis[3]).toBe('滿意率為66.7%（9份評價中6份滿意），低於95%的目標28.3個百分點；較上期下降33.3個百分點。9次處理完成中，一次解決8次，經複審後解決1次。');
  });

  it('says so when there is nothing to judge', () => {
    const empty = monthlyReport(COMMUNITY, [], '2026-10', 'en');
    expect(empty.analysis).toEqual([
      'No complaints were received in October 2026.',
      'No stage deadline ended in the period.',
      'No complaint was accepted in October 2026, so there is no completion rate.',
      'No satisfaction answers were recorded, so the 95% target cannot be judged.',
    ]);
    expect(empty.figures.satisfaction.meetsTarget).toBeNull();
  });
});

describe('the report never changes once its month is over', () => {
  it('is byte-identical in every format and language after November’s events arrive', () => {
    const month = new CommunityOctober();
    const render = () =>
      LOCALES.flatMap((locale) => {
        const report = monthlyReport(COMMUNITY, month.chains(), '2026-10', locale);
        return Object.values(RENDERERS).map((to) => to(report));
      });
    const before = render();
    month.november();
    expect(month.chains().flat().some((e) => e.at >= '2026-10-31T16:00:00.000Z')).toBe(true);
    const after = render();
    expect(after).toHaveLength(9);
    after.forEach((text, i) => expect(text).toBe(before[i]));
  });

  it('renders the same report, and the same events recorded anew, to the same bytes', () => {
    const first = monthlyReport(COMMUNITY, new CommunityOctober().chains(), '2026-10', 'zh-Hans');
    // a second walk has other complaint ids and hashes: the report shows neither
    const second = monthlyReport(COMMUNITY, new CommunityOctober().chains(), '2026-10', 'zh-Hans');
    for (const to of Object.values(RENDERERS)) {
      expect(to(first)).toBe(to(first));
      expect(to(second)).toBe(to(first));
    }
  });
});

describe('the quarterly summary', () => {
  it('covers October to December and compares with the third quarter, month by month', () => {
    const month = new CommunityOctober();
    month.november();
    const quarter = quarterlyReport(COMMUNITY, month.chains(), '2026-Q4', 'zh-Hans');
    expect(quarter.title).toBe('2026年第四季度投诉工作总结');
    expect(quarter.period).toMatchObject({ label: '2026-Q4', from: '2026-09-30T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z', lastDay: '2026-12-31' });
    expect(quarter.previousPeriod).toMatchObject({ label: '2026-Q3', name: '2026年第三季度', from: '2026-06-30T16:00:00.000Z' });
    // October's 12 and N1 in November; resolved: October's 9, then C12, C3, C2 again
    expect(quarter.figures).toMatchObject({ received: 13, resolved: 12 });
    expect(quarter.previous.received).toBe(4);
    expect(quarter.months.map((m) => [m.label, m.figures.received, m.figures.resolved])).toEqual([
      ['2026-10', 12, 9],
      ['2026-11', 1, 3],
      ['2026-12', 0, 0],
    ]);
    // the quarter's cohort as at 31 December: C3, C12 completed since, C2 resolved again after its review; C11 and N1 accepted in November
    expect(quarter.figures.completion).toEqual({ accepted: 13, excluded: 1, completed: 9, rate: 0.75 });
  });
});

describe('the CSV', () => {
  const report = monthlyReport(COMMUNITY, new CommunityOctober().chains(), '2026-10', 'zh-Hans');
  const csv = toCsv(report);

  it('is RFC 4180 with a byte order mark: every field quoted, CRLF, a blank line between sections', () => {
    expect(csv.startsWith('\uFEFF"')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of csv.slice(1).split('\r\n').slice(0, -1)) {
      expect(line).toMatch(/^(?:"(?:[^"]|"")*"(?:,"(?:[^"]|"")*")*)?$/);
    }
    expect([...csvSections(csv).keys()]).toEqual([
      '报告信息',
      '主要指标',
      '结案情况',
      '各环节时效',
      '按投诉类别',
      '按责任部门',
      '按投诉渠道',
      '同一地点多次投诉',
      '同一投诉人多次投诉',
      '月度趋势',
      '情况分析',
    ]);
  });

  it('has the same totals as the JSON', () => {
    const json = JSON.parse(toJson(report)) as Report;
    const sections = csvSections(csv);
    const [summaryHeader, ...summary] = sections.get('主要指标')!;
    expect(summaryHeader).toEqual(['代码', '指标', '本期', '上期', '变化']);
    for (const compared of json.comparison) {
      const row = summary.find((r) => r[0] === compared.figure)!;
      const expected = compared.kind === 'count' ? [compared.current, compared.previous, compared.change].map(String) : [compared.current, compared.previous, compared.change].map((v) => (v! * 100).toFixed(2));
      expect(row.slice(2)).toEqual(expected);
    }
    const [, ...categories] = sections.get('按投诉类别')!;
    expect(categories.reduce((sum, r) => sum + Number(r[2]), 0)).toBe(json.figures.received);
    expect(categories.map((r) => [r[0], Number(r[2]), Number(r[4])])).toEqual(json.categories.map((c) => [c.code, c.figures.received, c.figures.resolved]));
    const [, ...departments] = sections.get('按责任部门')!;
    expect(departments.reduce((sum, r) => sum + Number(r[2]), 0)).toBe(json.figures.received);
    const [, ...stages] = sections.get('各环节时效')!;
    expect(stages.map((r) => [r[0], Number(r[2]), Number(r[3]), r[5] === '' ? null : Number(r[5])])).toEqual(
      json.figures.timeliness.stages.map((s) => [s.stage, s.onTime, s.late, s.medianMinutes]),
    );
    expect(stages.reduce((sum, r) => sum + Number(r[2]) + Number(r[3]), 0)).toBe(json.figures.timeliness.onTime + json.figures.timeliness.late);
    const [, ...outcomes] = sections.get('结案情况')!;
    expect(outcomes.reduce((sum, r) => sum + Number(r[2]), 0)).toBe(json.figures.closed.total);
    const [, ...places] = sections.get('同一地点多次投诉')!;
    expect(places).toEqual([
      ['3-3', '2'],
      ['5-1 / 502', '2'],
    ]);
    expect(sections.get('同一投诉人多次投诉')!.slice(1)).toEqual([
      ['138****4220', '2'],
      ['李*', '2'],
    ]);
  });
});

/** Two complaints naming the same place: it shows among the repeat places. */
function twiceAt(unit: string): StoredEvent[][] {
  return [1, 2].map((n) => {
    const walk = new Walk('demo-community');
    walk.file(at(`2026-10-0${n} 10:00`), { category: 'other', place: { unit }, complainant: null });
    return walk.events;
  });
}

describe('the HTML page', () => {
  const month = new CommunityOctober();
  const html = toHtml(monthlyReport(COMMUNITY, month.chains(), '2026-10', 'zh-Hans'));

  it('is one self-contained printable page: inline CSS and SVG, no script, nothing fetched', () => {
    expect(html.startsWith('<!doctype html>\n<html lang="zh-Hans">')).toBe(true);
    expect(html).toContain('@media print');
    expect(html).toContain('@page');
    // rates, trend, stages, categories, departments
    expect(html.match(/<svg /g)).toHaveLength(5);
    for (const fetches of ['<script', ' src=', 'href=', 'url(', '@import', '<link', '<img', '<iframe']) expect(html).not.toContain(fetches);
    expect(html.replaceAll('http://www.w3.org/2000/svg', '')).not.toMatch(/https?:/);
    expect(html).toContain('2026年10月投诉统计分析报告');
    expect(html).toContain('<span class="value">12</span>');
  });

  it('escapes every text taken from the data', () => {
    const hostile = {
      ...COMMUNITY,
      name: { ...COMMUNITY.name, 'zh-Hans': '<script>alert("site")</script>' },
      policy: {
        ...COMMUNITY.policy,
        categories: COMMUNITY.policy.categories.map((c) => (c.code === 'facilities' ? { ...c, name: { ...c.name, 'zh-Hans': '<b onclick="x">设施</b> & \'Co\'' } } : c)),
      },
    };
    const chains = [...month.chains(), ...twiceAt('<img src=x onerror=alert(1)>'), ...twiceAt('=HYPERLINK("evil")')];
    const report = monthlyReport(hostile, chains, '2026-10', 'zh-Hans');
    const page = toHtml(report);
    expect(page).not.toMatch(/<(?:script|b |img)/);
    expect(page).toContain('&lt;script&gt;alert（&quot;site&quot;）&lt;/script&gt;');
    expect(page).toContain('&lt;b onclick=&quot;x&quot;&gt;设施&lt;/b&gt; &amp; &#39;Co&#39;');
    expect(page).toContain('&lt;imgsrc=xonerror=alert(1)&gt;');
    // and a place a spreadsheet would run as a formula stays text in the CSV
    expect(toCsv(report)).toContain('"\'=hyperlink(""evil"")","2"');
  });
});

describe('calendar periods in the site’s time zone', () => {
  it('bounds months and quarters by local midnights, across daylight saving time too', () => {
    expect(monthPeriod('2026-10', 'Asia/Hong_Kong')).toMatchObject({ from: '2026-09-30T16:00:00.000Z', to: '2026-10-31T16:00:00.000Z' });
    expect(monthPeriod('2026-03', 'America/New_York')).toMatchObject({ from: '2026-03-01T05:00:00.000Z', to: '2026-04-01T04:00:00.000Z' });
    expect(quarterPeriod('2026-Q1', 'Europe/London')).toMatchObject({ from: '2026-01-01T00:00:00.000Z', to: '2026-03-31T23:00:00.000Z' });
    expect(previousPeriod(monthPeriod('2026-01', 'Asia/Shanghai'), 'Asia/Shanghai')).toMatchObject({ label: '2025-12', from: '2025-11-30T16:00:00.000Z' });
    expect(previousPeriod(quarterPeriod('2026-Q1', 'Asia/Shanghai'), 'Asia/Shanghai').label).toBe('2025-Q4');
  });

  it('refuses what is not a month or a quarter', () => {
    for (const bad of ['2026-13', '2026-1', '202610', '2026-10-01']) expect(() => monthPeriod(bad, 'Asia/Shanghai')).toThrow(RangeError);
    for (const bad of ['2026-Q5', '2026-Q0', '2026Q4', '2026-q4']) expect(() => quarterPeriod(bad, 'Asia/Shanghai')).toThrow(RangeError);
  });
});
