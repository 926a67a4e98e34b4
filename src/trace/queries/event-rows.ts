import type { Selectable } from 'kysely';
import type { EntityInfo, Evidence, StationVisit, StoredEvent } from '../domain.js';
import type { EntitiesTable, EventsTable } from '../schema.js';

/** Turns a stored `events` row into a {@link StoredEvent} (PostgreSQL returns `bigint` as numbers via the pool's type parser). */
export function toStoredEvent(r: Selectable<EventsTable>): StoredEvent {
  return {
    seq: Number(r.seq),
    id: r.id,
    type: r.type,
    at: new Date(Number(r.at_ms)),
    recordedAt: new Date(Number(r.recorded_ms)),
    station: r.station,
    workOrder: r.work_order,
    payload: JSON.parse(r.payload) as Record<string, unknown>,
    evidence: r.evidence === null ? null : (JSON.parse(r.evidence) as Evidence),
    idempotencyKey: r.idempotency_key,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** Turns an `entities` row into an {@link EntityInfo}. */
export function toEntityInfo(r: Pick<Selectable<EntitiesTable>, 'kind' | 'code' | 'gtin' | 'part_number' | 'supplier' | 'customer' | 'work_order'>): EntityInfo {
  return { kind: r.kind, code: r.code, gtin: r.gtin, partNumber: r.part_number, supplier: r.supplier, customer: r.customer, workOrder: r.work_order };
}

/** Sorts stays by arrival. */
export function byArrival(a: StationVisit, b: StationVisit): number {
  return a.arrivedAt.getTime() - b.arrivedAt.getTime();
}
