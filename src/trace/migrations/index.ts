import type { Migration, MigrationProvider } from 'kysely';
import type { StoreDialect } from '../schema.js';
import { createInitialMigration } from './0001-initial.js';
import { createStationLinesMigration } from './0002-station-lines.js';

/**
 * The versioned schema migrations of the store, in order (kysely applies them sorted by
 * name and records each in `kysely_migration`). Add a new file `000N-what.ts` and a line
 * here; never edit an applied migration.
 */
export function createMigrationProvider(dialect: StoreDialect): MigrationProvider {
  return {
    async getMigrations(): Promise<Record<string, Migration>> {
      return {
        '0001-initial': createInitialMigration(dialect),
        '0002-station-lines': createStationLinesMigration(),
      };
    },
  };
}
