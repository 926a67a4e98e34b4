/**
 * The traceability domain: entities (serialised items, lots, shipments), the
 * events that happen to them, and the shapes of the genealogy, recall, WIP and
 * audit answers. Vocabulary follows GS1 EPCIS 2.0 loosely (ObjectEvent ≈
 * `observed`, AggregationEvent ≈ `assembled`/`disaggregated`,
 * TransformationEvent ≈ `transformed`), kept small enough for a plant record.
 */

/** Kinds of things the record tracks. Products, stations, suppliers and work orders are attributes, not entities. */
export type EntityKind = 'item' | 'lot' | 'shipment';

/** Every event type; events are append-only, a `corrected` event amends an earlier one. */
export const EVENT_TYPES = ['observed', 'assembled', 'disaggregated', 'transformed', 'shipped', 'returned', 'corrected', 'alerted'] as const;
/** One of {@link EVENT_TYPES}. */
export type EventType = (typeof EVENT_TYPES)[number];

/** How a genealogy edge came to be: `lot` = item made from/labelled with a lot; `assembled` = child item in a parent; `transformed` = consumed lot → produced lot; `shipped` = item in a shipment. */
export type LinkKind = 'lot' | 'assembled' | 'transformed' | 'shipped';

/** What a read-derived event keeps as proof: which read, which image, which model, how sure. */
export interface Evidence {
  readonly readId?: string;
  /** SHA-256 of the image bytes, lower-case hex. */
  readonly imageSha256?: string;
  readonly modelVersion?: string;
  /** Confidence per field name, 0..1. */
  readonly confidences?: Readonly<Record<string, number>>;
}

/** Product identity as printed (GS1 GTIN, AI 01; part number, AI 240/241). */
export interface ProductRef {
  readonly gtin?: string;
  readonly partNumber?: string;
}

/** Fields every new event may carry. */
export interface NewEventBase {
  /** Caller-chosen event id (e.g. the MES row id); a UUID is generated when absent. */
  readonly id?: string;
  /** When it happened (not when it was recorded). */
  readonly at: Date;
  readonly station?: string;
  /**
   * Production line the `station` belongs to (needs `station`). The latest event (by sequence)
   * that names a station's line assigns the station to it; WIP is grouped by that assignment.
   * Kept in the hashed payload, so the assignment is part of the audit chain.
   */
  readonly line?: string;
  readonly workOrder?: string;
  readonly evidence?: Evidence;
  /**
   * Same key twice with the same content (type, station, work order, type-specific fields) →
   * stored once (the second append reports a duplicate); same key with different content →
   * STORE_CONFLICT. Time, evidence and generated ids are not content: a retry stamped later,
   * or a re-read of the same label, is the same fact.
   */
  readonly idempotencyKey?: string;
  /**
   * When set with `evidence.imageSha256` and `station`: an earlier event with the same image
   * hash at the same station within this many milliseconds makes this one a duplicate.
   */
  readonly dedupeWindowMs?: number;
}

/** A read (or manual scan) of an item and/or a lot at a station. */
export interface ObservedEvent extends NewEventBase {
  readonly type: 'observed';
  readonly item?: string;
  readonly lot?: string;
  readonly product?: ProductRef;
  readonly supplier?: string;
}

/** Child items (and optionally consumed lots) put into a parent item: genealogy. */
export interface AssembledEvent extends NewEventBase {
  readonly type: 'assembled';
  readonly parent: string;
  readonly children: readonly string[];
  /** Lots consumed directly into the parent (glue, solder paste). */
  readonly lots?: readonly string[];
  readonly product?: ProductRef;
}

/** Child items taken out of a parent (rework, teardown). */
export interface DisaggregatedEvent extends NewEventBase {
  readonly type: 'disaggregated';
  readonly parent: string;
  readonly children: readonly string[];
}

/** Lots consumed → lots produced (mixing, cutting, plating). */
export interface TransformedEvent extends NewEventBase {
  readonly type: 'transformed';
  readonly consumed: readonly string[];
  readonly produced: readonly string[];
  readonly product?: ProductRef;
}

