import { msg, str } from '@lit/localize';
import type { Locale } from '../../api/contract/common.ts';
import type { FileComplaintRequest, Location } from '../../api/contract/complaint.ts';
import { DESCRIPTION_MAX, EMAIL_PATTERN, NAME_MAX, PHONE_PATTERN, PLACE_MAX } from '../../api/contract/limits.ts';
import type { PlaceField, PublicSite } from '../../api/contract/site.ts';

export { DESCRIPTION_MAX };

/** What the resident has typed, one string per input; errors are keyed by the request's field path. */
export interface FormValues {
  category: string;
  description: string;
  unit: string;
  room: string;
  address: string;
  name: string;
  phone: string;
  email: string;
  preferredContact: string;
  answers: Record<string, string>;
  /** the box under the site's consent text */
  consent: boolean;
  /** from the browser, only after the resident asked to share it */
  location?: Location;
}

export const emptyValues = (): FormValues => ({
  category: '',
  description: '',
  unit: '',
  room: '',
  address: '',
  name: '',
  phone: '',
  email: '',
  preferredContact: '',
  answers: {},
  consent: false,
});

/** The request path of a field (`place.unit`, `complainant.phone`, `answers.x`) → its value. */
type TextKey = Exclude<keyof FormValues, 'answers' | 'consent' | 'location'>;

export function valueAt(values: FormValues, path: string): string {
  if (path.startsWith('answers.')) return values.answers[path.slice('answers.'.length)] ?? '';
  return values[path.split('.').pop() as TextKey];
}

export function withValue(values: FormValues, path: string, value: string): FormValues {
  if (path.startsWith('answers.')) return { ...values, answers: { ...values.answers, [path.slice('answers.'.length)]: value } };
  const key = path.split('.').pop() as TextKey;
  // Another category asks other questions: earlier answers no longer apply.
  return key === 'category' ? { ...values, category: value, answers: {} } : { ...values, [key]: value };
}

/** The same rules the server applies, checked first so the resident hears them at once. */
export function validate(values: FormValues, site: PublicSite): Record<string, string> {
  const errors: Record<string, string> = {};
  const category = site.categories.find((c) => c.code === values.category);
  if (!category) errors.category = msg('Choose what the complaint is about.');
  const description = values.description.trim();
  if (!description) errors.description = msg('Describe what happened.');
  else if (description.length > DESCRIPTION_MAX) errors.description = msg(str`Keep the description under ${DESCRIPTION_MAX} characters.`);
  for (const field of site.placeFields) {
    if (values[field].trim().length > PLACE_MAX[field]) errors[`place.${field}`] = msg('This is too long.');
  }
  const name = values.name.trim();
  if (!site.allowAnonymous && !name) errors['complainant.name'] = msg('Please give your name.');
  if (name.length > NAME_MAX) errors['complainant.name'] = msg('This is too long.');
  const phone = values.phone.trim();
  if (phone && !PHONE_PATTERN.test(phone)) errors['complainant.phone'] = msg('Enter a phone number: digits, spaces or dashes, with + in front if international.');
  const email = values.email.trim();
  if (email && !EMAIL_PATTERN.test(email)) errors['complainant.email'] = msg('Enter an email address like name@example.com.');
  if (values.preferredContact === 'phone' && !phone) errors['complainant.phone'] = msg('Give a phone number so we can call you back.');
  if (values.preferredContact === 'email' && !email) errors['complainant.email'] = msg('Give an email address so we can write to you.');
  for (const question of category?.questions ?? []) {
    if (question.required && !values.answers[question.id]?.trim()) errors[`answers.${question.id}`] = msg('Please answer this question.');
  }
  if (site.consentText && !values.consent) errors.consent = consentMessage();
  return errors;
}

/** The request body: only what was filled in, so an anonymous complaint carries no contact at all. */
export function toRequest(values: FormValues, site: PublicSite, language: Locale): FileComplaintRequest {
  const trimmed = (s: string) => s.trim() || undefined;
  const place: Partial<Record<PlaceField, string>> = {};
  for (const field of site.placeFields) {
    const value = trimmed(values[field]);
    if (value) place[field] = value;
  }
  const complainant = {
    name: trimmed(values.name),
    phone: trimmed(values.phone),
    email: trimmed(values.email),
    preferredContact: (trimmed(values.preferredContact) as 'phone' | 'email' | 'none' | undefined),
  };
  const answers = Object.fromEntries(Object.entries(values.answers).filter(([, v]) => v.trim()).map(([k, v]) => [k, v.trim()]));
  return {
    category: values.category,
    description: values.description.trim(),
    place,
    answers,
    ...(Object.values(complainant).some(Boolean) ? { complainant: JSON.parse(JSON.stringify(complainant)) as typeof complainant } : {}),
    language,
    ...(values.location ? { location: values.location } : {}),
    ...(site.consentText ? { consent: values.consent } : {}),
  };
}

/** A stored complaint back in the form, for the resident to correct what the server refused. */
export function fromRequest(request: FileComplaintRequest): FormValues {
  const { place = {}, complainant = {}, answers = {} } = request;
  return {
    ...emptyValues(),
    ...place,
    ...complainant,
    category: request.category,
    description: request.description,
    preferredContact: complainant.preferredContact ?? '',
    answers: { ...answers },
    consent: request.consent ?? false,
    ...(request.location ? { location: request.location } : {}),
  };
}

export const consentMessage = (): string => msg('Please tick the box to agree.');
