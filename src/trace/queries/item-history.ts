import type { Kysely } from 'kysely';
import type { EntityKind, HistoryResult, StoredEvent } from '../domain.js';
import type { TraceDatabase } from '../schema.js';
import { toEntityInfo, toStoredEvent } from './event-rows.js';
import { resolveEntity } from './resolve-entity.js';

/**
 * The timeline of one item, lot or shipment: every event that names it, in time order,
 * each with the ids of the `corrected` events that amend it.
 */
export async function queryHistory(db: Kysely<TraceDatabase>, code: string, kind?: EntityKind): Promise<HistoryResult> {
  const entity = await resolveEntity(db, code, kind);
  const rows = await db.selectFrom('event_entities as ee').innerJoin('events as e', 'e.seq', 'ee.seq')
    .selectAll('e').where('ee.entity_key', '=', entity.key).orderBy('e.at_ms').orderBy('e.seq').execute();
  const seen = new Set<number>();
  const events: StoredEvent[] = [];
  for (const r of rows) {
    const ev = toStoredEvent(r);
    if (seen.has(ev.seq)) continue;
    seen.add(ev.seq);
    events.push(ev);
  }
  const correctedBy = new Map<string, string[]>();
  for (const ev of events) {
    const target = ev.type === 'corrected' ? ev.payload['corrects'] : undefined;
    if (typeof target === 'string') correctedBy.set(target, [...(correctedBy.get(target) ?? []), ev.id]);
  }
  return { entity: toEntityInfo(entity), events: events.map((ev) => ({ ...ev, correctedBy: correctedBy.get(ev.id) ?? [] })) };
}
