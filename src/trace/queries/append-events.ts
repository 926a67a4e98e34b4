import { createEventId } from '../event-id.js';
import { sql } from 'kysely';
import type { Insertable, Kysely, Transaction } from 'kysely';
import { TraceocrError } from '../../core/errors.js';
import type { AppendOutcome, AppendResult, EntityKind, LinkKind, NewEvent } from '../domain.js';
import { canonicalJson } from '../canonical-json.js';
import { computeEventHash } from '../event-hash.js';
import { entityKey } from '../schema.js';
import type { EntitiesTable, EventEntitiesTable, EventsTable, LinksTable, TraceDatabase, VisitsTable } from '../schema.js';

/** Options of {@link appendEvents}. */
export interface AppendEventsOptions {
  /** Recording time (tests); @defaultValue `Date.now()` */
  readonly nowMs?: number;
}

// Both SQLite (32,766 host parameters since 3.32) and PostgreSQL (65,535) take this many per statement.
const MAX_PARAMS = 30_000;
const IN_LIST = 1_000;

const COMMON_KEYS = new Set(['id', 'type', 'at', 'station', 'workOrder', 'evidence', 'idempotencyKey', 'dedupeWindowMs']);

function chunks<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

async function insertRows<T extends keyof TraceDatabase>(trx: Transaction<TraceDatabase>, table: T, rows: readonly Insertable<TraceDatabase[T]>[], columns: number): Promise<void> {
  const size = Math.max(1, Math.floor(MAX_PARAMS / columns));
  for (const chunk of chunks(rows, size)) {
    // kysely cannot narrow a generic table name to its row type; the caller's rows are typed by T.
    await trx.insertInto(table).values(chunk as never).execute();
  }
}

/** An entity row not yet written (its key is the map key). */
type PendingEntity = Omit<EntitiesTable, 'key'>;

interface Position { station: string; arrived_ms: number }

/** An event of this batch or an earlier one, as far as corrections need it. */
interface CorrectionTarget { type: string; payload: Record<string, unknown>; seq: number }

function validate(e: NewEvent, index: number): void {
  const bad = (what: string): never => {
    throw new TraceocrError('INPUT_INVALID', `event ${index} (${e.type}): ${what}`);
  };
  if (!(e.at instanceof Date) || Number.isNaN(e.at.getTime())) bad('`at` is not a valid date');
  const nonEmpty = (v: unknown, name: string): void => {
    if (typeof v !== 'string' || v.trim() === '') bad(`\`${name}\` must be a non-empty string`);
  };
  if (e.line !== undefined) {
    nonEmpty(e.line, 'line');
    // A line is an attribute of a station: without one there is nothing to assign.
    if (e.station === undefined) bad('`line` needs `station`');
  }
  switch (e.type) {
    case 'observed':
      if (e.item === undefined && e.lot === undefined) bad('needs `item` or `lot`');
      if (e.item !== undefined) nonEmpty(e.item, 'item');
      if (e.lot !== undefined) nonEmpty(e.lot, 'lot');
      break;
    case 'assembled':
    case 'disaggregated':
      nonEmpty(e.parent, 'parent');
      if (e.children.length === 0 && (e.type === 'disaggregated' || (e.lots ?? []).length === 0)) bad('needs children');
      e.children.forEach((c) => nonEmpty(c, 'children[]'));
      break;
    case 'transformed':
      if (e.consumed.length === 0 || e.produced.length === 0) bad('needs consumed and produced lots');
      break;
    case 'shipped':
      nonEmpty(e.shipment, 'shipment');
      if (e.items.length === 0) bad('needs items');
      break;
    case 'returned':
      nonEmpty(e.item, 'item');
      break;
    case 'corrected':
      nonEmpty(e.corrects, 'corrects');
      break;
    case 'alerted':
      nonEmpty(e.station, 'station');
      nonEmpty(e.readId, 'readId');
      if (e.item !== undefined) nonEmpty(e.item, 'item');
      if (e.lot !== undefined) nonEmpty(e.lot, 'lot');
      if (!Array.isArray(e.reasons) || e.reasons.length === 0) bad('needs reasons');
      e.reasons.forEach((r) => nonEmpty(r, 'reasons[]'));
      break;
    default:
      bad(`unknown type ${(e as { type: string }).type}`);
  }
}