/** Items leaving the plant in a shipment. */
export interface ShippedEvent extends NewEventBase {
  readonly type: 'shipped';
  readonly shipment: string;
  readonly items: readonly string[];
  readonly customer?: string;
}

/** An item coming back from the field. */
export interface ReturnedEvent extends NewEventBase {
  readonly type: 'returned';
  readonly item: string;
  readonly reason?: string;
}

/**
 * A human fix of an earlier event (typically a misread). The earlier event stays as it
 * was; projections (genealogy, product) follow the correction.
 */
export interface CorrectedEvent extends NewEventBase {
  readonly type: 'corrected';
  /** Id of the event being corrected. */
  readonly corrects: string;
  /** Corrected values. `lot` re-links the item of the corrected event; `gtin`/`partNumber` fix its product. */
  readonly changes: { readonly lot?: string; readonly gtin?: string; readonly partNumber?: string; readonly item?: string };
  readonly reason?: string;
  readonly by?: string;
}

/**
 * A label verification at a station failed (issue #5: expected GTIN/lot/expiry from the work
 * order did not match the read). Recorded so the failure is in the item's and lot's history
 * and in the audit chain, not only in a transient MQTT/webhook alert.
 */
export interface AlertedEvent extends NewEventBase {
  readonly type: 'alerted';
  /** Where the verification ran (required). */
  readonly station: string;
  readonly item?: string;
  readonly lot?: string;
  /** Why it failed, one line per failed expectation (non-empty). */
  readonly reasons: readonly string[];
  /** The read that failed verification. */
  readonly readId: string;
}

/** Any event a caller can append. */
export type NewEvent =
  | ObservedEvent
  | AssembledEvent
  | DisaggregatedEvent
  | TransformedEvent
  | ShippedEvent
  | ReturnedEvent
  | CorrectedEvent
  | AlertedEvent;

/** An event as stored: its chain position and hash. */
export interface StoredEvent {
  readonly seq: number;
  readonly id: string;
  readonly type: EventType;
  readonly at: Date;
  readonly recordedAt: Date;
  readonly station: string | null;
  readonly workOrder: string | null;
  /** Type-specific fields (everything of the {@link NewEvent} but the common ones). */
  readonly payload: Readonly<Record<string, unknown>>;
  readonly evidence: Evidence | null;
  readonly idempotencyKey: string | null;
  readonly prevHash: string;
  readonly hash: string;
}

/** Outcome for one appended event. */
export interface AppendOutcome {
  readonly id: string;
  readonly seq: number;
  /** True when an earlier event had the same idempotency key / image-station-window: nothing was written. */
  readonly duplicate: boolean;
}

/** Result of {@link Store.append}: outcomes in input order. */
export interface AppendResult {
  readonly outcomes: readonly AppendOutcome[];
  readonly appended: number;
  readonly duplicates: number;
}

/** An entity as the record knows it. */
export interface EntityInfo {
  readonly kind: EntityKind;
  readonly code: string;
  readonly gtin: string | null;
  readonly partNumber: string | null;
  readonly supplier: string | null;
  /** Shipments: the receiving customer. */
  readonly customer: string | null;
  readonly workOrder: string | null;
}

/** One stay of an item at a station. `leftAt` null = still there. */
export interface StationVisit {
  readonly station: string;
  readonly arrivedAt: Date;
  readonly leftAt: Date | null;
}

/** One node of a genealogy trace. */
export interface TraceNode extends EntityInfo {
  /** 0 = the start of the trace. */
  readonly depth: number;
  /** Code of the node it was reached from (null for the root). */
  readonly via: string | null;
  readonly viaKind: EntityKind | null;
  readonly link: LinkKind | null;
  /** The link was later undone (disaggregated or corrected away). */
  readonly removed: boolean;
  /** Stations the node went through (items only; empty unless requested). */
  readonly stations: readonly StationVisit[];
}

/** Result of a backward or forward trace. */
export interface TraceResult {
  readonly direction: 'backward' | 'forward';
  readonly root: EntityInfo;
  /** Root first, then breadth-first by depth. */
  readonly nodes: readonly TraceNode[];
  readonly counts: { readonly items: number; readonly lots: number; readonly shipments: number; readonly maxDepth: number };
}

