/**
 * Store bench: generates a realistic plant history and measures both adapters in the same run.
 *
 * Plant (deterministic, seeded): 5,000 supplier lots received at RECV; 120,000 parts (L0)
 * each made from one lot and routed through five stations; 50,000 sub-assemblies (L1)
 * of 2–3 parts; 20,000 assemblies (L2) of 2–3 sub-assemblies; 10,000 finished units (L3)
 * of 2 assemblies — 200,000 serialised items, 4 levels of genealogy under a finished unit
 * (F → L2 → L1 → L0 → lot). One bulk lot is transformed into 6 intermediate lots that feed
 * 6,000 consecutive parts, so its forward trace reaches about 10,000 items. Station S30 is
 * the bottleneck. History spans 30 days; events after "now" (day 29.7) are cut off, so the last parts are
 * still on their way (WIP).
 *
 * Usage: node --import tsx bench/store/main.ts [--pg-url URL] [--skip-postgres] [--skip-sqlite] [--sqlite-path PATH] [--batch N]
 *   [--limit N] [--keep-pg-schema NAME]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { NewEvent } from '../../src/trace/domain.js';
import type { Store } from '../../src/trace/store.js';
import { createSqliteStore } from '../../src/trace/sqlite/sqlite-store.js';
import { createPostgresStore, dropPostgresSchema } from '../../src/trace/postgres/postgres-store.js';
import { percentile } from '../../src/trace/queries/wip.js';
import { createRng } from '../labels/rng.js';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const pgUrl = flag('--pg-url') ?? process.env['TRACEOCR_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const skipPostgres = args.includes('--skip-postgres');
const skipSqlite = args.includes('--skip-sqlite');
// --keep-pg-schema NAME: use (and keep) this schema, to look at query plans afterwards.
const keepPgSchema = flag('--keep-pg-schema');
const batchSize = Number(flag('--batch') ?? 2000);
// --limit N: ingest only the first N events (profiling; the figures then do not meet the bench's definition).
const limit = flag('--limit') === undefined ? undefined : Number(flag('--limit'));

// Same seeded PRNG as the label generator, so every run builds the same plant.
const rng = (seed: number): (() => number) => createRng(seed).next;

interface Plant {
  events: NewEvent[];
  now: Date;
  finished: string[];
  bulkLot: string;
}

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 1);
const DAYS = 30;

function generatePlant(): Plant {
  const rand = rng(42);
  const expo = (meanMin: number): number => Math.max(0.2, -Math.log(1 - rand()) * meanMin) * MIN;
  const ev: NewEvent[] = [];
  const span = DAYS * 24 * 60 * MIN;
  const lots = Array.from({ length: 5000 }, (_, i) => `L${String(i).padStart(5, '0')}`);
  lots.forEach((lot, i) => ev.push({ type: 'observed', at: new Date(T0 + (i / 5000) * span * 0.9), station: 'RECV', lot, supplier: `SUP${i % 180}`, product: { partNumber: `RAW-${i % 40}` } }));
  const bulkLot = lots[0] as string;
  const intLots = Array.from({ length: 6 }, (_, i) => `INT${i}`);
  ev.push({ type: 'transformed', at: new Date(T0 + 60 * MIN), station: 'MIX', consumed: [bulkLot], produced: intLots, product: { partNumber: 'PASTE' } });

  const route = (serial: string, start: number, stations: readonly string[], meansMin: readonly number[]): number => {
    let t = start;
    stations.forEach((s, k) => {
      ev.push({ type: 'observed', at: new Date(t), station: s, item: serial });
      t += expo(meansMin[k] ?? 5);
    });
    return t;
  };
  // L0 parts: made from a lot at S10, then S20..S50 (S30 is slow).
  const partsDone: number[] = [];
  const nParts = 120_000;
  for (let i = 0; i < nParts; i++) {
    const serial = `P${i}`;
    const start = T0 + 2 * 60 * MIN + (i / nParts) * span;
    // Parts 30,000..35,999 use the intermediate lots made from the bulk lot.
    const lot = i >= 30_000 && i < 36_000 ? (intLots[Math.floor((i - 30_000) / 1000)] as string) : (lots[1 + Math.floor(rand() * 4999)] as string);
    ev.push({ type: 'observed', at: new Date(start), station: 'S10', item: serial, lot, product: { partNumber: `PRT-${i % 25}` }, workOrder: `WO-P${Math.floor(i / 500)}` });
    partsDone.push(route(serial, start + expo(4), ['S20', 'S30', 'S40', 'S50'], [6, 25, 5, 4]));
  }
  // Assemble level by level: consecutive children into one parent, after the last child is done.
  const assemble = (prefix: string, nParents: number, children: readonly number[], childPrefix: string, stations: readonly string[], means: readonly number[], partNumber: string): number[] => {
    const done: number[] = [];
    const per = children.length / nParents;
    for (let p = 0; p < nParents; p++) {
      const from = Math.floor(p * per);
      const to = Math.floor((p + 1) * per);
      const kids: string[] = [];
      let ready = 0;
      for (let c = from; c < to; c++) {
        kids.push(`${childPrefix}${c}`);
        ready = Math.max(ready, children[c] ?? 0);
      }
      const serial = `${prefix}${p}`;
      const t = ready + expo(3);
      ev.push({ type: 'assembled', at: new Date(t), station: stations[0] as string, parent: serial, children: kids, product: { partNumber }, workOrder: `WO-${prefix}${Math.floor(p / 200)}` });
      done.push(route(serial, t + expo(means[0] ?? 5), stations.slice(1), means.slice(1)));
    }
    return done;
  };
  const l1 = assemble('A', 50_000, partsDone, 'P', ['S60', 'S61', 'S62', 'S63', 'S64', 'S65'], [5, 5, 8, 4, 6, 3], 'SUB-1');
  const l2 = assemble('B', 20_000, l1, 'A', ['S70', 'S71', 'S72', 'S73'], [6, 7, 5, 4], 'SUB-2');
  const l3 = assemble('F', 10_000, l2, 'B', ['S80', 'S81', 'S82', 'S83', 'S84'], [8, 10, 6, 5, 3], 'FIN');
  const finished = Array.from({ length: 10_000 }, (_, i) => `F${i}`);
  for (let s = 0; s < 500; s++) {
    const items = finished.slice(s * 20, s * 20 + 20);
    const t = Math.max(...items.map((_, k) => l3[s * 20 + k] ?? 0)) + expo(60);
    ev.push({ type: 'shipped', at: new Date(t), shipment: `SH${s}`, items, customer: `C${s % 37}` });
  }
  const now = T0 + span * 0.99;
  const kept = ev.filter((e) => e.at.getTime() <= now);
  // Stable time order: what an MES export in time order looks like.
  kept.sort((a, b) => a.at.getTime() - b.at.getTime());
  return { events: kept, now: new Date(now), finished: finished.filter((_, i) => (l3[i] ?? Infinity) <= now), bulkLot };
}

interface AdapterFigures {
  adapter: string;
  events: number;
  batchEventsPerS: number;
  singleEventsPerS: number;
  cpuUsPerEvent: number;
  backwardP50Ms: number;
  backwardP95Ms: number;
  backwardNodes: number;
  forwardP50Ms: number;
  forwardP95Ms: number;
  forwardItems: number;
  recallMs: number;
  wipP50Ms: number;
  wipP95Ms: number;
  wipStations: number;
  slowest: string | null;
  auditVerifyMs: number;
}

async function timeIt<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const r = await fn();
  return [performance.now() - t, r];
}

async function measure(adapter: string, store: Store, plant: Plant): Promise<AdapterFigures> {
  const { events } = plant;
  const log = (s: string): void => console.error(`[${adapter}] ${s}`);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < events.length; i += batchSize) {
    await store.append(events.slice(i, i + batchSize));
    if ((i / batchSize) % 100 === 0) log(`ingested ${i} events`);
  }
  const batchS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  // CPU of this process per event: less sensitive than wall time to the other jobs on the machine
  // (for SQLite it includes the database engine; for PostgreSQL only the client side).
  const cpuUsPerEvent = (cpu.user + cpu.system) / events.length;
  log(`batch ingest done in ${batchS.toFixed(1)} s`);
  // Single appends: one event per transaction (a station posting each read as it happens).
  const singles = 1000;
  const t1 = performance.now();
  for (let i = 0; i < singles; i++) {
    await store.append([{ type: 'observed', at: new Date(plant.now.getTime() + i), station: 'AUDIT', item: `Q${i}`, lot: `QL${i % 7}` }]);
  }
  const singleS = (performance.now() - t1) / 1000;

  const rand = rng(7);
  const back: number[] = [];
  let backwardNodes = 0;
  for (let i = 0; i < 200; i++) {
    const f = plant.finished[Math.floor(rand() * plant.finished.length)];
    if (f === undefined) break;
    const [ms, r] = await timeIt(() => store.traceBackward(f));
    back.push(ms);
    backwardNodes = Math.max(backwardNodes, r.nodes.length);
  }
  const fwd: number[] = [];
  let forwardItems = 0;
  for (let i = 0; i < 10; i++) {
    const [ms, r] = await timeIt(() => store.traceForward(plant.bulkLot));
    fwd.push(ms);
    forwardItems = r.counts.items;
  }
  const [recallMs] = await timeIt(() => store.recall(plant.bulkLot));
  const wipMs: number[] = [];
  let wipStations = 0;
  let slowest: string | null = null;
  for (let i = 0; i < 10; i++) {
    const [ms, r] = await timeIt(() => store.wip({ now: plant.now }));
    wipMs.push(ms);
    wipStations = r.stations.length;
    slowest = r.slowestStation;
  }
  const [auditVerifyMs, audit] = await timeIt(() => store.auditVerify());
  if (!audit.ok) throw new Error(`audit verify failed at ${audit.firstBrokenSeq}: ${audit.reason}`);
  const sorted = (a: number[]): number[] => [...a].sort((x, y) => x - y);
  return {
    adapter,
    events: await store.countEvents(),
    batchEventsPerS: events.length / batchS,
    singleEventsPerS: singles / singleS,
    cpuUsPerEvent,
    backwardP50Ms: percentile(sorted(back), 50) ?? NaN,
    backwardP95Ms: percentile(sorted(back), 95) ?? NaN,
    backwardNodes,
    forwardP50Ms: percentile(sorted(fwd), 50) ?? NaN,
    forwardP95Ms: percentile(sorted(fwd), 95) ?? NaN,
    forwardItems,
    recallMs,
    wipP50Ms: percentile(sorted(wipMs), 50) ?? NaN,
    wipP95Ms: percentile(sorted(wipMs), 95) ?? NaN,
    wipStations,
    slowest,
    auditVerifyMs,
  };
}

async function main(): Promise<void> {
  const tg = performance.now();
  const plant = generatePlant();
  const items = new Set<string>();
  for (const e of plant.events) {
    if (e.type === 'observed' && e.item !== undefined) items.add(e.item);
    if (e.type === 'assembled') items.add(e.parent);
  }
  const lots = plant.events.filter((e) => e.type === 'observed' && e.station === 'RECV').length;
  console.error(`generated ${plant.events.length} events, ${items.size} items, ${lots} supplier lots in ${((performance.now() - tg) / 1000).toFixed(1)} s`);
  if (limit !== undefined) {
    plant.events = plant.events.slice(0, limit);
    const assembled = new Set(plant.events.flatMap((e) => (e.type === 'assembled' ? [e.parent] : [])));
    plant.finished = plant.finished.filter((f) => assembled.has(f));
  }
  else if (plant.events.length < 1_000_000) throw new Error(`plant has only ${plant.events.length} events; the bench needs ≥ 1,000,000`);

  const results: AdapterFigures[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'traceocr-bench-'));
  const sqlitePath = flag('--sqlite-path') ?? join(dir, 'bench.db');
  if (!skipSqlite) {
    const sqlite = await createSqliteStore(sqlitePath);
    try {
      results.push(await measure('sqlite', sqlite, plant));
    } finally {
      await sqlite.close();
    }
  }
  if (flag('--sqlite-path') === undefined) rmSync(dir, { recursive: true, force: true });
  if (!skipPostgres) {
    const schema = keepPgSchema ?? `bench_${randomBytes(4).toString('hex')}`;
    const pgStore = await createPostgresStore(`${pgUrl}${pgUrl.includes('?') ? '&' : '?'}schema=${schema}`);
    try {
      results.push(await measure('postgres', pgStore, plant));
    } finally {
      await pgStore.close();
      if (keepPgSchema === undefined) await dropPostgresSchema(pgUrl, schema);
    }
  }
  const rows: [string, (r: AdapterFigures) => string][] = [
    ['events stored', (r) => String(r.events)],
    ['ingest batched (events/s)', (r) => r.batchEventsPerS.toFixed(0)],
    ['ingest CPU, this process (µs/event)', (r) => r.cpuUsPerEvent.toFixed(1)],
    ['ingest single (events/s)', (r) => r.singleEventsPerS.toFixed(0)],
    ['backward trace p50 (ms)', (r) => r.backwardP50Ms.toFixed(2)],
    ['backward trace p95 (ms)', (r) => r.backwardP95Ms.toFixed(2)],
    ['backward trace nodes (max)', (r) => String(r.backwardNodes)],
    ['forward trace p50 (ms)', (r) => r.forwardP50Ms.toFixed(1)],
    ['forward trace p95 (ms)', (r) => r.forwardP95Ms.toFixed(1)],
    ['forward trace items reached', (r) => String(r.forwardItems)],
    ['recall of that lot (ms)', (r) => r.recallMs.toFixed(1)],
    ['WIP query p50 (ms)', (r) => r.wipP50Ms.toFixed(1)],
    ['WIP query p95 (ms)', (r) => r.wipP95Ms.toFixed(1)],
    ['WIP stations / slowest', (r) => `${r.wipStations} / ${r.slowest ?? '-'}`],
    ['audit verify (ms)', (r) => r.auditVerifyMs.toFixed(0)],
  ];
  const w0 = Math.max(...rows.map(([n]) => n.length));
  console.log(`${'store bench'.padEnd(w0)}  ${results.map((r) => r.adapter.padStart(14)).join('  ')}`);
  for (const [name, get] of rows) console.log(`${name.padEnd(w0)}  ${results.map((r) => get(r).padStart(14)).join('  ')}`);
  console.log(`load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(' ')} (2 cores shared)`);
  console.log(`targets (SQLite): batched ≥ 20000 events/s, backward p95 ≤ 10 ms, forward (≈10,000 items) ≤ 300 ms`);
}

await main();
