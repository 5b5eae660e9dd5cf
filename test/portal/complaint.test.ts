import { expect } from 'chai';
import type { PublicSite } from '../../api/contract/site.ts';
import type { StaffCommand, StaffComplaint } from '../../api/contract/staff-api.ts';
import type { Role } from '../../api/contract/staff.ts';
import { useLocale } from '../../portal/shared/locale.ts';
import type { Directory } from '../../portal/shared/staff-api.ts';
import '../../portal/views/complaint-view.ts';
import type { PortalComplaint } from '../../portal/views/complaint-view.ts';
import type { PortalComplaintActions } from '../../portal/views/complaint/actions.ts';
import type { PortalCommandForm } from '../../portal/views/complaint/command-forms.ts';
import { choose, type, until } from '../widget/helpers.ts';
import { mockServiceWorker, msw } from '../widget/msw.ts';
import { type Member, axeViolations, mountScreen, portalContext, sizeProblems, unmountScreens } from './helpers.ts';

const { http, HttpResponse, sse } = msw;

/*
 * The complaint screen against a mocked staff API. The complaints below are answers of the real
 * API (a community repair, accepted and dispatched with an internal note and a public reply; a
 * bureau seed complaint mediated to a signed agreement), kept here as data.
 */

const ORIGIN = 'https://complaints.portal.test';
const staffUrl = (path: string) => `${ORIGIN}/api/v1/staff/sites/${path}`;

const DISPATCHED: StaffComplaint = {
  id: "01a214fc-120e-727a-969d-dd487fbb2eb8",
  reference: "H5AS-XVTA",
  site: "demo-community",
  status: "dispatched",
  channel: "web",
  category: {"code": "repair-water-electric", "name": {"en": "Water or electricity repair", "zh-Hans": "水电维修", "zh-Hant": "水電維修"}},
  department: {"code": "engineering", "name": {"en": "Engineering and Repairs", "zh-Hans": "工程维修部", "zh-Hant": "工程維修部"}},
  assignee: "Han",
  priority: "high",
  severity: "normal",
  vip: false,
  description: "7号楼3单元楼道的灯坏了一周,晚上看不见台阶。",
  place: {"unit": "7-3", "room": "502"},
  subject: null,
  complainant: {"name": "王**", "phone": "138****4220", "email": "w***@example.cn", "preferredContact": "phone", "revealed": false},
  language: "zh-Hans",
  registeredAt: "2026-11-25T23:13:13.742Z",
  updatedAt: "2026-11-25T23:13:19.225Z",
  version: 10,
  reviewRound: 0,
  escalationLevel: 0,
  satisfaction: null,
  outcome: null,
  clocks: [
    {"stage": "acknowledge", "basis": "wall", "startedAt": "2026-11-25T23:13:13.742Z", "dueAt": "2026-11-26T23:13:13.742Z", "warnAt": "2026-11-26T17:13:13.742Z", "running": false, "paused": false, "warned": false, "breached": false},
    {"stage": "onSite", "basis": "wall", "startedAt": "2026-11-25T23:13:13.742Z", "dueAt": "2026-11-25T23:28:13.742Z", "warnAt": "2026-11-25T23:24:28.742Z", "running": true, "paused": false, "warned": false, "breached": false},
    {"stage": "investigate", "basis": "wall", "startedAt": "2026-11-25T23:13:19.219Z", "dueAt": "2026-11-27T23:13:19.219Z", "warnAt": "2026-11-27T11:13:19.219Z", "running": true, "paused": false, "warned": false, "breached": false},
    {"stage": "resolve", "basis": "working", "startedAt": "2026-11-25T23:13:19.219Z", "dueAt": "2026-11-27T23:13:19.216Z", "warnAt": "2026-11-27T05:00:00.000Z", "running": true, "paused": false, "warned": false, "breached": false},
  ],
  allowedCommands: ["add-note", "arrive-on-site", "assess-mediation", "classify", "correct", "dispatch", "escalate", "extend-deadline", "merge", "propose-plan", "request-information", "resolve", "start-investigation", "withdraw"],
  answers: {"still-happening": "yes"},
  timeline: [
    {"seq": 1, "at": "2026-11-25T23:13:13.742Z", "type": "registered", "actor": {"kind": "complainant"}, "data": {"siteKey": "demo-community", "reference": "H5AS-XVTA", "channel": "web", "category": "repair-water-electric", "department": "engineering", "priority": "high", "severity": "normal", "vip": false, "description": "7号楼3单元楼道的灯坏了一周,晚上看不见台阶。", "place": {"unit": "7-3", "room": "502"}, "answers": {"still-happening": "yes"}, "complainant": {"name": "王**", "phone": "138****4220", "email": "w***@example.cn", "preferredContact": "phone"}, "language": "zh-Hans", "attachments": ["7be5ee608828dabb02fede80838d371eb91a15831e660d692842edb40743cbfe"]}, "public": true},
    {"seq": 2, "at": "2026-11-25T23:13:13.742Z", "type": "clock-started", "actor": {"kind": "complainant"}, "data": {"stage": "acknowledge", "basis": "wall", "dueAt": "2026-11-26T23:13:13.742Z", "warnAt": "2026-11-26T17:13:13.742Z", "budgetMs": 86400000}, "public": false},
    {"seq": 3, "at": "2026-11-25T23:13:13.742Z", "type": "clock-started", "actor": {"kind": "complainant"}, "data": {"stage": "onSite", "basis": "wall", "dueAt": "2026-11-25T23:28:13.742Z", "warnAt": "2026-11-25T23:24:28.742Z", "budgetMs": 900000}, "public": false},
    {"seq": 4, "at": "2026-11-25T23:13:19.204Z", "type": "accepted", "actor": {"kind": "staff", "id": "01a214fb-fecf-7d6d-81d2-ea59a19bf041"}, "data": {"notice": "您的投诉已受理,我们将在24小时内与您联系。", "expectedBy": "2026-11-28T23:13:19.182Z"}, "public": true},
    {"seq": 5, "at": "2026-11-25T23:13:19.204Z", "type": "clock-stopped", "actor": {"kind": "staff", "id": "01a214fb-fecf-7d6d-81d2-ea59a19bf041"}, "data": {"stage": "acknowledge", "onTime": true}, "public": false},
    {"seq": 6, "at": "2026-11-25T23:13:19.212Z", "type": "note-added", "actor": {"kind": "staff", "id": "01a214fb-fecf-7d6d-81d2-ea59a19bf041"}, "data": {"note": "住户说晚上九点后在家。", "public": false}, "public": false},
    {"seq": 7, "at": "2026-11-25T23:13:19.219Z", "type": "dispatched", "actor": {"kind": "staff", "id": "01a214fb-fecf-7d6d-81d2-ea59a19bf041"}, "data": {"department": "engineering", "assignee": "Han", "requirements": "更换灯泡并检查线路"}, "public": true},
    {"seq": 8, "at": "2026-11-25T23:13:19.219Z", "type": "clock-started", "actor": {"kind": "staff", "id": "01a214fb-fecf-7d6d-81d2-ea59a19bf041"}, "data": {"stage": "investigate", "basis": "wall", "dueAt": "2026-11-27T23:13:19.219Z", "warnAt": "2026-11-27T11:13:19.219Z", "budgetMs": 172800000}, "public": false},
    {"seq": 9, "at": "2026-11-25T23:13:19.219Z", "type": "clock-started", "actor": {"kind": "staff", "id": "01a214fb-fecf-7d6d-81d2-ea59a19bf041"}, "data": {"stage": "resolve", "basis": "working", "dueAt": "2026-11-27T23:13:19.216Z", "warnAt": "2026-11-27T05:00:00.000Z", "budgetMs": 64800000}, "public": false},
    {"seq": 10, "at": "2026-11-25T23:13:19.225Z", "type": "note-added", "actor": {"kind": "staff", "id": "01a214fb-fecf-7d6d-81d2-ea59a19bf041"}, "data": {"note": "维修师傅已安排,明天上午上门。", "public": true}, "public": true},
  ],
};

