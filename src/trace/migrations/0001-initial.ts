import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';
import type { StoreDialect } from '../schema.js';
import { GENESIS_HASH } from '../event-hash.js';

/**
 * Version 1 of the schema: the event log with its chain head, the projections the
 * queries read, and the append-only guard. Written once with kysely's schema builder;
 * only the key type of `events.seq` and the guard triggers differ per dialect.
 */
export function createInitialMigration(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      // SQLite: `integer primary key` makes seq the rowid (clustered, no extra index).
      let events = db.schema.createTable('events');
      events = dialect === 'sqlite'
        ? events.addColumn('seq', 'integer', (c) => c.primaryKey())
        : events.addColumn('seq', 'bigint', (c) => c.primaryKey());
      await events
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('at_ms', 'bigint', (c) => c.notNull())
        .addColumn('recorded_ms', 'bigint', (c) => c.notNull())
        .addColumn('station', 'text')
        .addColumn('work_order', 'text')
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('evidence', 'text')
        .addColumn('image_sha256', 'text')
        .addColumn('idempotency_key', 'text')
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
      // Partial: most events carry no key, and a NULL entry per event would only cost inserts.
      await db.schema.createIndex('events_idempotency_key_idx').on('events').column('idempotency_key').unique().where(sql.ref('idempotency_key'), 'is not', null).execute();
      await db.schema.createIndex('events_image_idx').on('events').columns(['image_sha256', 'station', 'at_ms']).where(sql.ref('image_sha256'), 'is not', null).execute();

      await db.schema.createTable('chain_head')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
      await db.insertInto('chain_head').values({ id: 1, seq: 0, hash: GENESIS_HASH }).execute();

      await db.schema.createTable('entities')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('gtin', 'text')
        .addColumn('part_number', 'text')
        .addColumn('supplier', 'text')
        .addColumn('customer', 'text')
        .addColumn('work_order', 'text')
        .addColumn('first_seq', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('entities_code_idx').on('entities').column('code').execute();

      // Projection tables are keyed by what they are looked up by; on SQLite `WITHOUT ROWID`
      // stores each row once in its key's B-tree (one insert instead of table + index).
      const clustered = <T extends { modifyEnd(m: ReturnType<typeof sql.raw>): T }>(b: T): T => (dialect === 'sqlite' ? b.modifyEnd(sql.raw('WITHOUT ROWID')) : b);
      await clustered(db.schema.createTable('links')
        .addColumn('parent_key', 'text', (c) => c.notNull())
        .addColumn('child_key', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('at_ms', 'bigint', (c) => c.notNull())
        .addColumn('removed_seq', 'bigint')
        .addPrimaryKeyConstraint('links_pk', ['parent_key', 'child_key', 'kind', 'seq']))
        .execute();
      // Both directions are walked: backward by parent (the primary key), forward by child.
      await db.schema.createIndex('links_child_idx').on('links').columns(['child_key', 'parent_key']).execute();

      await clustered(db.schema.createTable('event_entities')
        .addColumn('entity_key', 'text', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('event_entities_pk', ['entity_key', 'seq', 'role']))
        .execute();

      await clustered(db.schema.createTable('positions')
        .addColumn('entity_key', 'text', (c) => c.primaryKey())
        .addColumn('station', 'text', (c) => c.notNull())
        .addColumn('arrived_ms', 'bigint', (c) => c.notNull()))
        .execute();
      await db.schema.createIndex('positions_station_idx').on('positions').columns(['station', 'arrived_ms']).execute();

      await db.schema.createTable('visits')
        .addColumn('entity_key', 'text', (c) => c.notNull())
        .addColumn('station', 'text', (c) => c.notNull())
        .addColumn('arrived_ms', 'bigint', (c) => c.notNull())
        .addColumn('left_ms', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('visits_entity_idx').on('visits').columns(['entity_key', 'arrived_ms']).execute();
      await db.schema.createIndex('visits_left_idx').on('visits').columns(['left_ms']).execute();

      // Append-only in the database too: the application never updates or deletes an event,
      // so any attempt is refused; tampering needs someone who drops the guard first.
      if (dialect === 'sqlite') {
        await sql`CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END`.execute(db);
        await sql`CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END`.execute(db);
      } else {
        await sql`CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'events are append-only'; END $$`.execute(db);
        await sql`CREATE TRIGGER events_no_change BEFORE UPDATE OR DELETE ON events FOR EACH ROW EXECUTE FUNCTION events_append_only()`.execute(db);
        await sql`CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events FOR EACH STATEMENT EXECUTE FUNCTION events_append_only()`.execute(db);
      }
    },
    async down(): Promise<void> {
      throw new Error('the traceability record is append-only: migration 0001 has no down step');
    },
  };
}
