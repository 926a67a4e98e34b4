/**
 * Table shapes of the record as kysely sees them (one typed query layer for SQLite and
 * PostgreSQL). Times are epoch milliseconds in `bigint` columns so both dialects compare
 * and index them the same way; JSON is stored as text so the hashed bytes are the stored bytes.
 */
import type { EntityKind, EventType, LinkKind } from './domain.js';

/** The append-only event log; `seq` is the hash-chain position. */
export interface EventsTable {
  seq: number;
  id: string;
  type: EventType;
  at_ms: number;
  recorded_ms: number;
  station: string | null;
  work_order: string | null;
  /** Canonical JSON of the type-specific fields. */
  payload: string;
  /** Canonical JSON of the evidence, or null. */
  evidence: string | null;
  /** Copied out of the evidence so the duplicate-read window check can use an index. */
  image_sha256: string | null;
  idempotency_key: string | null;
  prev_hash: string;
  hash: string;
}

/** One row (id = 1): the last sequence number and hash; appends lock it to keep one chain. */
export interface ChainHeadTable {
  id: number;
  seq: number;
  hash: string;
}

/** Projection: every item, lot and shipment with its latest known attributes. */
export interface EntitiesTable {
  key: string;
  kind: EntityKind;
  code: string;
  gtin: string | null;
  part_number: string | null;
  supplier: string | null;
  /** Shipments only: who received it. */
  customer: string | null;
  work_order: string | null;
  first_seq: number;
}

/** Projection: genealogy edges child → parent. */
export interface LinksTable {
  parent_key: string;
  child_key: string;
  kind: LinkKind;
  seq: number;
  at_ms: number;
  removed_seq: number | null;
}

/** Projection: which events concern which entity (for timelines). */
export interface EventEntitiesTable {
  seq: number;
  entity_key: string;
  role: string;
}

/** Projection: the open stay of each item in the plant. */
export interface PositionsTable {
  entity_key: string;
  station: string;
  arrived_ms: number;
}

/** Projection: completed stays (arrival and departure) of items at stations. */
export interface VisitsTable {
  entity_key: string;
  station: string;
  arrived_ms: number;
  left_ms: number;
}

/** Projection (migration 0002): the latest production line each station is assigned to. */
export interface StationLinesTable {
  station: string;
  line: string;
  seq: number;
}

/** The whole schema for `Kysely<TraceDatabase>`. */
export interface TraceDatabase {
  events: EventsTable;
  chain_head: ChainHeadTable;
  entities: EntitiesTable;
  links: LinksTable;
  event_entities: EventEntitiesTable;
  positions: PositionsTable;
  visits: VisitsTable;
  station_lines: StationLinesTable;
}

/** Which SQL dialect a store speaks. */
export type StoreDialect = 'sqlite' | 'postgres';

/** Entity key as stored: `item:SN1`, `lot:L1`, `shipment:S1` (codes of different kinds may coincide). */
export function entityKey(kind: EntityKind, code: string): string {
  return `${kind}:${code}`;
}