const MEDIATED: StaffComplaint = {
  id: "01a21502-f32a-7f59-8972-cd71d79a1606",
  reference: "5GSS-NDP4",
  site: "demo-bureau",
  status: "mediated",
  channel: "web",
  category: {"code": "seeds", "name": {"en": "Seeds", "zh-Hans": "种子", "zh-Hant": "種子"}},
  department: {"code": "seed-station", "name": {"en": "Seed Station", "zh-Hans": "种子站", "zh-Hant": "種子站"}},
  assignee: null,
  priority: "normal",
  severity: "normal",
  vip: false,
  description: "买的玉米种子出苗率不到三成,经销商不肯赔偿。",
  place: {"address": "清河县东关村3组"},
  subject: null,
  complainant: {"name": "李**", "phone": "139****1111", "revealed": false},
  language: "zh-Hans",
  registeredAt: "2026-11-25T23:20:44.586Z",
  updatedAt: "2026-11-25T23:20:45.127Z",
  version: 6,
  reviewRound: 0,
  escalationLevel: 0,
  satisfaction: null,
  outcome: null,
  clocks: [
    {"stage": "acknowledge", "basis": "working", "startedAt": "2026-11-25T23:20:44.586Z", "dueAt": "2026-11-30T09:30:00.000Z", "warnAt": "2026-11-30T02:07:30.000Z", "running": false, "paused": false, "warned": false, "breached": false},
  ],
  allowedCommands: ["add-note", "close", "correct", "escalate", "extend-deadline", "withdraw"],
  answers: {"mediation": "yes"},
  timeline: [
    {"seq": 1, "at": "2026-11-25T23:20:44.586Z", "type": "registered", "actor": {"kind": "complainant"}, "data": {"siteKey": "demo-bureau", "reference": "5GSS-NDP4", "channel": "web", "category": "seeds", "department": "seed-station", "priority": "normal", "severity": "normal", "vip": false, "description": "买的玉米种子出苗率不到三成,经销商不肯赔偿。", "place": {"address": "清河县东关村3组"}, "answers": {"mediation": "yes"}, "complainant": {"name": "李**", "phone": "139****1111"}, "language": "zh-Hans", "attachments": [], "consentTo": "cac79c196c2101deb5cf240e5a4b84245e509f182ccb1778974fe54f3ba85b11"}, "public": true},
    {"seq": 2, "at": "2026-11-25T23:20:44.586Z", "type": "clock-started", "actor": {"kind": "complainant"}, "data": {"stage": "acknowledge", "basis": "working", "dueAt": "2026-11-30T09:30:00.000Z", "warnAt": "2026-11-30T02:07:30.000Z", "budgetMs": 70200000}, "public": false},
    {"seq": 3, "at": "2026-11-25T23:20:45.094Z", "type": "accepted", "actor": {"kind": "staff", "id": "01a21502-d30e-7963-9890-0f2e601a5f2b"}, "data": {"notice": "您的投诉已受理。"}, "public": true},
    {"seq": 4, "at": "2026-11-25T23:20:45.094Z", "type": "clock-stopped", "actor": {"kind": "staff", "id": "01a21502-d30e-7963-9890-0f2e601a5f2b"}, "data": {"stage": "acknowledge", "onTime": true}, "public": false},
    {"seq": 5, "at": "2026-11-25T23:20:45.116Z", "type": "mediation-assessed", "actor": {"kind": "staff", "id": "01a21502-d30e-7963-9890-0f2e601a5f2b"}, "data": {"eligible": true, "note": "双方同意调解", "fileNumber": "清农调〔2026〕17号"}, "public": true},
    {"seq": 6, "at": "2026-11-25T23:20:45.127Z", "type": "mediation-agreed", "actor": {"kind": "staff", "id": "01a21502-d30e-7963-9890-0f2e601a5f2b"}, "data": {"text": "一、经销商赔偿李建国种子款及损失共计人民币4800元。\n二、于2026年12月10日前一次付清。", "parties": ["李建国", "清河县丰收种业经销部"], "signedAt": "2026-11-25T23:20:45.121Z"}, "public": true},
  ],
};


