/**
 * The `Store` contract: the durable traceability record every adapter implements
 * (`sqlite/`, `postgres/`), checked by the shared suite in `store.contract.ts`.
 *
 * Inside the contract:
 * - `append` is atomic per call (all events or none), idempotent (idempotency key,
 *   caller-given id, or image hash + station + time window), durable once it resolves,
 *   and serialised with every other writer so the audit hash chain is one line;
 * - events are never updated or deleted (the database refuses it too);
 * - the schema is migrated to the latest version when the store opens.
 *
 * Outside the contract (callers' business):
 * - turning reads into events (`recordRead`) and files into events (`importEvents`);
 * - authentication and who may append (the API layer);
 * - retention, backups, replication (the database's tools);
 * - clock correctness: `at` is trusted as given; late events do not move an item back
 *   to an earlier station in the WIP view (they are in its history all the same).
 */
import type {
  AppendResult, AuditVerifyResult, EntityKind, HistoryResult, NewEvent, RecallResult, ReturnLookupResult, StoredEvent, TraceResult, WipResult,
} from './domain.js';
import type { StoreDialect } from './schema.js';
import type { TraceOptions } from './queries/trace-genealogy.js';
import type { WipOptions } from './queries/wip.js';
import type { ReturnLookupOptions } from './queries/return-lookup.js';

/** The traceability record (see the module doc for what is inside and outside the contract). */
export interface Store {
  /** Which adapter this is. */
  readonly dialect: StoreDialect;
  /** The location it was opened with, credentials removed. */
  readonly location: string;
  /** Appends events in one transaction; duplicates are reported, not written again. */
  append(events: readonly NewEvent[]): Promise<AppendResult>;
  /** One event by id. */
  getEvent(id: string): Promise<StoredEvent | undefined>;
  /** Number of stored events. */
  countEvents(): Promise<number>;
  /** Item → its components, their lots, suppliers, stations, work orders, recursively. */
  traceBackward(code: string, options?: TraceOptions): Promise<TraceResult>;
  /** Lot (or item) → every item and shipment that contains it, recursively. */
  traceForward(code: string, options?: TraceOptions): Promise<TraceResult>;
  /** Recall list of a lot with counts. */
  recall(lot: string): Promise<RecallResult>;
  /** Work in progress per station. */
  wip(options?: WipOptions): Promise<WipResult>;
  /** Returned serial → its lots, siblings from the same lot, stations and time of production. */
  returnLookup(serial: string, options?: ReturnLookupOptions): Promise<ReturnLookupResult>;
  /** Timeline of an item, lot or shipment. */
  history(code: string, kind?: EntityKind): Promise<HistoryResult>;
  /** Re-computes the audit hash chain. */
  auditVerify(): Promise<AuditVerifyResult>;
  /** Closes connections; the store is unusable afterwards. */
  close(): Promise<void>;
}
