import type { LocalizedText } from '../contract/common.ts';
import { Site, type SiteInput } from '../contract/site.ts';

/**
 * The three demonstration organisations, each with the categories, departments and clocks of
 * its source documents (../shared/PROCEDURES.md). They are seeded on first start.
 */
const t = (en: string, zhHans: string, zhHant: string): LocalizedText => ({ en, 'zh-Hans': zhHans, 'zh-Hant': zhHant });

/** Residential community / property management office: seeds 000, 002 篇1, 003 (property). */
const community: SiteInput = {
  key: 'demo-community',
  kind: 'community',
  name: t('Sunshine Garden Community Service Centre', '阳光花园社区服务中心', '陽光花園社區服務中心'),
  timezone: 'Asia/Shanghai',
  defaultLocale: 'zh-Hans',
  allowedOrigins: ['*'],
  // the demo page's green (demo/community/community.css), on its pale green page
  theme: { accent: '#15803d', background: '#f2f7f3' },
  policy: {
    placeFields: ['unit', 'room'],
    allowAnonymous: true,
    satisfactionTarget: 0.95,
    // Working days are the statutory ones, with the official holidays and make-up days.
    calendar: { region: 'CN', weekend: [0, 6], workingHours: [{ start: '08:30', end: '17:30' }] },
    manager: 'property-manager',
    reviewRounds: 2,
    // 000: confirm within 24 h, investigate within 48 h, result within 7 working days; 003: return visit 3–5 days.
    deadlines: {
      acknowledge: { amount: 24, unit: 'hours' },
      investigate: { amount: 48, unit: 'hours' },
      resolve: { amount: 10, unit: 'workingDays' },
      feedback: { amount: 7, unit: 'workingDays' },
      returnVisit: { after: { amount: 3, unit: 'days' }, within: { amount: 5, unit: 'days' } },
    },
    departments: [
      { code: 'customer-service', name: t('Customer Service Centre', '客户服务中心', '客戶服務中心'), supervisor: 'property-manager' },
      { code: 'engineering', name: t('Engineering and Repairs', '工程维修部', '工程維修部'), supervisor: 'property-manager' },
      { code: 'security', name: t('Security and Fire Safety', '秩序维护部', '秩序維護部'), supervisor: 'property-manager' },
      { code: 'environment', name: t('Cleaning and Greenery', '环境保洁部', '環境保潔部'), supervisor: 'property-manager' },
      { code: 'activities', name: t('Community Activities', '社区活动组', '社區活動組'), supervisor: 'property-manager' },
    ],
    categories: [
      {
        code: 'service-quality',
        name: t('Service quality', '服务质量', '服務質量'),
        department: 'customer-service',
        priority: 'normal',
        questions: [],
      },
      {
        code: 'facilities',
        name: t('Public facilities', '公共设施', '公共設施'),
        department: 'engineering',
        priority: 'normal',
        questions: [],
      },
      {
        code: 'repair-water-electric',
        name: t('Water or electricity repair', '水电维修', '水電維修'),
        department: 'engineering',
        priority: 'high',
        // 002 篇1 6: ordinary water and electricity repairs, on site within 5–15 minutes.
        deadlines: { onSite: { amount: 15, unit: 'minutes' } },
        questions: [
          {
            id: 'still-happening',
            label: t('Is it still happening now?', '问题现在还在持续吗?', '問題現在還在持續嗎?'),
            kind: 'choice',
            required: false,
            options: [
              { value: 'yes', label: t('Yes', '是', '是') },
              { value: 'no', label: t('No', '否', '否') },
            ],
          },
        ],
      },
      {
        code: 'environment',
        name: t('Cleaning and environment', '环境卫生', '環境衛生'),
        department: 'environment',
        priority: 'normal',
        questions: [],
      },
      {
        code: 'activities',
        name: t('Community activities', '社区活动组织', '社區活動組織'),
        department: 'activities',
        priority: 'low',
        questions: [],
      },
      {
        code: 'fire',
        name: t('Fire', '火警', '火警'),
        department: 'security',
        priority: 'urgent',
        // 002 篇1 6: fire, the responsible people on site within 3 minutes.
        deadlines: { onSite: { amount: 3, unit: 'minutes' }, acknowledge: { amount: 3, unit: 'minutes' } },
        emergency: {
          phone: '119',
          instruction: t(
            'Call 119 now and leave by the stairs, not the lift. Then call the 24-hour hotline 0571-8888 0000.',
            '请立即拨打 119,走楼梯撤离,不要乘电梯。随后拨打 24 小时热线 0571-8888 0000。',
            '請立即撥打 119,走樓梯撤離,不要乘電梯。隨後撥打 24 小時熱線 0571-8888 0000。',
          ),
        },
        questions: [],
      },
      {
        code: 'emergency',
        name: t('Other emergency (gas, flooding, someone trapped)', '其他紧急情况(燃气、漏水、被困)', '其他緊急情況(燃氣、漏水、被困)'),
        department: 'security',
        priority: 'urgent',
        // 002 篇1 6: any other emergency, on site at most 3 minutes after the report.
        deadlines: { onSite: { amount: 3, unit: 'minutes' }, acknowledge: { amount: 3, unit: 'minutes' } },
        emergency: {
          phone: '0571-8888 0000',
          instruction: t(
            'Call the 24-hour hotline 0571-8888 0000 now: staff are on site within 3 minutes. If anyone is hurt, call 120.',
            '请立即拨打 24 小时热线 0571-8888 0000,工作人员 3 分钟内到场。如有人受伤,请拨打 120。',
            '請立即撥打 24 小時熱線 0571-8888 0000,工作人員 3 分鐘內到場。如有人受傷,請撥打 120。',
          ),
        },
        questions: [],
      },
      {
        code: 'other',
        name: t('Something else', '其他', '其他'),
        department: 'customer-service',
        priority: 'normal',
        questions: [],
      },
    ],
  },
};

