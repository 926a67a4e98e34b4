import { Migrator } from 'kysely';
import type { Kysely } from 'kysely';
import { TraceocrError } from '../core/errors.js';
import { createMigrationProvider } from './migrations/index.js';
import type { StoreDialect, TraceDatabase } from './schema.js';
import type { Store } from './store.js';
import { appendEvents } from './queries/append-events.js';
import { verifyAuditChain } from './queries/audit-verify.js';
import { toStoredEvent } from './queries/event-rows.js';
import { queryHistory } from './queries/item-history.js';
import { recallLot } from './queries/recall.js';
import { lookupReturn } from './queries/return-lookup.js';
import { traceGenealogy } from './queries/trace-genealogy.js';
import { queryWip } from './queries/wip.js';

/** What an adapter hands to {@link createKyselyStore}. */
export interface KyselyStoreConfig {
  readonly db: Kysely<TraceDatabase>;
  readonly dialect: StoreDialect;
  readonly location: string;
  /** Schema of kysely's migration bookkeeping tables (PostgreSQL). */
  readonly migrationTableSchema?: string;
}

/** Applies every pending migration; throws STORE_MIGRATION_FAILED with the cause. */
export async function migrateStore(db: Kysely<TraceDatabase>, dialect: StoreDialect, migrationTableSchema?: string): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: createMigrationProvider(dialect),
    ...(migrationTableSchema === undefined ? {} : { migrationTableSchema }),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new TraceocrError('STORE_MIGRATION_FAILED', `migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/**
 * The store over a migrated kysely instance: every query is written once against
 * `Kysely<TraceDatabase>`, so the SQLite and PostgreSQL adapters differ only in how
 * they connect and in the dialect bits of the migrations.
 */
export function createKyselyStore(config: KyselyStoreConfig): Store {
  const { db } = config;
  return {
    dialect: config.dialect,
    location: config.location,
    append: (events) => appendEvents(db, events),
    async getEvent(id) {
      const row = await db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : toStoredEvent(row);
    },
    async countEvents() {
      const row = await db.selectFrom('chain_head').select('seq').where('id', '=', 1).executeTakeFirstOrThrow();
      return Number(row.seq);
    },
    traceBackward: (code, options) => traceGenealogy(db, config.dialect, code, 'backward', options),
    traceForward: (code, options) => traceGenealogy(db, config.dialect, code, 'forward', options),
    recall: (lot) => recallLot(db, config.dialect, lot),
    wip: (options) => queryWip(db, options),
    returnLookup: (serial, options) => lookupReturn(db, config.dialect, serial, options),
    history: (code, kind) => queryHistory(db, code, kind),
    auditVerify: () => verifyAuditChain(db),
    close: () => db.destroy(),
  };
}
