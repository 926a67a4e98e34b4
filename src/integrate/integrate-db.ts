import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import type { Migration } from 'kysely';
import pg from 'pg';
import { TraceocrError } from '../core/errors.js';
import { parsePostgresUrl, storeKindOf } from '../trace/index.js';

/** API keys: only the SHA-256 of the key is kept. */
export interface ApiKeysTable {
  id: string;
  key_hash: string;
  role: string;
  label: string | null;
  created_ms: number;
  revoked_ms: number | null;
}

/** Every read the service made: the result document, the image, what it recorded. */
export interface ReadsTable {
  id: string;
  station: string;
  file: string;
  ok: number;
  received_ms: number;
  image_sha256: string;
  image_type: string;
  image: Uint8Array;
  result: string;
  event_ids: string;
  verification: string | null;
  review_reason: string | null;
  reviewed_ms: number | null;
  idempotency_key: string | null;
  source: string;
}

/** Expected values (work order) per station. */
export interface StationExpectationsTable {
  station: string;
  expected: string;
  updated_ms: number;
}

/** Outbound messages (MQTT, webhooks) until delivered: none is lost across restarts. */
export interface OutboxTable {
  id: string;
  created_ms: number;
  channel: string;
  target: string;
  kind: string;
  payload: string;
  attempts: number;
  next_attempt_ms: number;
  delivered_ms: number | null;
  last_error: string | null;
}

/** Hot-folder ledger: one row per file taken, so a restart neither re-reads nor misses one. */
export interface HotFolderLedgerTable {
  path: string;
  station: string;
  size: number;
  mtime_ms: number;
  state: string;
  read_id: string | null;
  updated_ms: number;
}

/** Tables of `src/integrate` (its own migrations, table `integrate_migration`). */
export interface IntegrateDatabase {
  integrate_api_keys: ApiKeysTable;
  integrate_reads: ReadsTable;
  integrate_station_expectations: StationExpectationsTable;
  integrate_outbox: OutboxTable;
  integrate_hot_folder: HotFolderLedgerTable;
}

