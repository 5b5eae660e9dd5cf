import type pg from 'pg';

/**
 * Runs `work` in one transaction on one connection. Any error rolls it back and is thrown on;
 * a connection that cannot even roll back, or that broke while it was held, is thrown away
 * rather than returned to the pool.
 */
export async function inTransaction<T>(pool: pg.Pool, work: (db: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  // The pool listens for errors only on idle connections. One that dies while held here (the
  // server restarting, the backend terminated) fails the query under way; its error event
  // must not go unheard, which would end the process.
  const lost = (error: Error) => {
    broken = error;
  };
  client.on('error', lost);
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => {
      broken ??= rollbackError;
    });
    throw error;
  } finally {
    client.removeListener('error', lost);
    client.release(broken);
  }
}
