import type pg from 'pg';
import type { ComplaintState } from '../workflow/state.ts';
import { projectionRow } from './projection.ts';
import { countStatement, listPage, pageStatement } from './queue-sql.ts';
import type { Row } from './rows.ts';
import type { ListPage, ListQuery } from './store.ts';

type Db = pg.Pool | pg.PoolClient;

/** how many complaints the migration fills at a time */
const PAGE = 500;

/** The staff queue of a PostgreSQL store: the page and the counts, on two connections at once. */
export async function listPostgres(pool: pg.Pool, query: ListQuery): Promise<ListPage> {
  const page = pageStatement(query, 'postgres');
  const counts = countStatement(query, 'postgres');
  const [pageRows, countRows] = await Promise.all([pool.query<Row>(page.sql, page.params), pool.query<Row>(counts.sql, counts.params)]);
  return listPage(query, pageRows.rows, countRows.rows, (state) => state as ComplaintState);
}

/** Writes a complaint's read-model row, the projection of its state (api/store/projection.ts). */
export async function project(db: Db, state: ComplaintState): Promise<void> {
  const row = projectionRow(state);
  await db.query(
    `INSERT INTO complaints (id, site_key, reference, status, category, department, assignee, priority, channel,
                             registered_at, updated_at, version, next_deadline_at, due_at, stage, breached,
                             search_text, search_identity, state)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
     ON CONFLICT (id) DO UPDATE SET status = excluded.status, category = excluded.category,
       department = excluded.department, assignee = excluded.assignee, priority = excluded.priority,
       updated_at = excluded.updated_at, version = excluded.version,
       next_deadline_at = excluded.next_deadline_at, due_at = excluded.due_at, stage = excluded.stage,
       breached = excluded.breached, search_text = excluded.search_text,
       search_identity = excluded.search_identity, state = excluded.state`,
    [row.id, row.site_key, row.reference, row.status, row.category, row.department, row.assignee, row.priority,
      row.channel, row.registered_at, row.updated_at, row.version, row.next_deadline_at, row.due_at, row.stage,
      row.breached, row.search_text, row.search_identity, JSON.stringify(row.state)],
  );
}

/** Fills the queue's columns of the complaints stored before they existed, from each one's state. */
export async function reprojectAll(db: Db): Promise<void> {
  for (let after = ''; ; ) {
    const { rows } = await db.query<{ id: string; state: ComplaintState }>(
      'SELECT id, state FROM complaints WHERE id > $1 ORDER BY id LIMIT $2',
      [after, PAGE],
    );
    if (!rows.length) return;
    const projected = rows.map((row) => projectionRow(row.state));
    await db.query(
      `UPDATE complaints c SET due_at = v.due_at, stage = v.stage, breached = v.breached,
         search_text = v.search_text, search_identity = v.search_identity
       FROM unnest($1::text[], $2::text[], $3::text[], $4::boolean[], $5::text[], $6::text[])
         AS v (id, due_at, stage, breached, search_text, search_identity)
       WHERE c.id = v.id`,
      [
        projected.map((r) => r.id),
        projected.map((r) => r.due_at),
        projected.map((r) => r.stage),
        projected.map((r) => r.breached),
        projected.map((r) => r.search_text),
        projected.map((r) => r.search_identity),
      ],
    );
    after = rows.at(-1)!.id;
  }
}
