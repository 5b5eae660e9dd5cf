import { describe, expect, it } from 'vitest';
import { UNASSIGNED, nearestRank, statistics } from '../../api/workflow/stats.ts';
import { contactOf, maskEmail, placeKey, repeatComplainants } from '../../api/workflow/stats-repeats.ts';
import { COMMUNITY, CommunityOctober } from '../reports/october.ts';

// October 2026 in Shanghai: [2026-10-01 00:00 +08:00, 2026-11-01 00:00 +08:00)
const OCTOBER = { site: COMMUNITY, from: '2026-09-30T16:00:00.000Z', to: '2026-10-31T16:00:00.000Z' };
const SEPTEMBER = { site: COMMUNITY, from: '2026-08-31T16:00:00.000Z', to: '2026-09-30T16:00:00.000Z' };

describe('statistics of a known October at the community office', () => {
  const month = new CommunityOctober();
  const october = statistics(month.chains(), OCTOBER).overall;

  it('counts the events of the month, and only the community’s', () => {
    // registered C1–C12 (S4 on 30 September and the hotel and bureau complaints do not count)
    expect(october.received).toBe(12);
    // S4 (1 Oct), C1–C8, C10, C12; C9 was not accepted, C11 only in November
    expect(october.accepted).toBe(11);
    expect(october.notAccepted).toBe(1);
    // S3 (after its review), S4, C1, C2, C4, C5, C6, C7, C8; C3 and C12 only in November
    expect(october.resolved).toBe(9);
    // S3 on 9 Oct, C2 on 22 Oct
    expect(october.reopened).toBe(2);
    expect(october.withdrawn).toBe(1);
    expect(october.merged).toBe(0);
    // resolved: S3, S4, C1, C5, C6, C8; unresolved: C4
    expect(october.closed).toEqual({ total: 7, resolved: 6, unresolved: 1, mediated: 0, settled: 0, referred: 0 });
  });

  it('ranks the categories and channels of the month’s registrations', () => {
    expect(october.categories).toEqual([
      { category: 'facilities', count: 4 }, // C1–C4
      { category: 'repair-water-electric', count: 3 }, // C5–C7
      { category: 'environment', count: 2 }, // C8, C9
      { category: 'service-quality', count: 2 }, // C10, C11
      { category: 'fire', count: 1 }, // C12
    ]);
    expect(october.channels).toEqual([
      { channel: 'web', count: 6 }, // C1, C2, C3, C8, C9, C11
      { channel: 'phone', count: 4 }, // C5, C6, C7, C12
      { channel: 'email', count: 1 }, // C4
      { channel: 'walk-in', count: 1 }, // C10
    ]);
  });

  it('timeliness: the share of stage clocks stopped in the month on time, cancelled ones left out', () => {
    const stage = (name: string) => october.timeliness.stages.find((s) => s.stage === name);
    // acknowledge, 12 stops: late C2 (1500), C10 (1500), C12 (8); on time S4 660, C1 60, C3 180,
    // C4 30, C5 20, C6 60, C7 810, C8 10, C9 60 → 9/12 = 0.75.
    // Sorted minutes 8 10 20 30 60 60 60 180 660 810 1500 1500: median rank ⌈6⌉ = 6 → 60, p90 rank ⌈10.8⌉ = 11 → 1500
    expect(stage('acknowledge')).toEqual({ stage: 'acknowledge', onTime: 9, late: 3, rate: 0.75, medianMinutes: 60, p90Minutes: 1500 });
    // on site: C5 10, C6 40 (late), C7 12, C12 2 → 3/4; sorted 2 10 12 40: median rank 2 → 10, p90 rank ⌈3.6⌉ = 4 → 40
    expect(stage('onSite')).toEqual({ stage: 'onSite', onTime: 3, late: 1, rate: 0.75, medianMinutes: 10, p90Minutes: 40 });
    // investigate: S4 1500, C1 210, C2 4380 (late), C3 1110, C4 60 → 4/5; sorted 60 210 1110 1500 4380: median rank 3, p90 rank 5
    expect(stage('investigate')).toEqual({ stage: 'investigate', onTime: 4, late: 1, rate: 0.8, medianMinutes: 1110, p90Minutes: 4380 });
    // resolve: S3 7620, S4 3000, C1 3210, C2 7560, C4 1740, all on time; sorted 1740 3000 3210 7560 7620
    expect(stage('resolve')).toEqual({ stage: 'resolve', onTime: 5, late: 0, rate: 1, medianMinutes: 3210, p90Minutes: 7620 });
    // feedback, all on time: S3 11160 and 1080, S4 2760, C1 1020, C2 1140, C4 1140, C5 720, C6 180, C7 60, C8 30;
    // sorted 30 60 180 720 1020 1080 1140 1140 2760 11160: median rank 5 → 1020, p90 rank 9 → 2760
    expect(stage('feedback')).toEqual({ stage: 'feedback', onTime: 10, late: 0, rate: 1, medianMinutes: 1020, p90Minutes: 2760 });
    // return visit: S3 5760, S4 10140 (late), C6 5520; those of C1, C2, C4, C5, C8, S3's first were cancelled
    // sorted 5520 5760 10140: median rank ⌈1.5⌉ = 2 → 5760, p90 rank ⌈2.7⌉ = 3 → 10140; 2/3 = 0.66666… → 0.6667
    expect(stage('returnVisit')).toEqual({ stage: 'returnVisit', onTime: 2, late: 1, rate: 0.6667, medianMinutes: 5760, p90Minutes: 10140 });
    // overall: 12 + 4 + 5 + 5 + 10 + 3 = 39 stops, 3 + 1 + 1 + 1 = 6 late → 33/39 = 0.846153… → 0.8462
    expect(october.timeliness).toMatchObject({ onTime: 33, late: 6, rate: 0.8462 });
  });

  it('completion: of the complaints accepted in the month, those that stand completed at its end', () => {
    // accepted in October: S4, C1–C8, C10, C12 = 11; C10 withdrew → 10 counted.
    // completed: S4, C1, C5, C6, C8 (closed resolved), C7 (followed up) = 6.
    // not: C2 (reopened for review), C3 (still investigating), C4 (closed "unresolved"), C12 (accepted) → 6/10
    expect(october.completion).toEqual({ accepted: 11, excluded: 1, completed: 6, rate: 0.6 });
  });

  it('satisfaction: satisfied answers among all answers of the month, against the 95% target', () => {
    // satisfied S3, S4, C1, C5, C6, C8; partly S3 (before its review), C4; dissatisfied C2 → 6/9 = 0.6667
    expect(october.satisfaction).toEqual({
      satisfied: 6,
      partly: 2,
      dissatisfied: 1,
      answers: 9,
      rate: 0.6667,
      target: 0.95,
      meetsTarget: false,
    });
  });

  it('resolutions: first time, or after a review', () => {
    // S3's was its round-1 resolution; the other eight were first-time: 8/9 = 0.8889
    expect(october.resolutions).toEqual({ total: 9, firstTime: 8, afterReview: 1, firstTimeRate: 0.8889 });
  });

  it('repeat places and repeat complainants, the latter only masked', () => {
    // "5-1 / 502" by C1 and C2 (full-width), S4 was in September; "3-3" by C4 and C12
    expect(october.repeatPlaces).toEqual([
      { place: '3-3', count: 2 },
      { place: '5-1 / 502', count: 2 },
    ]);
    // 王芳 by phone (C2 "138 0000 4220", C5 "+86 13800004220"; her hotel and bureau complaints are not the community's);
    // 李明 by name alone (C7, C8)
    expect(october.repeatComplainants).toEqual({
      complainants: 2,
      complaints: 4,
      list: [
        { contact: '138****4220', count: 2 },
        { contact: '李*', count: 2 },
      ],
    });
    const json = JSON.stringify(october);
    for (const secret of ['13800004220', '王芳', '李明', 'sunli']) expect(json).not.toContain(secret);
  });

  it('the previous month, September, on its own', () => {
    const september = statistics(month.chains(), SEPTEMBER).overall;
    // S1–S4 registered; S1–S3 accepted and resolved; S4 accepted in October
    expect(september).toMatchObject({ received: 4, accepted: 3, resolved: 3 });
    // S1: acknowledge, investigate, resolve, feedback; S2: acknowledge, feedback; S3: acknowledge (27 h, late), investigate, resolve → 8/9
    expect(september.timeliness).toMatchObject({ onTime: 8, late: 1, rate: 0.8889 });
    // S1 and S2 closed, S3 resolved at the end of September → 3/3
    expect(september.completion).toEqual({ accepted: 3, excluded: 0, completed: 3, rate: 1 });
    expect(september.satisfaction).toMatchObject({ satisfied: 2, answers: 2, rate: 1, meetsTarget: true });
  });

  it('per group, each event with the complaint as it stood then (handler = the assignee at the time)', () => {
    const byHandler = statistics(month.chains(), { ...OCTOBER, groupBy: 'handler' });
    const handler = (key: string) => byHandler.groups.find((g) => g.key === key)!.figures;
    expect(byHandler.groups.map((g) => g.key)).toEqual([UNASSIGNED, '刘工', '张经理', '李师傅']);
    // 李师傅: C1, C2, C4 investigate / resolve / feedback; C2's investigation late → 8/9
    expect(handler('李师傅').timeliness).toMatchObject({ onTime: 8, late: 1, rate: 0.8889 });
    expect(handler('李师傅').satisfaction).toMatchObject({ satisfied: 1, partly: 1, dissatisfied: 1, rate: 0.3333 });
    // 刘工: S4 investigate, resolve, feedback, return visit (late); C3 investigate → 4/5
    expect(handler('刘工').timeliness).toMatchObject({ onTime: 4, late: 1, rate: 0.8 });
    // 张经理: S3 feedback, resolve, feedback, return visit (dispatched in September, counted now) → 4/4
    expect(handler('张经理').timeliness).toMatchObject({ onTime: 4, late: 0, rate: 1 });
    expect(handler('张经理').resolutions).toMatchObject({ total: 1, afterReview: 1 });
    // before dispatch: all 12 acknowledgements, 4 on-site arrivals, feedback of C5–C8, C6's return visit → 17/21
    expect(handler(UNASSIGNED).timeliness).toMatchObject({ onTime: 17, late: 4, rate: 0.8095 });
    // registrations are never assigned yet
    expect(handler(UNASSIGNED).received).toBe(12);

    const byDepartment = statistics(month.chains(), { ...OCTOBER, groupBy: 'department' });
    expect(byDepartment.groups.map((g) => [g.key, g.figures.received])).toEqual([
      ['customer-service', 2],
      ['engineering', 7],
      ['environment', 2],
      ['security', 1],
    ]);
    // the group totals add up to the whole
    const sum = (field: 'received' | 'resolved' | 'accepted') => byDepartment.groups.reduce((n, g) => n + g.figures[field], 0);
    expect([sum('received'), sum('accepted'), sum('resolved')]).toEqual([12, 11, 9]);
    expect(byDepartment.overall).toEqual(october);

    const byChannel = statistics(month.chains(), { ...OCTOBER, groupBy: 'channel' });
    expect(byChannel.groups.map((g) => [g.key, g.figures.received])).toEqual([
      ['email', 1],
      ['phone', 4],
      ['walk-in', 1],
      ['web', 6],
    ]);
    // the hotline's four: C6 was late on site, C12 late to acknowledge; C5, C6, C7 fed back, C6 visited back
    expect(byChannel.groups.find((g) => g.key === 'phone')!.figures.timeliness).toMatchObject({ onTime: 10, late: 2 });
  });

  it('a past month never changes when later events arrive, even a correction of its category', () => {
    const before = JSON.stringify(statistics(month.chains(), { ...OCTOBER, groupBy: 'category' }));
    const later = new CommunityOctober();
    later.november();
    expect(JSON.stringify(statistics(later.chains(), { ...OCTOBER, groupBy: 'category' }))).toBe(before);
    // and November sees them: C12 resolved half an hour into 1 November (16:30 UTC on 31 October)
    const november = statistics(later.chains(), { site: COMMUNITY, from: OCTOBER.to, to: '2026-11-30T16:00:00.000Z' }).overall;
    expect(november).toMatchObject({ received: 1, accepted: 2, resolved: 3 });
    expect(november.resolutions).toMatchObject({ firstTime: 2, afterReview: 1 });
  });

  it('refuses a period that ends before it starts', () => {
    expect(() => statistics([], { ...OCTOBER, from: OCTOBER.to, to: OCTOBER.from })).toThrow(RangeError);
  });
});

