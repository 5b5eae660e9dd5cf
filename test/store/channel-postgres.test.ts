import { describe } from 'vitest';
import { postgresReachable, runSql, schemaStore } from '../support/postgres.ts';
import { channelConformance } from './channel-conformance.ts';

const reachable = await postgresReachable('PostgreSQL channel store suite');

describe.skipIf(!reachable)('PostgreSQL', () => {
  channelConformance('PostgreSQL', async () => {
    const { store, schema, drop } = schemaStore();
    return { store, raw: (sql) => runSql(sql, schema), close: drop };
  });
});
