import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

/** Hash of the (empty) chain before the first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** The stored columns of an event that its hash covers (everything but the hash itself). */
export interface HashedEventFields {
  readonly seq: number;
  readonly id: string;
  readonly type: string;
  readonly atMs: number;
  readonly recordedMs: number;
  readonly station: string | null;
  readonly workOrder: string | null;
  /** Stored payload text (canonical JSON). */
  readonly payload: string;
  readonly evidence: string | null;
  readonly idempotencyKey: string | null;
}

/**
 * SHA-256 (FIPS 180-4) over the previous hash and the canonical JSON of the event's
 * stored fields, lower-case hex. Chaining makes a change to any stored event — or a
 * deleted or reordered one — visible at that sequence number.
 */
export function computeEventHash(prevHash: string, event: HashedEventFields): string {
  const body = canonicalJson({
    seq: event.seq,
    id: event.id,
    type: event.type,
    atMs: event.atMs,
    recordedMs: event.recordedMs,
    station: event.station,
    workOrder: event.workOrder,
    payload: event.payload,
    evidence: event.evidence,
    idempotencyKey: event.idempotencyKey,
  });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}