describe('the parts of the figures', () => {
  it('nearest-rank percentiles pick an observed value', () => {
    expect(nearestRank([], 50)).toBeNull();
    expect(nearestRank([7], 90)).toBe(7);
    expect(nearestRank([1, 2, 3, 4], 50)).toBe(2);
    expect(nearestRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(nearestRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 90)).toBe(10);
  });

  it('places are compared as people mean them', () => {
    expect(placeKey({ unit: ' ５－１ ', room: '５０２' })).toBe('5-1 / 502');
    expect(placeKey({ unit: '5—1', room: '502' })).toBe('5-1 / 502');
    expect(placeKey({ address: 'Room 3A' })).toBe('room3a');
    expect(placeKey({})).toBeNull();
  });

  it('complainants are matched by phone or e-mail, by name only without either, never when anonymous', () => {
    const list = repeatComplainants(
      [
        { phone: '0086 138 0000 4220' },
        { phone: '13800004220', email: 'a@x.cn' },
        { email: 'A@X.cn ' },
        { name: '王芳' }, // has no contact: matched only with others that have none
        { name: '张三' },
        { name: '张三' },
        {},
        {},
      ].map(contactOf),
    );
    expect(list).toEqual([
      { contact: '138****4220', count: 3 },
      { contact: '张*', count: 2 },
    ]);
    expect(maskEmail('sunli@example.com')).toBe('s***@example.com');
  });
});