/** Type-specific fields of an event (what goes into `payload`). */
export function eventPayload(e: NewEvent): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) if (!COMMON_KEYS.has(k) && v !== undefined) out[k] = v;
  return out;
}

/**
 * What an idempotency key stands for: the fact of the event (type, station, work order and
 * the type-specific payload: which item, lot, parent, children, line …). Not its time, its
 * evidence or its generated id: a client that retries stamps a new `at` and a re-read of the
 * same label yields a new read id, and both are still the same fact (a duplicate), while a
 * different fact under the same key is a conflict.
 */
function contentOf(type: string, station: string | null, workOrder: string | null, payload: string): string {
  return canonicalJson([type, station, workOrder, payload]);
}

function keyConflict(key: string, id: string): TraceocrError {
  return new TraceocrError('STORE_CONFLICT', `idempotency key ${JSON.stringify(key)} was used by event ${id} with different content`, { details: { idempotencyKey: key, eventId: id } });
}

/**
 * Appends events in one transaction: all of them or none. Serialises with every other
 * writer by updating the single `chain_head` row first (a row lock on PostgreSQL, the
 * write lock on SQLite), so the hash chain stays one line and the duplicate checks see
 * every committed event. Updates the projections (entities, genealogy links, positions,
 * stays) in the same transaction, so a query never sees an event without its effects.
 */
