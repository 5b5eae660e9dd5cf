import type { ComplaintStatus } from '../contract/complaint.ts';
import type { QueueSort } from '../contract/staff.ts';
import type { ComplaintState } from '../workflow/state.ts';
import { type CursorKey, decodeCursor, encodeCursor } from './cursor.ts';
import { foldText } from './projection.ts';
import type { Row } from './rows.ts';
import type { ListPage, ListQuery } from './store.ts';

/**
 * The queue's SQL, written once for both stores so that they filter, sort and count alike. The
 * dialects differ only in placeholders and in text search: SQLite looks words up in its FTS5
 * trigram index, PostgreSQL lets LIKE use its pg_trgm index.
 */
export type Dialect = 'sqlite' | 'postgres';

/**
 * SQLite only: the indexed trigrams that begin with a word of one or two characters (the
 * complaints holding the word are those holding one of them), or null when there are too many
 * to ask for and LIKE should read the text instead.
 */
export type TrigramsOf = (word: string) => string[] | null;

export interface Statement {
  sql: string;
  params: unknown[];
}

/** Sorts after every timestamp: complaints without a deadline come last in the `due` order. */
export const NO_DEADLINE = '~';
/** the `due` order's first column; the same expression as the index on it, or the index is not used */
export const DUE_KEY = `coalesce(due_at, '${NO_DEADLINE}')`;

const ORDER: Record<QueueSort, { columns: string[]; descending: boolean }> = {
  due: { columns: [DUE_KEY, 'registered_at', 'id'], descending: false },
  registered: { columns: ['registered_at', 'id'], descending: false },
  '-registered': { columns: ['registered_at', 'id'], descending: true },
  '-updated': { columns: ['updated_at', 'id'], descending: true },
};

/** breached, or due before now; never NULL, so that NOT of it is the opposite */
const OVERDUE = (now: string) => `(breached OR (due_at IS NOT NULL AND due_at < ${now}))`;

class Params {
  readonly values: unknown[] = [];
  readonly dialect: Dialect;
  readonly trigramsOf: TrigramsOf | undefined;

  constructor(dialect: Dialect, trigramsOf?: TrigramsOf) {
    this.dialect = dialect;
    this.trigramsOf = trigramsOf;
  }

  add(value: unknown): string {
    this.values.push(value);
    return this.dialect === 'sqlite' ? '?' : `$${this.values.length}`;
  }

  list(values: readonly unknown[]): string {
    return values.map((value) => this.add(value)).join(', ');
  }
}

/** Query times may carry any offset; stored ones are UTC ISO text, compared as text. */
function instant(value: string, name: string): string {
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) throw new RangeError(`${name} is not a time: ${value}`);
  return time.toISOString();
}

const escapeLike = (word: string): string => word.replace(/[\\%_]/g, '\\$&');

/** The query's words, folded as the stored text is; AND of all of them. */
export function queryWords(text: string | undefined): string[] {
  return text ? foldText(text).split(/\s+/u).filter(Boolean) : [];
}

/** a string in FTS5's query syntax: nothing inside double quotes is an operator */
const ftsString = (text: string): string => `"${text.replaceAll('"', '""')}"`;

/**
 * A word as an FTS5 expression over the trigram index: a long word is the phrase of its
 * trigrams, a short one any of the trigrams beginning with it. 'absent' when no indexed text
 * holds it; 'like' when the index cannot say and LIKE must read the text.
 */
function ftsExpression(word: string, trigramsOf: TrigramsOf | undefined): string | 'absent' | 'like' {
  if ([...word].length >= 3) return ftsString(word);
  const trigrams = trigramsOf?.(word);
  if (!trigrams) return 'like';
  return trigrams.length ? `(${trigrams.map(ftsString).join(' OR ')})` : 'absent';
}

function textConditions(query: ListQuery, p: Params): string[] {
  const identity = query.textIncludesIdentity === true;
  const columns = identity ? '{search_text search_identity}' : '{search_text}';
  const matches: string[] = [];
  const unindexed: string[] = [];
  for (const word of queryWords(query.text)) {
    const expression = p.dialect === 'sqlite' ? ftsExpression(word, p.trigramsOf) : 'like';
    if (expression === 'absent') return ['1 = 0'];
    if (expression === 'like') unindexed.push(word);
    else matches.push(`${columns} : ${expression}`);
  }
  const conditions: string[] = [];
  if (matches.length) {
    conditions.push(`rowid IN (SELECT rowid FROM complaints_search WHERE complaints_search MATCH ${p.add(matches.join(' AND '))})`);
  }
  for (const word of unindexed) {
    // the stored text is folded already: a plain LIKE is the case-insensitive match, alike in both stores
    const pattern = `%${escapeLike(word)}%`;
    const inText = `search_text LIKE ${p.add(pattern)} ESCAPE '\\'`;
    conditions.push(identity ? `(${inText} OR search_identity LIKE ${p.add(pattern)} ESCAPE '\\')` : inText);
  }
  return conditions;
}

