/**
 * The shared contract suite every {@link Store} adapter must pass (run by
 * `sqlite/sqlite-store.test.ts` and `postgres/postgres-store.test.ts`). Each case gets a
 * fresh, empty store from the harness.
 */
import { execFile } from 'node:child_process';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import assert from 'node:assert/strict';
import { isTraceocrError } from '../core/errors.js';
import type { ReadSuccess } from '../core/types.js';
import type { NewEvent } from './domain.js';
import { recordRead } from './record-read.js';
import type { Store } from './store.js';

/** One fresh store for one test case. */
export interface ContractStore {
  readonly store: Store;
  /** Opens a second, independent store on the same database (another process would). */
  reopen(): Promise<Store>;
  /** Runs SQL straight on the database, bypassing the store (an attacker with DB access). */
  rawExec(sqlText: string): Promise<void>;
  /** The location `openStore` takes for this database (child processes open it). */
  readonly location: string;
  /** SQL that removes the append-only guard of `events` in this dialect. */
  readonly dropGuardSql: string;
  cleanup(): Promise<void>;
}

/** What an adapter's test file hands to {@link runStoreContract}. */
export interface ContractHarness {
  readonly name: string;
  /** Why the suite cannot run here; the cases skip with this reason. */
  readonly skipReason?: string | undefined;
  create(): Promise<ContractStore>;
}

const execFileP = promisify(execFile);
const workerPath = fileURLToPath(new URL('../../test/store-append-worker.ts', import.meta.url));

/** Runs test/store-append-worker.ts in a child process; resolves with its stdout. */
async function runWorker(location: string, prefix: string, batches: number): Promise<string> {
  const { stdout } = await execFileP(process.execPath, ['--import', 'tsx', workerPath, location, prefix, String(batches)], { timeout: 60_000 });
  return stdout;
}

const T0 = Date.UTC(2026, 3, 15, 6, 0, 0);
const at = (minutes: number): Date => new Date(T0 + minutes * 60_000);

/** A small plant: two supplier lots → parts → sub-assembly → finished unit → shipment. */
export function smallPlant(): NewEvent[] {
  return [
    { type: 'observed', at: at(0), station: 'RECV', lot: 'LA', supplier: 'ACME', product: { partNumber: 'RES-10K' } },
    { type: 'observed', at: at(0), station: 'RECV', lot: 'LB', supplier: 'BOLTCO', product: { partNumber: 'BOLT-M4' } },
    { type: 'observed', at: at(1), station: 'S10', item: 'P1', lot: 'LA', product: { partNumber: 'PCB-1' }, workOrder: 'WO-1' },
    { type: 'observed', at: at(2), station: 'S10', item: 'P2', lot: 'LB', product: { partNumber: 'BRK-2' }, workOrder: 'WO-1' },
    { type: 'observed', at: at(3), station: 'S10', item: 'P3', lot: 'LA', product: { partNumber: 'PCB-1' }, workOrder: 'WO-1' },
    { type: 'observed', at: at(11), station: 'S20', item: 'P1' },
    { type: 'assembled', at: at(20), station: 'S30', parent: 'SA1', children: ['P1', 'P2'], product: { partNumber: 'SUB-A' }, workOrder: 'WO-2' },
    { type: 'assembled', at: at(40), station: 'S40', parent: 'F1', children: ['SA1'], product: { gtin: '09506000134352' }, workOrder: 'WO-3' },
    { type: 'observed', at: at(50), station: 'S50', item: 'F1' },
    { type: 'shipped', at: at(60), shipment: 'SH1', items: ['F1'], customer: 'CUST-1' },
    { type: 'transformed', at: at(5), station: 'MIX', consumed: ['LA'], produced: ['LA-INT'] },
    { type: 'observed', at: at(6), station: 'S10', item: 'P4', lot: 'LA-INT' },
  ];
}

function fakeRead(serial: string, lot: string): ReadSuccess {
  return {
    file: `img-${serial}.jpg`, ok: true,
    fields: {
      serial: { value: serial, confidence: 0.97, source: 'both' },
      lot: { value: lot, confidence: 0.91, source: 'text' },
      gtin: { value: '09506000134352', confidence: 0.99, source: 'code' },
    },
    codes: [], lines: [], checks: [], quality: { sharpness: 0.5, contrast: 0.5, rotation: 0 }, timings: { totalMs: 10 },
  };
}

