import { msg, str } from '@lit/localize';
import type { ErrorIssue, Locale, LocalizedText } from '../../../api/contract/common.ts';
import type { Category, DeadlineStage, Duration, Site } from '../../../api/contract/site.ts';
import { STAGES, durationUnitLabel, stageName } from '../../shared/labels.ts';
import { LOCALES } from '../../shared/locale.ts';

/** Where a value lives in the site's configuration, as the server names it in a 422's `issues`. */
export type Path = readonly (string | number)[];

export const pathKey = (path: Path): string => path.join('.');

/** The parts of the settings screen, in the order of its side list. */
export const SECTIONS = ['embed', 'form', 'origins', 'categories', 'departments', 'deadlines', 'calendar', 'procedure', 'webhooks', 'keys', 'staff'] as const;
export type Section = (typeof SECTIONS)[number];

/** The sections that edit the configuration (all but the webhooks, the Open311 keys and the staff, which change one at a time). */
export type ConfigSection = Exclude<Section, 'webhooks' | 'keys' | 'staff'>;

export const sectionTitle = (section: Section): string =>
  ({
    embed: msg('Embed and theme'),
    form: msg('Form'),
    origins: msg('Allowed origins'),
    categories: msg('Categories'),
    departments: msg('Departments and routing'),
    deadlines: msg('Deadlines'),
    calendar: msg('Calendar'),
    procedure: msg('Procedure'),
    webhooks: msg('Webhooks'),
    keys: msg('Open311 keys'),
    staff: msg('Staff'),
  })[section];

/** The section whose editor shows the value at `path`. */
export function sectionOf(path: Path): ConfigSection {
  const [top, second, , fourth] = path;
  if (top === 'theme' || top === 'key') return 'embed';
  if (top === 'allowedOrigins') return 'origins';
  if (top === 'timezone') return 'calendar';
  if (top !== 'policy') return 'form';
  switch (second) {
    case 'categories':
      return fourth === 'deadlines' ? 'deadlines' : 'categories';
    case 'departments':
      return 'departments';
    case 'deadlines':
      return 'deadlines';
    case 'calendar':
      return 'calendar';
    case 'consentText':
    case 'placeFields':
    case 'allowAnonymous':
      return 'form';
    default:
      return 'procedure';
  }
}

export const emptyText = (): LocalizedText => ({ 'zh-Hans': '', 'zh-Hant': '', en: '' });

export const clone = <T>(value: T): T => structuredClone(value);

/** JSON with keys in a fixed order, so two configurations compare equal whatever order the server wrote them in. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

export const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

/** Reads the value at `path`. */
export function getAt(root: unknown, path: Path): unknown {
  let node = root;
  for (const part of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[part];
  }
  return node;
}

/** Writes `value` at `path`, creating objects on the way; `undefined` removes the key. */
export function setAt(root: object, path: Path, value: unknown): void {
  let node = root as Record<string | number, unknown>;
  for (const [index, part] of path.slice(0, -1).entries()) {
    if (node[part] === undefined || node[part] === null) node[part] = typeof path[index + 1] === 'number' ? [] : {};
    node = node[part] as Record<string | number, unknown>;
  }
  const last = path[path.length - 1]!;
  if (value === undefined && !Array.isArray(node)) delete node[last];
  else node[last] = value;
}

/** Moves an item of a list one place up (-1) or down (+1); false when it is already at that end. */
export function move<T>(list: T[], index: number, by: -1 | 1): boolean {
  const target = index + by;
  if (target < 0 || target >= list.length) return false;
  [list[index], list[target]] = [list[target]!, list[index]!];
  return true;
}

// — durations —

export const UNITS: readonly Duration['unit'][] = ['minutes', 'hours', 'days', 'workingHours', 'workingDays'];

/** Wall-clock units count every minute; working units follow the business calendar. */
export const onWallClock = (unit: Duration['unit']): boolean => unit === 'minutes' || unit === 'hours' || unit === 'days';

export type Stage = (typeof STAGES)[number] & DeadlineStage;

/**
 * A stage as the deadlines are set: by the step that ends its clock ("Investigation started"),
 * where that is not the stage's own name.
 */
export const deadlineName = (stage: Stage): string => {
  const ends: Partial<Record<Stage, string>> = { investigate: msg('Investigation started'), resolve: msg('Handling done'), feedback: msg('Result told') };
  return ends[stage] ?? stageName(stage);
};

export const stageHint = (stage: Stage): string =>
  ({
    acknowledge: msg('From registration to the acceptance notice or the confirmation with the complainant.'),
    onSite: msg('From the report to a handler on site: emergencies and repairs.'),
    investigate: msg('From dispatch to the start of the investigation.'),
    resolve: msg('From dispatch to the handling being done: the published service commitment.'),
    feedback: msg('From the handling being done to the result being told to the complainant.'),
    returnVisit: msg('After the result: the return visit, not before the first time and at the latest by the second.'),
  })[stage];

