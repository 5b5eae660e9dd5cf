import { describe } from 'vitest';
import { postgresReachable, runSql, schemaStore } from '../support/postgres.ts';
import { storeConformance } from './conformance.ts';

const reachable = await postgresReachable('PostgreSQL store suite');

describe.skipIf(!reachable)('PostgreSQL', () => {
  storeConformance('PostgreSQL', async () => {
    // A schema of its own per test: tests never see each other's rows and leave nothing behind.
    const { store, schema, drop } = schemaStore();
    return { store, raw: (sql) => runSql(sql, schema), close: drop };
  });
});
