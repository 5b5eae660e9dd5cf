import { describe, expect, it } from 'vitest';
import { accountabilityForYear } from '../../api/workflow/accountability.ts';
import { routeByCategory } from '../../api/workflow/routing.ts';
import { COMPLAINANT, Walk, at, local } from './walk.ts';

// 清河县农业农村局: service commitment (001), conduct complaints (002 篇2), mediation (003).
// Working hours 08:30–12:00 and 14:30–17:30 on mainland China's working days.
describe('public service unit: notice in 2 working days, answer in 15, re-handled until satisfied (001)', () => {
  it('walks the commitment, seeks the complainant’s opinion on the plan, and reviews until satisfied', () => {
    const walk = new Walk('demo-bureau');
    // Friday 6 November 2026, 16:00
    walk.file(at('2026-11-06 16:00'), { category: 'service-quality', description: '窗口办理种子经营许可拖了一个月' });
    // 2 working days after Friday: Monday 9, Tuesday 10 → Tuesday 17:30
    expect(local(walk.clock('acknowledge').dueAt)).toBe('2026-11-10 17:30');
    walk.do({ type: 'accept', notice: '受理告知书:您的投诉已受理,将在15个工作日内反馈处理结果。' }, at('2026-11-09 09:00'));
    walk.do({ type: 'dispatch', department: 'general-office', assignee: '刘科长' }, at('2026-11-09 09:30'));
    // investigation within 2 working days: Tuesday 10, Wednesday 11
    expect(local(walk.clock('investigate').dueAt)).toBe('2026-11-11 17:30');
    // 15 working days after Monday 9 Nov: 10–13 (4), 16–20 (9), 23–27 (14), 30 (15)
    expect(local(walk.clock('resolve').dueAt)).toBe('2026-11-30 17:30');

    walk.do({ type: 'start-investigation' }, at('2026-11-10 10:00'));
    walk.do({ type: 'propose-plan', measures: '三个工作日内办结许可', responsibility: '审批科', schedule: '11月13日前', seekOpinion: true }, at('2026-11-10 15:00'));
    walk.do({ type: 'record-plan-opinion', agrees: true, comment: '同意' }, at('2026-11-10 16:00'), COMPLAINANT);
    walk.do({ type: 'start-work' }, at('2026-11-11 09:00'));
    walk.do({ type: 'add-note', note: '材料已补齐,正在审批', public: true }, at('2026-11-12 09:00'));
    walk.do({ type: 'resolve', result: '许可已办结', basis: '《种子法》第三十一条', improvement: '窗口实行限时办结' }, at('2026-11-13 11:00'));
    // result within 15 working days of completion: 16–20, 23–27, 30, 1–4 Dec → Friday 4 December
    expect(local(walk.clock('feedback').dueAt)).toBe('2026-12-04 17:30');
    walk.do({ type: 'send-feedback', channel: 'letter', message: '处理结果告知书' }, at('2026-11-16 09:00'));

    // dissatisfied → review (复审), round 1 — asked for by the complainant
    walk.do({ type: 'record-satisfaction', rating: 'dissatisfied', comment: '拖延无人问责', via: 'survey' }, at('2026-11-17 09:00'), COMPLAINANT);
    expect(walk.now.status).toBe('follow-up');
    walk.do({ type: 'reopen', reason: '对问责结果不满意' }, at('2026-11-17 09:05'), COMPLAINANT);
    expect(walk.now).toMatchObject({ status: 'reopened', reviewRound: 1, satisfaction: null });
    expect(walk.clock('resolve').running).toBe(true);

    const rehandle = (day: string) => {
      walk.do({ type: 'start-investigation' }, at(`${day} 09:00`));
      walk.do({ type: 'resolve', result: '对经办人进行了批评教育', basis: '首问负责制' }, at(`${day} 10:00`));
      walk.do({ type: 'send-feedback', channel: 'phone', message: '复审结果' }, at(`${day} 11:00`));
    };
    rehandle('2026-11-18');
    walk.do({ type: 'record-satisfaction', rating: 'dissatisfied', via: 'phone' }, at('2026-11-18 15:00'));
    // the second review
    walk.do({ type: 'reopen', reason: '仍不满意' }, at('2026-11-18 15:10'));
    expect(walk.now.reviewRound).toBe(2);
    rehandle('2026-11-19');
    walk.do({ type: 'record-satisfaction', rating: 'dissatisfied', via: 'phone' }, at('2026-11-19 15:00'));
    // no third review: a higher level takes it, and the round is still counted
    expect(walk.refused({ type: 'reopen', reason: '再次复审' }, at('2026-11-19 15:10')).code).toBe('review_limit_reached');
    const up = walk.do({ type: 'escalate', to: 'higher-level', note: '报局领导处理' }, at('2026-11-19 15:20'));
    // the return visit it was waiting for no longer counts
    expect(walk.types(up)).toEqual(['escalated', 'clock-stopped:returnVisit', 'reopened', 'clock-started:resolve']);
    expect(up[0]!.data).toMatchObject({ to: 'higher-level', reason: 'dissatisfied', level: 1 });
    expect(walk.now).toMatchObject({ status: 'reopened', reviewRound: 3, escalationLevel: 1 });
    rehandle('2026-11-20');
    walk.do({ type: 'record-satisfaction', rating: 'satisfied', via: 'survey' }, at('2026-11-23 09:00'), COMPLAINANT);
    expect(walk.now).toMatchObject({ status: 'closed', outcome: 'resolved' });
  });
});