export async function appendEvents(db: Kysely<TraceDatabase>, events: readonly NewEvent[], options: AppendEventsOptions = {}): Promise<AppendResult> {
  events.forEach(validate);
  if (events.length === 0) return { outcomes: [], appended: 0, duplicates: 0 };
  const recordedMs = options.nowMs ?? Date.now();
  return db.transaction().execute(async (trx) => {
    // Take the write lock before reading anything (see the function doc).
    await trx.updateTable('chain_head').set({ seq: sql`seq` }).where('id', '=', 1).execute();
    const head = await trx.selectFrom('chain_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
    let seq = Number(head.seq);
    let prevHash = head.hash;
    const firstSeq = seq + 1;

    // --- duplicates: explicit keys and ids in bulk, image/station windows one by one.
    const ids = events.map((e) => e.id ?? createEventId(recordedMs));
    const existingByKey = new Map<string, { id: string; seq: number; content: string }>();
    const existingById = new Map<string, { id: string; seq: number }>();
    const keys = [...new Set(events.map((e) => e.idempotencyKey).filter((k): k is string => k !== undefined))];
    for (const part of chunks(keys, IN_LIST)) {
      const rows = await trx.selectFrom('events').select(['id', 'seq', 'idempotency_key', 'type', 'station', 'work_order', 'payload']).where('idempotency_key', 'in', part).execute();
      for (const r of rows) {
        existingByKey.set(r.idempotency_key as string, { id: r.id, seq: Number(r.seq), content: contentOf(r.type, r.station, r.work_order, r.payload) });
      }
    }
    const givenIds = [...new Set(events.filter((e) => e.id !== undefined).map((e) => e.id as string))];
    for (const part of chunks(givenIds, IN_LIST)) {
      const rows = await trx.selectFrom('events').select(['id', 'seq']).where('id', 'in', part).execute();
      for (const r of rows) existingById.set(r.id, { id: r.id, seq: Number(r.seq) });
    }

    const eventRows: Insertable<EventsTable>[] = [];
    const outcomes: AppendOutcome[] = [];
    const accepted: { e: NewEvent; id: string; seq: number }[] = [];
    const batchByKey = new Map<string, AppendOutcome & { content: string }>();
    const batchById = new Map<string, AppendOutcome>();
    const batchImages: { image: string; station: string; atMs: number; outcome: AppendOutcome }[] = [];

    for (const [i, e] of events.entries()) {
      const id = ids[i] as string;
      const atMs = e.at.getTime();
      const payload = canonicalJson(eventPayload(e));
      const content = e.idempotencyKey === undefined ? '' : contentOf(e.type, e.station ?? null, e.workOrder ?? null, payload);
      const byKey = e.idempotencyKey === undefined ? undefined : existingByKey.get(e.idempotencyKey) ?? batchByKey.get(e.idempotencyKey);
      // Throwing rolls the whole call back: nothing of it is written (atomic per call).
      if (byKey !== undefined && byKey.content !== content) throw keyConflict(e.idempotencyKey as string, byKey.id);
      let dup: { id: string; seq: number } | undefined = byKey ?? (e.id !== undefined ? existingById.get(e.id) ?? batchById.get(e.id) : undefined);
      const image = e.evidence?.imageSha256;
      if (dup === undefined && e.dedupeWindowMs !== undefined && image !== undefined && e.station !== undefined) {
        const win = e.dedupeWindowMs;
        const station = e.station;
        const local = batchImages.find((b) => b.image === image && b.station === station && Math.abs(b.atMs - atMs) <= win);
        dup = local?.outcome ?? (await trx.selectFrom('events').select(['id', 'seq'])
          .where('image_sha256', '=', image).where('station', '=', station)
          .where('at_ms', '>=', atMs - win).where('at_ms', '<=', atMs + win)
          .orderBy('seq').limit(1).executeTakeFirst());
      }
      if (dup !== undefined) {
        outcomes.push({ id: dup.id, seq: Number(dup.seq), duplicate: true });
        continue;
      }
      seq += 1;
      const outcome: AppendOutcome = { id, seq, duplicate: false };
      outcomes.push(outcome);
      if (e.idempotencyKey !== undefined) batchByKey.set(e.idempotencyKey, { ...outcome, content });
      if (e.id !== undefined) batchById.set(e.id, outcome);
      if (image !== undefined && e.station !== undefined) batchImages.push({ image, station: e.station, atMs, outcome });
      const evidence = e.evidence === undefined ? null : canonicalJson(e.evidence);
      const row = {
        seq, id, type: e.type, at_ms: atMs, recorded_ms: recordedMs,
        station: e.station ?? null, work_order: e.workOrder ?? null,
        payload, evidence, image_sha256: image ?? null, idempotency_key: e.idempotencyKey ?? null,
        prev_hash: prevHash, hash: '',
      };
      row.hash = computeEventHash(prevHash, {
        seq, id, type: e.type, atMs, recordedMs, station: row.station, workOrder: row.work_order,
        payload, evidence, idempotencyKey: row.idempotency_key,
      });
      prevHash = row.hash;
      eventRows.push(row);
      accepted.push({ e, id, seq });
    }
    if (accepted.length === 0) return { outcomes, appended: 0, duplicates: outcomes.length };

    await projectEvents(trx, accepted, firstSeq);
    await insertRows(trx, 'events', eventRows, 13);
    await trx.updateTable('chain_head').set({ seq, hash: prevHash }).where('id', '=', 1).execute();
    return { outcomes, appended: accepted.length, duplicates: outcomes.length - accepted.length };
  });
}

/** Computes and writes the projections of accepted events (entities, links, timelines, positions). */
async function projectEvents(trx: Transaction<TraceDatabase>, accepted: readonly { e: NewEvent; id: string; seq: number }[], firstSeq: number): Promise<void> {
  const entities = new Map<string, PendingEntity>();
  const links: Insertable<LinksTable>[] = [];
  const removals: { parent: string; child: string; kind: LinkKind; seq: number }[] = [];
  const timeline: Insertable<EventEntitiesTable>[] = [];
  const moves: { key: string; station: string | null; atMs: number }[] = [];
  const targets = new Map<string, CorrectionTarget>();
  const stationLines = new Map<string, { line: string; seq: number }>();

  const touch = (kind: EntityKind, code: string, seq: number, attrs: Partial<Omit<PendingEntity, 'kind' | 'code' | 'first_seq'>> = {}): string => {
    const key = entityKey(kind, code);
    let ent = entities.get(key);
    if (ent === undefined) {
      ent = { kind, code, gtin: null, part_number: null, supplier: null, customer: null, work_order: null, first_seq: seq };
      entities.set(key, ent);
    }
    for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) (ent as unknown as Record<string, unknown>)[k] = v;
    return key;
  };
  const seenRoles = new Set<string>();
  const seenLinks = new Set<string>();
  const link = (parent: string, child: string, kind: LinkKind, seq: number, atMs: number): void => {
    // Primary key (parent, child, kind, seq): a lot listed twice in one event is one link.
    const k = `${parent}\u0000${child}\u0000${kind}\u0000${seq}`;
    if (seenLinks.has(k)) return;
    seenLinks.add(k);
    links.push({ parent_key: parent, child_key: child, kind, seq, at_ms: atMs, removed_seq: null });
  };
  const unlink = (parent: string, child: string, kind: LinkKind, seq: number): void => {
    // Links added earlier in this batch are closed here; older ones by an UPDATE below.
    for (const l of links) if (l.parent_key === parent && l.child_key === child && l.kind === kind && l.removed_seq === null) l.removed_seq = seq;
    removals.push({ parent, child, kind, seq });
  };

  // Corrections may point at events of earlier batches: load those once.
  const outside = accepted.flatMap(({ e }) => (e.type === 'corrected' ? [e.corrects] : []));
  for (const part of chunks([...new Set(outside)], IN_LIST)) {
    const rows = await trx.selectFrom('events').select(['id', 'type', 'payload', 'seq']).where('id', 'in', part).execute();
    for (const r of rows) targets.set(r.id, { type: r.type, payload: JSON.parse(r.payload) as Record<string, unknown>, seq: Number(r.seq) });
  }

  for (const { e, id, seq } of accepted) {
    const atMs = e.at.getTime();
    const wo = e.workOrder;
    // Later events of the batch overwrite earlier ones: the latest assignment wins.
    if (e.line !== undefined && e.station !== undefined) stationLines.set(e.station, { line: e.line, seq });
    const role = (key: string, r: string): void => {
      // Primary key (entity, seq, role): a serial listed twice in one event is one row.
      const k = `${key}\u0000${seq}\u0000${r}`;
      if (seenRoles.has(k)) return;
      seenRoles.add(k);
      timeline.push({ seq, entity_key: key, role: r });
    };
    switch (e.type) {
      case 'observed': {
        const lotKey = e.lot === undefined ? undefined : touch('lot', e.lot, seq, {
          supplier: e.supplier,
          ...(e.item === undefined ? { gtin: e.product?.gtin, part_number: e.product?.partNumber, work_order: wo } : {}),
        });
        const itemKey = e.item === undefined ? undefined : touch('item', e.item, seq, {
          gtin: e.product?.gtin, part_number: e.product?.partNumber, work_order: wo,
          ...(e.lot === undefined ? { supplier: e.supplier } : {}),
        });
        if (itemKey !== undefined) role(itemKey, 'item');
        if (lotKey !== undefined) role(lotKey, 'lot');
        if (itemKey !== undefined && lotKey !== undefined) link(itemKey, lotKey, 'lot', seq, atMs);
        if (itemKey !== undefined && e.station !== undefined) moves.push({ key: itemKey, station: e.station, atMs });
        break;
      }
      case 'assembled': {
        const parent = touch('item', e.parent, seq, { gtin: e.product?.gtin, part_number: e.product?.partNumber, work_order: wo });
        role(parent, 'parent');
        if (e.station !== undefined) moves.push({ key: parent, station: e.station, atMs });
        for (const c of e.children) {
          const child = touch('item', c, seq);
          role(child, 'child');
          link(parent, child, 'assembled', seq, atMs);
          // Inside its parent now: the child's own stay at a station ends.
          moves.push({ key: child, station: null, atMs });
        }
        for (const l of e.lots ?? []) {
          const lot = touch('lot', l, seq);
          role(lot, 'lot');
          link(parent, lot, 'lot', seq, atMs);
        }
        break;
      }
      case 'disaggregated': {
        const parent = touch('item', e.parent, seq);
        role(parent, 'parent');
        for (const c of e.children) {
          const child = touch('item', c, seq);
          role(child, 'child');
          unlink(parent, child, 'assembled', seq);
          if (e.station !== undefined) moves.push({ key: child, station: e.station, atMs });
        }
        break;
      }
      case 'transformed': {
        const consumed = e.consumed.map((l) => touch('lot', l, seq));
        const produced = e.produced.map((l) => touch('lot', l, seq, { gtin: e.product?.gtin, part_number: e.product?.partNumber, work_order: wo }));
        consumed.forEach((k) => role(k, 'consumed'));
        produced.forEach((k) => role(k, 'produced'));
        for (const p of produced) for (const c of consumed) link(p, c, 'transformed', seq, atMs);
        break;
      }
      case 'shipped': {
        const shipment = touch('shipment', e.shipment, seq, { customer: e.customer });
        role(shipment, 'shipment');
        for (const it of e.items) {
          const item = touch('item', it, seq);
          role(item, 'item');
          link(shipment, item, 'shipped', seq, atMs);
          moves.push({ key: item, station: null, atMs });
        }
        break;
      }
      case 'returned': {
        const item = touch('item', e.item, seq);
        role(item, 'item');
        if (e.station !== undefined) moves.push({ key: item, station: e.station, atMs });
        break;
      }
      case 'corrected': {
        const target = targets.get(e.corrects);
        if (target === undefined) throw new TraceocrError('INPUT_INVALID', `corrected event ${id}: no event ${e.corrects} to correct`);
        const p = target.payload;
        const item = typeof p['item'] === 'string' ? p['item'] : typeof p['parent'] === 'string' ? p['parent'] : undefined;
        const oldLot = typeof p['lot'] === 'string' ? p['lot'] : undefined;
        const itemKey = item === undefined ? undefined : touch('item', item, seq, { gtin: e.changes.gtin, part_number: e.changes.partNumber });
        if (itemKey !== undefined) role(itemKey, 'corrected');
        if (oldLot !== undefined) role(entityKey('lot', oldLot), 'corrected');
        if (e.changes.lot !== undefined && itemKey !== undefined) {
          if (oldLot !== undefined) unlink(itemKey, entityKey('lot', oldLot), 'lot', seq);
          const newLot = touch('lot', e.changes.lot, seq);
          role(newLot, 'corrected');
          link(itemKey, newLot, 'lot', seq, atMs);
        }
        break;
      }
      case 'alerted': {
        // In the timelines of what failed; no move: the read's own `observed` event places the item.
        if (e.item !== undefined) role(touch('item', e.item, seq), 'alerted');
        if (e.lot !== undefined) role(touch('lot', e.lot, seq), 'alerted');
        break;
      }
    }
    targets.set(id, { type: e.type, payload: eventPayload(e), seq });
  }

  // --- entities: insert new, fill in attributes that became known (never blank one out).
  const entityRows: Insertable<EntitiesTable>[] = [...entities].map(([key, v]) => ({ key, ...v }));
  const hasAttrs = (r: Insertable<EntitiesTable>): boolean =>
    r.gtin !== null || r.part_number !== null || r.supplier !== null || r.customer !== null || r.work_order !== null;
  // Most events name an entity without new attributes: insert-if-new skips rewriting its row.
  for (const chunk of chunks(entityRows.filter((r) => !hasAttrs(r)), Math.floor(MAX_PARAMS / 9))) {
    await trx.insertInto('entities').values(chunk).onConflict((oc) => oc.column('key').doNothing()).execute();
  }
  for (const chunk of chunks(entityRows.filter(hasAttrs), Math.floor(MAX_PARAMS / 9))) {
    await trx.insertInto('entities').values(chunk)
      .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({
        gtin: eb.fn.coalesce(eb.ref('excluded.gtin'), eb.ref('entities.gtin')),
        part_number: eb.fn.coalesce(eb.ref('excluded.part_number'), eb.ref('entities.part_number')),
        supplier: eb.fn.coalesce(eb.ref('excluded.supplier'), eb.ref('entities.supplier')),
        customer: eb.fn.coalesce(eb.ref('excluded.customer'), eb.ref('entities.customer')),
        work_order: eb.fn.coalesce(eb.ref('excluded.work_order'), eb.ref('entities.work_order')),
      })))
      .execute();
  }
  await insertRows(trx, 'links', links, 6);
  for (const r of removals) {
    await trx.updateTable('links').set({ removed_seq: r.seq })
      .where('parent_key', '=', r.parent).where('child_key', '=', r.child).where('kind', '=', r.kind)
      .where('removed_seq', 'is', null).where('seq', '<', firstSeq).execute();
  }
  await insertRows(trx, 'event_entities', timeline, 3);
  const assignments = [...stationLines].map(([station, v]) => ({ station, line: v.line, seq: v.seq }));
  for (const chunk of chunks(assignments, Math.floor(MAX_PARAMS / 3))) {
    await trx.insertInto('station_lines').values(chunk)
      .onConflict((oc) => oc.column('station').doUpdateSet((eb) => ({ line: eb.ref('excluded.line'), seq: eb.ref('excluded.seq') })))
      .execute();
  }
  await applyMoves(trx, moves);
}

