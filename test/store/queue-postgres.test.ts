import { describe } from 'vitest';
import { postgresReachable, runSql, schemaStore } from '../support/postgres.ts';
import { queueConformance } from './queue-conformance.ts';

const reachable = await postgresReachable('PostgreSQL queue suite');

describe.skipIf(!reachable)('PostgreSQL', () => {
  queueConformance('PostgreSQL', async () => {
    // A schema of its own per suite: tests never see each other's rows and leave nothing behind.
    const { store, schema, drop } = schemaStore();
    return { store, raw: (sql) => runSql(sql, schema), close: drop };
  });
});
