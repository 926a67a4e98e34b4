import type { Kysely } from 'kysely';
import type { LineWip, StationWip, WipResult } from '../domain.js';
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
 * Work in progress per station and per production line: items there now and how long they
 * have waited, dwell time percentiles and throughput of stays that ended in the window, and
 * the slowest station (overall and per line). Percentiles are computed here rather than in
 * SQL because SQLite has no `percentile_cont`; only the rows of the window are read (index on
 * `visits.left_ms`). Stations belong to the line of their latest assignment (`station_lines`).
 */
export async function queryWip(db: Kysely<TraceDatabase>, options: WipOptions = {}): Promise<WipResult> {
  const now = options.now ?? new Date();
  const nowMs = now.getTime();
  const windowMs = options.windowMs ?? 86_400_000;
  const fromMs = nowMs - windowMs;
  // Stays that ended in the window, plus later ones (when `now` lies in the past) so that where
  // an item went next is known for the line figures; the later ones count for nothing else.
  const [open, ended, assigned] = await Promise.all([
    db.selectFrom('positions').select(['entity_key', 'station', 'arrived_ms']).execute(),
    db.selectFrom('visits').select(['entity_key', 'station', 'arrived_ms', 'left_ms']).where('left_ms', '>', fromMs).execute(),
    db.selectFrom('station_lines').select(['station', 'line']).execute(),
  ]);
  const lineOf = new Map(assigned.map((r) => [r.station, r.line]));
  const done = ended.filter((r) => Number(r.left_ms) <= nowMs);
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
      line: lineOf.get(station) ?? null,
      items: cur.length,
      currentDwellP50Ms: percentile(cur, 50),
      currentDwellP95Ms: percentile(cur, 95),
      dwellP50Ms: percentile(comp, 50),
      dwellP95Ms: percentile(comp, 95),
      throughputPerHour: comp.length / (windowMs / 3_600_000),
    };
  });
  const score = (s: StationWip): number => s.dwellP50Ms ?? s.currentDwellP50Ms ?? -1;
  const slowestOf = (list: readonly StationWip[]): string | null => {
    const slowest = list.reduce<StationWip | null>((best, s) => (best === null || score(s) > score(best) ? s : best), null);
    return slowest === null || score(slowest) < 0 ? null : slowest.station;
  };

  // Where each item arrived when: a stay ending at t is followed by the stay arriving at t.
  // (Only needed when some station has a line: a plant without lines pays nothing for them.)
  const nextStation = new Map<string, string>();
  if (lineOf.size > 0) for (const r of [...open, ...ended]) nextStation.set(`${r.entity_key}\u0000${Number(r.arrived_ms)}`, r.station);
  const exits = new Map<string, number>();
  for (const r of done) {
    const line = lineOf.get(r.station);
    if (line === undefined) continue;
    const next = nextStation.get(`${r.entity_key}\u0000${Number(r.left_ms)}`);
    if (next !== undefined && lineOf.get(next) === line) continue;
    exits.set(line, (exits.get(line) ?? 0) + 1);
  }
  const lineNames = [...new Set(stations.flatMap((s) => (s.line === null ? [] : [s.line])))].sort();
  const lines: LineWip[] = lineNames.map((line) => {
    const own = stations.filter((s) => s.line === line);
    const cur = own.flatMap((s) => current.get(s.station) ?? []).sort((a, b) => a - b);
    return {
      line,
      stations: own.map((s) => s.station),
      items: cur.length,
      currentDwellP50Ms: percentile(cur, 50),
      currentDwellP95Ms: percentile(cur, 95),
      throughputPerHour: (exits.get(line) ?? 0) / (windowMs / 3_600_000),
      slowestStation: slowestOf(own),
    };
  });
  return { now, windowMs, stations, lines, slowestStation: slowestOf(stations) };
}
