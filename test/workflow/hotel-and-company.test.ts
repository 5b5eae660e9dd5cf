import { describe, expect, it } from 'vitest';
import { TRANSITIONS } from '../../api/workflow/transitions.ts';
import { COMPLAINANT, STAFF, Walk, at } from './walk.ts';

const hk = (time: string) => at(time, 'Asia/Hong_Kong');

describe('hotel front desk (002 篇3)', () => {
  it('an important guest’s complaint goes to the general manager at once', () => {
    const walk = new Walk('demo-hotel');
    // the duty manager registers a walk-in complaint for a VIP guest
    const events = walk.file(
      hk('2026-11-21 23:10'),
      { category: 'noise', channel: 'walk-in', vip: true, complainant: { name: '陳先生' }, place: { room: '2808' }, description: '隔壁房間深夜喧嘩' },
      STAFF,
    );
    expect(walk.types(events)).toEqual(['registered', 'clock-started:acknowledge', 'escalated']);
    expect(events[2]!.data).toEqual({ to: 'manager', recipient: 'general-manager', reason: 'vip', level: 1 });
    expect(walk.now).toMatchObject({ channel: 'walk-in', vip: true });
  });

  it('a serious complaint found later goes up at once when it is classified', () => {
    const walk = new Walk('demo-hotel');
    walk.file(hk('2026-11-21 12:00'), { category: 'food-beverage', complainant: { name: 'Ms Lee' } });
    expect(walk.now.severity).toBe('normal');
    const classified = walk.do({ type: 'classify', severity: 'major', priority: 'urgent', vip: false }, hk('2026-11-21 12:05'));
    expect(walk.types(classified)).toEqual(['classified', 'escalated']);
    expect(classified[1]!.data).toMatchObject({ to: 'manager', recipient: 'general-manager', reason: 'major' });
    // classifying again as major does not escalate twice
    expect(walk.types(walk.do({ type: 'classify', severity: 'major', priority: 'urgent', vip: false }, hk('2026-11-21 12:06')))).toEqual(['classified']);
  });

  it('listens, answers at once, asks the guest’s view, and files only with the general manager’s sign-off', () => {
    const walk = new Walk('demo-hotel');
    walk.file(hk('2026-11-21 20:00'), { category: 'room', complainant: { name: '陳大文' }, place: { room: '1208' } });
    // a hotel counts every minute of every day: 15 minutes to acknowledge
    expect(walk.clock('acknowledge').dueAt).toBe(hk('2026-11-21 20:15').toISOString());
    walk.do({ type: 'accept' }, hk('2026-11-21 20:05'));
    walk.do({ type: 'resolve', result: '已為客人更換房間並致歉', basis: '客房服務標準' }, hk('2026-11-21 20:30'));
    walk.do({ type: 'send-feedback', channel: 'in-person', message: '當面致歉並告知處理結果' }, hk('2026-11-21 20:35'));
    walk.do({ type: 'record-satisfaction', rating: 'satisfied', via: 'phone' }, hk('2026-11-21 21:40'));
    expect(walk.now.status).toBe('closed');
    expect(walk.refused({ type: 'archive' }, hk('2026-11-22 09:00')).code).toBe('sign_off_required');
    walk.do({ type: 'archive', signedOffBy: '總經理 何志明' }, hk('2026-11-22 09:00'));
    expect(walk.now.status).toBe('archived');
  });
});