const COMMUNITY: PublicSite = {"key": "demo-community", "kind": "community", "name": {"en": "Sunshine Garden Community Service Centre", "zh-Hans": "阳光花园社区服务中心", "zh-Hant": "陽光花園社區服務中心"}, "timezone": "Asia/Shanghai", "defaultLocale": "zh-Hans", "allowAnonymous": true, "placeFields": ["unit", "room"], "theme": {"accent": "#15803d", "background": "#f2f7f3"}, "categories": [{"code": "service-quality", "name": {"en": "Service quality", "zh-Hans": "服务质量", "zh-Hant": "服務質量"}, "questions": []}, {"code": "repair-water-electric", "name": {"en": "Water or electricity repair", "zh-Hans": "水电维修", "zh-Hant": "水電維修"}, "questions": [{"id": "still-happening", "label": {"en": "Is it still happening now?", "zh-Hans": "问题现在还在持续吗?", "zh-Hant": "問題現在還在持續嗎?"}, "kind": "choice", "required": false, "options": [{"value": "yes", "label": {"en": "Yes", "zh-Hans": "是", "zh-Hant": "是"}}, {"value": "no", "label": {"en": "No", "zh-Hans": "否", "zh-Hant": "否"}}]}]}]};

const BUREAU: PublicSite = {"key": "demo-bureau", "kind": "bureau", "name": {"en": "Qinghe County Agriculture and Rural Affairs Bureau", "zh-Hans": "清河县农业农村局", "zh-Hant": "清河縣農業農村局"}, "timezone": "Asia/Shanghai", "defaultLocale": "zh-Hans", "allowAnonymous": true, "placeFields": ["address"], "theme": {"accent": "#1e40af", "background": "#f3f4f6"}, "categories": [{"code": "seeds", "name": {"en": "Seeds", "zh-Hans": "种子", "zh-Hant": "種子"}, "questions": [{"id": "mediation", "label": {"en": "Do you want the bureau to mediate with the other party?", "zh-Hans": "是否申请与对方当事人进行调解?", "zh-Hant": "是否申請與對方當事人進行調解?"}, "kind": "choice", "required": false, "options": [{"value": "yes", "label": {"en": "Yes, please mediate", "zh-Hans": "是,申请调解", "zh-Hant": "是,申請調解"}}, {"value": "no", "label": {"en": "No", "zh-Hans": "否", "zh-Hant": "否"}}]}]}]};

const DIRECTORY: Directory = {
  departments: [
    { code: 'customer-service', name: { en: 'Customer Service Centre', 'zh-Hans': '客户服务中心', 'zh-Hant': '客戶服務中心' } },
    { code: 'engineering', name: { en: 'Engineering and Repairs', 'zh-Hans': '工程维修部', 'zh-Hant': '工程維修部' } },
    { code: 'security', name: { en: 'Security and Fire Safety', 'zh-Hans': '秩序维护部', 'zh-Hant': '秩序維護部' } },
  ],
  colleagues: [
    { name: 'Desk', roles: ['front-desk'], departments: [] },
    { name: 'Han', roles: ['handler'], departments: ['engineering'] },
    { name: 'Guo Wei', roles: ['handler'], departments: ['security'] },
    { name: 'Sup', roles: ['supervisor', 'manager'], departments: ['engineering'] },
  ],
};