export const formatDurationSetting = (duration: Duration | undefined): string =>
  duration ? `${duration.amount} ${durationUnitLabel(duration.unit)}` : msg('no deadline');

// — origins —

/**
 * What is wrong with an allowed origin, or '' when nothing is: the scheme, the host and a port
 * if any, as a browser sends it in `Origin` — no path, no trailing slash — or `*` for any page.
 */
export function originProblem(value: string): string {
  const text = value.trim();
  if (!text) return msg('Type an origin, or remove this line.');
  if (text === '*') return '';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return msg('Not an address. An origin looks like https://www.example.org');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return msg('Only http:// and https:// pages can embed the form.');
  if (url.username || url.password) return msg('An origin has no user name or password.');
  if (url.origin !== text) {
    return msg(str`Only the scheme, the host and a port: ${url.origin} (no path, no slash at the end).`);
  }
  return '';
}

// — staff —

const PASSWORD_ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A password to hand over once: 16 characters without look-alikes (l/1, O/0). */
export function generatePassword(length = 16): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length * 2));
  let password = '';
  // rejection sampling keeps every character equally likely
  for (const byte of bytes) {
    if (byte >= 256 - (256 % PASSWORD_ALPHABET.length)) continue;
    password += PASSWORD_ALPHABET[byte % PASSWORD_ALPHABET.length];
    if (password.length === length) break;
  }
  return password.length === length ? password : generatePassword(length);
}

// — colours —

/** WCAG contrast ratio of two `#rrggbb` colours (1 to 21). */
export function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const channels = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255);
    const [r, g, bl] = channels.map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

export const isColour = (value: string): boolean => /^#[0-9a-fA-F]{6}$/.test(value);

// — checks before sending —

const CODE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface Issue {
  path: Path;
  message: string;
}

/**
 * The server's own check runs on the whole configuration when it is saved; this one runs first,
 * in the member's language, and catches what can be told without asking: empty names, codes
 * that repeat, an origin with a path, a choice without options, an hour that ends before it starts.
 */
