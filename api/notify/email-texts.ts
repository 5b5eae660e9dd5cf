import type { Locale } from '../contract/common.ts';
import type { ClockStage, EscalationReason } from '../contract/events.ts';
import { COMPLAINANT_MESSAGE_KINDS, type MessageKindCode, STAFF_MESSAGE_KINDS } from '../contract/message-kinds.ts';

/** The facts a message's words are made of; what a message does not have is undefined. */
export interface MessageFacts {
  reference: string;
  site: string;
  category?: string;
  department?: string;
  /** already written out in the reader's language and the site's time zone */
  time?: string;
  notice?: string;
  reason?: string;
  referTo?: string;
  question?: string;
  note?: string;
  message?: string;
  result?: string;
  basis?: string;
  improvement?: string;
  round?: number;
  level?: number;
  stage?: ClockStage;
  escalationReason?: EscalationReason;
}

/** A message's words: a title (the subject of a message of its own) and its paragraphs. */
export interface Wording {
  title: string;
  lines: string[];
}

type Kind = MessageKindCode;

export const COMPLAINANT_KINDS: readonly Kind[] = COMPLAINANT_MESSAGE_KINDS;
export const STAFF_KINDS: readonly Kind[] = STAFF_MESSAGE_KINDS;

export const isKind = (kind: string): kind is Kind => (COMPLAINANT_KINDS as readonly string[]).includes(kind) || (STAFF_KINDS as readonly string[]).includes(kind);

export interface Texts {
  messages: Record<Kind, (f: MessageFacts) => Wording>;
  stages: Record<ClockStage, string>;
  reasons: Record<EscalationReason, string>;
  /** the link under a complainant's message */
  track: string;
  /** the link to a survey */
  survey: string;
  /** the link under a staff message */
  portal: string;
  /** the subject of several repeats folded together */
  repeats: (title: string, count: number) => string;
  digest: (site: string, count: number) => string;
  /** below every message to a complainant */
  complainantFooter: (site: string) => string;
  staffFooter: (site: string) => string;
}

/** Only what is there: lines of facts that are missing are left out. */
const lines = (...items: (string | false | undefined | null)[]): string[] => items.filter((item): item is string => Boolean(item));