/** Every filter of the query as SQL conditions; an empty list matches nothing. */
function conditions(query: ListQuery, p: Params, withStatus: boolean): string[] {
  const where = [`site_key = ${p.add(query.siteKey)}`];
  const anyOf = (column: string, values: readonly string[] | undefined) => {
    if (values) where.push(values.length ? `${column} IN (${p.list(values)})` : '1 = 0');
  };
  if (withStatus) anyOf('status', query.statuses);
  anyOf('stage', query.stages);
  anyOf('category', query.categories);
  anyOf('department', query.departments);
  anyOf('priority', query.priorities);
  anyOf('channel', query.channels);
  if (query.assignee !== undefined) where.push(`assignee = ${p.add(query.assignee)}`);
  if (query.overdue !== undefined) {
    const overdue = OVERDUE(p.add(instant(query.now, 'now')));
    where.push(query.overdue ? overdue : `NOT ${overdue}`);
  }
  if (query.dueBefore !== undefined) where.push(`due_at IS NOT NULL AND due_at <= ${p.add(instant(query.dueBefore, 'dueBefore'))}`);
  if (query.registeredFrom !== undefined) where.push(`registered_at >= ${p.add(instant(query.registeredFrom, 'registeredFrom'))}`);
  if (query.registeredTo !== undefined) where.push(`registered_at < ${p.add(instant(query.registeredTo, 'registeredTo'))}`);
  if (query.updatedFrom !== undefined) where.push(`updated_at >= ${p.add(instant(query.updatedFrom, 'updatedFrom'))}`);
  where.push(...textConditions(query, p));
  return where;
}

/** One page, and one more row to tell whether another page follows. */
export function pageStatement(query: ListQuery, dialect: Dialect, trigramsOf?: TrigramsOf): Statement {
  const p = new Params(dialect, trigramsOf);
  const where = conditions(query, p, true);
  const order = ORDER[query.sort];
  if (query.cursor !== undefined) {
    const key = decodeCursor(query.cursor, query.sort);
    const values = query.sort === 'due' ? [key[0] ?? NO_DEADLINE, ...key.slice(1)] : key;
    // the bound on the first column alone is what SQLite seeks the index to; the row value decides
    const [first] = order.columns;
    where.push(`${first} ${order.descending ? '<=' : '>='} ${p.add(values[0])}`);
    where.push(`(${order.columns.join(', ')}) ${order.descending ? '<' : '>'} (${p.list(values)})`);
  }
  const direction = order.descending ? ' DESC' : '';
  return {
    sql: `SELECT state, due_at, registered_at, updated_at, id FROM complaints WHERE ${where.join(' AND ')}
          ORDER BY ${order.columns.map((column) => column + direction).join(', ')} LIMIT ${p.add(pageSize(query) + 1)}`,
    params: p.values,
  };
}

/** The query without its status filter, counted per status, with how many of each are overdue. */
export function countStatement(query: ListQuery, dialect: Dialect, trigramsOf?: TrigramsOf): Statement {
  const p = new Params(dialect, trigramsOf);
  // placeholders are numbered in the order they are written: the SELECT's comes first
  const overdue = OVERDUE(p.add(instant(query.now, 'now')));
  const where = conditions(query, p, false);
  return {
    sql: `SELECT status, count(*) AS n, count(*) FILTER (WHERE ${overdue}) AS late
          FROM complaints WHERE ${where.join(' AND ')} GROUP BY status`,
    params: p.values,
  };
}

/** at least one row: a page of none could never move on */
export const pageSize = (query: ListQuery): number => Math.max(1, Math.floor(query.limit) || 1);

/** The page and the counts, from the rows of the two statements. */
export function listPage(query: ListQuery, pageRows: Row[], countRows: Row[], parse: (state: unknown) => ComplaintState): ListPage {
  const size = pageSize(query);
  const rows = pageRows.slice(0, size);
  const last = rows.at(-1);
  let nextCursor: string | null = null;
  if (last && pageRows.length > size) {
    const at = (column: string) => (last[column] === null ? null : String(last[column]));
    const key: CursorKey =
      query.sort === 'due' ? [at('due_at'), at('registered_at'), at('id')]
      : query.sort === '-updated' ? [at('updated_at'), at('id')]
      : [at('registered_at'), at('id')];
    nextCursor = encodeCursor(query.sort, key);
  }
  const byStatus: ListPage['byStatus'] = {};
  let total = 0;
  let overdue = 0;
  for (const row of countRows) {
    const status = String(row.status) as ComplaintStatus;
    const n = Number(row.n);
    byStatus[status] = n;
    if (!query.statuses || query.statuses.includes(status)) {
      total += n;
      overdue += Number(row.late);
    }
  }
  return { items: rows.map((row) => parse(row.state)), nextCursor, total, overdue, byStatus };
}