/** Hotel front desk and duty manager: seed 002 篇3. */
const hotel: SiteInput = {
  key: 'demo-hotel',
  kind: 'hotel',
  name: t('Harbour View Hotel', '海景大饭店', '海景大飯店'),
  timezone: 'Asia/Hong_Kong',
  defaultLocale: 'zh-Hant',
  allowedOrigins: ['*'],
  // the demo page's navy (demo/hotel/hotel.css), on its ivory paper
  theme: { accent: '#1b2437', background: '#f8f5ef' },
  policy: {
    placeFields: ['room'],
    // 002 篇3 二1: the guest's name is always recorded.
    allowAnonymous: false,
    satisfactionTarget: 0.95,
    // A hotel never closes: every hour of every day counts.
    calendar: { region: 'none', weekend: [], workingHours: [] },
    // 002 篇3 四4 and 五2: major and VIP complaints go to the general manager, who signs the file off.
    manager: 'general-manager',
    archiveSignOff: true,
    deadlines: {
      acknowledge: { amount: 15, unit: 'minutes' },
      resolve: { amount: 24, unit: 'hours' },
      feedback: { amount: 2, unit: 'hours' },
      returnVisit: { after: { amount: 1, unit: 'hours' }, within: { amount: 24, unit: 'hours' } },
    },
    departments: [
      { code: 'front-office', name: t('Front Office', '前厅部', '前廳部'), supervisor: 'duty-manager' },
      { code: 'housekeeping', name: t('Housekeeping', '客房部', '客房部'), supervisor: 'duty-manager' },
      { code: 'food-beverage', name: t('Food and Beverage', '餐饮部', '餐飲部'), supervisor: 'duty-manager' },
      { code: 'engineering', name: t('Engineering', '工程部', '工程部'), supervisor: 'duty-manager' },
      { code: 'security', name: t('Security', '保安部', '保安部'), supervisor: 'duty-manager' },
      { code: 'duty-manager', name: t('Duty Manager', '大堂值班经理', '大堂值班經理'), supervisor: 'general-manager' },
      { code: 'general-manager', name: t("General Manager's Office", '总经理办公室', '總經理辦公室') },
    ],
    categories: [
      { code: 'room', name: t('Room and housekeeping', '客房与清洁', '客房與清潔'), department: 'housekeeping', priority: 'normal', questions: [] },
      {
        code: 'service-attitude',
        name: t('Staff attitude', '服务态度', '服務態度'),
        department: 'duty-manager',
        priority: 'high',
        questions: [
          {
            id: 'staff-or-department',
            label: t('Which department or staff member?', '涉及哪个部门或员工?', '涉及哪個部門或員工?'),
            kind: 'text',
            required: false,
          },
        ],
      },
      { code: 'food-beverage', name: t('Restaurant and room service', '餐饮与送餐', '餐飲與送餐'), department: 'food-beverage', priority: 'normal', questions: [] },
      {
        code: 'facilities',
        name: t('Something broken (air conditioning, water, Wi-Fi)', '设施故障(空调、水、无线网络)', '設施故障(空調、水、無線網絡)'),
        department: 'engineering',
        priority: 'high',
        deadlines: { onSite: { amount: 15, unit: 'minutes' } },
        questions: [],
      },
      { code: 'noise', name: t('Noise', '噪音', '噪音'), department: 'security', priority: 'high', questions: [] },
      { code: 'billing', name: t('Bill and charges', '账单与收费', '賬單與收費'), department: 'front-office', priority: 'normal', questions: [] },
      { code: 'lost-property', name: t('Lost property', '遗失物品', '遺失物品'), department: 'security', priority: 'normal', questions: [] },
      {
        code: 'safety',
        name: t('Safety or security', '安全问题', '安全問題'),
        department: 'security',
        priority: 'urgent',
        emergency: {
          phone: '999',
          instruction: t(
            'If anyone is in danger call 999 now, then dial 0 from your room phone for the duty manager.',
            '如有人身危险请立即拨打 999,再用客房电话拨 0 联系值班经理。',
            '如有人身危險請立即撥打 999,再用客房電話撥 0 聯絡值班經理。',
          ),
        },
        questions: [],
      },
      { code: 'other', name: t('Something else', '其他', '其他'), department: 'duty-manager', priority: 'normal', questions: [] },
    ],
  },
};

