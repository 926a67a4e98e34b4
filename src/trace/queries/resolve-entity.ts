import type { Kysely, Selectable } from 'kysely';
import { TraceocrError } from '../../core/errors.js';
import type { EntityKind } from '../domain.js';
import type { EntitiesTable, TraceDatabase } from '../schema.js';

const PREFERENCE: readonly EntityKind[] = ['item', 'lot', 'shipment'];

/**
 * Finds the entity a user means by a code (`SERIAL_OR_LOT` on the command line): an item
 * first, then a lot, then a shipment, unless `kind` says which. Throws NOT_FOUND.
 */
export async function resolveEntity(db: Kysely<TraceDatabase>, code: string, kind?: EntityKind): Promise<Selectable<EntitiesTable>> {
  let q = db.selectFrom('entities').selectAll().where('code', '=', code);
  if (kind !== undefined) q = q.where('kind', '=', kind);
  const rows = await q.execute();
  rows.sort((a, b) => PREFERENCE.indexOf(a.kind) - PREFERENCE.indexOf(b.kind));
  const row = rows[0];
  if (row === undefined) throw new TraceocrError('NOT_FOUND', `no ${kind ?? 'item, lot or shipment'} ${JSON.stringify(code)} in the record`);
  return row;
}
