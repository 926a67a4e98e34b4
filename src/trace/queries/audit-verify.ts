import type { Kysely } from 'kysely';
import type { AuditVerifyResult } from '../domain.js';
import { computeEventHash, GENESIS_HASH } from '../event-hash.js';
import type { TraceDatabase } from '../schema.js';

/** Options of {@link verifyAuditChain}. */
export interface AuditVerifyOptions {
  /** Rows read per round trip. @defaultValue 5000 */
  readonly pageSize?: number;
}

/**
 * Re-computes the hash chain over every stored event in sequence order and compares it
 * with the stored hashes and with the chain head: an event altered in place, removed,
 * inserted out of band or cut off the end shows up as the first broken sequence number.
 */
export async function verifyAuditChain(db: Kysely<TraceDatabase>, options: AuditVerifyOptions = {}): Promise<AuditVerifyResult> {
  const pageSize = options.pageSize ?? 5000;
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  const broken = (seq: number, reason: string): AuditVerifyResult => ({ ok: false, checked, firstBrokenSeq: seq, reason });
  for (;;) {
    const rows = await db.selectFrom('events').selectAll().where('seq', '>=', expectedSeq).orderBy('seq').limit(pageSize).execute();
    for (const r of rows) {
      const seq = Number(r.seq);
      if (seq !== expectedSeq) return broken(expectedSeq, `event ${expectedSeq} is missing`);
      if (r.prev_hash !== prevHash) return broken(seq, 'previous-hash link does not match the preceding event');
      const hash = computeEventHash(prevHash, {
        seq, id: r.id, type: r.type, atMs: Number(r.at_ms), recordedMs: Number(r.recorded_ms),
        station: r.station, workOrder: r.work_order, payload: r.payload, evidence: r.evidence, idempotencyKey: r.idempotency_key,
      });
      if (hash !== r.hash) return broken(seq, 'stored hash does not match the event content');
      prevHash = hash;
      expectedSeq += 1;
      checked += 1;
    }
    if (rows.length < pageSize) break;
  }
  const head = await db.selectFrom('chain_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
  if (head === undefined) return broken(expectedSeq, 'chain head row is missing');
  if (Number(head.seq) !== expectedSeq - 1 || head.hash !== prevHash) {
    return broken(Math.min(Number(head.seq), expectedSeq), `chain head (seq ${head.seq}) does not match the last event (seq ${expectedSeq - 1})`);
  }
  return { ok: true, checked, firstBrokenSeq: null, reason: null };
}