const SUPERVISOR_ID = '01a214fb-fecf-7d6d-81d2-ea59a19bf041';
const SUPERVISOR: Member = { id: SUPERVISOR_ID, email: 'sup@example.cn', name: 'Sup', departments: ['engineering'] };

const copy = <T>(value: T): T => structuredClone(value);

/** The complaint the mocked API serves for each id, changed by the tests as the office would. */
const served = new Map<string, StaffComplaint>();
const serve = (complaint: StaffComplaint) => served.set(complaint.id, copy(complaint));

/** A tiny PNG, as a photo the complainant took. */
async function photo(): Promise<Blob> {
  const canvas = new OffscreenCanvas(4, 3);
  const drawing = canvas.getContext('2d')!;
  drawing.fillStyle = '#c87828';
  drawing.fillRect(0, 0, 4, 3);
  return canvas.convertToBlob({ type: 'image/png' });
}

const requests: { method: string; url: string; body: unknown; headers: Headers }[] = [];

/** The site's live stream as the server opens it; the tests send `changed` through the client. */
type LiveClient = { send(message: { event: 'ready' | 'changed'; data: string }): void };
let liveClient: LiveClient | undefined;

const worker = mockServiceWorker(
  sse<{ ready: string; changed: string }>(staffUrl(':site/live'), ({ client }) => {
    liveClient = client;
    client.send({ event: 'ready', data: JSON.stringify({ at: '2026-11-26T00:00:00.000Z' }) });
  }),
  http.get(staffUrl(':site/complaints/:id'), ({ params }) => {
    const complaint = served.get(String(params.id));
    return complaint ? HttpResponse.json(complaint) : HttpResponse.json({ error: { code: 'not_found', message: 'no such complaint' } }, { status: 404 });
  }),
  http.get(staffUrl(':site/directory'), () => HttpResponse.json(DIRECTORY)),
  http.get(staffUrl(':site/complaints/:id/attachments/:attachment'), async () => new HttpResponse(await photo(), { headers: { 'Content-Type': 'image/png' } })),
);

afterEach(() => {
  worker.resetHandlers();
  served.clear();
  requests.length = 0;
  unmountScreens();
});

after(() => useLocale('en'));

async function open(complaint: StaffComplaint, options: { site?: PublicSite; roles?: Role[]; lang?: string } = {}): Promise<PortalComplaint> {
  serve(complaint);
  const portal = portalContext(options.site ?? COMMUNITY, options.roles ?? ['supervisor', 'manager'], { origin: ORIGIN, member: SUPERVISOR });
  const element = await mountScreen<PortalComplaint>('portal-complaint', { portal, complaintId: complaint.id }, { lang: options.lang ?? 'en' });
  await until(() => element.shadowRoot?.querySelector('[data-testid="status"]'), 'the complaint');
  return element;
}

const root = (element: Element) => element.shadowRoot!;
const actions = (element: PortalComplaint) => root(element).querySelector<PortalComplaintActions>('portal-complaint-actions')!;
const commandButtons = (element: PortalComplaint) =>
  [...root(actions(element)).querySelectorAll<HTMLButtonElement>('button[data-command]')].map((button) => button.dataset.command);

async function openForm(element: PortalComplaint, command: string): Promise<PortalCommandForm> {
  const bar = actions(element);
  await bar.updateComplete;
  root(bar).querySelector<HTMLButtonElement>(`button[data-command="${command}"]`)!.click();
  const form = await until(() => {
    const shown = root(bar).querySelector<PortalCommandForm>('portal-command-form');
    return shown?.command === command && shown;
  }, `the ${command} form`);
  await form.updateComplete;
  return form;
}

const field = <E extends Element = HTMLInputElement>(form: PortalCommandForm, name: string) => root(form).querySelector<E>(`[name="${name}"]`)!;
const submit = (form: PortalCommandForm) => root(form).querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
const textOf = (element: Element) => (element.shadowRoot ?? element).textContent!.replace(/\s+/g, ' ').trim();

/** Records the command requests and answers them with `answer`. */
function onCommand(answer: (body: { expectedVersion: number; command: StaffCommand }, request: Request) => Response | Promise<Response>) {
  worker.use(
    http.post(staffUrl(':site/complaints/:id/commands'), async ({ request }) => {
      const body = (await request.clone().json()) as { expectedVersion: number; command: StaffCommand };
      requests.push({ method: 'POST', url: request.url, body, headers: request.headers });
      return answer(body, request);
    }),
  );
}

/** The complaint after a step, as the server would answer: the next version with its event. */
function stepped(complaint: StaffComplaint, change: Partial<StaffComplaint>, event: { type: string; data: Record<string, unknown>; public: boolean }): StaffComplaint {
  const next = copy(complaint);
  Object.assign(next, change);
  next.version = complaint.version + 1;
  next.updatedAt = '2026-11-26T01:00:00.000Z';
  next.timeline = [...next.timeline, { seq: next.version, at: next.updatedAt, type: event.type, actor: { kind: 'staff', id: SUPERVISOR_ID }, data: event.data, public: event.public }];
  return next;
}