export function validate(site: Site): Issue[] {
  const issues: Issue[] = [];
  const add = (path: Path, message: string) => issues.push({ path, message });
  const text = (path: Path, value: LocalizedText | undefined) => {
    for (const locale of LOCALES) if (!value?.[locale]?.trim()) add([...path, locale], msg('Fill this in.'));
  };
  const code = (path: Path, value: string, seen: Set<string>) => {
    if (!value) add(path, msg('Give it a code.'));
    else if (!CODE.test(value)) add(path, msg('Lowercase letters, digits and single dashes, e.g. water-supply.'));
    else if (seen.has(value)) add(path, msg('This code is used twice.'));
    seen.add(value);
  };
  const duration = (path: Path, value: Duration | undefined) => {
    if (value && (!Number.isInteger(value.amount) || value.amount < 1)) add([...path, 'amount'], msg('A whole number, 1 or more.'));
  };
  const policy = site.policy;

  text(['name'], site.name);
  if (!isColour(site.theme.accent)) add(['theme', 'accent'], msg('A colour as #rrggbb.'));
  if (!isColour(site.theme.background)) add(['theme', 'background'], msg('A colour as #rrggbb.'));
  site.allowedOrigins.forEach((origin, i) => {
    const problem = originProblem(origin);
    if (problem) add(['allowedOrigins', i], problem);
    else if (site.allowedOrigins.indexOf(origin) !== i) add(['allowedOrigins', i], msg('This origin is listed twice.'));
  });
  if (!validTimeZone(site.timezone)) add(['timezone'], msg('Not a time zone. Pick one from the list, e.g. Asia/Shanghai.'));

  const departments = new Set<string>();
  if (!policy.departments.length) add(['policy', 'departments'], msg('The site needs at least one department.'));
  policy.departments.forEach((department, i) => {
    code(['policy', 'departments', i, 'code'], department.code, departments);
    text(['policy', 'departments', i, 'name'], department.name);
  });

  const categories = new Set<string>();
  if (!policy.categories.length) add(['policy', 'categories'], msg('The form needs at least one category.'));
  policy.categories.forEach((category, i) => {
    const at = ['policy', 'categories', i] as const;
    code([...at, 'code'], category.code, categories);
    text([...at, 'name'], category.name);
    if (!departments.has(category.department)) add([...at, 'department'], msg('Route it to one of the departments.'));
    if (category.emergency) {
      if (!category.emergency.phone.trim()) add([...at, 'emergency', 'phone'], msg('Give the number to call.'));
      text([...at, 'emergency', 'instruction'], category.emergency.instruction);
    }
    const questions = new Set<string>();
    category.questions.forEach((question, q) => {
      const qat = [...at, 'questions', q] as const;
      code([...qat, 'id'], question.id, questions);
      text([...qat, 'label'], question.label);
      if (question.kind === 'choice') {
        if ((question.options?.length ?? 0) < 2) add([...qat, 'options'], msg('A choice needs at least two options.'));
        const values = new Set<string>();
        question.options?.forEach((option, o) => {
          code([...qat, 'options', o, 'value'], option.value, values);
          text([...qat, 'options', o, 'label'], option.label);
        });
      }
    });
    for (const stage of STAGES) {
      if (stage === 'returnVisit') {
        duration([...at, 'deadlines', stage, 'after'], category.deadlines?.returnVisit?.after);
        duration([...at, 'deadlines', stage, 'within'], category.deadlines?.returnVisit?.within);
      } else duration([...at, 'deadlines', stage], category.deadlines?.[stage]);
    }
  });

  for (const stage of STAGES) {
    if (stage === 'returnVisit') {
      duration(['policy', 'deadlines', stage, 'after'], policy.deadlines.returnVisit?.after);
      duration(['policy', 'deadlines', stage, 'within'], policy.deadlines.returnVisit?.within);
    } else duration(['policy', 'deadlines', stage], policy.deadlines[stage]);
  }
  duration(['policy', 'reopenWindow'], policy.reopenWindow);

  policy.calendar.workingHours.forEach((hours, i) => {
    const at = ['policy', 'calendar', 'workingHours', i] as const;
    if (!TIME.test(hours.start)) add([...at, 'start'], msg('A time as HH:MM.'));
    if (!TIME.test(hours.end)) add([...at, 'end'], msg('A time as HH:MM.'));
    else if (TIME.test(hours.start) && hours.end <= hours.start) add([...at, 'end'], msg('The end comes after the start.'));
  });
  for (const list of ['holidays', 'workdays'] as const) {
    policy.calendar[list].forEach((day, i) => {
      if (!DATE.test(day)) add(['policy', 'calendar', list, i], msg('Pick a date.'));
      else if (policy.calendar[list].indexOf(day) !== i) add(['policy', 'calendar', list, i], msg('This date is listed twice.'));
    });
  }
  if (policy.calendar.weekend.length === 7) add(['policy', 'calendar', 'weekend'], msg('At least one day of the week must be worked.'));

  if (!(policy.warningShare > 0 && policy.warningShare < 1)) add(['policy', 'warningShare'], msg('Between 1 and 99 percent.'));
  if (!(policy.satisfactionTarget >= 0 && policy.satisfactionTarget <= 1)) add(['policy', 'satisfactionTarget'], msg('Between 0 and 100 percent.'));
  if (!Number.isInteger(policy.reviewRounds) || policy.reviewRounds < 0 || policy.reviewRounds > 5) add(['policy', 'reviewRounds'], msg('A whole number from 0 to 5.'));
  if (!policy.manager.trim()) add(['policy', 'manager'], msg('Fill this in.'));
  const counts = new Set<number>();
  policy.accountability.forEach((measure, i) => {
    if (!Number.isInteger(measure.count) || measure.count < 1) add(['policy', 'accountability', i, 'count'], msg('A whole number, 1 or more.'));
    else if (counts.has(measure.count)) add(['policy', 'accountability', i, 'count'], msg('This number of findings is listed twice.'));
    counts.add(measure.count);
    text(['policy', 'accountability', i, 'measure'], measure.measure);
  });
  if (policy.consentText) text(['policy', 'consentText'], policy.consentText);
  if (!policy.placeFields.length) add(['policy', 'placeFields'], msg('Ask for at least one part of the place.'));
  return issues;
}

export function validTimeZone(zone: string): boolean {
  if (!zone.trim()) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A server issue in the member's language where its meaning is plain; otherwise the server's words. */
export function issueMessage(issue: ErrorIssue): string {
  if (issue.code === 'too_small' && typeof issue.path[issue.path.length - 1] === 'string' && LOCALES.includes(issue.path[issue.path.length - 1] as Locale)) {
    return msg('Fill this in.');
  }
  if (issue.code === 'unknown_department') return msg('Route it to one of the departments.');
  return issue.message;
}

/** A new, empty category routed to the first department. */
export const newCategory = (site: Site): Category => ({
  code: '',
  name: emptyText(),
  department: site.policy.departments[0]?.code ?? '',
  priority: 'normal',
  questions: [],
});
