import type { Kysely, Migration } from 'kysely';

/**
 * Version 2 of the schema: the station → production line projection (issue #4, "stations
 * and lines"). Events carry the line in their hashed payload (`line`, see `NewEventBase`);
 * this table only keeps the latest assignment per station so WIP can group by line without
 * scanning the log. Events recorded before version 2 could not carry a line, so there is
 * nothing to back-fill; existing databases gain the empty table and fill it as lines are named.
 */
export function createStationLinesMigration(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.createTable('station_lines')
        .addColumn('station', 'text', (c) => c.primaryKey())
        .addColumn('line', 'text', (c) => c.notNull())
        // Sequence of the event that made the assignment: a later event re-assigns.
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .execute();
    },
    async down(): Promise<void> {
      throw new Error('the traceability record is append-only: migration 0002 has no down step');
    },
  };
}