const eightKinds = [
  ['delay', t('Delaying a matter without reason', '无正当理由拖延不办', '無正當理由拖延不辦')],
  ['shirking', t('Shirking duties, inefficiency', '推诿敷衍、效率低下', '推諉敷衍、效率低下')],
  ['not-publishing', t('Not publishing or telling what must be told', '不履行公开和告知义务', '不履行公開和告知義務')],
  ['eat-take-hold-ask', t('Asking for meals, gifts or favours ("eat, take, hold up, ask")', '吃、拿、卡、要', '吃、拿、卡、要')],
  ['inaction-abuse', t('Inaction or abuse of power', '不作为、乱作为', '不作為、亂作為')],
  ['rude-enforcement', t('Rude enforcement, deliberately making things hard', '不文明执法、态度蛮横、故意刁难', '不文明執法、態度蠻橫、故意刁難')],
  ['discipline', t('Breaking discipline or office rules', '违反组织纪律和管理制度', '違反組織紀律和管理制度')],
  ['other', t('Other conduct harming the office', '其他影响机关形象的行为', '其他影響機關形象的行為')],
] as const;

/** Ten subject routes of the county agriculture bureau (seed 003): subject → station. */
const stations = [
  ['seeds', t('Seeds', '种子', '種子'), 'seed-station', t('Seed Station', '种子站', '種子站')],
  ['fertiliser', t('Fertiliser', '肥料', '肥料'), 'soil-fertiliser-station', t('Soil and Fertiliser Station', '土肥站', '土肥站')],
  ['fruit', t('Fruit', '水果', '水果'), 'fruit-centre', t('Fruit Centre', '水果中心', '水果中心')],
  ['pesticide-damage', t('Pesticide damage', '药害', '藥害'), 'plant-protection-station', t('Plant Protection Station', '植保站', '植保站')],
  ['cash-crops', t('Cash crops', '经济作物', '經濟作物'), 'cash-crop-station', t('Cash Crop Station', '经作站', '經作站')],
  ['main-crops', t('Main crops (grain, oil crops)', '主要农作物', '主要農作物'), 'township-extension', t('Township Agricultural Extension Stations', '各乡镇农技推广站', '各鄉鎮農技推廣站')],
  ['environmental-pollution', t('Environmental pollution', '环境污染', '環境污染'), 'environment-monitoring-station', t('Agricultural Environment Monitoring Station', '农业环境监测站', '農業環境監測站')],
  ['produce-quality', t('Produce quality and safety', '农产品质量', '農產品質量'), 'produce-testing-station', t('Produce Quality Testing Station', '农产品检测站', '農產品檢測站')],
  ['sericulture', t('Silkworms and mulberry', '蚕桑', '蠶桑'), 'sericulture-station', t('Sericulture Station', '蚕桑站', '蠶桑站')],
  ['fake-inputs', t('Fake seeds, fertiliser or pesticide', '假冒伪劣农资', '假冒偽劣農資'), 'law-enforcement-brigade', t('Agricultural Law Enforcement Brigade', '农业执法大队', '農業執法大隊')],
] as const;

