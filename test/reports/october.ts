import type { StoredEvent } from '../../api/contract/events.ts';
import type { Site } from '../../api/contract/site.ts';
import { DEMO_SITES } from '../../api/seed/demo-sites.ts';
import type { Command } from '../../api/workflow/commands.ts';
import { COMPLAINANT, Walk, at } from '../workflow/walk.ts';

/**
 * A known October 2026 at 阳光花园社区 (demo-community), walked through the pure workflow:
 * four complaints from September (S1–S4), twelve from October (C1–C12), one hotel and one
 * bureau complaint in October that the community's figures must ignore, and `november()`
 * adds what happens next. Times are Shanghai wall time. Clocks: acknowledge 24 h, investigate
 * 48 h after dispatch, resolve 10 working days, feedback 7 working days, return visit 3–5 days
 * after the feedback, on site 15 min (water/electricity) or 3 min (fire, whose acknowledgement
 * is also 3 min). The outcome and length of every clock stopped in October is noted where it
 * stops; test/workflow/stats.test.ts adds them up by hand.
 */
export const COMMUNITY: Site = DEMO_SITES.find((s) => s.key === 'demo-community')!;

const resolve = (result: string): Command => ({ type: 'resolve', result, basis: '物业服务合同' });
const feedback: Command = { type: 'send-feedback', channel: 'phone', message: '已电话告知处理结果' };
const rate = (rating: 'satisfied' | 'partly' | 'dissatisfied'): Command => ({ type: 'record-satisfaction', rating, via: 'survey' });
const dispatch = (department: string, assignee: string): Command => ({ type: 'dispatch', department, assignee });
const investigate: Command = { type: 'start-investigation' };
const accept: Command = { type: 'accept' };

export class CommunityOctober {
  readonly #walks = new Map<string, Walk>();

  constructor() {
    this.#september();
    this.#october();
    this.#otherSites();
  }

  walk(name: string): Walk {
    return this.#walks.get(name)!;
  }

  /** Every complaint's events as the store would yield them (copies: later steps do not show). */
  chains(): StoredEvent[][] {
    return [...this.#walks.values()].map((walk) => [...walk.events]);
  }

  #new(name: string, siteKey = COMMUNITY.key): Walk {
    const walk = new Walk(siteKey);
    this.#walks.set(name, walk);
    return walk;
  }

  #september(): void {
    const s1 = this.#new('S1');
    s1.file(at('2026-09-14 09:00'), { category: 'facilities', complainant: { name: '许可', phone: '13900000001' } });
    s1.do(accept, at('2026-09-14 10:00'));
    s1.do(dispatch('engineering', '李师傅'), at('2026-09-14 10:30'));
    s1.do(investigate, at('2026-09-15 09:00'));
    s1.do(resolve('已修复'), at('2026-09-16 15:00'));
    s1.do(feedback, at('2026-09-17 10:00'));
    s1.do(rate('satisfied'), at('2026-09-17 12:00'), COMPLAINANT);

    const s2 = this.#new('S2');
    s2.file(at('2026-09-21 10:00'), { category: 'environment', complainant: { name: '高远', phone: '13900000002' } });
    s2.do(accept, at('2026-09-21 11:00'));
    s2.do(resolve('已清理'), at('2026-09-21 15:00'));
    s2.do(feedback, at('2026-09-22 09:00'));
    s2.do(rate('satisfied'), at('2026-09-22 10:00'), COMPLAINANT);

    // S3: resolved in September, reviewed and resolved again in October.
    const s3 = this.#new('S3');
    s3.file(at('2026-09-28 09:00'), { category: 'service-quality', complainant: { name: '林涛', phone: '13900000003' } });
    s3.do(accept, at('2026-09-29 12:00'));
    s3.do(dispatch('customer-service', '张经理'), at('2026-09-29 14:00'));
    s3.do(investigate, at('2026-09-30 10:00'));
    s3.do(resolve('已道歉并整改'), at('2026-09-30 16:00'));
    s3.do(feedback, at('2026-10-08 10:00')); // feedback on time, 09-30 16:00 → 10-08 10:00 = 11160 min
    s3.do(rate('partly'), at('2026-10-08 11:00'), COMPLAINANT);
    s3.do({ type: 'reopen', reason: '态度问题没有根本改变' }, at('2026-10-09 09:00'), COMPLAINANT); // return visit cancelled
    s3.do(resolve('更换接待人员'), at('2026-10-14 16:00')); // resolve on time (round 1), 10-09 09:00 → 10-14 16:00 = 7620 min
    s3.do(feedback, at('2026-10-15 10:00')); // feedback on time, 1080 min
    s3.do({ type: 'record-return-visit', note: '回访满意', rectified: true, rating: 'satisfied' }, at('2026-10-19 10:00')); // return visit on time, 5760 min

