import type { Kysely } from 'kysely';
import type { StationVisit } from '../domain.js';
import type { TraceDatabase } from '../schema.js';
import { byArrival } from './event-rows.js';

/** Completed and open stays of the given entities, by entity key, each list in arrival order. */
export async function loadStationVisits(db: Kysely<TraceDatabase>, keys: readonly string[]): Promise<Map<string, StationVisit[]>> {
  const out = new Map<string, StationVisit[]>();
  const add = (k: string, v: StationVisit): void => {
    const list = out.get(k);
    if (list === undefined) out.set(k, [v]);
    else list.push(v);
  };
  for (let i = 0; i < keys.length; i += 1000) {
    const part = keys.slice(i, i + 1000);
    const [done, open] = await Promise.all([
      db.selectFrom('visits').select(['entity_key', 'station', 'arrived_ms', 'left_ms']).where('entity_key', 'in', part).execute(),
      db.selectFrom('positions').select(['entity_key', 'station', 'arrived_ms']).where('entity_key', 'in', part).execute(),
    ]);
    for (const r of done) add(r.entity_key, { station: r.station, arrivedAt: new Date(Number(r.arrived_ms)), leftAt: new Date(Number(r.left_ms)) });
    for (const r of open) add(r.entity_key, { station: r.station, arrivedAt: new Date(Number(r.arrived_ms)), leftAt: null });
  }
  for (const list of out.values()) list.sort(byArrival);
  return out;
}
