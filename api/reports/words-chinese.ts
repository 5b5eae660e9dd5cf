import type { Words } from './words.ts';

/**
 * The report's words in Simplified and Traditional Chinese, and the punctuation Chinese prose
 * takes. Kept apart from words.ts only for length.
 */

/**
 * Chinese prose takes full-width punctuation (，；：（）？！); a comma or colon between digits
 * (1,000, 10:00) stays as it is.
 */
export function chinesePunctuation(text: string): string {
  return text
    .replace(/,(?!\d)|(?<!\d),/g, '\uFF0C')
    .replace(/:(?!\d)|(?<!\d):/g, '\uFF1A')
    .replace(/;/g, '\uFF1B')
    .replace(/\(/g, '\uFF08')
    .replace(/\)/g, '\uFF09')
    .replace(/\?/g, '\uFF1F')
    .replace(/!/g, '\uFF01');
}

/** The same words or phrases with every text they give in Chinese punctuation. */
export function punctuated<T>(value: T): T {
  if (typeof value === 'string') return chinesePunctuation(value) as T;
  if (typeof value === 'function') return ((...args: unknown[]) => punctuated((value as (...a: unknown[]) => unknown)(...args))) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => punctuated(item)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, punctuated(v)])) as T;
  return value;
}

const ZH_QUARTERS = ['一', '二', '三', '四'];

export const zhHans: Words = punctuated({
  monthly: (period) => `${period}投诉统计分析报告`,
  quarterly: (period) => `${period}投诉工作总结`,
  monthName: (year, month) => `${year}年${month}月`,
  quarterName: (year, quarter) => `${year}年第${ZH_QUARTERS[quarter - 1]}季度`,
  monthTick: (year, month, withYear) => `${withYear ? `${year}年` : ''}${month}月`,
  figures: {
    received: '收到投诉',
    accepted: '受理',
    notAccepted: '不予受理',
    resolved: '处理完成',
    reopened: '复审',
    withdrawn: '撤回',
    closed: '结案',
    timeliness: '及时率',
    completion: '办结率',
    satisfaction: '满意率',
    firstTimeResolution: '一次解决率',
  },
  stages: {
    acknowledge: '受理确认',
    onSite: '到场',
    investigate: '启动调查',
    resolve: '处理完成',
    feedback: '结果反馈',
    returnVisit: '回访',
  },
  outcomes: { resolved: '已解决', unresolved: '未解决', mediated: '调解成功', settled: '自行和解', referred: '转诉讼或仲裁' },
  channels: {
    web: '网站',
    phone: '电话',
    letter: '信件',
    'walk-in': '来访',
    email: '电子邮件',
    wechat: '微信',
    'on-site': '现场',
    open311: 'Open311',
  },
  headings: {
    report: '报告信息',
    analysis: '情况分析',
    summary: '主要指标',
    rates: '三率与目标',
    trend: '月度趋势',
    stages: '各环节时效',
    categories: '按投诉类别',
    departments: '按责任部门',
    channels: '按投诉渠道',
    outcomes: '结案情况',
    repeats: '重复投诉',
    repeatPlaces: '同一地点多次投诉',
    repeatComplainants: '同一投诉人多次投诉',
    months: '分月情况',
    definitions: '统计口径',
  },
  columns: {
    item: '项目',
    title: '标题',
    value: '内容',
    code: '代码',
    figure: '指标',
    current: '本期',
    previous: '上期',
    change: '变化',
    stage: '环节',
    onTime: '按时',
    late: '超时',
    ratePercent: '及时率(%)',
    medianMinutes: '用时中位数(分钟)',
    p90Minutes: '用时90分位(分钟)',
    median: '用时中位数',
    p90: '用时90分位',
    category: '类别',
    department: '部门',
    channel: '渠道',
    count: '件数',
    place: '地点',
    complainant: '投诉人(已脱敏)',
    month: '月份',
    number: '序号',
    text: '内容',
    site: '单位',
    period: '统计期间',
    previousPeriod: '对比期间',
    timeZone: '时区',
    target: '满意率目标',
    timelinessPercent: '及时率(%)',
    completionPercent: '办结率(%)',
    satisfactionPercent: '满意率(%)',
    outcome: '结案方式',
  },
  minutes: '分钟',
  hours: '小时',
  days: '天',
  points: (n) => `${n}个百分点`,
  target: (percent) => `目标 ${percent}`,
  definitions: [
    '及时率:本期内结束计时的各环节时限中,按时完成的比例;因案件先行结束而取消的计时不计。',
    '办结率:本期受理的投诉中,截至期末已办结的比例(撤回、合并的不计);以“未解决”结案、或复审后尚未再次处理完成的,不算办结。期后发生的事项不改变已结束期间的数字。',
    '满意率:本期记录的满意度评价中“满意”所占的比例,“部分满意”按不满意计。',
    '各环节用时:自该环节计时开始至结束的自然时间;中位数与90分位数按最近秩法取值。',
    '重复投诉人按电话号码或电子邮箱识别(两者均无时按姓名),仅显示脱敏信息。',
  ],
  basis: '本报告依据投诉处理记录(逐项事件)自动生成,同一记录生成的报告完全一致。',
  range: (from, to) => `${from} 至 ${to}`,
  none: '无',
});

