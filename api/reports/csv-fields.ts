/** The pieces of RFC 4180 CSV every export here is made of. */

export type Field = string | number | null;

export const BOM = '\uFEFF';
export const CRLF = '\r\n';

// A text from the data that a spreadsheet would take for a formula is kept as text (CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/;

/** A text taken from the data (a name, a place, a sentence). */
export const text = (value: string): string => (FORMULA_START.test(value) ? `'${value}` : value);

export const quote = (value: Field): string => `"${(value === null ? '' : String(value)).replace(/"/g, '""')}"`;

export const line = (fields: readonly Field[]): string => fields.map(quote).join(',');