    // S4: registered on 30 September, accepted on 1 October (the October cohort), at the same flat as C1 and C2.
    const s4 = this.#new('S4');
    s4.file(at('2026-09-30 22:00'), { category: 'facilities', place: { unit: '5-1', room: '502' }, complainant: { name: '何平', phone: '13222222222' } });
    s4.do(accept, at('2026-10-01 09:00')); // acknowledge on time, 660 min
    s4.do(dispatch('engineering', '刘工'), at('2026-10-08 09:00'));
    s4.do(investigate, at('2026-10-09 10:00')); // investigate on time, 1500 min
    s4.do(resolve('已更换水管'), at('2026-10-10 11:00')); // resolve on time, 3000 min
    s4.do(feedback, at('2026-10-12 09:00')); // feedback on time, 2760 min
    s4.do({ type: 'record-return-visit', note: '回访', rectified: true, rating: 'satisfied' }, at('2026-10-19 10:00')); // return visit LATE (due 10-17 09:00), 10140 min
  }

  #october(): void {
    const c1 = this.#new('C1');
    c1.file(at('2026-10-12 09:00'), { category: 'facilities', place: { unit: '5-1', room: '502' }, complainant: { name: '陈静', phone: '139 1111 2222' } });
    c1.do(accept, at('2026-10-12 10:00')); // acknowledge on time, 60
    c1.do(dispatch('engineering', '李师傅'), at('2026-10-12 10:30'));
    c1.do(investigate, at('2026-10-12 14:00')); // investigate on time, 210
    c1.do(resolve('已修复'), at('2026-10-14 16:00')); // resolve on time, 3210
    c1.do(feedback, at('2026-10-15 09:00')); // feedback on time, 1020
    c1.do(rate('satisfied'), at('2026-10-15 12:00'), COMPLAINANT); // closed resolved; return visit cancelled

    // C2: the same flat written in full-width, by the repeat caller; late twice, then reviewed.
    const c2 = this.#new('C2');
    c2.file(at('2026-10-13 20:00'), { category: 'facilities', place: { unit: '５－１', room: '５０２' }, complainant: { name: '王芳', phone: '138 0000 4220' } });
    c2.do(accept, at('2026-10-14 21:00')); // acknowledge LATE, 1500
    c2.do(dispatch('engineering', '李师傅'), at('2026-10-15 09:00'));
    c2.do(investigate, at('2026-10-18 10:00')); // investigate LATE (due 10-17 09:00), 4380
    c2.do(resolve('已修复'), at('2026-10-20 15:00')); // resolve on time, 7560
    c2.do(feedback, at('2026-10-21 10:00')); // feedback on time, 1140
    c2.do(rate('dissatisfied'), at('2026-10-22 09:00'), COMPLAINANT);
    c2.do({ type: 'reopen', reason: '仍然漏水' }, at('2026-10-22 10:00'), COMPLAINANT); // return visit cancelled; reopened at the month's end

    // C3: accepted in October, resolved (late) only in November.
    const c3 = this.#new('C3');
    c3.file(at('2026-10-16 11:00'), { category: 'facilities', place: { unit: '8-2' }, complainant: { name: '赵磊', phone: '137 2222 3333' } });
    c3.do(accept, at('2026-10-16 14:00')); // acknowledge on time, 180
    c3.do(dispatch('engineering', '刘工'), at('2026-10-16 14:30'));
    c3.do(investigate, at('2026-10-17 09:00')); // investigate on time, 1110

    // C4: resolved, only partly satisfied, closed "unresolved".
    const c4 = this.#new('C4');
    c4.file(at('2026-10-26 09:00'), { category: 'facilities', channel: 'email', place: { unit: '3-3' }, complainant: { name: '孙丽', email: 'SunLi@Example.com' } });
    c4.do(accept, at('2026-10-26 09:30')); // acknowledge on time, 30
    c4.do(dispatch('engineering', '李师傅'), at('2026-10-26 10:00'));
    c4.do(investigate, at('2026-10-26 11:00')); // investigate on time, 60
    c4.do(resolve('已调整'), at('2026-10-27 15:00')); // resolve on time, 1740
    c4.do(feedback, at('2026-10-28 10:00')); // feedback on time, 1140
    c4.do(rate('partly'), at('2026-10-29 10:00'), COMPLAINANT);
    c4.do({ type: 'close', outcome: 'unresolved', note: '业主仍有意见,转业委会' }, at('2026-10-30 10:00')); // return visit cancelled

    // C5: the repeat caller again, with +86 in front.
    const c5 = this.#new('C5');
    c5.file(at('2026-10-19 20:00'), { category: 'repair-water-electric', channel: 'phone', place: { unit: '7-3', room: '201' }, complainant: { name: '王芳', phone: '+86 13800004220' } });
    c5.do({ type: 'arrive-on-site' }, at('2026-10-19 20:10')); // on site on time, 10
    c5.do(accept, at('2026-10-19 20:20')); // acknowledge on time, 20
    c5.do(resolve('已更换开关'), at('2026-10-19 21:00'));
    c5.do(feedback, at('2026-10-20 09:00')); // feedback on time, 720
    c5.do(rate('satisfied'), at('2026-10-20 10:00'), COMPLAINANT);

    const c6 = this.#new('C6');
    c6.file(at('2026-10-20 08:00'), { category: 'repair-water-electric', channel: 'phone', place: { unit: '2-1', room: '101' }, complainant: { name: '周强', phone: '135 5555 6666' } });
    c6.do({ type: 'arrive-on-site' }, at('2026-10-20 08:40')); // on site LATE, 40
    c6.do(accept, at('2026-10-20 09:00')); // acknowledge on time, 60
    c6.do(resolve('已修复'), at('2026-10-20 11:00'));
    c6.do(feedback, at('2026-10-20 14:00')); // feedback on time, 180
    c6.do({ type: 'record-return-visit', note: '已恢复', rectified: true, rating: 'satisfied' }, at('2026-10-24 10:00')); // return visit on time, 5520

    // C7 and C8: the same name, no phone or e-mail.
    const c7 = this.#new('C7');
    c7.file(at('2026-10-21 19:00'), { category: 'repair-water-electric', channel: 'phone', complainant: { name: '李明' } });
    c7.do({ type: 'arrive-on-site' }, at('2026-10-21 19:12')); // on site on time, 12
    c7.do(accept, at('2026-10-22 08:30')); // acknowledge on time, 810
    c7.do(resolve('已修复'), at('2026-10-22 10:00'));
    c7.do(feedback, at('2026-10-22 11:00')); // feedback on time, 60; return visit still running at the month's end

    const c8 = this.#new('C8');
    c8.file(at('2026-10-22 09:00'), { category: 'environment', complainant: { name: ' 李明 ' } });
    c8.do(accept, at('2026-10-22 09:10')); // acknowledge on time, 10
    c8.do(resolve('已清理'), at('2026-10-22 11:00'));
    c8.do(feedback, at('2026-10-22 11:30')); // feedback on time, 30
    c8.do(rate('satisfied'), at('2026-10-22 15:00'), COMPLAINANT);

    const c9 = this.#new('C9');
    c9.file(at('2026-10-27 10:00'), { category: 'environment', place: { unit: '9-9' }, complainant: null });
    c9.do({ type: 'not-accept', reason: '属市政道路,不在物业管理范围', referTo: '区市容环卫局' }, at('2026-10-27 11:00')); // acknowledge on time, 60

    const c10 = this.#new('C10');
    c10.file(at('2026-10-28 09:00'), { category: 'service-quality', channel: 'walk-in', complainant: { name: '郑华', phone: '136 6666 7777' } });
    c10.do(accept, at('2026-10-29 10:00')); // acknowledge LATE, 1500
    c10.do(dispatch('customer-service', '张经理'), at('2026-10-29 10:30'));
    c10.do({ type: 'withdraw', reason: '已与物业协商解决' }, at('2026-10-30 09:00'), COMPLAINANT); // investigate, resolve cancelled

    // C11: received in October, accepted only in November.
    const c11 = this.#new('C11');
    c11.file(at('2026-10-30 16:00'), { category: 'service-quality', complainant: { name: '钱进', phone: '133 1234 5678' } });

    // C12: a fire ten minutes before midnight on 31 October, at the same unit as C4.
    const c12 = this.#new('C12');
    c12.file(at('2026-10-31 23:50'), { category: 'fire', channel: 'phone', place: { unit: '3-3' }, complainant: { name: '冯涛', phone: '131 0000 0001' } });
    c12.do({ type: 'arrive-on-site' }, at('2026-10-31 23:52')); // on site on time, 2
    c12.do(accept, at('2026-10-31 23:58')); // acknowledge LATE (3 minutes), 8
  }

  /** The same caller at the hotel, and a bureau complaint: never the community's. */
  #otherSites(): void {
    const h1 = this.#new('H1', 'demo-hotel');
    h1.file(at('2026-10-15 22:00', 'Asia/Hong_Kong'), { category: 'noise', place: { room: '1208' } });
    h1.do(accept, at('2026-10-15 22:05', 'Asia/Hong_Kong'));
    h1.do(resolve('已处理'), at('2026-10-15 22:30', 'Asia/Hong_Kong'));
    const b1 = this.#new('B1', 'demo-bureau');
    b1.file(at('2026-10-20 09:00'), { category: 'service-quality', complainant: { name: '王芳', phone: '13800004220' } });
    b1.do(accept, at('2026-10-20 10:00'));
  }

  /** May to August, a few plain complaints a month, so the trend has a history (the README's picture). */
  earlierMonths(): void {
    const categories = ['facilities', 'environment', 'service-quality', 'repair-water-electric', 'activities'];
    for (const [month, count] of [
      [5, 5],
      [6, 7],
      [7, 9],
      [8, 6],
    ] as const) {
      for (let k = 0; k < count; k += 1) {
        const day = (d: number) => `2026-0${month}-${String(d).padStart(2, '0')}`;
        const walk = this.#new(`M${month}-${k}`);
        walk.file(at(`${day(3 + 2 * k)} 10:00`), {
          category: categories[(month + k) % categories.length]!,
          complainant: { name: '居民', phone: `137000${month}${String(k).padStart(4, '0')}` },
        });
        walk.do(accept, at(`${day(3 + 2 * k)} ${k % 4 === 3 ? '11:00' : '10:30'}`));
        walk.do(resolve('已处理'), at(`${day(4 + 2 * k)} 15:00`));
        walk.do(feedback, at(`${day(5 + 2 * k)} 10:00`));
        walk.do(rate(k % 5 === 4 ? 'partly' : 'satisfied'), at(`${day(5 + 2 * k)} 12:00`), COMPLAINANT);
      }
    }
  }

  /** What happens after October: none of it may change October's figures. */
  november(): void {
    this.walk('C12').do(resolve('火已扑灭'), at('2026-11-01 00:30'));
    this.walk('C3').do(resolve('已修复'), at('2026-11-02 10:00'));
    this.walk('C7').do(rate('satisfied'), at('2026-11-02 09:00'), COMPLAINANT);
    this.walk('C11').do(accept, at('2026-11-02 09:00'));
    this.walk('C2').do(resolve('更换管道'), at('2026-11-03 16:00'));
    // a correction after the month changes the category from now on, not in October's report
    this.walk('C1').do({ type: 'correct', field: 'category', value: 'service-quality', reason: '归类有误' }, at('2026-11-03 17:00'));
    const n1 = this.#new('N1');
    n1.file(at('2026-11-04 09:00'), { category: 'facilities', place: { unit: '5-1', room: '502' }, complainant: { name: '王芳', phone: '13800004220' } });
    n1.do(accept, at('2026-11-04 09:30'));
  }
}