/** County bureau: service commitment (001), conduct complaints about staff (002 篇2), mediation routes (003). */
const bureau: SiteInput = {
  key: 'demo-bureau',
  kind: 'bureau',
  name: t('Qinghe County Agriculture and Rural Affairs Bureau', '清河县农业农村局', '清河縣農業農村局'),
  timezone: 'Asia/Shanghai',
  defaultLocale: 'zh-Hans',
  allowedOrigins: ['*'],
  // the demo page's blue (demo/bureau/bureau.css), on its grey page
  theme: { accent: '#1e40af', background: '#f3f4f6' },
  policy: {
    placeFields: ['address'],
    // 002 篇2 第七條 encourages a real name but does not require one.
    allowAnonymous: true,
    // a public body says what it does with what a person gives it, and asks before it starts
    consentText: t(
      'I agree that the Bureau uses what I give here, including photos and my location if I share them, only to handle this complaint, and keeps it for as long as its complaint procedure requires.',
      '我同意农业农村局仅为处理本投诉使用我在此提供的信息(包括我选择提供的照片和位置),并按投诉处理程序规定的期限保存。',
      '我同意農業農村局僅為處理本投訴使用我在此提供的資訊(包括我選擇提供的照片和位置),並按投訴處理程序規定的期限保存。',
    ),
    satisfactionTarget: 0.95,
    calendar: {
      region: 'CN',
      weekend: [0, 6],
      workingHours: [
        { start: '08:30', end: '12:00' },
        { start: '14:30', end: '17:30' },
      ],
    },
    manager: 'director',
    // 002 篇2 第十二條: substantiated conduct complaints against one person within one year.
    accountability: [
      { count: 1, measure: t('A talk with a designated leader', '由指定领导进行谈心教育', '由指定領導進行談心教育') },
      { count: 2, measure: t('Public criticism and a written self-criticism', '公开批评,本人作出书面检讨', '公開批評,本人作出書面檢討') },
      { count: 3, measure: t("Fails this year's appraisal", '当年年度考核不合格', '當年年度考核不合格') },
      {
        count: 4,
        measure: t(
          'Suspended from post on basic pay without benefits; serious cases referred for disciplinary sanction',
          '待岗处理,只发基本工资,停发单位一切福利;情节严重的,报上级给予组织纪律处分',
          '待崗處理,只發基本工資,停發單位一切福利;情節嚴重的,報上級給予組織紀律處分',
        ),
      },
    ],
    // 001: acceptance notice within 2 working days, result within 15 working days.
    deadlines: {
      acknowledge: { amount: 2, unit: 'workingDays' },
      investigate: { amount: 2, unit: 'workingDays' },
      resolve: { amount: 15, unit: 'workingDays' },
      feedback: { amount: 15, unit: 'workingDays' },
      returnVisit: { after: { amount: 3, unit: 'days' }, within: { amount: 5, unit: 'workingDays' } },
    },
    departments: [
      { code: 'general-office', name: t('General Office', '办公室', '辦公室'), supervisor: 'director' },
      { code: 'supervision-office', name: t('Supervision Section (conduct complaints)', '监督科(作风投诉处理小组)', '監督科(作風投訴處理小組)'), supervisor: 'discipline-inspection' },
      ...stations.map(([, , code, name]) => ({ code, name, supervisor: 'director' })),
    ],
    categories: [
      ...stations.map(([code, name, department]) => ({
        code,
        name,
        department,
        priority: 'normal' as const,
        questions: [
          {
            id: 'mediation',
            label: t(
              'Do you want the bureau to mediate with the other party?',
              '是否申请与对方当事人进行调解?',
              '是否申請與對方當事人進行調解?',
            ),
            kind: 'choice' as const,
            required: false,
            options: [
              { value: 'yes', label: t('Yes, please mediate', '是,申请调解', '是,申請調解') },
              { value: 'no', label: t('No', '否', '否') },
            ],
          },
        ],
      })),
      {
        code: 'service-quality',
        name: t('Service quality (attitude, speed, procedure)', '服务质量(态度、效率、流程)', '服務質量(態度、效率、流程)'),
        department: 'general-office',
        priority: 'normal',
        questions: [],
      },
      {
        code: 'service-result',
        name: t('Service result (wrong or incomplete)', '服务结果(不符合规定或承诺)', '服務結果(不符合規定或承諾)'),
        department: 'general-office',
        priority: 'normal',
        questions: [],
      },
      {
        code: 'conduct',
        name: t('Conduct of a staff member', '机关作风问题', '機關作風問題'),
        department: 'supervision-office',
        priority: 'high',
        questions: [
          {
            id: 'subject',
            label: t('Department or staff member complained about', '被投诉部门或人员', '被投訴部門或人員'),
            kind: 'text',
            required: true,
          },
          {
            id: 'conduct-kind',
            label: t('What kind of conduct?', '属于哪类行为?', '屬於哪類行為?'),
            kind: 'choice',
            required: true,
            options: eightKinds.map(([value, label]) => ({ value, label })),
          },
        ],
      },
      {
        code: 'service-environment',
        name: t('Service hall (hygiene, broken facilities, disorder)', '服务环境(卫生、设施、秩序)', '服務環境(衛生、設施、秩序)'),
        department: 'general-office',
        priority: 'low',
        questions: [],
      },
    ],
  },
};

export const DEMO_SITES: readonly Site[] = [community, hotel, bureau].map((site) => Site.parse(site));
