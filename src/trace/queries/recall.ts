import type { Kysely } from 'kysely';
import type { RecallItem, RecallResult } from '../domain.js';
import type { StoreDialect, TraceDatabase } from '../schema.js';
import { entityKey } from '../schema.js';
import { resolveEntity } from './resolve-entity.js';
import { walkGenealogy } from './trace-genealogy.js';

/**
 * The recall list of a lot: every item that contains it (through lots made from it and
 * through assemblies, also links undone later — a recall errs on the side of listing),
 * where each item is now (station or shipment), and the counts a recall notice needs.
 */
export async function recallLot(db: Kysely<TraceDatabase>, dialect: StoreDialect, lot: string): Promise<RecallResult> {
  const root = await resolveEntity(db, lot, 'lot');
  const rows = await walkGenealogy(db, dialect, root.key, 'forward', 32);
  const items = new Map<string, { code: string; gtin: string | null; partNumber: string | null }>();
  const lots = new Set<string>();
  const hasParent = new Set<string>();
  const shipmentOf = new Map<string, string>();
  const shipments = new Map<string, { customer: string | null; items: Set<string> }>();
  for (const r of rows) {
    if (r.kind === 'item') items.set(r.key, { code: r.code, gtin: r.gtin, partNumber: r.part_number });
    else if (r.kind === 'lot' && r.depth > 0) lots.add(r.key);
    else if (r.kind === 'shipment') {
      if (!shipments.has(r.code)) shipments.set(r.code, { customer: r.customer, items: new Set() });
      if (r.via !== null) {
        shipmentOf.set(r.via, r.code);
        shipments.get(r.code)?.items.add(r.via);
      }
    }
    if (r.kind === 'item' && r.link === 'assembled' && r.via !== null) hasParent.add(r.via);
  }
  const stationOf = new Map<string, string>();
  const keys = [...items.keys()];
  for (let i = 0; i < keys.length; i += 1000) {
    const rows2 = await db.selectFrom('positions').select(['entity_key', 'station']).where('entity_key', 'in', keys.slice(i, i + 1000)).execute();
    for (const r of rows2) stationOf.set(r.entity_key, r.station);
  }
  const list: RecallItem[] = [...items].map(([key, it]) => {
    const shipment = shipmentOf.get(key) ?? null;
    return {
      serial: it.code, gtin: it.gtin, partNumber: it.partNumber,
      topLevel: !hasParent.has(key),
      station: stationOf.get(key) ?? null,
      shipment,
      customer: shipment === null ? null : shipments.get(shipment)?.customer ?? null,
    };
  });
  const shipmentList = [...shipments].map(([shipment, s]) => ({ shipment, customer: s.customer, items: s.items.size }));
  return {
    lot: root.code,
    items: list,
    shipments: shipmentList,
    counts: {
      items: list.length,
      topLevelItems: list.filter((i) => i.topLevel).length,
      lots: lots.size,
      shipments: shipmentList.length,
      shippedItems: list.filter((i) => i.shipment !== null).length,
      inPlantItems: list.filter((i) => i.station !== null).length,
      customers: new Set(shipmentList.map((s) => s.customer).filter((c) => c !== null)).size,
    },
  };
}

/** Convenience for tests and the CLI: entity key of a lot code. */
export function lotKey(code: string): string {
  return entityKey('lot', code);
}
