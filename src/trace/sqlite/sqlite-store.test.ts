import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { createInitialMigration } from '../migrations/0001-initial.js';
import type { TraceDatabase } from '../schema.js';
import { isTraceocrError } from '../../core/errors.js';
import { runStoreContract } from '../store.contract.js';
import { openStore, storeKindOf } from '../open-store.js';
import { createSqliteStore } from './sqlite-store.js';

runStoreContract({
  name: 'sqlite',
  async create() {
    const dir = mkdtempSync(join(tmpdir(), 'traceocr-store-'));
    const path = join(dir, 'nested', 'trace.db');
    const store = await createSqliteStore(path);
    return {
      store,
      location: path,
      reopen: () => createSqliteStore(path),
      async rawExec(sqlText) {
        const raw = new Database(path);
        try {
          raw.exec(sqlText);
        } finally {
          raw.close();
        }
      },
      dropGuardSql: 'DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;',
      async cleanup() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
});

test('the sqlite store file is in WAL mode', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'traceocr-store-'));
  const path = join(dir, 'a.db');
  const store = await createSqliteStore(path);
  await store.close();
  const raw = new Database(path);
  try {
    assert.equal(raw.pragma('journal_mode', { simple: true }), 'wal');
  } finally {
    raw.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('openStore picks the adapter from the location and rejects other schemes', async () => {
  assert.equal(storeKindOf('./data/traceocr.db'), 'sqlite');
  assert.equal(storeKindOf('/var/lib/t.db'), 'sqlite');
  assert.equal(storeKindOf('postgres://u@h/db'), 'postgres');
  assert.equal(storeKindOf('postgresql://u@h:5433/db?schema=x'), 'postgres');
  for (const bad of ['mysql://u@h/db', 'http://x/y', '', '  ']) {
    assert.throws(() => storeKindOf(bad), (err: unknown) => isTraceocrError(err, 'STORE_URL_INVALID'), bad);
  }
  await assert.rejects(openStore('redis://127.0.0.1:6379'), (err: unknown) => isTraceocrError(err, 'STORE_URL_INVALID'));
});

test('a version-1 database (before production lines) is upgraded by migration 0002 when opened', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'traceocr-store-'));
  const path = join(dir, 'v1.db');
  try {
    // Build the schema exactly as a release with only migration 0001 left it.
    const v1 = new Kysely<TraceDatabase>({ dialect: new SqliteDialect({ database: new Database(path) }) });
    const migrated = await new Migrator({ db: v1, provider: { getMigrations: async () => ({ '0001-initial': createInitialMigration('sqlite') }) } }).migrateToLatest();
    assert.equal(migrated.error, undefined);
    await v1.destroy();

    const store = await createSqliteStore(path);
    try {
      await store.append([{ type: 'observed', at: new Date(Date.UTC(2026, 0, 1)), station: 'S1', line: 'LINE-1', item: 'V1' }]);
      const w = await store.wip({ now: new Date(Date.UTC(2026, 0, 1, 1)) });
      assert.deepEqual(w.lines.map((l) => [l.line, l.stations, l.items]), [['LINE-1', ['S1'], 1]]);
    } finally {
      await store.close();
    }
    const raw = new Database(path);
    try {
      const names = (raw.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as { name: string }[]).map((r) => r.name);
      assert.deepEqual(names, ['0001-initial', '0002-station-lines']);
    } finally {
      raw.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
