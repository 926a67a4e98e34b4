import type { Kysely } from 'kysely';
import type { StationWip, WipResult } from '../domain.js';
import type { TraceDatabase } from '../schema.js';

/** Options of {@link queryWip}. */
export interface WipOptions {
  /** The "now" of the report (tests, replays). @defaultValue `new Date()` */
  readonly now?: Date;
  /** Stays that ended this long before `now` count for dwell and throughput. @defaultValue 86,400,000 (24 h) */
  readonly windowMs?: number;
}

/** Nearest-rank percentile (the smallest value with at least p% of the data at or below it). */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? null;
}

/**
 * Work in progress per station: items there now and how long they have waited, dwell
 * time percentiles and throughput of stays that ended in the window, and the slowest
 * station. Percentiles are computed here rather than in SQL because SQLite has no
 * `percentile_cont`; only the rows of the window are read (index on `visits.left_ms`).
 */
export async function queryWip(db: Kysely<TraceDatabase>, options: WipOptions = {}): Promise<WipResult> {
  const now = options.now ?? new Date();
  const nowMs = now.getTime();
  const windowMs = options.windowMs ?? 86_400_000;
  const [open, done] = await Promise.all([
    db.selectFrom('positions').select(['station', 'arrived_ms']).execute(),
    db.selectFrom('visits').select(['station', 'arrived_ms', 'left_ms']).where('left_ms', '>', nowMs - windowMs).where('left_ms', '<=', nowMs).execute(),
  ]);
  const current = new Map<string, number[]>();
  const completed = new Map<string, number[]>();
  const push = (m: Map<string, number[]>, k: string, v: number): void => {
    const list = m.get(k);
    if (list === undefined) m.set(k, [v]);
    else list.push(v);
  };
  for (const r of open) push(current, r.station, Math.max(0, nowMs - Number(r.arrived_ms)));
  for (const r of done) push(completed, r.station, Number(r.left_ms) - Number(r.arrived_ms));
  const names = [...new Set([...current.keys(), ...completed.keys()])].sort();
  const stations: StationWip[] = names.map((station) => {
    const cur = (current.get(station) ?? []).sort((a, b) => a - b);
    const comp = (completed.get(station) ?? []).sort((a, b) => a - b);
    return {
      station,
      items: cur.length,
      currentDwellP50Ms: percentile(cur, 50),
      currentDwellP95Ms: percentile(cur, 95),
      dwellP50Ms: percentile(comp, 50),
      dwellP95Ms: percentile(comp, 95),
      throughputPerHour: comp.length / (windowMs / 3_600_000),
    };
  });
  const score = (s: StationWip): number => s.dwellP50Ms ?? s.currentDwellP50Ms ?? -1;
  const slowest = stations.reduce<StationWip | null>((best, s) => (best === null || score(s) > score(best) ? s : best), null);
  return { now, windowMs, stations, slowestStation: slowest === null || score(slowest) < 0 ? null : slowest.station };
}
