import { randomBytes } from 'node:crypto';

/**
 * A time-ordered UUID, version 7 (RFC 9562 §5.7): 48-bit Unix milliseconds, then random
 * bits. Ids generated in order land at the right edge of the `events.id` index instead of
 * a random page, which keeps bulk ingest fast. Hand-written because Node 20's
 * `crypto.randomUUID` only makes version 4.
 */
export function createEventId(nowMs: number = Date.now()): string {
  const b = randomBytes(16);
  b.writeUIntBE(nowMs, 0, 6);
  b[6] = 0x70 | ((b[6] ?? 0) & 0x0f);
  b[8] = 0x80 | ((b[8] ?? 0) & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