const en: Texts = {
  messages: {
    receipt: (f) => ({
      title: `Complaint ${f.reference} received`,
      lines: [
        `${f.site} has received your complaint and registered it under the reference ${f.reference}.`,
        'Keep this reference: with it you can follow the complaint and answer our questions at any time.',
      ],
    }),
    'acceptance-notice': (f) => ({
      title: `Complaint ${f.reference} accepted`,
      lines: lines(
        `Your complaint ${f.reference} has been accepted and will be handled under our complaint procedure.`,
        f.notice,
        f.time && `We expect to answer you by ${f.time}.`,
      ),
    }),
    'not-accepted': (f) => ({
      title: `Complaint ${f.reference} not accepted`,
      lines: lines(
        `We are sorry: we cannot accept your complaint ${f.reference}.`,
        f.reason && `Reason: ${f.reason}`,
        f.referTo && `You can turn to: ${f.referTo}`,
      ),
    }),
    'information-requested': (f) => ({
      title: `Complaint ${f.reference}: we need more information`,
      lines: lines(
        `To go on with your complaint ${f.reference} we need the following from you:`,
        f.question,
        'Please answer through the link below. Our deadlines stand still until your answer arrives.',
      ),
    }),
    progress: (f) => ({ title: `Complaint ${f.reference}: progress`, lines: lines(`News about your complaint ${f.reference}:`, f.note) }),
    result: (f) => ({
      title: `Complaint ${f.reference}: the result`,
      lines: lines(
        f.message,
        f.result && `Result: ${f.result}`,
        f.basis && `Basis: ${f.basis}`,
        f.improvement && `What we will improve: ${f.improvement}`,
      ),
    }),
    'satisfaction-survey': (f) => ({
      title: `Complaint ${f.reference}: are you satisfied?`,
      lines: [
        `Please tell us whether you are satisfied with how your complaint ${f.reference} was handled.`,
        'The link opens a short page; your answer is recorded only when you press one of its buttons. The link can be used once.',
      ],
    }),
    'reopen-confirmation': (f) => ({
      title: `Complaint ${f.reference}: review opened`,
      lines: [`We have received your request for a review of complaint ${f.reference}. It is being handled again (review round ${f.round ?? 1}).`],
    }),
    assignment: (f) => ({
      title: `Complaint ${f.reference} assigned to you`,
      lines: [`Complaint ${f.reference}${f.category ? ` (${f.category})` : ''} has been dispatched to ${f.department ?? 'your department'}, with you in charge.`],
    }),
    escalation: (f) => ({
      title: `Escalated to you: complaint ${f.reference}`,
      lines: lines(
        `Complaint ${f.reference}${f.category ? ` (${f.category})` : ''} has been escalated to you${f.escalationReason ? `: ${en.reasons[f.escalationReason]}` : ''}${f.level ? ` (level ${f.level})` : ''}.`,
        f.stage && `Stage: ${en.stages[f.stage]}`,
        f.note,
      ),
    }),
    'deadline-warning': (f) => ({
      title: `Deadline near: complaint ${f.reference}`,
      lines: [`The ${f.stage ? en.stages[f.stage] : 'current'} stage of complaint ${f.reference} is due ${f.time ? `by ${f.time}` : 'soon'}.`],
    }),
    'deadline-breach': (f) => ({
      title: `Deadline missed: complaint ${f.reference}`,
      lines: [`The ${f.stage ? en.stages[f.stage] : 'current'} stage of complaint ${f.reference} was due${f.time ? ` by ${f.time}` : ''} and is overdue.`],
    }),
  },
  stages: {
    acknowledge: 'confirmation',
    onSite: 'on-site',
    investigate: 'investigation',
    resolve: 'handling',
    feedback: 'result feedback',
    returnVisit: 'return visit',
  },
  reasons: {
    vip: 'an important guest',
    major: 'a major complaint',
    breach: 'a deadline was missed',
    dissatisfied: 'the complainant is not satisfied',
    unsolved: 'it cannot be solved quickly',
    manual: 'escalated by staff',
  },
  track: 'Follow your complaint',
  survey: 'Answer the survey',
  portal: 'Open it in the portal',
  repeats: (title, count) => `${title} (${count} updates)`,
  digest: (site, count) => `${site}: your daily digest, ${count} ${count === 1 ? 'notification' : 'notifications'}`,
  complainantFooter: (site) => `Sent by ${site}. Do not forward this message: its links open your complaint.`,
  staffFooter: (site) => `Sent by the complaint desk of ${site}.`,
};

