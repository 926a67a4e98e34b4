import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
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
