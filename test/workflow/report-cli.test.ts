import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../api/contract/events.ts';
import { prepareStore } from '../../api/bootstrap.ts';
import { readConfig } from '../../api/config.ts';
import { fromRoot } from '../../api/paths.ts';
import { toJson } from '../../api/reports/json.ts';
import { monthlyReport } from '../../api/reports/report.ts';
import { ComplaintDesk } from '../../api/service/complaints.ts';
import { at } from './walk.ts';

const run = promisify(execFile);
let dataDir: string;

/** Runs `npm run admin -- …` the way an operator does, against its own DATA_DIR. */
async function admin(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--disable-warning=ExperimentalWarning', fromRoot('api', 'cli.ts'), ...args], {
      env: { ...process.env, DATA_DIR: dataDir },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const openStore = () => prepareStore(readConfig({ DATA_DIR: dataDir }));

/**
 * October 2026 at the community office, filed and handled through the application at set
 * times: A is acknowledged in an hour, resolved, fed back and rated satisfied; B, by the same
 * caller, is acknowledged after 27 hours (late); C comes at 23:30 on 31 October; one complaint
 * in November and one at the hotel must stay out of October's community report.
 */
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'complaints-report-'));
  let now = at('2026-10-12 09:00');
  const store = await openStore();
  const desk = new ComplaintDesk(store, { now: () => now });
  const community = await desk.site('demo-community');
  const staff = { kind: 'staff', id: 'desk' } as const;
  const file = async (site: typeof community, category: string, phone?: string) => {
    const filed = await desk.file(site, { category, description: '投诉', place: {}, answers: {}, ...(phone ? { complainant: { name: '王芳', phone } } : {}) });
    return (await desk.findByReference(site, filed.body.reference))!.id;
  };
  const step = async (id: string, when: string, command: Parameters<ComplaintDesk['execute']>[2]) => {
    now = at(when);
    await desk.execute(community, id, command, staff);
  };

  const a = await file(community, 'facilities', '138 0000 4220');
  await step(a, '2026-10-12 10:00', { type: 'accept' });
  await step(a, '2026-10-13 15:00', { type: 'resolve', result: '已修复', basis: '物业服务合同' });
  await step(a, '2026-10-14 10:00', { type: 'send-feedback', channel: 'phone', message: '已告知' });
  await step(a, '2026-10-14 12:00', { type: 'record-satisfaction', rating: 'satisfied', via: 'phone' });
  now = at('2026-10-20 09:00');
  const b = await file(community, 'environment', '+86 13800004220');
  await step(b, '2026-10-21 12:00', { type: 'accept' });
  now = at('2026-10-31 23:30');
  await file(community, 'service-quality');
  now = at('2026-11-02 09:00');
  await file(community, 'facilities');
  now = at('2026-10-15 22:00', 'Asia/Hong_Kong');
  await file(await desk.site('demo-hotel'), 'noise', '13800004220');
  await store.close();
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('npm run admin -- report', () => {
  it('prints October’s report as JSON in the site’s language, the same as the report of the stored events', async () => {
    const { code, stdout } = await admin('report', '--site', 'demo-community', '--month', '2026-10');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.title).toBe('2026年10月投诉统计分析报告');
    // A, B, C; the November complaint and the hotel's do not count
    expect(report.figures).toMatchObject({ received: 3, accepted: 2, resolved: 1 });
    // A's acknowledgement and feedback on time, B's acknowledgement 27 h late → 2/3; A's return visit cancelled at closing
    expect(report.figures.timeliness).toMatchObject({ onTime: 2, late: 1, rate: 0.6667 });
    // A completed, B still accepted → 1/2
    expect(report.figures.completion).toEqual({ accepted: 2, excluded: 0, completed: 1, rate: 0.5 });
    expect(report.figures.satisfaction).toMatchObject({ satisfied: 1, answers: 1, rate: 1, meetsTarget: true });
    expect(report.figures.repeatComplainants).toEqual({ complainants: 1, complaints: 2, list: [{ contact: '138****4220', count: 2 }] });
    expect(stdout).not.toContain('13800004220');

    const store = await openStore();
    const chains: StoredEvent[][] = [];
    for await (const chain of store.eachEventChain()) chains.push(chain);
    const site = (await store.getSite('demo-community'))!;
    await store.close();
    expect(stdout).toBe(toJson(monthlyReport(site, chains, '2026-10', 'zh-Hans')));
  });

  it('writes CSV with a byte order mark and HTML in another language to files, the same bytes each time', { timeout: 20_000 }, async () => {
    const csvFile = join(dataDir, 'october.csv');
    const written = await admin('report', '--site', 'demo-community', '--month', '2026-10', '--format', 'csv', '--out', csvFile);
    expect(written).toMatchObject({ code: 0, stdout: `wrote the csv report of demo-community for 2026-10 to ${csvFile}\n` });
    const csv = readFileSync(csvFile);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.toString('utf8')).toContain('"received","收到投诉","3","0","3"\r\n');

    const htmlFile = join(dataDir, 'october.html');
    expect((await admin('report', '--site', 'demo-community', '--month', '2026-10', '--format', 'html', '--lang', 'en', '--out', htmlFile)).code).toBe(0);
    const html = readFileSync(htmlFile, 'utf8');
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Complaint statistics and analysis, October 2026');

    await admin('report', '--site', 'demo-community', '--month', '2026-10', '--format', 'csv', '--out', `${csvFile}.again`);
    expect(readFileSync(`${csvFile}.again`).equals(csv)).toBe(true);
  });

  it('gives the quarterly summary', async () => {
    const { code, stdout } = await admin('report', '--site', 'demo-community', '--quarter', '2026-Q4', '--lang', 'zh-Hant');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ kind: 'quarterly', title: '2026年第四季度投訴工作總結', figures: { received: 4 } });
    expect(report.months.map((m: { label: string; figures: { received: number } }) => [m.label, m.figures.received])).toEqual([
      ['2026-10', 3],
      ['2026-11', 1],
      ['2026-12', 0],
    ]);
  });

  it('explains a wrong call and exits 2', async () => {
    const site = ['report', '--site', 'demo-community'];
    const calls = [
      [[...site], 'give either --month YYYY-MM or --quarter YYYY-Qn'],
      [[...site, '--month', '2026-10', '--quarter', '2026-Q4'], 'give either --month YYYY-MM or --quarter YYYY-Qn'],
      [[...site, '--month', '2026-13'], '--month must be a month as YYYY-MM, e.g. 2026-10 (not "2026-13")'],
      [[...site, '--month'], '--month must be a month as YYYY-MM'],
      [[...site, '--quarter', '2026-Q5'], '--quarter must be a quarter as YYYY-Qn, e.g. 2026-Q4 (not "2026-Q5")'],
      [[...site, '--month', '2026-10', '--format', 'pdf'], '--format must be json, csv or html (not "pdf")'],
      [[...site, '--month', '2026-10', '--lang', 'fr'], '--lang must be one of en, zh-Hans, zh-Hant (not "fr")'],
      [['report', '--site', 'nowhere', '--month', '2026-10'], 'no site "nowhere"'],
    ] as const;
    const results = await Promise.all(calls.map(([args]) => admin(...args)));
    results.forEach((result, i) => {
      expect(result.code, calls[i]![0].join(' ')).toBe(2);
      expect(result.stderr).toContain(calls[i]![1]);
    });
  }, 30_000);

  it('is listed in the help', async () => {
    expect((await admin('help')).stdout).toContain('report --site SITE (--month YYYY-MM | --quarter YYYY-Qn)');
  });
});