describe('<portal-complaint>', () => {
  it('shows the complaint: facts, the category’s answers, the masked complainant, clocks and photos', async () => {
    const element = await open(DISPATCHED);
    const text = textOf(element);
    expect(text).to.contain('Complaint H5AS-XVTA');
    expect(root(element).querySelector('[data-testid="status"]')!.textContent).to.equal('Dispatched');
    expect(text).to.contain('Water or electricity repair');
    expect(root(element).querySelector('[data-testid="department"]')!.textContent).to.equal('Engineering and Repairs');
    expect(root(element).querySelector('[data-testid="assignee"]')!.textContent).to.equal('Han');
    expect(root(element).querySelector('[data-testid="description"]')!.textContent).to.equal(DISPATCHED.description);
    const answer = root(element).querySelector('[data-question="still-happening"]')!;
    expect(answer.querySelector('dt')!.textContent!.trim()).to.equal('Is it still happening now?');
    expect(answer.querySelector('dd')!.textContent!.trim()).to.equal('Yes');
    expect(root(element).querySelector('[data-testid="complainant-phone"]')!.textContent).to.equal('138****4220');
    expect(text).to.contain('Review round');
    // every stage clock, with its basis, due time and a countdown for the running ones
    const stages = [...root(element).querySelectorAll<HTMLElement>('tr[data-stage]')].map((row) => row.dataset.stage);
    expect(stages).to.deep.equal(['acknowledge', 'onSite', 'investigate', 'resolve']);
    expect(root(element).querySelector('tr[data-stage="resolve"]')!.textContent).to.contain('Working time');
    expect(root(element).querySelectorAll('portal-countdown')).to.have.length(3);
    // the photo filed with the complaint, fetched with the session and shown from memory
    const photos = root(element).querySelector('portal-photos')!;
    const image = await until(() => root(photos).querySelector('img'), 'the photo');
    expect(image.src).to.match(/^blob:/);
    expect(image.alt).to.equal('Photo 1 of 1');
  });

  it('keeps public replies and internal notes apart, and names every event', async () => {
    const element = await open(DISPATCHED);
    const entries = [...root(element).querySelectorAll<HTMLElement>('.timeline > li')];
    expect(entries).to.have.length(DISPATCHED.timeline.length);
    for (const entry of entries) {
      const title = entry.querySelector('.entry-title')!.textContent!.trim();
      expect(title, `a label for ${entry.dataset.type}`).to.not.equal(entry.dataset.type);
      expect(title).to.not.equal('');
    }
    const internal = entries.find((entry) => entry.textContent!.includes('住户说晚上九点后在家。'))!;
    expect(internal.classList.contains('internal')).to.equal(true);
    expect(internal.querySelector('.entry-title')!.textContent).to.equal('Internal note');
    expect(internal.querySelector('.tag')!.textContent).to.equal('Internal');
    const reply = entries.find((entry) => entry.textContent!.includes('维修师傅已安排,明天上午上门。'))!;
    expect(reply.classList.contains('public')).to.equal(true);
    expect(reply.querySelector('.entry-title')!.textContent).to.equal('Public reply');
    expect(reply.querySelector('.tag')!.textContent).to.equal('Public');
    // the key facts of each step
    const dispatched = entries.find((entry) => entry.dataset.type === 'dispatched')!;
    expect(dispatched.textContent).to.contain('Engineering and Repairs');
    expect(dispatched.textContent).to.contain('更换灯泡并检查线路');
    const accepted = entries.find((entry) => entry.dataset.type === 'accepted')!;
    expect(accepted.textContent).to.contain('您的投诉已受理,我们将在24小时内与您联系。');
    const clock = entries.find((entry) => entry.dataset.type === 'clock-started')!;
    expect(clock.classList.contains('internal')).to.equal(true);
    expect(clock.textContent).to.contain('Acknowledge');
  });

  it('offers one button per command the server allows this member now', async () => {
    const element = await open({ ...DISPATCHED, allowedCommands: ['add-note', 'resolve', 'dispatch'] });
    expect(commandButtons(element)).to.deep.equal(['dispatch', 'resolve', 'add-note']);
    const registered = await open({ ...DISPATCHED, id: 'another', status: 'registered', allowedCommands: ['accept', 'not-accept', 'classify'] });
    expect(commandButtons(registered)).to.deep.equal(['accept', 'not-accept', 'classify']);
    const auditor = await open({ ...DISPATCHED, id: 'read-only', allowedCommands: [] }, { roles: ['auditor'] });
    expect(commandButtons(auditor)).to.deep.equal([]);
    expect(textOf(actions(auditor))).to.contain('There is nothing for you to do on this complaint now.');
  });

  it('dispatches with the department from the directory, a colleague of it, requirements and a deadline in the site’s time', async () => {
    const element = await open(DISPATCHED);
    onCommand((body) => {
      const next = stepped(DISPATCHED, { assignee: 'Guo Wei', department: { code: 'security', name: { en: 'Security and Fire Safety', 'zh-Hans': '秩序维护部', 'zh-Hant': '秩序維護部' } } }, {
        type: 'dispatched',
        data: { department: 'security', assignee: 'Guo Wei', requirements: (body.command as { requirements?: string }).requirements },
        public: true,
      });
      serve(next);
      return HttpResponse.json(next);
    });
    const form = await openForm(element, 'dispatch');
    // the fields of the dispatch command, no more
    expect([...root(form).querySelectorAll<HTMLInputElement>('[name]')].map((control) => control.name)).to.deep.equal(['department', 'assignee', 'requirements', 'dueAt']);
    choose(field<HTMLSelectElement>(form, 'department'), 'security');
    await form.updateComplete;
    // the suggestions follow the department picked
    const suggestions = [...root(form).querySelectorAll<HTMLOptionElement>('datalist#colleagues option')].map((option) => option.value);
    expect(suggestions).to.include('Guo Wei');
    expect(suggestions).to.not.include('Han');
    type(field(form, 'assignee'), 'Guo Wei');
    type(field<HTMLTextAreaElement>(form, 'requirements'), '检查消防通道的照明');
    type(field(form, 'dueAt'), '2026-12-01T17:30');
    submit(form);

    await until(() => requests.length === 1, 'the command');
    const sent = requests[0]!;
    expect(sent.url).to.equal(staffUrl(`demo-community/complaints/${DISPATCHED.id}/commands`));
    expect(sent.body).to.deep.equal({
      expectedVersion: 10,
      command: { type: 'dispatch', department: 'security', assignee: 'Guo Wei', requirements: '检查消防通道的照明', dueAt: '2026-12-01T09:30:00.000Z' },
    });
    expect(sent.headers.get('Idempotency-Key')).to.be.a('string').with.length.greaterThan(8);
    // drawn again from the answer: the form closes, the new person in charge shows
    await until(() => root(element).querySelector('[data-testid="assignee"]')!.textContent === 'Guo Wei', 'the new assignee');
    expect(root(element).querySelector('[data-testid="department"]')!.textContent).to.equal('Security and Fire Safety');
    expect(root(actions(element)).querySelector('portal-command-form')).to.equal(null);
    expect(textOf(actions(element))).to.contain('Done: Dispatch.');
  });

  it('asks for what is missing before sending anything', async () => {
    const element = await open(DISPATCHED);
    onCommand(() => HttpResponse.json(DISPATCHED));
    const form = await openForm(element, 'resolve');
    type(field<HTMLTextAreaElement>(form, 'result'), '已更换灯泡。');
    submit(form);
    await until(() => field(form, 'basis').getAttribute('aria-invalid') === 'true', 'the missing basis');
    expect(root(form).querySelector('#basis-error')!.textContent).to.equal('Fill this in.');
    expect(requests).to.have.length(0);
  });

  it('on a conflict says someone else changed it, reloads, keeps the text and sends on the new version', async () => {
    const element = await open(DISPATCHED);
    const changed = stepped(DISPATCHED, {}, { type: 'note-added', data: { note: '住户来电催促。', public: false }, public: false });
    let answered = 0;
    onCommand((body) => {
      answered += 1;
      if (answered === 1) {
        serve(changed);
        return HttpResponse.json(
          { error: { code: 'version_conflict', message: 'someone else changed this complaint first', details: { current: { version: 11 } } } },
          { status: 409 },
        );
      }
      const next = stepped(changed, {}, { type: 'note-added', data: { note: (body.command as { note: string }).note, public: true }, public: true });
      return HttpResponse.json(next);
    });
    const form = await openForm(element, 'add-note');
    type(field<HTMLTextAreaElement>(form, 'note'), '师傅明早九点上门,请留人在家。');
    root(form).querySelector<HTMLInputElement>('#visibility-public')!.click();
    submit(form);

    await until(() => textOf(form).includes('Someone else changed this complaint'), 'the conflict message');
    // the complaint was read again and drawn with the other person's change
    await until(() => textOf(element).includes('住户来电催促。'), 'the reloaded complaint');
    expect(textOf(element)).to.contain('Updated: the complaint is now Dispatched.');
    // the same form, with what was typed
    const still = root(actions(element)).querySelector<PortalCommandForm>('portal-command-form')!;
    expect(still).to.equal(form);
    expect(field<HTMLTextAreaElement>(form, 'note').value).to.equal('师傅明早九点上门,请留人在家。');
    expect(root(form).querySelector<HTMLInputElement>('#visibility-public')!.checked).to.equal(true);
    await form.updateComplete;
    submit(form);
    await until(() => requests.length === 2, 'the second send');
    expect(requests[0]!.body).to.deep.include({ expectedVersion: 10 });
    expect(requests[1]!.body).to.deep.equal({ expectedVersion: 11, command: { type: 'add-note', note: '师傅明早九点上门,请留人在家。', public: true } });
    // the server answered the first: the second is a new request with a new key
    expect(requests[1]!.headers.get('Idempotency-Key')).to.not.equal(requests[0]!.headers.get('Idempotency-Key'));
    await until(() => textOf(actions(element)).includes('Done: Add a note or reply.'), 'the note added');
  });

  it('sends a command whose answer was lost again with the same key', async () => {
    const element = await open(DISPATCHED);
    onCommand(() => (requests.length === 1 ? HttpResponse.error() : HttpResponse.json(stepped(DISPATCHED, { status: 'investigating' }, { type: 'investigation-started', data: {}, public: true }))));
    const form = await openForm(element, 'start-investigation');
    submit(form);
    await until(() => textOf(form).includes('could not be reached'), 'the network message');
    submit(form);
    await until(() => requests.length === 2, 'the retry');
    expect(requests[1]!.headers.get('Idempotency-Key')).to.equal(requests[0]!.headers.get('Idempotency-Key'));
    await until(() => root(element).querySelector('[data-testid="status"]')!.textContent === 'Investigating', 'the new status');
  });

  it('shows the server’s refusals at their fields, and a refusal of the role as such', async () => {
    const element = await open(DISPATCHED);
    onCommand((body) =>
      body.command.type === 'extend-deadline'
        ? HttpResponse.json(
            { error: { code: 'extension_not_later', message: 'an extension must end later than the current deadline', issues: [{ path: ['until'], code: 'extension_not_later', message: 'an extension must end later than the current deadline' }] } },
            { status: 422 },
          )
        : HttpResponse.json({ error: { code: 'not_allowed_for_role', message: 'your role on this site cannot escalate' } }, { status: 403 }),
    );
    const form = await openForm(element, 'extend-deadline');
    expect([...field<HTMLSelectElement>(form, 'stage').options].map((option) => option.value)).to.deep.equal(['onSite', 'investigate', 'resolve']);
    expect(field(form, 'approvedBy').value).to.equal('Sup');
    root(form).querySelector<HTMLInputElement>('#mode-until')!.click();
    await form.updateComplete;
    type(field(form, 'until'), '2026-11-27T08:00');
    type(field<HTMLTextAreaElement>(form, 'reason'), '等待配件到货');
    submit(form);
    await until(() => field(form, 'until').getAttribute('aria-invalid') === 'true', 'the refusal at the field');
    expect(root(form).querySelector('#until-error')!.textContent).to.equal('The new deadline must be later than the current one.');
    expect(requests[0]!.body).to.deep.equal({
      expectedVersion: 10,
      command: { type: 'extend-deadline', stage: 'onSite', until: '2026-11-27T00:00:00.000Z', reason: '等待配件到货', approvedBy: 'Sup' },
    });

    const escalate = await openForm(element, 'escalate');
    type(field<HTMLTextAreaElement>(escalate, 'note'), '住户多次投诉');
    submit(escalate);
    await until(() => textOf(escalate).includes('Your role on this site does not allow this step.'), 'the refusal');
  });

  it('shows the complainant in full for a role that may, and says the reveal is recorded', async () => {
    let revealed = 0;
    worker.use(
      http.post(staffUrl(':site/complaints/:id/reveal'), () => {
        revealed += 1;
        return HttpResponse.json({ name: '王小明', phone: '138 0000 4220', email: 'wang@example.cn', preferredContact: 'phone' });
      }),
    );
    const element = await open(DISPATCHED);
    const button = [...root(element).querySelectorAll('button')].find((b) => b.textContent!.trim() === 'Show identity')!;
    expect(textOf(element)).to.contain('Every reveal is recorded in the audit log.');
    button.click();
    await until(() => root(element).querySelector('[data-testid="complainant-name"]')!.textContent === '王小明', 'the name in full');
    expect(root(element).querySelector('[data-testid="complainant-phone"]')!.textContent).to.equal('138 0000 4220');
    expect(textOf(element)).to.contain('Your look at it is recorded in the audit log.');
    expect(revealed).to.equal(1);

    const auditor = await open({ ...DISPATCHED, id: 'audited' }, { roles: ['auditor'] });
    expect([...root(auditor).querySelectorAll('button')].some((b) => b.textContent!.trim() === 'Show identity')).to.equal(false);
    expect(textOf(auditor)).to.contain('Your role does not include seeing who made it.');
  });

  it('follows the site’s live stream and draws another person’s change to this complaint as it happens', async () => {
    liveClient = undefined;
    const element = await open(DISPATCHED);
    await until(() => root(element).querySelector('.live-state[data-state="live"]'), 'the live stream');
    const reads = () => performance.getEntriesByType('resource').filter((entry) => entry.name === staffUrl(`demo-community/complaints/${DISPATCHED.id}`)).length;
    const before = reads();
    // a change to another complaint is not this screen's business
    liveClient!.send({ event: 'changed', data: JSON.stringify({ complaintId: 'someone-else', version: 3, at: '2026-11-26T01:00:00.000Z' }) });
    serve(stepped(DISPATCHED, { status: 'investigating' }, { type: 'investigation-started', data: { note: '已到现场查看' }, public: true }));
    liveClient!.send({ event: 'changed', data: JSON.stringify({ complaintId: DISPATCHED.id, version: 11, at: '2026-11-26T01:00:00.000Z' }) });
    await until(() => root(element).querySelector('[data-testid="status"]')!.textContent === 'Investigating', 'the change drawn');
    expect(textOf(element)).to.contain('已到现场查看');
    expect(textOf(element)).to.contain('Updated: the complaint is now Investigating.');
    expect(reads() - before).to.equal(1);
  });
});

