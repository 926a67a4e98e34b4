/** Public surface of the traceability record. */
export * from './domain.js';
export type { Store } from './store.js';
export { openStore, storeKindOf, DEFAULT_STORE_LOCATION } from './open-store.js';
export type { OpenStoreOptions } from './open-store.js';
export { createSqliteStore } from './sqlite/sqlite-store.js';
export type { SqliteStoreOptions } from './sqlite/sqlite-store.js';
export { createPostgresStore, dropPostgresSchema, parsePostgresUrl } from './postgres/postgres-store.js';
export type { PostgresStoreOptions } from './postgres/postgres-store.js';
export { recordRead } from './record-read.js';
export type { RecordReadContext, RecordReadResult } from './record-read.js';
export { importEvents, importedEventSchema, csvRecordToObject, toNewEvent, CSV_COLUMNS } from './import-events.js';
export type { ImportEventsOptions, ImportEventsResult, ImportFormat } from './import-events.js';
export { canonicalJson } from './canonical-json.js';
export { computeEventHash, GENESIS_HASH } from './event-hash.js';
export type { TraceOptions } from './queries/trace-genealogy.js';
export type { WipOptions } from './queries/wip.js';
export { percentile } from './queries/wip.js';
export type { ReturnLookupOptions } from './queries/return-lookup.js';
