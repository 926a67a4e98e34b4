import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { TraceocrError } from '../../core/errors.js';
import { createKyselyStore, migrateStore } from '../kysely-store.js';
import type { TraceDatabase } from '../schema.js';
import type { Store } from '../store.js';

/** Options of {@link createSqliteStore}. */
export interface SqliteStoreOptions {
  /**
   * `full` (default): every commit is fsynced, so an acknowledged append survives a power
   * cut as well as kill -9. `normal` (WAL): commits reach the OS but are fsynced only at
   * checkpoints — they survive kill -9 (the process dies, the page cache stays) but the
   * last ones may be lost on power failure (sqlite.org/pragma.html#pragma_synchronous).
   * A traceability record is evidence, so the default is `full`.
   * @defaultValue 'full'
   */
  readonly synchronous?: 'full' | 'normal';
  /** SQLite page cache per connection. @defaultValue 64 */
  readonly cacheSizeMb?: number;
  /** How long a writer waits for another process's write lock. @defaultValue 10000 */
  readonly busyTimeoutMs?: number;
}

/**
 * Opens (creating the file and its directory if needed) a SQLite store in WAL mode
 * — readers never block the writer — and migrates it to the latest schema.
 * Several processes may write the same file (SQLite's lock serialises them, waiting up
 * to `busyTimeoutMs`); within one process use one store per file: better-sqlite3 waits
 * for a lock synchronously, so a second in-process connection would block the event
 * loop that the first one needs to finish its transaction.
 *
 * @example
 * const store = await createSqliteStore('./data/traceocr.db');
 */
export async function createSqliteStore(path: string, options: SqliteStoreOptions = {}): Promise<Store> {
  let database: Database.Database;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    database = new Database(path);
    database.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 10_000}`);
    if (path !== ':memory:') database.pragma('journal_mode = WAL');
    database.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
    // Index maintenance of a million-event log is page-cache bound: the default 2 MB cache thrashes.
    database.pragma(`cache_size = ${-1024 * (options.cacheSizeMb ?? 64)}`);
    database.pragma('temp_store = MEMORY');
  } catch (err) {
    throw new TraceocrError('STORE_UNAVAILABLE', `cannot open SQLite store ${path}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  const db = new Kysely<TraceDatabase>({ dialect: new SqliteDialect({ database }) });
  try {
    await migrateStore(db, 'sqlite');
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return createKyselyStore({ db, dialect: 'sqlite', location: path });
}