export const zhHant: Words = punctuated({
  ...zhHans,
  monthly: (period) => `${period}投訴統計分析報告`,
  quarterly: (period) => `${period}投訴工作總結`,
  figures: {
    received: '收到投訴',
    accepted: '受理',
    notAccepted: '不予受理',
    resolved: '處理完成',
    reopened: '複審',
    withdrawn: '撤回',
    closed: '結案',
    timeliness: '及時率',
    completion: '辦結率',
    satisfaction: '滿意率',
    firstTimeResolution: '一次解決率',
  },
  stages: {
    acknowledge: '受理確認',
    onSite: '到場',
    investigate: '啟動調查',
    resolve: '處理完成',
    feedback: '結果反饋',
    returnVisit: '回訪',
  },
  outcomes: { resolved: '已解決', unresolved: '未解決', mediated: '調解成功', settled: '自行和解', referred: '轉訴訟或仲裁' },
  channels: {
    web: '網站',
    phone: '電話',
    letter: '信件',
    'walk-in': '來訪',
    email: '電子郵件',
    wechat: '微信',
    'on-site': '現場',
    open311: 'Open311',
  },
  headings: {
    report: '報告資訊',
    analysis: '情況分析',
    summary: '主要指標',
    rates: '三率與目標',
    trend: '月度趨勢',
    stages: '各環節時效',
    categories: '按投訴類別',
    departments: '按責任部門',
    channels: '按投訴渠道',
    outcomes: '結案情況',
    repeats: '重複投訴',
    repeatPlaces: '同一地點多次投訴',
    repeatComplainants: '同一投訴人多次投訴',
    months: '分月情況',
    definitions: '統計口徑',
  },
  columns: {
    ...zhHans.columns,
    item: '項目',
    title: '標題',
    value: '內容',
    code: '代碼',
    figure: '指標',
    change: '變化',
    stage: '環節',
    onTime: '按時',
    late: '超時',
    ratePercent: '及時率(%)',
    medianMinutes: '用時中位數(分鐘)',
    p90Minutes: '用時90分位(分鐘)',
    median: '用時中位數',
    p90: '用時90分位',
    category: '類別',
    department: '部門',
    count: '件數',
    place: '地點',
    complainant: '投訴人(已脫敏)',
    number: '序號',
    text: '內容',
    site: '單位',
    period: '統計期間',
    previousPeriod: '對比期間',
    timeZone: '時區',
    target: '滿意率目標',
    timelinessPercent: '及時率(%)',
    completionPercent: '辦結率(%)',
    satisfactionPercent: '滿意率(%)',
    outcome: '結案方式',
  },
  minutes: '分鐘',
  hours: '小時',
  points: (n) => `${n}個百分點`,
  target: (percent) => `目標 ${percent}`,
  definitions: [
    '及時率:本期內結束計時的各環節時限中,按時完成的比例;因案件先行結束而取消的計時不計。',
    '辦結率:本期受理的投訴中,截至期末已辦結的比例(撤回、合併的不計);以「未解決」結案、或複審後尚未再次處理完成的,不算辦結。期後發生的事項不改變已結束期間的數字。',
    '滿意率:本期記錄的滿意度評價中「滿意」所佔的比例,「部分滿意」按不滿意計。',
    '各環節用時:自該環節計時開始至結束的自然時間;中位數與90分位數按最近秩法取值。',
    '重複投訴人按電話號碼或電子郵箱識別(兩者均無時按姓名),僅顯示脫敏資訊。',
  ],
  basis: '本報告依據投訴處理記錄(逐項事件)自動生成,同一記錄生成的報告完全一致。',
  none: '無',
});

