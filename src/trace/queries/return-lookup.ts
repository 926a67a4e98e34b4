import type { Kysely } from 'kysely';
import type { ReturnLookupResult, StoredEvent } from '../domain.js';
import type { StoreDialect, TraceDatabase } from '../schema.js';
import { toEntityInfo, toStoredEvent } from './event-rows.js';
import { resolveEntity } from './resolve-entity.js';
import { loadStationVisits } from './station-visits.js';
import { walkGenealogy } from './trace-genealogy.js';

/** Options of {@link lookupReturn}. */
export interface ReturnLookupOptions {
  /** At most this many siblings are listed (all are counted). @defaultValue 100 */
  readonly siblingLimit?: number;
}

/**
 * What a quality engineer needs when a serial comes back: its lots (own and of its
 * components), other items made from its own lots, the stations and times of its
 * production, and the return events themselves.
 */
export async function lookupReturn(db: Kysely<TraceDatabase>, dialect: StoreDialect, serial: string, options: ReturnLookupOptions = {}): Promise<ReturnLookupResult> {
  const item = await resolveEntity(db, serial, 'item');
  const tree = await walkGenealogy(db, dialect, item.key, 'backward', 32);
  const lots = new Map(tree.filter((r) => r.kind === 'lot').map((r) => [r.key, r]));
  const ownLots = tree.filter((r) => r.kind === 'lot' && r.via === item.key && r.link === 'lot' && r.removed === 0).map((r) => r.key);
  let siblings: { serial: string; lot: string }[] = [];
  let siblingCount = 0;
  if (ownLots.length > 0) {
    const base = db.selectFrom('links as l').innerJoin('entities as p', 'p.key', 'l.parent_key').innerJoin('entities as c', 'c.key', 'l.child_key')
      .where('l.child_key', 'in', ownLots).where('l.kind', '=', 'lot').where('l.parent_key', '<>', item.key).where('l.removed_seq', 'is', null);
    const [list, count] = await Promise.all([
      base.select(['p.code as serial', 'c.code as lot']).orderBy('p.code').limit(options.siblingLimit ?? 100).execute(),
      base.select((eb) => eb.fn.count<number>('l.parent_key').as('n')).executeTakeFirst(),
    ]);
    siblings = list;
    siblingCount = Number(count?.n ?? 0);
  }
  const stations = (await loadStationVisits(db, [item.key])).get(item.key) ?? [];
  const returns: StoredEvent[] = (await db.selectFrom('event_entities as ee').innerJoin('events as e', 'e.seq', 'ee.seq').selectAll('e')
    .where('ee.entity_key', '=', item.key).where('e.type', '=', 'returned').orderBy('e.seq').execute()).map(toStoredEvent);
  const times = stations.flatMap((s) => [s.arrivedAt.getTime(), ...(s.leftAt === null ? [] : [s.leftAt.getTime()])]);
  return {
    item: toEntityInfo(item),
    lots: [...lots.values()].map(toEntityInfo),
    siblings,
    siblingCount,
    stations,
    producedFrom: times.length === 0 ? null : new Date(Math.min(...times)),
    producedTo: times.length === 0 ? null : new Date(Math.max(...times)),
    returns,
  };
}