/** Registers the contract cases for one adapter. */
export function runStoreContract(h: ContractHarness): void {
  const it = (name: string, fn: (c: ContractStore) => Promise<void>): void => {
    test(name, async (t) => {
      if (h.skipReason !== undefined) {
        t.skip(h.skipReason);
        return;
      }
      const c = await h.create();
      try {
        await fn(c);
      } finally {
        await c.cleanup();
      }
    });
  };

  describe(`Store contract: ${h.name}`, () => {
    it('appends events, numbers them 1..n and chains their hashes', async ({ store }) => {
      const r = await store.append(smallPlant());
      assert.equal(r.appended, 12);
      assert.deepEqual(r.outcomes.map((o) => o.seq), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      assert.equal(await store.countEvents(), 12);
      const e3 = await store.getEvent(r.outcomes[2]?.id ?? '');
      const e2 = await store.getEvent(r.outcomes[1]?.id ?? '');
      assert.equal(e3?.type, 'observed');
      assert.equal(e3?.payload['item'], 'P1');
      assert.equal(e3?.at.getTime(), at(1).getTime());
      assert.equal(e3?.prevHash, e2?.hash);
      assert.match(e3?.hash ?? '', /^[0-9a-f]{64}$/);
      const v = await store.auditVerify();
      assert.deepEqual(v, { ok: true, checked: 12, firstBrokenSeq: null, reason: null });
    });

    it('stores an event with a repeated idempotency key or id once', async ({ store }) => {
      const e: NewEvent = { type: 'observed', at: at(0), station: 'S10', item: 'X1', idempotencyKey: 'cam1-frame-77' };
      const a = await store.append([e, { ...e }]);
      assert.equal(a.appended, 1);
      assert.equal(a.duplicates, 1);
      assert.equal(a.outcomes[1]?.id, a.outcomes[0]?.id);
      const b = await store.append([{ ...e, at: at(9) }]);
      assert.equal(b.outcomes[0]?.duplicate, true);
      assert.equal(b.outcomes[0]?.id, a.outcomes[0]?.id);
      const withId: NewEvent = { type: 'observed', at: at(1), station: 'S10', item: 'X2', id: 'mes-row-1' };
      assert.equal((await store.append([withId])).appended, 1);
      assert.equal((await store.append([withId])).duplicates, 1);
      assert.equal(await store.countEvents(), 2);
      assert.equal((await store.auditVerify()).ok, true);
    });

    it('recordRead stores the same image at the same station within the window once, with its evidence', async ({ store }) => {
      const ctx = { station: 'S10', imageSha256: 'ab'.repeat(32), modelVersion: 'ppocrv4-1', at: at(0) };
      const first = await recordRead(store, fakeRead('SN1', 'L1'), ctx);
      assert.equal(first.duplicate, false);
      const again = await recordRead(store, fakeRead('SN1', 'L1'), { ...ctx, at: at(2) });
      assert.deepEqual(again, { eventIds: first.eventIds, duplicate: true });
      const otherStation = await recordRead(store, fakeRead('SN1', 'L1'), { ...ctx, station: 'S20', at: at(2) });
      assert.equal(otherStation.duplicate, false);
      const later = await recordRead(store, fakeRead('SN1', 'L1'), { ...ctx, at: at(30) });
      assert.equal(later.duplicate, false);
      const keyed = await recordRead(store, fakeRead('SN2', 'L1'), { ...ctx, imageSha256: 'cd'.repeat(32), idempotencyKey: 'k1' });
      const keyedAgain = await recordRead(store, fakeRead('SN2', 'L1'), { ...ctx, imageSha256: 'ef'.repeat(32), idempotencyKey: 'k1', at: at(100) });
      assert.equal(keyed.duplicate, false);
      assert.equal(keyedAgain.duplicate, true);
      assert.equal(await store.countEvents(), 4);
      const ev = await store.getEvent(first.eventIds[0] ?? '');
      assert.deepEqual(ev?.evidence, { readId: 'img-SN1.jpg', imageSha256: 'ab'.repeat(32), modelVersion: 'ppocrv4-1', confidences: { serial: 0.97, lot: 0.91, gtin: 0.99 } });
      const tree = await store.traceBackward('SN1');
      assert.equal(tree.root.gtin, '09506000134352');
      assert.deepEqual(tree.nodes.filter((n) => n.kind === 'lot').map((n) => n.code), ['L1']);
    });

    it('an event naming the same child or lot twice is stored once per link', async ({ store }) => {
      await store.append([
        { type: 'transformed', at: at(0), consumed: ['LA', 'LA'], produced: ['LX'] },
        { type: 'assembled', at: at(1), parent: 'F9', children: ['C1', 'C1', 'C2'] },
      ]);
      assert.deepEqual((await store.traceBackward('LX', { kind: 'lot' })).nodes.map((n) => n.code), ['LX', 'LA']);
      assert.equal((await store.traceBackward('F9')).counts.items, 2);
      assert.deepEqual((await store.history('C1')).events.map((e) => e.type), ['assembled']);
    });

    it('a batch with one bad event stores nothing', async ({ store }) => {
      await store.append(smallPlant().slice(0, 3));
      const bad: NewEvent[] = [
        { type: 'observed', at: at(5), station: 'S10', item: 'Y1' },
        { type: 'corrected', at: at(6), corrects: 'no-such-event', changes: { lot: 'LZ' } },
      ];
      await assert.rejects(store.append(bad), (err: unknown) => isTraceocrError(err, 'INPUT_INVALID'));
      await assert.rejects(store.append([{ type: 'observed', at: new Date(Number.NaN), item: 'Y2' }]), (err: unknown) => isTraceocrError(err, 'INPUT_INVALID'));
      assert.equal(await store.countEvents(), 3);
      await assert.rejects(store.history('Y1'), (err: unknown) => isTraceocrError(err, 'NOT_FOUND'));
      assert.equal((await store.auditVerify()).ok, true);
    });

    it('traces backward: components, their lots, suppliers, stations, work orders, recursively', async ({ store }) => {
      await store.append(smallPlant());
      const t = await store.traceBackward('F1');
      assert.equal(t.root.code, 'F1');
      assert.equal(t.root.gtin, '09506000134352');
      const byCode = new Map(t.nodes.map((n) => [n.code, n]));
      assert.equal(byCode.get('SA1')?.depth, 1);
      assert.equal(byCode.get('SA1')?.workOrder, 'WO-2');
      assert.equal(byCode.get('P1')?.depth, 2);
      assert.equal(byCode.get('P1')?.via, 'SA1');
      assert.equal(byCode.get('LA')?.depth, 3);
      assert.equal(byCode.get('LA')?.supplier, 'ACME');
      assert.equal(byCode.get('LB')?.supplier, 'BOLTCO');
      assert.equal(byCode.has('P3'), false, 'a sibling from the same lot is not a component');
      assert.deepEqual(byCode.get('P1')?.stations.map((s) => [s.station, s.arrivedAt.getTime(), s.leftAt?.getTime() ?? null]),
        [['S10', at(1).getTime(), at(11).getTime()], ['S20', at(11).getTime(), at(20).getTime()]]);
      assert.deepEqual(t.counts, { items: 3, lots: 2, shipments: 0, maxDepth: 3 });
    });

    it('traces forward through assemblies, transformations and shipments', async ({ store }) => {
      await store.append(smallPlant());
      const t = await store.traceForward('LA');
      const codes = new Set(t.nodes.map((n) => n.code));
      for (const c of ['P1', 'P3', 'SA1', 'F1', 'SH1', 'LA-INT', 'P4']) assert.ok(codes.has(c), `forward trace reaches ${c}`);
      assert.equal(codes.has('P2'), false, 'P2 is made from LB, not LA');
      assert.deepEqual(t.counts, { items: 5, lots: 1, shipments: 1, maxDepth: 4 });
    });

    it('recall lists affected items with where they are and counts', async ({ store }) => {
      await store.append(smallPlant());
      const r = await store.recall('LA');
      const by = new Map(r.items.map((i) => [i.serial, i]));
      assert.deepEqual([...by.keys()].sort(), ['F1', 'P1', 'P3', 'P4', 'SA1']);
      assert.equal(by.get('F1')?.shipment, 'SH1');
      assert.equal(by.get('F1')?.customer, 'CUST-1');
      assert.equal(by.get('F1')?.topLevel, true);
      assert.equal(by.get('P1')?.topLevel, false);
      assert.equal(by.get('P3')?.station, 'S10');
      assert.deepEqual(r.counts, { items: 5, topLevelItems: 3, lots: 1, shipments: 1, shippedItems: 1, inPlantItems: 2, customers: 1 });
      await assert.rejects(store.recall('P1'), (err: unknown) => isTraceocrError(err, 'NOT_FOUND'));
    });

    it('WIP: items per station, dwell percentiles, throughput and the slowest station', async ({ store }) => {
      const ev: NewEvent[] = [];
      // Five items pass A (dwell 10, 20, 30, 40, 50 min) to B; two more sit in A.
      for (let i = 0; i < 5; i++) {
        ev.push({ type: 'observed', at: at(0), station: 'A', item: `W${i}` });
        ev.push({ type: 'observed', at: at(10 * (i + 1)), station: 'B', item: `W${i}` });
      }
      ev.push({ type: 'observed', at: at(100), station: 'A', item: 'W5' });
      ev.push({ type: 'observed', at: at(110), station: 'A', item: 'W6' });
      ev.push({ type: 'shipped', at: at(115), shipment: 'SHX', items: ['W0'] });
      await store.append(ev);
      const w = await store.wip({ now: at(120), windowMs: 2 * 3_600_000 });
      const a = w.stations.find((s) => s.station === 'A');
      const b = w.stations.find((s) => s.station === 'B');
      assert.deepEqual(a, {
        station: 'A', line: null, items: 2, currentDwellP50Ms: 10 * 60_000, currentDwellP95Ms: 20 * 60_000,
        dwellP50Ms: 30 * 60_000, dwellP95Ms: 50 * 60_000, throughputPerHour: 2.5,
      });
      assert.equal(b?.items, 4);
      assert.equal(b?.dwellP50Ms, 105 * 60_000, 'W0 stayed at B from minute 10 until shipped at 115');
      assert.equal(w.slowestStation, 'B');
      const narrow = await store.wip({ now: at(120), windowMs: 15 * 60_000 });
      assert.equal(narrow.stations.find((s) => s.station === 'A')?.dwellP50Ms, null);
    });

    it('groups WIP by production line: stations take the line of their latest assignment', async ({ store }) => {
      const ev: NewEvent[] = [];
      // Line L1 = A1 → A2, line L2 = B1. Items U0..U3 pass A1 (10 min) → A2 (20 min) → B1.
      for (let i = 0; i < 4; i++) {
        ev.push({ type: 'observed', at: at(i), station: 'A1', line: 'L1', item: `U${i}` });
        ev.push({ type: 'observed', at: at(i + 10), station: 'A2', line: 'L1', item: `U${i}` });
        ev.push({ type: 'observed', at: at(i + 30), station: 'B1', line: 'L2', item: `U${i}` });
      }
      ev.push({ type: 'observed', at: at(50), station: 'A1', item: 'U4' }); // no line named: A1 stays on L1
      ev.push({ type: 'observed', at: at(55), station: 'Q', item: 'U5' }); // a station of no line
      await store.append(ev);
      const w = await store.wip({ now: at(60), windowMs: 3_600_000 });
      assert.deepEqual(w.stations.map((s) => [s.station, s.line]), [['A1', 'L1'], ['A2', 'L1'], ['B1', 'L2'], ['Q', null]]);
      const l1 = w.lines.find((l) => l.line === 'L1');
      const l2 = w.lines.find((l) => l.line === 'L2');
      assert.deepEqual(w.lines.map((l) => l.line), ['L1', 'L2']);
      assert.deepEqual(l1?.stations, ['A1', 'A2']);
      assert.equal(l1?.items, 1, 'U4 sits at A1');
      assert.equal(l1?.currentDwellP50Ms, 10 * 60_000);
      // Four stays ended at A1 and four at A2, but only A2 → B1 leaves the line: 4 items in 1 h.
      assert.equal(l1?.throughputPerHour, 4);
      assert.equal(l1?.slowestStation, 'A2');
      assert.equal(l2?.items, 4);
      assert.equal(l2?.throughputPerHour, 0);
      assert.equal(w.stations.find((s) => s.station === 'A1')?.throughputPerHour, 4);
      // Re-assigning A2 to L2 moves its figures (and its exits: A2 → B1 is now inside L2).
      await store.append([{ type: 'observed', at: at(61), station: 'A2', line: 'L2', item: 'U6' }]);
      const w2 = await store.wip({ now: at(61), windowMs: 3_600_000 });
      assert.deepEqual(w2.lines.find((l) => l.line === 'L1')?.stations, ['A1']);
      assert.deepEqual(w2.lines.find((l) => l.line === 'L2')?.stations, ['A2', 'B1']);
      assert.equal(w2.lines.find((l) => l.line === 'L1')?.throughputPerHour, 4, 'A1 → A2 now leaves L1');
      assert.equal(w2.lines.find((l) => l.line === 'L2')?.throughputPerHour, 0);
      await assert.rejects(store.append([{ type: 'observed', at: at(62), line: 'L1', item: 'U7' }]), (e) => isTraceocrError(e, 'INPUT_INVALID'));
      // The line is part of the hashed event.
      const first = await store.getEvent((await store.history('U0')).events[0]?.id ?? '');
      assert.equal(first?.payload['line'], 'L1');
      assert.equal((await store.auditVerify()).ok, true);
    });

    it('records a failed verification as an alerted event in the item and lot timelines', async ({ store }) => {
      await store.append([{ type: 'observed', at: at(0), station: 'PACK', item: 'SN9', lot: 'L9' }]);
      const r = await store.append([{ type: 'alerted', at: at(0), station: 'PACK', item: 'SN9', lot: 'L9', reasons: ['lot: expected L8, read L9'], readId: 'read-1' }]);
      assert.equal(r.appended, 1);
      const h = await store.history('SN9');
      const alert = h.events.find((e) => e.type === 'alerted');
      assert.equal(alert?.id, r.outcomes[0]?.id);
      assert.deepEqual(alert?.payload, { item: 'SN9', lot: 'L9', reasons: ['lot: expected L8, read L9'], readId: 'read-1' });
      assert.equal(alert?.station, 'PACK');
      assert.ok((await store.history('L9', 'lot')).events.some((e) => e.type === 'alerted'));
      // An alert does not move the item: it is still at PACK with one stay.
      assert.equal((await store.wip({ now: at(1) })).stations.find((s) => s.station === 'PACK')?.items, 1);
      assert.equal((await store.auditVerify()).ok, true);
      for (const bad of [
        { type: 'alerted', at: at(1), station: 'PACK', item: 'SN9', reasons: [], readId: 'r' },
        { type: 'alerted', at: at(1), station: 'PACK', item: 'SN9', reasons: ['x'], readId: '' },
        { type: 'alerted', at: at(1), item: 'SN9', reasons: ['x'], readId: 'r' },
      ]) {
        await assert.rejects(store.append([bad as NewEvent]), (e) => isTraceocrError(e, 'INPUT_INVALID'));
      }
      assert.equal(await store.countEvents(), 2);
    });

    it('refuses a reused idempotency key with different content (STORE_CONFLICT), all or nothing', async ({ store }) => {
      const e: NewEvent = { type: 'observed', at: at(0), station: 'S10', item: 'K1', idempotencyKey: 'key-1' };
      await store.append([e]);
      const conflict = (err: unknown): boolean => isTraceocrError(err, 'STORE_CONFLICT') && /key-1/.test((err as Error).message);
      await assert.rejects(store.append([{ ...e, item: 'K2' }]), conflict);
      await assert.rejects(store.append([{ ...e, station: 'S20' }]), conflict);
      await assert.rejects(store.append([{ type: 'returned', at: at(0), station: 'S10', item: 'K1', idempotencyKey: 'key-1' }]), conflict);
      // The good event before the conflicting one in the same call is not written either.
      await assert.rejects(store.append([{ type: 'observed', at: at(1), station: 'S10', item: 'K3' }, { ...e, item: 'K4' }]), conflict);
      // Within one call too.
      await assert.rejects(store.append([{ ...e, idempotencyKey: 'key-2' }, { ...e, idempotencyKey: 'key-2', item: 'K5' }]), (err) => isTraceocrError(err, 'STORE_CONFLICT'));
      assert.equal(await store.countEvents(), 1);
      // Same fact again (a retry stamped later, with other evidence) stays a duplicate.
      const again = await store.append([{ ...e, at: at(5), evidence: { readId: 'retry' } }]);
      assert.deepEqual([again.appended, again.duplicates], [0, 1]);
      assert.equal((await store.auditVerify()).ok, true);
    });

    it('disaggregation and corrections are new events; projections follow them', async ({ store }) => {
      const r = await store.append(smallPlant());
      const p3Read = r.outcomes[4]?.id ?? '';
      await store.append([{ type: 'disaggregated', at: at(70), station: 'RW', parent: 'SA1', children: ['P2'] }]);
      const t = await store.traceBackward('SA1');
      assert.equal(t.nodes.find((n) => n.code === 'P2')?.removed, true);
      assert.equal(t.nodes.find((n) => n.code === 'P1')?.removed, false);
      // P3 was read with lot LA; a person fixes it to LB.
      const fix = await store.append([{ type: 'corrected', at: at(80), corrects: p3Read, changes: { lot: 'LB' }, reason: 'misread 8 as B', by: 'qe1' }]);
      const back = await store.traceBackward('P3');
      const lots = back.nodes.filter((n) => n.kind === 'lot').map((n) => [n.code, n.removed]);
      assert.deepEqual(lots.sort(), [['LA', true], ['LB', false]]);
      const h = await store.history('P3');
      assert.deepEqual(h.events.map((e) => e.type), ['observed', 'corrected']);
      assert.deepEqual(h.events[0]?.correctedBy, [fix.outcomes[0]?.id]);
      const orig = await store.getEvent(p3Read);
      assert.equal(orig?.payload['lot'], 'LA', 'the corrected event itself is unchanged');
      assert.equal((await store.returnLookup('P3')).siblings.some((s) => s.serial === 'P2'), true);
      assert.equal((await store.auditVerify()).ok, true);
    });

    it('return lookup: lots, siblings from the same lot, stations and time of production', async ({ store }) => {
      await store.append(smallPlant());
      await store.append([{ type: 'returned', at: at(5000), item: 'F1', reason: 'no power' }]);
      const r = await store.returnLookup('P1');
      assert.deepEqual(r.lots.map((l) => l.code).sort(), ['LA']);
      assert.deepEqual(r.siblings, [{ serial: 'P3', lot: 'LA' }]);
      assert.equal(r.siblingCount, 1);
      assert.equal(r.producedFrom?.getTime(), at(1).getTime());
      assert.equal(r.producedTo?.getTime(), at(20).getTime());
      const f = await store.returnLookup('F1');
      assert.deepEqual(f.lots.map((l) => l.code).sort(), ['LA', 'LB']);
      assert.equal(f.returns.length, 1);
      assert.equal(f.returns[0]?.payload['reason'], 'no power');
      const h = await store.history('F1');
      assert.deepEqual(h.events.map((e) => e.type), ['assembled', 'observed', 'shipped', 'returned']);
    });

    it('the database itself refuses to update or delete an event', async (c) => {
      await c.store.append(smallPlant().slice(0, 2));
      await assert.rejects(c.rawExec(`UPDATE events SET station = 'X' WHERE seq = 1`), /append-only/);
      await assert.rejects(c.rawExec('DELETE FROM events WHERE seq = 2'), /append-only/);
      assert.equal((await c.store.auditVerify()).ok, true);
    });

    it('audit verify finds an event altered in the database, and a deleted tail', async (c) => {
      await c.store.append(smallPlant());
      await c.rawExec(c.dropGuardSql);
      await c.rawExec(`UPDATE events SET payload = REPLACE(payload, 'P1', 'P9') WHERE seq = 6`);
      const v = await c.store.auditVerify();
      assert.equal(v.ok, false);
      assert.equal(v.firstBrokenSeq, 6);
      assert.equal(v.checked, 5);
      // An attacker who also rewrites the hash breaks the link of the next event instead.
      await c.rawExec('DELETE FROM events WHERE seq >= 6');
      const cut = await c.store.auditVerify();
      assert.equal(cut.ok, false);
      assert.equal(cut.firstBrokenSeq, 6);
    });

    it('writers in other processes and in this one keep one hash chain', async (c) => {
      // Two child processes and this process append at the same time.
      const children = ['a', 'b'].map((prefix) => runWorker(c.location, prefix, 15));
      const mine = Array.from({ length: 10 }, (_, n) => c.store.append(
        Array.from({ length: 5 }, (_, i): NewEvent => ({ type: 'observed', at: at(n), station: 'S', item: `m-${n}-${i}` }))));
      const [outA, outB] = await Promise.all([...children, ...mine]);
      assert.match(String(outA), /done/);
      assert.match(String(outB), /done/);
      assert.equal(await c.store.countEvents(), 200);
      assert.deepEqual(await c.store.auditVerify(), { ok: true, checked: 200, firstBrokenSeq: null, reason: null });
    });

    it('reopening migrates nothing twice and keeps the data', async (c) => {
      await c.store.append(smallPlant());
      const again = await c.reopen();
      try {
        assert.equal(await again.countEvents(), 12);
        assert.equal((await again.traceBackward('F1')).counts.items, 3);
      } finally {
        await again.close();
      }
    });
  });
}
