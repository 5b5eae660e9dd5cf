import { type TemplateResult, html } from 'lit';
import { live } from 'lit/directives/live.js';
import { msg, str } from '@lit/localize';
import { currentLocale } from '../../shared/locale.ts';
import { type Editor, errorLine, selectField, smallButton, textField } from './fields.ts';
import { pathKey } from './model.ts';

const CALENDAR = ['policy', 'calendar'] as const;

/** Monday first, as calendars in China are printed; 0 is Sunday as the server counts. */
const WEEK = [1, 2, 3, 4, 5, 6, 0];

const weekdayName = (day: number): string =>
  // 2023-01-01 was a Sunday
  new Intl.DateTimeFormat(currentLocale(), { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2023, 0, 1 + day)));

let zones: string[] | undefined;
const timeZones = (): string[] => (zones ??= typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Taipei', 'Asia/Macau', 'UTC']);

const formatDay = (iso: string): string => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return '';
  try {
    return new Intl.DateTimeFormat(currentLocale(), { dateStyle: 'full', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));
  } catch {
    return '';
  }
};

/** When the site works: its time zone, week, hours, and its own rest days and working days. */
export function calendarSection(editor: Editor): TemplateResult {
  const calendar = editor.draft.policy.calendar;
  const weekendKey = pathKey([...CALENDAR, 'weekend']);
  return html`<div class="grid-2">
      ${textField(editor, ['timezone'], msg('Time zone'), { list: 'time-zones', hint: msg('Deadlines, working hours and dates are counted in it.'), size: 'medium' })}
      ${selectField(
        editor,
        [...CALENDAR, 'region'],
        msg('Official calendar'),
        [
          { value: 'CN', label: msg('Mainland China: public holidays and make-up working days') },
          { value: 'none', label: msg('None: only the days listed here') },
        ],
        { hint: msg('Followed automatically, year by year. List below only the site’s own days.') },
      )}
    </div>
    <datalist id="time-zones">${timeZones().map((zone) => html`<option value=${zone}></option>`)}</datalist>
    <fieldset class="block" aria-describedby="${weekendKey}--hint">
      <legend>${msg('Working days of the week')}</legend>
      <p class="hint" id="${weekendKey}--hint">${msg('Untick the days of rest.')}</p>
      <div class="days">
        ${WEEK.map(
          (day) => html`<div class="check">
            <input
              type="checkbox"
              id="${weekendKey}.${day}"
              .checked=${live(!calendar.weekend.includes(day))}
              @change=${(event: Event) => {
                const worked = (event.target as HTMLInputElement).checked;
                editor.change([...CALENDAR, 'weekend'], (draft) => {
                  const rest = new Set(draft.policy.calendar.weekend);
                  if (worked) rest.delete(day);
                  else rest.add(day);
                  draft.policy.calendar.weekend = [...rest].sort((a, b) => a - b);
                });
              }}
            />
            <label for="${weekendKey}.${day}">${weekdayName(day)}</label>
          </div>`,
        )}
      </div>
      ${errorLine(weekendKey, editor.error([...CALENDAR, 'weekend']))}
    </fieldset>
    ${workingHours(editor)} ${dayList(editor, 'holidays')} ${dayList(editor, 'workdays')}`;
}

function workingHours(editor: Editor): TemplateResult {
  const list = [...CALENDAR, 'workingHours'];
  const hours = editor.draft.policy.calendar.workingHours;
  return html`<fieldset class="block">
    <legend>${msg('Working hours')}</legend>
    <p class="hint">${msg('The hours of a working day, in the site’s time zone. With none, the whole day counts.')}</p>
    <ol class="plain-list">
      ${hours.map(
        (_interval, i) => html`<li class="row interval">
          ${textField(editor, [...list, i, 'start'], msg(str`From (interval ${i + 1})`), { type: 'time', size: 'short' })}
          ${textField(editor, [...list, i, 'end'], msg(str`Until (interval ${i + 1})`), { type: 'time', size: 'short' })}
          ${smallButton(msg(str`Remove interval ${i + 1}`), msg('Remove'), () =>
            editor.change(list, (draft) => draft.policy.calendar.workingHours.splice(i, 1), 'add-hours'),
          )}
        </li>`,
      )}
    </ol>
    <button
      type="button"
      class="secondary"
      id="add-hours"
      @click=${() =>
        editor.change(
          list,
          (draft) => draft.policy.calendar.workingHours.push({ start: hours.at(-1)?.end ?? '09:00', end: '18:00' }),
          pathKey([...list, hours.length, 'start']),
        )}
    >
      ${msg('Add working hours')}
    </button>
  </fieldset>`;
}

/** The site's own rest days (holidays) or working days (e.g. a Saturday made up): dates in a list. */
function dayList(editor: Editor, kind: 'holidays' | 'workdays'): TemplateResult {
  const list = [...CALENDAR, kind];
  const days = editor.draft.policy.calendar[kind];
  const legend = kind === 'holidays' ? msg('The site’s own days of rest') : msg('The site’s own working days');
  const hint =
    kind === 'holidays'
      ? msg('Days the site is closed beyond the official holidays, e.g. an anniversary.')
      : msg('Days the site works although the calendar rests, e.g. a make-up Saturday of its own.');
  const addId = `add-${kind}`;
  return html`<fieldset class="block">
    <legend>${legend}</legend>
    <p class="hint">${hint}</p>
    <ol class="plain-list dates">
      ${days.map((day, i) => {
        const label = kind === 'holidays' ? msg(str`Day of rest ${i + 1}`) : msg(str`Working day ${i + 1}`);
        return html`<li class="row">
          ${textField(editor, [...list, i], label, { type: 'date', size: 'medium' })}
          <span class="muted when">${formatDay(day)}</span>
          ${smallButton(msg(str`Remove ${formatDay(day) || label}`), msg('Remove'), () =>
            editor.change(list, (draft) => draft.policy.calendar[kind].splice(i, 1), addId),
          )}
        </li>`;
      })}
    </ol>
    <button
      type="button"
      class="secondary"
      id=${addId}
      @click=${() => editor.change(list, (draft) => draft.policy.calendar[kind].push(''), pathKey([...list, days.length]))}
    >
      ${kind === 'holidays' ? msg('Add a day of rest') : msg('Add a working day')}
    </button>
    ${errorLine(pathKey(list), editor.error(list))}
  </fieldset>`;
}
