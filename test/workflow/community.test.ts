import { describe, expect, it } from 'vitest';
import { COMPLAINANT, Walk, at, local } from './walk.ts';

// 阳光花园社区 (seeds 000, 002 篇1, 003 property): confirm in 24 h, investigate in 48 h,
// result within 7 working days, return visit 3–5 days later; on site in 3 / 15 minutes.
describe('community office: the whole procedure (000)', () => {
  it('registers, confirms in 24 h, investigates in 48 h, answers in 7 working days, visits back, closes and files', () => {
    const walk = new Walk('demo-community');
    // Monday 2 November 2026, 10:00
    const registered = walk.file(at('2026-11-02 10:00'), { category: 'facilities', description: '5号楼电梯按钮失灵', place: { unit: '5-1' } });
    expect(walk.types(registered)).toEqual(['registered', 'clock-started:acknowledge']);
    expect(walk.now.department).toBe('engineering');
    // 24 wall-clock hours; the warning when three quarters are gone, 6 hours before
    expect(local(walk.clock('acknowledge').dueAt)).toBe('2026-11-03 10:00');
    expect(local(walk.clock('acknowledge').warnAt)).toBe('2026-11-03 04:00');

    walk.do({ type: 'accept', notice: '您的投诉已受理,将于 10 个工作日内处理完毕。' }, at('2026-11-02 15:00'));
    expect(walk.stopped('acknowledge')).toBe(true);

    const dispatched = walk.do({ type: 'dispatch', department: 'engineering', assignee: '李师傅', requirements: '查明原因,尽快修复' }, at('2026-11-02 15:30'));
    expect(walk.types(dispatched)).toEqual(['dispatched', 'clock-started:investigate', 'clock-started:resolve']);
    // 48 hours to begin the investigation
    expect(local(walk.clock('investigate').dueAt)).toBe('2026-11-04 15:30');
    // 10 working days after Monday 2 Nov: 3,4,5,6, 9,10,11,12,13, 16 → Monday 16 Nov at closing time
    expect(local(walk.clock('resolve').dueAt)).toBe('2026-11-16 17:30');

    walk.do({ type: 'start-investigation', note: '现场检查,按钮线路老化' }, at('2026-11-03 09:00'));
    expect(walk.stopped('investigate')).toBe(true);
    walk.do({ type: 'propose-plan', measures: '更换按钮面板', responsibility: '工程维修部李师傅', schedule: '11月5日前完成', seekOpinion: false }, at('2026-11-03 11:00'));
    walk.do({ type: 'start-work' }, at('2026-11-04 09:00'));
    walk.do({ type: 'add-note', note: '配件已到,明日更换', public: true }, at('2026-11-04 16:00'));

    const resolved = walk.do({ type: 'resolve', result: '已更换按钮面板', basis: '物业服务合同第十二条', improvement: '每月巡检电梯按钮' }, at('2026-11-05 16:00'));
    expect(walk.types(resolved)).toEqual(['resolved', 'clock-stopped:resolve', 'clock-started:feedback']);
    expect(walk.stopped('resolve')).toBe(true);
    // 7 working days after Thursday 5 Nov: 6, 9,10,11,12,13, 16 → Monday 16 Nov 17:30
    expect(local(walk.clock('feedback').dueAt)).toBe('2026-11-16 17:30');

    walk.do({ type: 'send-feedback', channel: 'phone', message: '已电话告知处理结果' }, at('2026-11-06 10:00'));
    expect(walk.now.status).toBe('follow-up');
    expect(walk.stopped('feedback')).toBe(true);
    // return visit 3–5 days after: not before Monday 9 Nov 10:00, at the latest Wednesday 11 Nov 10:00
    expect(local(walk.clock('returnVisit').notBefore!)).toBe('2026-11-09 10:00');
    expect(local(walk.clock('returnVisit').dueAt)).toBe('2026-11-11 10:00');

    expect(walk.refused({ type: 'record-return-visit', note: '回访', rectified: true }, at('2026-11-08 10:00')).code).toBe('return_visit_too_early');
    const visited = walk.do({ type: 'record-return-visit', note: '电梯运行正常', rectified: true, rating: 'satisfied' }, at('2026-11-10 10:00'));
    expect(walk.types(visited)).toEqual(['return-visit-recorded', 'clock-stopped:returnVisit', 'satisfaction-recorded', 'closed']);
    expect(walk.stopped('returnVisit')).toBe(true);
    expect(walk.now).toMatchObject({ status: 'closed', outcome: 'resolved', satisfaction: 'satisfied' });

    walk.do({ type: 'archive' }, at('2026-11-10 11:00'));
    expect(walk.now.status).toBe('archived');
    expect(walk.refused({ type: 'add-note', note: 'x', public: false }, at('2026-11-10 12:00')).code).toBe('illegal_transition');
  });

  it('warns when three quarters of the 24 hours are gone, breaches at the deadline, escalates to the supervisor, each once', () => {
    const walk = new Walk('demo-community');
    walk.file(at('2026-11-02 10:00'), { category: 'service-quality' });
    expect(walk.tick(at('2026-11-02 20:00'))).toEqual([]);
    expect(walk.types(walk.tick(at('2026-11-03 04:00')))).toEqual(['deadline-warned']);
    expect(walk.tick(at('2026-11-03 05:00'))).toEqual([]);
    const breach = walk.tick(at('2026-11-03 10:00'));
    expect(walk.types(breach)).toEqual(['deadline-breached', 'escalated']);
    expect(breach[1]!.data).toEqual({ to: 'supervisor', recipient: 'property-manager', reason: 'breach', level: 1, stage: 'acknowledge' });
    expect(walk.tick(at('2026-11-03 11:00'))).toEqual([]);
    walk.do({ type: 'accept' }, at('2026-11-03 12:00'));
    expect(walk.stopped('acknowledge')).toBe(false);
  });
});