/** The document the last Print button drew, as the print frame holds it. */
async function printed(element: PortalComplaint, kind: string): Promise<Document> {
  root(element).querySelector<HTMLButtonElement>(`button[data-document="${kind}"]`)!.click();
  const frame = await until(() => root(element).querySelector<HTMLIFrameElement>(`iframe.print-frame[data-document="${kind}"]`), 'the print frame');
  return frame.contentDocument!;
}

const plain = (node: Node) => node.textContent!.replace(/\s+/g, ' ').trim();

describe('printable documents', () => {
  it('prints the registration form with the facts of the registration', async () => {
    const element = await open(DISPATCHED);
    const buttons = [...root(element).querySelectorAll<HTMLButtonElement>('button[data-document]')].map((b) => b.dataset.document);
    expect(buttons).to.deep.equal(['registration', 'acceptance']);
    const doc = await printed(element, 'registration');
    const text = plain(doc.body);
    expect(doc.documentElement.lang).to.equal('en');
    expect(doc.querySelector('h1')!.textContent).to.equal('Complaint registration form');
    for (const fact of ['H5AS-XVTA', 'Website', 'Water or electricity repair', '7-3', '502', DISPATCHED.description, 'Is it still happening now?', '王**', '138****4220'])
      expect(text).to.contain(fact);
    expect(text).to.contain('Nov 26, 2026, 7:13 AM');
    // a stylesheet of its own, for A4
    expect([...doc.adoptedStyleSheets[0]!.cssRules].map((rule) => rule.cssText).join('\n')).to.match(/@page \{[^}]*size: a4/i);
  });

  it('prints the acceptance notice with the notice, when it was accepted, the department and the expected time', async () => {
    const element = await open(DISPATCHED);
    const doc = await printed(element, 'acceptance');
    const text = plain(doc.body);
    expect(doc.querySelector('h1')!.textContent).to.equal('Acceptance notice');
    expect(text).to.contain('您的投诉已受理,我们将在24小时内与您联系。');
    expect(text).to.contain('Accepted at Nov 26, 2026, 7:13 AM');
    expect(text).to.contain('Department in charge Engineering and Repairs');
    expect(text).to.contain('Expected to be handled by Nov 29, 2026, 7:13 AM');
    expect(text).to.contain('To: 王**');
  });

  it('prints the mediation agreement in three copies, one page each, in the member’s language', async () => {
    await useLocale('zh-Hans');
    try {
      const element = await open(MEDIATED, { site: BUREAU, lang: 'zh-Hans' });
      const doc = await printed(element, 'mediation-agreement');
      expect(doc.documentElement.lang).to.equal('zh-Hans');
      const copies = [...doc.querySelectorAll<HTMLElement>('article.copy')];
      expect(copies).to.have.length(3);
      // copy n of 3: one for each party, by name, and the bureau's own
      const labels = copies.map((copy) => copy.querySelector('.copy-label')!.textContent!);
      labels.forEach((label, index) => {
        expect(label).to.contain(String(index + 1));
        expect(label).to.contain('3');
      });
      expect(labels[0]).to.contain('李建国');
      expect(labels[1]).to.contain('清河县丰收种业经销部');
      expect(labels[2]).to.contain('清河县农业农村局');
      for (const copy of copies) {
        const text = plain(copy);
        expect(text).to.contain('清农调〔2026〕17号');
        expect(text).to.contain('李建国');
        expect(text).to.contain('清河县丰收种业经销部');
        expect(text).to.contain('经销商赔偿李建国种子款及损失共计人民币4800元');
        expect(text).to.contain('2026年11月26日');
      }
      // each copy on a page of its own
      const rules = [...doc.adoptedStyleSheets[0]!.cssRules].map((rule) => rule.cssText).join('\n');
      expect(rules).to.match(/\.page \{[^}]*break-after: page/);
    } finally {
      await useLocale('en');
    }
  });
});

