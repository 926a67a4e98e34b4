import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { isTraceocrError } from '../../core/errors.js';
import { runStoreContract } from '../store.contract.js';
import { createPostgresStore, dropPostgresSchema } from './postgres-store.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';

const url = process.env['TRACEOCR_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

async function reachable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (err) {
    return `PostgreSQL not reachable at ${url}: ${err instanceof Error ? err.message : String(err)}`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const unreachable = await reachable();
// In CI PostgreSQL is part of the environment (.ci/run starts it): missing it is a failure, not a skip.
if (unreachable !== undefined && process.env['CI'] === 'true') {
  test('PostgreSQL is available in CI', () => {
    assert.fail(unreachable);
  });
}

runStoreContract({
  name: 'postgres',
  skipReason: unreachable,
  async create() {
    // One schema per case so parallel runs and cases never see each other's rows.
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const location = `${url}${url.includes('?') ? '&' : '?'}schema=${schema}`;
    const store = await createPostgresStore(location);
    return {
      store,
      location: location,
      reopen: () => createPostgresStore(location),
      async rawExec(sqlText) {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          await client.query(`SET search_path TO "${schema}"`);
          await client.query(sqlText);
        } finally {
          await client.end();
        }
      },
      dropGuardSql: 'DROP TRIGGER events_no_change ON events',
      async cleanup() {
        await store.close();
        await dropPostgresSchema(url, schema);
      },
    };
  },
});

test('an unreachable PostgreSQL is STORE_UNAVAILABLE', async () => {
  await assert.rejects(createPostgresStore('postgres://postgres@127.0.0.1:1/none', { connectTimeoutMs: 1000 }), (err: unknown) => isTraceocrError(err, 'STORE_UNAVAILABLE'));
});