/**
 * Replays station arrivals/departures in event order over the items' current positions:
 * a new station closes the open stay into `visits`; `station: null` (assembled into a
 * parent, shipped) closes it and leaves no position. Observations older than the open
 * stay's arrival do not move the item back (late-arriving imports).
 */
async function applyMoves(trx: Transaction<TraceDatabase>, moves: readonly { key: string; station: string | null; atMs: number }[]): Promise<void> {
  if (moves.length === 0) return;
  const state = new Map<string, Position | null>();
  const keys = [...new Set(moves.map((m) => m.key))];
  for (const part of chunks(keys, IN_LIST)) {
    const rows = await trx.selectFrom('positions').select(['entity_key', 'station', 'arrived_ms']).where('entity_key', 'in', part).execute();
    for (const r of rows) state.set(r.entity_key, { station: r.station, arrived_ms: Number(r.arrived_ms) });
  }
  const loaded = new Set(state.keys());
  const visits: Insertable<VisitsTable>[] = [];
  for (const m of moves) {
    const cur = state.get(m.key) ?? null;
    if (cur !== null && m.atMs < cur.arrived_ms) continue;
    if (cur !== null && cur.station === m.station) continue;
    if (cur !== null) visits.push({ entity_key: m.key, station: cur.station, arrived_ms: cur.arrived_ms, left_ms: m.atMs });
    state.set(m.key, m.station === null ? null : { station: m.station, arrived_ms: m.atMs });
  }
  await insertRows(trx, 'visits', visits, 4);
  const gone = [...state].filter(([k, v]) => v === null && loaded.has(k)).map(([k]) => k);
  for (const part of chunks(gone, IN_LIST)) await trx.deleteFrom('positions').where('entity_key', 'in', part).execute();
  const open = [...state].flatMap(([k, v]) => (v === null ? [] : [{ entity_key: k, station: v.station, arrived_ms: v.arrived_ms }]));
  for (const chunk of chunks(open, Math.floor(MAX_PARAMS / 3))) {
    await trx.insertInto('positions').values(chunk)
      .onConflict((oc) => oc.column('entity_key').doUpdateSet((eb) => ({ station: eb.ref('excluded.station'), arrived_ms: eb.ref('excluded.arrived_ms') })))
      .execute();
  }
}
