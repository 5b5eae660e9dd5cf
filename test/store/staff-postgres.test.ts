import { describe } from 'vitest';
import { postgresReachable, runSql, schemaStore } from '../support/postgres.ts';
import { staffConformance } from './staff-conformance.ts';

const reachable = await postgresReachable('PostgreSQL staff store suite');

describe.skipIf(!reachable)('PostgreSQL', () => {
  staffConformance('PostgreSQL', async () => {
    const { store, schema, drop } = schemaStore();
    return { store, raw: (sql) => runSql(sql, schema), close: drop };
  });
});