const zhHans: Texts = {
  messages: {
    receipt: (f) => ({
      title: `投诉 ${f.reference} 已收到`,
      lines: [`${f.site}已收到您的投诉,投诉编号为 ${f.reference}。`, '请保留此编号:凭它可以随时查看处理进展、回答我们的问题。'],
    }),
    'acceptance-notice': (f) => ({
      title: `投诉 ${f.reference} 已受理`,
      lines: lines(`您的投诉 ${f.reference} 已受理,我们将按投诉处理程序办理。`, f.notice, f.time && `预计在 ${f.time} 前答复您。`),
    }),
    'not-accepted': (f) => ({
      title: `投诉 ${f.reference} 不予受理`,
      lines: lines(`很抱歉,您的投诉 ${f.reference} 不予受理。`, f.reason && `原因:${f.reason}`, f.referTo && `您可以向以下机构反映:${f.referTo}`),
    }),
    'information-requested': (f) => ({
      title: `投诉 ${f.reference}:需要您补充信息`,
      lines: lines(`为继续办理您的投诉 ${f.reference},请补充以下信息:`, f.question, '请通过下方链接答复。在收到您的答复之前,处理时限暂停计算。'),
    }),
    progress: (f) => ({ title: `投诉 ${f.reference}:处理进展`, lines: lines(`您的投诉 ${f.reference} 有新的进展:`, f.note) }),
    result: (f) => ({
      title: `投诉 ${f.reference}:处理结果`,
      lines: lines(f.message, f.result && `处理结果:${f.result}`, f.basis && `处理依据:${f.basis}`, f.improvement && `改进措施:${f.improvement}`),
    }),
    'satisfaction-survey': (f) => ({
      title: `投诉 ${f.reference}:请评价我们的处理`,
      lines: [`请告诉我们,您对投诉 ${f.reference} 的处理是否满意。`, '链接会打开一个简短的页面,只有在您按下其中的按钮后才会记录您的评价。此链接只能使用一次。'],
    }),
    'reopen-confirmation': (f) => ({
      title: `投诉 ${f.reference}:已启动复审`,
      lines: [`我们已收到您对投诉 ${f.reference} 的复审申请,投诉将重新办理(第 ${f.round ?? 1} 轮复审)。`],
    }),
    assignment: (f) => ({
      title: `投诉 ${f.reference} 已派给您`,
      lines: [`投诉 ${f.reference}${f.category ? `(${f.category})` : ''}已派发至${f.department ?? '您的部门'},由您负责办理。`],
    }),
    escalation: (f) => ({
      title: `投诉 ${f.reference} 已升级给您`,
      lines: lines(
        `投诉 ${f.reference}${f.category ? `(${f.category})` : ''}已升级给您${f.escalationReason ? `:${zhHans.reasons[f.escalationReason]}` : ''}${f.level ? `(第 ${f.level} 级)` : ''}。`,
        f.stage && `阶段:${zhHans.stages[f.stage]}`,
        f.note,
      ),
    }),
    'deadline-warning': (f) => ({
      title: `时限将到:投诉 ${f.reference}`,
      lines: [`投诉 ${f.reference} 的${f.stage ? zhHans.stages[f.stage] : '当前阶段'}时限${f.time ? `为 ${f.time}` : '将到'},请及时办理。`],
    }),
    'deadline-breach': (f) => ({
      title: `已超时:投诉 ${f.reference}`,
      lines: [`投诉 ${f.reference} 的${f.stage ? zhHans.stages[f.stage] : '当前阶段'}时限${f.time ? `为 ${f.time}` : ''},现已超时。`],
    }),
  },
  stages: { acknowledge: '确认', onSite: '到场', investigate: '调查', resolve: '处理', feedback: '结果反馈', returnVisit: '回访' },
  reasons: {
    vip: '重要客人',
    major: '重大投诉',
    breach: '超过时限',
    dissatisfied: '投诉人不满意',
    unsolved: '无法及时解决',
    manual: '人工升级',
  },
  track: '查看投诉进展',
  survey: '填写满意度评价',
  portal: '在工作台中打开',
  repeats: (title, count) => `${title}(${count} 条更新)`,
  digest: (site, count) => `${site}:每日汇总,共 ${count} 条通知`,
  complainantFooter: (site) => `此邮件由${site}发送。请勿转发:其中的链接可直接打开您的投诉。`,
  staffFooter: (site) => `此邮件由${site}投诉处理系统发送。`,
};