/** The service's own database handle. */
export interface IntegrateDb {
  readonly db: Kysely<IntegrateDatabase>;
  readonly dialect: 'sqlite' | 'postgres';
  /**
   * Runs a write, retrying while SQLite reports the file busy. On SQLite the store holds its
   * write lock across awaits on another connection in this process; a synchronous busy-wait
   * here would block the event loop the store needs to commit (see createSqliteStore), so this
   * connection has `busy_timeout = 0` and waits asynchronously instead.
   */
  write<T>(fn: (db: Kysely<IntegrateDatabase>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

function createMigrations(dialect: 'sqlite' | 'postgres'): Record<string, Migration> {
  const blob = dialect === 'sqlite' ? 'blob' : 'bytea';
  return {
    '0001-integrate': {
      async up(db: Kysely<any>): Promise<void> {
        await db.schema.createTable('integrate_api_keys')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('key_hash', 'text', (c) => c.notNull().unique())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('label', 'text')
          .addColumn('created_ms', 'bigint', (c) => c.notNull())
          .addColumn('revoked_ms', 'bigint')
          .execute();
        await db.schema.createTable('integrate_reads')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('station', 'text', (c) => c.notNull())
          .addColumn('file', 'text', (c) => c.notNull())
          .addColumn('ok', 'integer', (c) => c.notNull())
          .addColumn('received_ms', 'bigint', (c) => c.notNull())
          .addColumn('image_sha256', 'text', (c) => c.notNull())
          .addColumn('image_type', 'text', (c) => c.notNull())
          .addColumn('image', sql.raw(blob), (c) => c.notNull())
          .addColumn('result', 'text', (c) => c.notNull())
          .addColumn('event_ids', 'text', (c) => c.notNull())
          .addColumn('verification', 'text')
          .addColumn('review_reason', 'text')
          .addColumn('reviewed_ms', 'bigint')
          .addColumn('idempotency_key', 'text', (c) => c.unique())
          .addColumn('source', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('integrate_reads_received_idx').on('integrate_reads').column('received_ms').execute();
        await db.schema.createIndex('integrate_reads_review_idx').on('integrate_reads').columns(['review_reason', 'reviewed_ms']).execute();
        await db.schema.createTable('integrate_station_expectations')
          .addColumn('station', 'text', (c) => c.primaryKey())
          .addColumn('expected', 'text', (c) => c.notNull())
          .addColumn('updated_ms', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema.createTable('integrate_outbox')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('created_ms', 'bigint', (c) => c.notNull())
          .addColumn('channel', 'text', (c) => c.notNull())
          .addColumn('target', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('payload', 'text', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull())
          .addColumn('next_attempt_ms', 'bigint', (c) => c.notNull())
          .addColumn('delivered_ms', 'bigint')
          .addColumn('last_error', 'text')
          .execute();
        await db.schema.createIndex('integrate_outbox_pending_idx').on('integrate_outbox').columns(['delivered_ms', 'channel', 'next_attempt_ms']).execute();
        await db.schema.createTable('integrate_hot_folder')
          .addColumn('path', 'text', (c) => c.primaryKey())
          .addColumn('station', 'text', (c) => c.notNull())
          .addColumn('size', 'bigint', (c) => c.notNull())
          .addColumn('mtime_ms', 'bigint', (c) => c.notNull())
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('read_id', 'text')
          .addColumn('updated_ms', 'bigint', (c) => c.notNull())
          .execute();
      },
    },
  };
}

const INT8_OID = 20;

/**
 * Opens the service's tables on the same database as the store (SQLite file or
 * `postgres://` URL, `?schema=` honoured) and migrates them with their own migration table.
 */
export async function openIntegrateDb(location: string): Promise<IntegrateDb> {
  const kind = storeKindOf(location);
  let db: Kysely<IntegrateDatabase>;
  let schema: string | undefined;
  if (kind === 'sqlite') {
    let database: Database.Database;
    try {
      if (location !== ':memory:') mkdirSync(dirname(location), { recursive: true });
      database = new Database(location);
      database.pragma('busy_timeout = 0');
      if (location !== ':memory:') database.pragma('journal_mode = WAL');
      database.pragma('synchronous = FULL');
    } catch (err) {
      throw new TraceocrError('STORE_UNAVAILABLE', `cannot open SQLite database ${location}: ${(err as Error).message}`, { cause: err });
    }
    db = new Kysely<IntegrateDatabase>({ dialect: new SqliteDialect({ database }) });
  } else {
    const parsed = parsePostgresUrl(location);
    schema = parsed.schema ?? 'public';
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) throw new TraceocrError('STORE_URL_INVALID', `invalid schema name ${JSON.stringify(schema)}`);
    const pool = new pg.Pool({
      connectionString: parsed.connectionString,
      max: 4,
      connectionTimeoutMillis: 5000,
      options: `-c search_path="${schema}"`,
      types: { getTypeParser: ((oid: number, format?: string) => (oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser },
    });
    pool.on('error', () => undefined);
    try {
      await pool.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw new TraceocrError('STORE_UNAVAILABLE', `cannot reach PostgreSQL at ${parsed.display}: ${(err as Error).message}`, { cause: err });
    }
    db = new Kysely<IntegrateDatabase>({ dialect: new PostgresDialect({ pool }) });
  }
  const handle: IntegrateDb = {
    db,
    dialect: kind,
    async write(fn) {
      if (kind === 'postgres') return fn(db);
      for (let attempt = 0; ; attempt++) {
        try {
          return await fn(db);
        } catch (err) {
          const code = (err as { code?: string }).code;
          if ((code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') && attempt < 2000) {
            await new Promise((r) => setTimeout(r, Math.min(2 + attempt, 20)));
            continue;
          }
          throw err;
        }
      }
    },
    async close() {
      await db.destroy();
    },
  };
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => createMigrations(kind) },
    migrationTableName: 'integrate_migration',
    migrationLockTableName: 'integrate_migration_lock',
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
  // migrateToLatest reports errors instead of throwing; rethrow them so `write` retries a busy SQLite file.
  const error = await handle.write(async () => {
    const result = await migrator.migrateToLatest();
    if ((result.error as { code?: string } | undefined)?.code?.startsWith('SQLITE_BUSY')) throw result.error;
    return result.error;
  }).catch((err: unknown) => err);
  if (error !== undefined) {
    await db.destroy();
    throw new TraceocrError('STORE_MIGRATION_FAILED', `integrate migrations failed: ${(error as Error).message ?? String(error)}`, { cause: error });
  }
  return handle;
}