for (const lang of ['en', 'zh-Hans'] as const) {
  describe(`accessibility of the complaint screen (${lang})`, function () {
    this.timeout(30_000);
    before(() => useLocale(lang));
    after(() => useLocale('en'));

    it('has no WCAG violations with the complaint, a form open and its errors shown', async () => {
      const element = await open(DISPATCHED, { lang });
      await until(() => root(root(element).querySelector('portal-photos')!).querySelector('img'), 'the photo');
      expect(await axeViolations(element)).to.deep.equal([]);
      const form = await openForm(element, 'dispatch');
      expect(await axeViolations(element)).to.deep.equal([]);
      expect(sizeProblems(element)).to.deep.equal([]);
      type(field(form, 'assignee'), '');
      submit(form);
      await until(() => field(form, 'assignee').getAttribute('aria-invalid') === 'true', 'the error');
      expect(await axeViolations(element)).to.deep.equal([]);
      for (const command of ['record-mediation-agreement', 'extend-deadline', 'add-note', 'correct'] as const) {
        const complaint = { ...DISPATCHED, id: `all-${command}`, allowedCommands: [command] };
        const another = await open(complaint, { lang });
        await openForm(another, command);
        expect(await axeViolations(another), command).to.deep.equal([]);
        expect(sizeProblems(another), command).to.deep.equal([]);
      }
    });
  });
}