const zhHant: Texts = {
  messages: {
    receipt: (f) => ({
      title: `投訴 ${f.reference} 已收到`,
      lines: [`${f.site}已收到您的投訴,投訴編號為 ${f.reference}。`, '請保留此編號:憑它可以隨時查看處理進展、回答我們的問題。'],
    }),
    'acceptance-notice': (f) => ({
      title: `投訴 ${f.reference} 已受理`,
      lines: lines(`您的投訴 ${f.reference} 已受理,我們將按投訴處理程序辦理。`, f.notice, f.time && `預計在 ${f.time} 前答覆您。`),
    }),
    'not-accepted': (f) => ({
      title: `投訴 ${f.reference} 不予受理`,
      lines: lines(`很抱歉,您的投訴 ${f.reference} 不予受理。`, f.reason && `原因:${f.reason}`, f.referTo && `您可以向以下機構反映:${f.referTo}`),
    }),
    'information-requested': (f) => ({
      title: `投訴 ${f.reference}:需要您補充資料`,
      lines: lines(`為繼續辦理您的投訴 ${f.reference},請補充以下資料:`, f.question, '請透過下方連結答覆。在收到您的答覆之前,處理時限暫停計算。'),
    }),
    progress: (f) => ({ title: `投訴 ${f.reference}:處理進展`, lines: lines(`您的投訴 ${f.reference} 有新的進展:`, f.note) }),
    result: (f) => ({
      title: `投訴 ${f.reference}:處理結果`,
      lines: lines(f.message, f.result && `處理結果:${f.result}`, f.basis && `處理依據:${f.basis}`, f.improvement && `改進措施:${f.improvement}`),
    }),
    'satisfaction-survey': (f) => ({
      title: `投訴 ${f.reference}:請評價我們的處理`,
      lines: [`請告訴我們,您對投訴 ${f.reference} 的處理是否滿意。`, '連結會開啟一個簡短的頁面,只有在您按下其中的按鈕後才會記錄您的評價。此連結只能使用一次。'],
    }),
    'reopen-confirmation': (f) => ({
      title: `投訴 ${f.reference}:已啟動複審`,
      lines: [`我們已收到您對投訴 ${f.reference} 的複審申請,投訴將重新辦理(第 ${f.round ?? 1} 輪複審)。`],
    }),
    assignment: (f) => ({
      title: `投訴 ${f.reference} 已派給您`,
      lines: [`投訴 ${f.reference}${f.category ? `(${f.category})` : ''}已派發至${f.department ?? '您的部門'},由您負責辦理。`],
    }),
    escalation: (f) => ({
      title: `投訴 ${f.reference} 已升級給您`,
      lines: lines(
        `投訴 ${f.reference}${f.category ? `(${f.category})` : ''}已升級給您${f.escalationReason ? `:${zhHant.reasons[f.escalationReason]}` : ''}${f.level ? `(第 ${f.level} 級)` : ''}。`,
        f.stage && `階段:${zhHant.stages[f.stage]}`,
        f.note,
      ),
    }),
    'deadline-warning': (f) => ({
      title: `時限將到:投訴 ${f.reference}`,
      lines: [`投訴 ${f.reference} 的${f.stage ? zhHant.stages[f.stage] : '當前階段'}時限${f.time ? `為 ${f.time}` : '將到'},請及時辦理。`],
    }),
    'deadline-breach': (f) => ({
      title: `已超時:投訴 ${f.reference}`,
      lines: [`投訴 ${f.reference} 的${f.stage ? zhHant.stages[f.stage] : '當前階段'}時限${f.time ? `為 ${f.time}` : ''},現已超時。`],
    }),
  },
  stages: { acknowledge: '確認', onSite: '到場', investigate: '調查', resolve: '處理', feedback: '結果反饋', returnVisit: '回訪' },
  reasons: {
    vip: '重要客人',
    major: '重大投訴',
    breach: '超過時限',
    dissatisfied: '投訴人不滿意',
    unsolved: '無法及時解決',
    manual: '人工升級',
  },
  track: '查看投訴進展',
  survey: '填寫滿意度評價',
  portal: '在工作台中開啟',
  repeats: (title, count) => `${title}(${count} 則更新)`,
  digest: (site, count) => `${site}:每日匯總,共 ${count} 則通知`,
  complainantFooter: (site) => `此郵件由${site}發送。請勿轉發:其中的連結可直接開啟您的投訴。`,
  staffFooter: (site) => `此郵件由${site}投訴處理系統發送。`,
};

export const TEXTS: Record<Locale, Texts> = { en, 'zh-Hans': zhHans, 'zh-Hant': zhHant };
