import { TraceocrError } from '../core/errors.js';
import { createPostgresStore } from './postgres/postgres-store.js';
import type { PostgresStoreOptions } from './postgres/postgres-store.js';
import { createSqliteStore } from './sqlite/sqlite-store.js';
import type { SqliteStoreOptions } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

/** The default store location of the CLI. */
export const DEFAULT_STORE_LOCATION = './data/traceocr.db';

/** Options of {@link openStore}, passed to the adapter the location selects. */
export interface OpenStoreOptions {
  readonly sqlite?: SqliteStoreOptions;
  readonly postgres?: PostgresStoreOptions;
}

/** Which adapter a location selects: `postgres://`/`postgresql://` URLs → PostgreSQL, file paths → SQLite. */
export function storeKindOf(location: string): 'sqlite' | 'postgres' {
  if (/^postgres(ql)?:\/\//i.test(location)) return 'postgres';
  // Any other scheme (mysql://, http://, file://) is a mistake, not a file name.
  if (location.trim() === '' || /^[a-z][a-z0-9+.-]*:\/\//i.test(location)) {
    throw new TraceocrError('STORE_URL_INVALID', `store location ${JSON.stringify(location)} is neither a file path nor a postgres:// URL`);
  }
  return 'sqlite';
}

/**
 * Opens the store at a location: a SQLite file path (created if missing) or a
 * `postgres://`/`postgresql://` URL (optional `?schema=NAME`). Migrates it to the latest schema.
 *
 * @example
 * const store = await openStore(process.env.TRACEOCR_STORE ?? DEFAULT_STORE_LOCATION);
 * try { console.log(await store.traceBackward('SN00923')); } finally { await store.close(); }
 */
export async function openStore(location: string, options: OpenStoreOptions = {}): Promise<Store> {
  return storeKindOf(location) === 'postgres' ? createPostgresStore(location, options.postgres) : createSqliteStore(location, options.sqlite);
}