describe('company procedure: severity first, then review, second review, higher level (003)', () => {
  it('classifies, handles, reviews twice, then a higher level; the rounds are counted', () => {
    const walk = new Walk('demo-community');
    walk.file(at('2026-11-02 09:00'), { category: 'service-quality' });
    walk.do({ type: 'accept' }, at('2026-11-02 09:30'));
    walk.do({ type: 'classify', severity: 'major', priority: 'high', vip: false }, at('2026-11-02 09:40'));
    walk.do({ type: 'dispatch', department: 'customer-service', assignee: '客服主管' }, at('2026-11-02 10:00'));
    const handle = (day: string) => {
      walk.do({ type: 'propose-plan', measures: '赔偿并道歉', responsibility: '客服部', schedule: '三日内', seekOpinion: false }, at(`${day} 10:00`));
      walk.do({ type: 'start-work' }, at(`${day} 11:00`));
      walk.do({ type: 'resolve', result: '已赔偿', basis: '服务承诺' }, at(`${day} 15:00`));
      walk.do({ type: 'send-feedback', channel: 'phone', message: '处理结果' }, at(`${day} 16:00`));
      walk.do({ type: 'record-satisfaction', rating: 'dissatisfied', via: 'survey' }, at(`${day} 17:00`), COMPLAINANT);
    };
    handle('2026-11-03');
    walk.do({ type: 'reopen', reason: '复审' }, at('2026-11-04 09:00'));
    handle('2026-11-04');
    walk.do({ type: 'reopen', reason: '第二次复审' }, at('2026-11-05 09:00'));
    handle('2026-11-05');
    expect(walk.refused({ type: 'reopen', reason: '第三次' }, at('2026-11-06 09:00')).code).toBe('review_limit_reached');
    walk.do({ type: 'escalate', to: 'higher-level', note: '提交公司管理层' }, at('2026-11-06 09:10'));
    expect(walk.now).toMatchObject({ reviewRound: 3, escalationLevel: 2, status: 'reopened' });
  });

  it('a closed complaint can be reopened for review within the window, not after', () => {
    const walk = new Walk('demo-community');
    walk.file(at('2026-11-02 09:00'), { category: 'environment' });
    walk.do({ type: 'accept' }, at('2026-11-02 09:10'));
    walk.do({ type: 'resolve', result: '已清理', basis: '保洁标准' }, at('2026-11-02 10:00'));
    walk.do({ type: 'send-feedback', channel: 'phone', message: '已清理' }, at('2026-11-02 10:10'));
    walk.do({ type: 'close', outcome: 'resolved' }, at('2026-11-02 11:00'));
    // 15 days to ask for a review
    expect(walk.refused({ type: 'reopen', reason: '又脏了' }, at('2026-11-18 09:00'), COMPLAINANT).code).toBe('reopen_window_passed');
    walk.do({ type: 'reopen', reason: '又脏了' }, at('2026-11-16 09:00'), COMPLAINANT);
    expect(walk.now).toMatchObject({ status: 'reopened', reviewRound: 1, closedAt: null });
  });
});

describe('the transition table', () => {
  it('refuses a command the status does not allow, with a typed code, and changes nothing', () => {
    const walk = new Walk('demo-community');
    walk.file(at('2026-11-02 09:00'), { category: 'facilities' });
    const before = walk.now;
    expect(walk.refused({ type: 'resolve', result: 'x', basis: 'y' }, at('2026-11-02 09:05'))).toEqual({
      code: 'illegal_transition',
      message: 'cannot resolve a complaint that is registered',
    });
    expect(walk.refused({ type: 'send-feedback', channel: 'phone', message: 'x' }, at('2026-11-02 09:05')).code).toBe('illegal_transition');
    expect(walk.now).toBe(before);
  });

  it('lets the complainant do only what is theirs, and only the clock raise deadlines', () => {
    const walk = new Walk('demo-community');
    walk.file(at('2026-11-02 09:00'), { category: 'facilities' });
    expect(walk.refused({ type: 'accept' }, at('2026-11-02 09:05'), COMPLAINANT).code).toBe('not_allowed_for_actor');
    expect(walk.refused({ type: 'raise-deadlines' }, at('2026-11-02 09:05'), STAFF).code).toBe('not_allowed_for_actor');
    walk.do({ type: 'withdraw', reason: '已自行解决' }, at('2026-11-02 09:10'), COMPLAINANT);
    expect(walk.now.status).toBe('withdrawn');
    // a withdrawn complaint's clocks neither count on time nor late
    expect(walk.stopped('acknowledge')).toBeNull();
    expect(walk.refused({ type: 'accept' }, at('2026-11-02 09:15')).code).toBe('illegal_transition');
  });

  it('merges a duplicate into the complaint that carries on', () => {
    const walk = new Walk('demo-community');
    walk.file(at('2026-11-02 09:00'), { category: 'facilities' });
    expect(walk.refused({ type: 'merge', intoReference: 'TEST-0001' }, at('2026-11-02 09:05')).code).toBe('invalid_value');
    walk.do({ type: 'merge', intoReference: 'AB12-CD34' }, at('2026-11-02 09:05'));
    expect(walk.now).toMatchObject({ status: 'merged', mergedInto: 'AB12-CD34' });
  });

  it('corrects with a new event and keeps the original as it was', () => {
    const walk = new Walk('demo-community');
    walk.file(at('2026-11-02 09:00'), { category: 'facilities', description: '5号楼电梯坏了' });
    expect(walk.refused({ type: 'correct', field: 'category', value: 'weather', reason: '分类错误' }, at('2026-11-02 09:05')).code).toBe('invalid_value');
    walk.do({ type: 'correct', field: 'description', value: '6号楼电梯坏了', reason: '投诉人来电更正楼号' }, at('2026-11-02 09:05'));
    expect(walk.now.description).toBe('6号楼电梯坏了');
    const registered = walk.events[0]!;
    expect(registered.type === 'registered' && registered.data.description).toBe('5号楼电梯坏了');
  });

  it('names, for every command, the rule of the procedure it carries out', () => {
    for (const [command, row] of Object.entries(TRANSITIONS)) {
      expect(row.rule.length, command).toBeGreaterThan(10);
      expect(row.from.length, command).toBeGreaterThan(0);
    }
  });
});
