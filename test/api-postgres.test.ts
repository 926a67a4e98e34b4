/**
 * The service on PostgreSQL (127.0.0.1:5432, db `test`): the same API over a postgres:// store,
 * the service's own tables in the store's schema. Skips when PostgreSQL is unreachable, except in CI.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { dropPostgresSchema } from '../src/trace/index.js';
import { createStandInReader, makePng, startHarness } from './api-harness.js';

const BASE = process.env['TRACEOCR_TEST_PG'] ?? 'postgres://postgres@127.0.0.1:5432/test';

async function reachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: BASE, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

test('API on a postgres:// store: read, fetch with image, keys, review, CSV, EPCIS', { timeout: 60_000 }, async (t) => {
  if (!(await reachable())) {
    assert.notEqual(process.env['CI'], 'true', `PostgreSQL not reachable at ${BASE} (required in CI)`);
    t.skip(`PostgreSQL not reachable at ${BASE}`);
    return;
  }
  const schema = `integrate_test_${process.pid}_${Date.now() % 100000}`;
  const reader = createStandInReader();
  const h = await startHarness({ reader, store: `${BASE}?schema=${schema}` });
  try {
    const png = await makePng();
    reader.register(png, { serial: 'PG0001', lot: 'PGLOT1' }, { confidence: 0.5 });
    const res = await h.fetch('/v1/reads?station=PG-1', { method: 'POST', role: 'operator', headers: { 'content-type': 'image/png', 'idempotency-key': 'pg-1' }, body: png });
    assert.equal(res.status, 201);
    const body = (await res.json()) as { id: string; events: string[]; review: string };
    assert.equal(body.review, 'low-confidence');
    const again = await h.fetch('/v1/reads?station=PG-1', { method: 'POST', role: 'operator', headers: { 'content-type': 'image/png', 'idempotency-key': 'pg-1' }, body: png });
    assert.equal(again.status, 200);
    const img = Buffer.from(await (await h.fetch(`/v1/reads/${body.id}/image`, { role: 'viewer' })).arrayBuffer());
    assert.ok(img.equals(Buffer.from(png)));
    const review = (await (await h.fetch('/v1/review', { role: 'viewer' })).json()) as { reads: { id: string }[] };
    assert.deepEqual(review.reads.map((r) => r.id), [body.id]);
    const csv = await (await h.fetch('/v1/export/reads.csv', { role: 'viewer' })).text();
    assert.match(csv, /,PG-1,true,PG0001,PGLOT1,/);
    const epcis = (await (await h.fetch('/v1/epcis/events', { role: 'viewer' })).json()) as { epcisBody: { queryResults: { resultsBody: { eventList: { epcList: string[] }[] } } } };
    assert.deepEqual(epcis.epcisBody.queryResults.resultsBody.eventList.map((e) => e.epcList), [['urn:traceocr:item:PG0001']]);
    assert.equal(await h.service.store.countEvents(), 1);
    const tables = await new pg.Client({ connectionString: BASE });
    await tables.connect();
    const r = await tables.query<{ table_name: string }>('select table_name from information_schema.tables where table_schema = $1 order by 1', [schema]);
    await tables.end();
    assert.ok(r.rows.some((x) => x.table_name === 'integrate_reads') && r.rows.some((x) => x.table_name === 'events'));
  } finally {
    await h.close();
    await dropPostgresSchema(BASE, schema);
  }
});
