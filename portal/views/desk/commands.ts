import { msg, str } from '@lit/localize';
import type { StaffCommandType } from '../../../api/contract/staff-api.ts';
import { commandLabel } from '../../shared/labels.ts';

/** The steps the front desk takes from its tablet, in the order the buttons appear. */
export const DESK_COMMANDS = ['accept', 'arrive-on-site', 'add-note', 'resolve', 'record-return-visit'] as const satisfies readonly StaffCommandType[];
export type DeskCommand = (typeof DESK_COMMANDS)[number];

/** The steps that need a few words first: they open a sheet. */
export const SHEET_COMMANDS: readonly DeskCommand[] = ['add-note', 'resolve', 'record-return-visit'];

/** A button's words: shorter than the complaint screen's where a tap on a tablet wants it. */
export function deskCommandLabel(command: DeskCommand | string): string {
  switch (command) {
    case 'accept':
      return msg('Acknowledge');
    case 'add-note':
      return msg('Add note');
    case 'record-return-visit':
      return msg('Return visit');
    default:
      return commandLabel(command);
  }
}

/** What was done, for the announcement after it (e.g. "Acknowledged KM7Q-29XD"). */
export function commandDone(command: DeskCommand | string, reference: string): string {
  switch (command) {
    case 'accept':
      return msg(str`Acknowledged ${reference}.`);
    case 'arrive-on-site':
      return msg(str`Recorded arrival on site for ${reference}.`);
    case 'add-note':
      return msg(str`Added a note to ${reference}.`);
    case 'resolve':
      return msg(str`Resolved ${reference}.`);
    case 'record-return-visit':
      return msg(str`Recorded the return visit for ${reference}.`);
    default:
      return msg(str`Done: ${reference}.`);
  }
}