describe('working days across the 2026 National Day holiday and its make-up days', () => {
  it('counts only the official working days, make-up weekends included', () => {
    // Wed 30 Sep 10:00; 1–7 Oct is the holiday; Thu 8 Oct is working day 1, Fri 9 Oct day 2 → Fri 9 Oct 17:30
    const beforeHoliday = new Walk('demo-bureau');
    beforeHoliday.file(at('2026-09-30 10:00'), { category: 'seeds' });
    expect(local(beforeHoliday.clock('acknowledge').dueAt)).toBe('2026-10-09 17:30');

    // Thu 8 Oct 10:00: Fri 9 Oct is day 1, Saturday 10 Oct is a make-up working day → day 2 → Sat 10 Oct 17:30
    const afterHoliday = new Walk('demo-bureau');
    afterHoliday.file(at('2026-10-08 10:00'), { category: 'seeds' });
    expect(local(afterHoliday.clock('acknowledge').dueAt)).toBe('2026-10-10 17:30');

    // Fri 18 Sep 10:00: Sunday 20 Sep is a make-up working day → day 1, Mon 21 Sep day 2
    const makeUpSunday = new Walk('demo-bureau');
    makeUpSunday.file(at('2026-09-18 10:00'), { category: 'seeds' });
    expect(local(makeUpSunday.clock('acknowledge').dueAt)).toBe('2026-09-21 17:30');

    // 15 working days from Mon 28 Sep (the result of the commitment): 29, 30 Sep (2); [1–7 Oct holiday]
    // 8, 9, 10 (Sat, make-up) Oct (5); 12–16 (10); 19–23 (15) → Fri 23 Oct 17:30
    const commitment = new Walk('demo-bureau');
    commitment.file(at('2026-09-28 09:00'), { category: 'seeds' });
    commitment.do({ type: 'accept' }, at('2026-09-28 09:30'));
    commitment.do({ type: 'dispatch', department: 'seed-station', assignee: '种子站王站长' }, at('2026-09-28 10:00'));
    expect(local(commitment.clock('resolve').dueAt)).toBe('2026-10-23 17:30');
  });

  it('stands the clock still while waiting on the complainant, and keeps the working time that was left', () => {
    const walk = new Walk('demo-bureau');
    walk.file(at('2026-09-30 10:00'), { category: 'fertiliser' });
    expect(local(walk.clock('acknowledge').dueAt)).toBe('2026-10-09 17:30');
    // asked on Fri 9 Oct 11:00: 1 h before lunch and 3 h after were left
    const asked = walk.do({ type: 'request-information', question: '请提供购买肥料的发票照片' }, at('2026-10-09 11:00'));
    expect(walk.types(asked)).toEqual(['information-requested', 'clocks-paused']);
    expect(walk.now.status).toBe('awaiting-information');
    // while paused nothing rings, however late it gets
    expect(walk.tick(at('2026-10-11 12:00'))).toEqual([]);
    // answered Mon 12 Oct 09:00: 4 working hours from then are 09:00–12:00 and 14:30–15:30
    const answered = walk.do({ type: 'provide-information', text: '发票已上传' }, at('2026-10-12 09:00'), COMPLAINANT);
    expect(walk.types(answered)).toEqual(['information-provided', 'clocks-resumed']);
    expect(walk.now.status).toBe('registered');
    expect(local(walk.clock('acknowledge').dueAt)).toBe('2026-10-12 15:30');
  });

  it('moves a deadline only with a reason and an approver, and only later', () => {
    const walk = new Walk('demo-bureau');
    walk.file(at('2026-11-02 09:00'), { category: 'fruit' });
    walk.do({ type: 'accept' }, at('2026-11-02 09:30'));
    walk.do({ type: 'dispatch', department: 'fruit-centre', assignee: '水果中心陈主任' }, at('2026-11-02 10:00'));
    const due = walk.clock('resolve').dueAt;
    expect(walk.refused({ type: 'extend-deadline', stage: 'resolve', until: '2026-11-05T09:00:00Z', reason: '需检测', approvedBy: '局长' }, at('2026-11-03 10:00')).code).toBe('extension_not_later');
    expect(walk.refused({ type: 'extend-deadline', stage: 'feedback', by: { amount: 5, unit: 'workingDays' }, reason: '需检测', approvedBy: '局长' }, at('2026-11-03 10:00')).code).toBe('no_such_clock');
    walk.do({ type: 'extend-deadline', stage: 'resolve', by: { amount: 5, unit: 'workingDays' }, reason: '需送检果品样本', approvedBy: '局长' }, at('2026-11-03 10:00'));
    // 15 working days after Mon 2 Nov end Mon 23 Nov; 5 more working days: 24–27, 30 → Mon 30 Nov
    expect(local(due)).toBe('2026-11-23 17:30');
    expect(local(walk.clock('resolve').dueAt)).toBe('2026-11-30 17:30');
    const extended = walk.events.at(-1)!;
    expect(extended.type === 'deadline-extended' && extended.data).toMatchObject({ reason: '需送检果品样本', approvedBy: '局长' });
  });
});

