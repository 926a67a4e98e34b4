import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { TraceocrError } from '../../core/errors.js';
import { createKyselyStore, migrateStore } from '../kysely-store.js';
import type { TraceDatabase } from '../schema.js';
import type { Store } from '../store.js';

/** Options of {@link createPostgresStore}. */
export interface PostgresStoreOptions {
  /** Schema holding the tables (created if missing); also `?schema=` in the URL. @defaultValue 'public' */
  readonly schema?: string;
  /** Pool size. @defaultValue 4 */
  readonly poolSize?: number;
  /** Give up connecting after this long. @defaultValue 5000 */
  readonly connectTimeoutMs?: number;
}

const INT8_OID = 20;

/** Splits `?schema=NAME` off a connection URL (not a libpq parameter, so pg must not see it). */
export function parsePostgresUrl(url: string): { connectionString: string; schema: string | undefined; display: string } {
  let u: URL;
  try {
    u = new URL(url);
  } catch (err) {
    throw new TraceocrError('STORE_URL_INVALID', `not a valid PostgreSQL URL: ${url}`, { cause: err });
  }
  const schema = u.searchParams.get('schema') ?? undefined;
  u.searchParams.delete('schema');
  const display = new URL(u.toString());
  display.password = '';
  return { connectionString: u.toString(), schema, display: display.toString() };
}

function quoteIdent(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name)) throw new TraceocrError('STORE_URL_INVALID', `invalid schema name ${JSON.stringify(name)}`);
  return `"${name}"`;
}

/**
 * Opens a PostgreSQL store from a `postgres://` URL: a `pg` pool whose connections use
 * the store's schema, migrated to the latest version (kysely takes an advisory lock so
 * concurrent starters migrate once).
 *
 * @example
 * const store = await createPostgresStore('postgres://postgres@127.0.0.1:5432/test?schema=plant1');
 */
export async function createPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<Store> {
  const parsed = parsePostgresUrl(url);
  const schema = options.schema ?? parsed.schema ?? 'public';
  const searchPath = quoteIdent(schema);
  const pool = new pg.Pool({
    connectionString: parsed.connectionString,
    max: options.poolSize ?? 4,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    // Set at connection start-up (libpq `options`), so no query can run before it.
    options: `-c search_path=${searchPath}`,
    // int8 (sequence numbers, epoch ms, counts) as JS numbers: all stay below 2^53.
    types: { getTypeParser: ((oid: number, format?: string) => (oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser },
  });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  try {
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${searchPath}`);
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new TraceocrError('STORE_UNAVAILABLE', `cannot reach PostgreSQL at ${parsed.display}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  const db = new Kysely<TraceDatabase>({ dialect: new PostgresDialect({ pool }) });
  try {
    await migrateStore(db, 'postgres', schema);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return createKyselyStore({ db, dialect: 'postgres', location: parsed.display });
}

/** Drops a store's schema with everything in it (tests and benches clean up with this). */
export async function dropPostgresSchema(url: string, schema: string): Promise<void> {
  const pool = new pg.Pool({ connectionString: parsePostgresUrl(url).connectionString, max: 1 });
  try {
    await pool.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
  } finally {
    await pool.end();
  }
}