/** One affected item in a recall. */
export interface RecallItem {
  readonly serial: string;
  readonly gtin: string | null;
  readonly partNumber: string | null;
  /** No parent: a finished unit (or a loose component). */
  readonly topLevel: boolean;
  /** Station where it is now, when still in the plant. */
  readonly station: string | null;
  readonly shipment: string | null;
  readonly customer: string | null;
}

/** Result of {@link Store.recall}. */
export interface RecallResult {
  readonly lot: string;
  readonly items: readonly RecallItem[];
  readonly shipments: readonly { readonly shipment: string; readonly customer: string | null; readonly items: number }[];
  readonly counts: {
    readonly items: number;
    readonly topLevelItems: number;
    readonly lots: number;
    readonly shipments: number;
    readonly shippedItems: number;
    readonly inPlantItems: number;
    readonly customers: number;
  };
}

/** WIP figures of one station. Dwell times in milliseconds. */
export interface StationWip {
  readonly station: string;
  /** Line the station is assigned to (see {@link NewEventBase.line}), null when none. */
  readonly line: string | null;
  /** Items whose latest stay is here (not shipped). */
  readonly items: number;
  /** Current dwell of the items there now. */
  readonly currentDwellP50Ms: number | null;
  readonly currentDwellP95Ms: number | null;
  /** Dwell of stays that ended inside the window. */
  readonly dwellP50Ms: number | null;
  readonly dwellP95Ms: number | null;
  /** Stays that ended inside the window, per hour. */
  readonly throughputPerHour: number;
}

/** WIP figures of one production line (its assigned stations together). Times in milliseconds. */
export interface LineWip {
  readonly line: string;
  /** Its stations that have WIP or stays in the window, sorted. */
  readonly stations: readonly string[];
  /** Items whose latest stay is at one of its stations. */
  readonly items: number;
  /** Current dwell (at their present station) of the items on the line now. */
  readonly currentDwellP50Ms: number | null;
  readonly currentDwellP95Ms: number | null;
  /**
   * Items that left the line inside the window, per hour: a stay at one of its stations
   * that ended without the item arriving at another station of the same line at that moment
   * (moves between its own stations are not output).
   */
  readonly throughputPerHour: number;
  /** Its station with the highest dwell score (the same rule as {@link WipResult.slowestStation}). */
  readonly slowestStation: string | null;
}

/** Result of {@link Store.wip}. */
export interface WipResult {
  readonly now: Date;
  readonly windowMs: number;
  readonly stations: readonly StationWip[];
  /** Per production line, sorted by name; stations without a line are in no line. */
  readonly lines: readonly LineWip[];
  /** Station with the highest completed-stay p50 dwell in the window (else current p50), null when empty. */
  readonly slowestStation: string | null;
}

/** Result of {@link Store.returnLookup}. */
export interface ReturnLookupResult {
  readonly item: EntityInfo;
  /** Every lot in the item's genealogy (its own and its components'). */
  readonly lots: readonly EntityInfo[];
  /** Other items made from the item's own lots (the ones to look at next), capped by `siblingLimit`. */
  readonly siblings: readonly { readonly serial: string; readonly lot: string }[];
  readonly siblingCount: number;
  /** Stations of production, in time order. */
  readonly stations: readonly StationVisit[];
  readonly producedFrom: Date | null;
  readonly producedTo: Date | null;
  readonly returns: readonly StoredEvent[];
}

/** Result of {@link Store.history}: the timeline of one entity. */
export interface HistoryResult {
  readonly entity: EntityInfo;
  /** Events in time order (ties by sequence). */
  readonly events: readonly (StoredEvent & { readonly correctedBy: readonly string[] })[];
}

/** Result of {@link Store.auditVerify}. */
export interface AuditVerifyResult {
  readonly ok: boolean;
  readonly checked: number;
  /** First sequence number whose hash or link does not verify, null when ok. */
  readonly firstBrokenSeq: number | null;
  readonly reason: string | null;
}