describe('agriculture bureau: ten subject routes and mediation (003)', () => {
  it('routes each subject to its station', () => {
    const walk = new Walk('demo-bureau');
    const stations = Object.fromEntries(
      ['seeds', 'fertiliser', 'fruit', 'pesticide-damage', 'cash-crops', 'main-crops', 'environmental-pollution', 'produce-quality', 'sericulture', 'fake-inputs'].map(
        (subject) => [subject, routeByCategory(walk.site.policy, subject)?.department],
      ),
    );
    expect(stations).toEqual({
      seeds: 'seed-station',
      fertiliser: 'soil-fertiliser-station',
      fruit: 'fruit-centre',
      'pesticide-damage': 'plant-protection-station',
      'cash-crops': 'cash-crop-station',
      'main-crops': 'township-extension',
      'environmental-pollution': 'environment-monitoring-station',
      'produce-quality': 'produce-testing-station',
      sericulture: 'sericulture-station',
      'fake-inputs': 'law-enforcement-brigade',
    });
  });

  const mediation = () => {
    const walk = new Walk('demo-bureau');
    walk.file(at('2026-11-02 09:00'), { category: 'seeds', answers: { mediation: 'yes' }, description: '购买的玉米种子出苗率不足三成' });
    walk.do({ type: 'accept' }, at('2026-11-02 10:00'));
    walk.do({ type: 'dispatch', department: 'seed-station', assignee: '种子站王站长' }, at('2026-11-02 10:30'));
    walk.do({ type: 'assess-mediation', eligible: true, note: '材料齐全,符合调解条件,立卷', fileNumber: '清农调〔2026〕17号' }, at('2026-11-03 09:00'));
    expect(walk.now.status).toBe('in-mediation');
    return walk;
  };

  it('mediates to a signed agreement, closed as mediated', () => {
    const walk = mediation();
    expect(walk.refused({ type: 'record-mediation-agreement', text: '协议', parties: ['张三'], signedAt: '2026-11-10T02:00:00Z' }, at('2026-11-10 10:00')).code).toBe('invalid_value');
    walk.do(
      { type: 'record-mediation-agreement', text: '种业公司赔偿张三种子款及损失共计8600元,于11月30日前付清。', parties: ['张三(农户)', '清河丰收种业有限公司'], signedAt: at('2026-11-10 10:00').toISOString() },
      at('2026-11-10 10:30'),
    );
    expect(walk.now.status).toBe('mediated');
    expect(walk.refused({ type: 'close', outcome: 'resolved' }, at('2026-12-01 10:00')).code).toBe('invalid_value');
    walk.do({ type: 'close', outcome: 'mediated', note: '协议已履行' }, at('2026-12-01 10:00'));
    walk.do({ type: 'archive' }, at('2026-12-01 11:00'));
    expect(walk.now.status).toBe('archived');
  });

  it('a failed mediation advises court or arbitration; parties may also settle on their own', () => {
    const failed = mediation();
    failed.do({ type: 'record-mediation-failure', advice: 'court', note: '双方分歧较大,建议向人民法院起诉' }, at('2026-11-10 10:00'));
    expect(failed.now.status).toBe('mediation-failed');
    failed.do({ type: 'close', outcome: 'referred' }, at('2026-11-10 11:00'));
    expect(failed.now.outcome).toBe('referred');

    const settled = mediation();
    settled.do({ type: 'record-settlement', text: '双方自行和解,签订和解协议' }, at('2026-11-05 10:00'));
    settled.do({ type: 'close', outcome: 'settled' }, at('2026-11-05 11:00'));
    expect(settled.now).toMatchObject({ status: 'closed', outcome: 'settled' });
  });

  it('not eligible for mediation: explained, and handled as usual', () => {
    const walk = new Walk('demo-bureau');
    walk.file(at('2026-11-02 09:00'), { category: 'fake-inputs' });
    walk.do({ type: 'accept' }, at('2026-11-02 10:00'));
    walk.do({ type: 'dispatch', department: 'law-enforcement-brigade', assignee: '执法大队' }, at('2026-11-02 10:30'));
    walk.do({ type: 'assess-mediation', eligible: false, note: '涉嫌销售假农药,依法立案查处,不适用调解' }, at('2026-11-02 11:00'));
    expect(walk.now.status).toBe('dispatched');
  });
});