describe('property office response times (002 篇1 6, 003 property hotline)', () => {
  it('fire: the responsible people on site within 3 minutes, day or night, and the manager told at once', () => {
    const walk = new Walk('demo-community');
    const events = walk.file(at('2026-11-07 22:00'), { category: 'fire', description: '3号楼地下车库冒烟' });
    expect(walk.types(events)).toEqual(['registered', 'clock-started:acknowledge', 'clock-started:onSite', 'escalated']);
    expect(events[3]!.data).toMatchObject({ to: 'manager', recipient: 'property-manager', reason: 'major' });
    expect(walk.clock('onSite').dueAt).toBe(at('2026-11-07 22:03').toISOString());
    // three quarters of 3 minutes: 2 min 15 s
    expect(walk.clock('onSite').warnAt).toBe(new Date(at('2026-11-07 22:02').getTime() + 15_000).toISOString());
    walk.do({ type: 'arrive-on-site', note: '保安已到场,已拨打119' }, at('2026-11-07 22:02'));
    expect(walk.stopped('onSite')).toBe(true);
  });

  it('water or electricity repair: on site within 15 minutes even on a Saturday; late arrival is a breach', () => {
    const walk = new Walk('demo-community');
    walk.file(at('2026-11-07 09:00'), { category: 'repair-water-electric', answers: { 'still-happening': 'yes' } });
    expect(local(walk.clock('onSite').dueAt)).toBe('2026-11-07 09:15');
    expect(walk.types(walk.tick(at('2026-11-07 09:15')))).toEqual(['deadline-breached', 'escalated']);
    walk.do({ type: 'arrive-on-site' }, at('2026-11-07 09:20'));
    expect(walk.stopped('onSite')).toBe(false);
  });

  it('what can be solved at once is solved and told at once', () => {
    const walk = new Walk('demo-community');
    walk.file(at('2026-11-02 10:00'), { category: 'environment' });
    walk.do({ type: 'accept' }, at('2026-11-02 10:05'));
    walk.do({ type: 'resolve', result: '已清理', basis: '保洁作业标准' }, at('2026-11-02 10:30'));
    walk.do({ type: 'send-feedback', channel: 'phone', message: '垃圾已清理' }, at('2026-11-02 10:35'));
    walk.do({ type: 'record-satisfaction', rating: 'satisfied', via: 'survey' }, at('2026-11-02 12:00'), COMPLAINANT);
    expect(walk.now.status).toBe('closed');
    // the return visit no longer counts once the case is closed
    expect(walk.stopped('returnVisit')).toBeNull();
  });
});
