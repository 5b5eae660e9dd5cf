import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import type { ComplaintState } from '../workflow/state.ts';
import { type ProjectionRow, projectionRow } from './projection.ts';
import { type TrigramsOf, countStatement, listPage, pageStatement } from './queue-sql.ts';
import type { Row } from './rows.ts';
import type { ListPage, ListQuery } from './store.ts';

/** how many shapes of queue query stay prepared; filters combine into many, most used rarely */
const KEPT_STATEMENTS = 100;
/**
 * Beyond this many trigrams a short word (a letter, a digit) is common enough that reading the
 * text with LIKE is as quick as asking the index for all of them.
 */
const MAX_TRIGRAMS = 64;
/** above every character: `word` + this bounds the terms that begin with `word` */
const LAST_CHARACTER = '\u{10FFFF}';

/** The staff queue of a SQLite store: one page and the counts, read in one go, so they agree. */
export class SqliteQueue {
  readonly #db: DatabaseSync;
  readonly #statements = new Map<string, StatementSync>();

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  /**
   * Brings the trigram index up to date with the rows changed since it last was (at most
   * `limit` of them). Runs inside the caller's write transaction.
   */
  catchUp(limit = Number.MAX_SAFE_INTEGER): number {
    const pending = this.#statement(
      `SELECT search_pending.row AS row, complaints.search_text AS text, complaints.search_identity AS identity
       FROM search_pending LEFT JOIN complaints ON complaints.rowid = search_pending.row LIMIT ?`,
    ).all(limit) as Row[];
    const remove = this.#statement('DELETE FROM complaints_search WHERE rowid = ?');
    const add = this.#statement('INSERT INTO complaints_search (rowid, search_text, search_identity) VALUES (?, ?, ?)');
    const done = this.#statement('DELETE FROM search_pending WHERE row = ?');
    for (const { row, text, identity } of pending) {
      remove.run(row as number);
      // two padding characters, so that every character of the text starts a trigram
      if (text !== null) add.run(row as number, `${String(text)}\n\n`, `${String(identity)}\n\n`);
      done.run(row as number);
    }
    return pending.length;
  }

  /** Whether rows wait to be indexed. */
  behind(): boolean {
    return this.#statement('SELECT 1 FROM search_pending LIMIT 1').get() !== undefined;
  }

  list(query: ListQuery): ListPage {
    const found = new Map<string, string[] | null>();
    const trigramsOf: TrigramsOf = (word) => {
      if (!found.has(word)) found.set(word, this.#trigramsOf(word));
      return found.get(word)!;
    };
    const page = pageStatement(query, 'sqlite', trigramsOf);
    const counts = countStatement(query, 'sqlite', trigramsOf);
    const pageRows = this.#statement(page.sql).all(...(page.params as SQLInputValue[])) as Row[];
    const countRows = this.#statement(counts.sql).all(...(counts.params as SQLInputValue[])) as Row[];
    return listPage(query, pageRows, countRows, (state) => JSON.parse(String(state)) as ComplaintState);
  }

  #trigramsOf(word: string): string[] | null {
    const rows = this.#statement('SELECT term FROM complaints_search_terms WHERE term >= ? AND term < ? LIMIT ?').all(
      word,
      word + LAST_CHARACTER,
      MAX_TRIGRAMS + 1,
    ) as Row[];
    return rows.length > MAX_TRIGRAMS ? null : rows.map((row) => String(row.term));
  }

  /** Statements are kept by their text; the one used longest ago goes first. */
  #statement(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (statement) {
      this.#statements.delete(sql);
    } else {
      statement = this.#db.prepare(sql);
      if (this.#statements.size >= KEPT_STATEMENTS) this.#statements.delete(this.#statements.keys().next().value!);
    }
    this.#statements.set(sql, statement);
    return statement;
  }
}

/** Writes a complaint's read-model row, the projection of its state (api/store/projection.ts). */
export function writeProjection(statement: (sql: string) => StatementSync, state: ComplaintState): void {
  const row = projectionRow(state);
  statement(
    `INSERT INTO complaints (id, site_key, reference, status, category, department, assignee, priority, channel,
                             registered_at, updated_at, version, next_deadline_at, due_at, stage, breached,
                             search_text, search_identity, state)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET status = excluded.status, category = excluded.category,
       department = excluded.department, assignee = excluded.assignee, priority = excluded.priority,
       updated_at = excluded.updated_at, version = excluded.version,
       next_deadline_at = excluded.next_deadline_at, due_at = excluded.due_at, stage = excluded.stage,
       breached = excluded.breached, search_text = excluded.search_text,
       search_identity = excluded.search_identity, state = excluded.state`,
  ).run(
    row.id, row.site_key, row.reference, row.status, row.category, row.department, row.assignee, row.priority,
    row.channel, row.registered_at, row.updated_at, row.version, row.next_deadline_at, row.due_at, row.stage,
    row.breached ? 1 : 0, row.search_text, row.search_identity, JSON.stringify(row.state),
  );
}

/** Writes every complaint's row again from its own state, inside the caller's transaction. */
export function reprojectAll(db: DatabaseSync, project: (state: ComplaintState) => void): void {
  const page = db.prepare('SELECT id, state FROM complaints WHERE id > ? ORDER BY id LIMIT 1000');
  for (let after = ''; ; ) {
    const rows = page.all(after) as Row[];
    if (!rows.length) return;
    for (const row of rows) project(JSON.parse(String(row.state)) as ComplaintState);
    after = String(rows.at(-1)!.id);
  }
}

/** A stored row as `projectionRow` gives it: SQLite keeps booleans as 0 and 1, and JSON as text. */
export function snapshotRow(row: Row): ProjectionRow {
  return { ...row, version: Number(row.version), breached: Boolean(row.breached), state: JSON.parse(String(row.state)) } as unknown as ProjectionRow;
}