describe('finance bureau: conduct complaints about named staff (002 篇2)', () => {
  it('counts substantiated findings per person per calendar year and maps them to the measures', () => {
    const walk = new Walk('demo-bureau');
    walk.file(at('2026-03-02 09:00'), { category: 'conduct', answers: { subject: '窗口张三', 'conduct-kind': 'eat-take-hold-ask' }, subject: '张三' });
    walk.do({ type: 'accept' }, at('2026-03-02 10:00'));
    walk.do({ type: 'dispatch', department: 'supervision-office', assignee: '监督科' }, at('2026-03-02 10:30'));
    walk.do({ type: 'start-investigation' }, at('2026-03-03 09:00'));
    walk.do({ type: 'record-finding', staffMember: '张三', substantiated: true, note: '事实清楚,证据确凿' }, at('2026-03-10 09:00'));
    const finding = walk.events.at(-1)!;
    // the finding names the staff member, never the complainant
    expect(JSON.stringify(finding)).not.toContain('王芳');
    expect(JSON.stringify(finding)).not.toContain('13800004220');

    const findings = [
      { staffMember: '张三', substantiated: true, at: '2025-12-31T15:30:00Z' }, // 23:30 on 31 Dec 2025 in Shanghai: last year
      { staffMember: '张三', substantiated: true, at: '2025-12-31T16:30:00Z' }, // 00:30 on 1 Jan 2026 in Shanghai
      { staffMember: '张三', substantiated: true, at: finding.at },
      { staffMember: '张三', substantiated: true, at: '2026-06-01T02:00:00Z' },
      { staffMember: '张三', substantiated: false, at: '2026-07-01T02:00:00Z' },
      { staffMember: '李四', substantiated: true, at: '2026-05-01T02:00:00Z' },
      { staffMember: '赵六', substantiated: true, at: '2026-05-01T02:00:00Z' },
      { staffMember: '赵六', substantiated: true, at: '2026-08-01T02:00:00Z' },
      ...Array.from({ length: 5 }, (_, i) => ({ staffMember: '王五', substantiated: true, at: `2026-0${i + 1}-15T02:00:00Z` })),
    ];
    const records = accountabilityForYear(findings, 2026, 'Asia/Shanghai', walk.site.policy.accountability);
    expect(records.map((r) => [r.staffMember, r.count, r.measure?.measure['zh-Hans']])).toEqual([
      ['王五', 5, '待岗处理,只发基本工资,停发单位一切福利;情节严重的,报上级给予组织纪律处分'],
      ['张三', 3, '当年年度考核不合格'],
      ['赵六', 2, '公开批评,本人作出书面检讨'],
      ['李四', 1, '由指定领导进行谈心教育'],
    ]);
  });
});
