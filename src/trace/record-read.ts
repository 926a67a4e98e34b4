import { TraceocrError } from '../core/errors.js';
import type { ReadSuccess } from '../core/types.js';
import type { Evidence, ObservedEvent } from './domain.js';
import type { Store } from './store.js';

/** Where and how a read was made. */
export interface RecordReadContext {
  readonly station: string;
  /** SHA-256 of the image bytes, lower-case hex. */
  readonly imageSha256: string;
  readonly modelVersion: string;
  /** When the image was taken. @defaultValue now */
  readonly at?: Date;
  /** Explicit idempotency key (e.g. the camera's frame id); otherwise image + station + window dedupes. */
  readonly idempotencyKey?: string;
  /** Id of the read (log correlation); @defaultValue the read's `file` */
  readonly readId?: string;
  /** Same image at the same station within this window counts as one read. @defaultValue 300,000 (5 min) */
  readonly dedupeWindowMs?: number;
  readonly workOrder?: string;
}

/** Result of {@link recordRead}. */
export interface RecordReadResult {
  readonly eventIds: string[];
  readonly duplicate: boolean;
}

/**
 * Records a successful read as one `observed` event for the serial and/or lot it carries
 * (with its product GTIN / part number and supplier), keeping the evidence: read id,
 * image hash, model version, field confidences. A second submission of the same image at
 * the same station within the window — or with the same idempotency key — is stored once.
 * The window is a ± range around the read time, not a fixed bucket, so two submissions a
 * second apart never fall on two sides of a bucket boundary.
 */
export async function recordRead(store: Store, read: ReadSuccess, ctx: RecordReadContext): Promise<RecordReadResult> {
  const serial = read.fields.serial?.value;
  const lot = read.fields.lot?.value;
  if (serial === undefined && lot === undefined) {
    throw new TraceocrError('INPUT_INVALID', `read of ${read.file} has neither a serial nor a lot to record`);
  }
  const confidences: Record<string, number> = {};
  for (const [name, f] of Object.entries(read.fields)) if (f !== undefined) confidences[name] = f.confidence;
  const evidence: Evidence = { readId: ctx.readId ?? read.file, imageSha256: ctx.imageSha256, modelVersion: ctx.modelVersion, confidences };
  const gtin = read.fields.gtin?.value;
  const partNumber = read.fields.partNumber?.value;
  const supplier = read.fields.supplier?.value;
  const event: ObservedEvent = {
    type: 'observed',
    at: ctx.at ?? new Date(),
    station: ctx.station,
    evidence,
    dedupeWindowMs: ctx.dedupeWindowMs ?? 300_000,
    ...(serial === undefined ? {} : { item: serial }),
    ...(lot === undefined ? {} : { lot }),
    ...(gtin === undefined && partNumber === undefined ? {} : { product: { ...(gtin === undefined ? {} : { gtin }), ...(partNumber === undefined ? {} : { partNumber }) } }),
    ...(supplier === undefined ? {} : { supplier }),
    ...(ctx.idempotencyKey === undefined ? {} : { idempotencyKey: ctx.idempotencyKey }),
    ...(ctx.workOrder === undefined ? {} : { workOrder: ctx.workOrder }),
  };
  const result = await store.append([event]);
  const outcome = result.outcomes[0];
  if (outcome === undefined) throw new TraceocrError('INTERNAL', 'append returned no outcome');
  return { eventIds: [outcome.id], duplicate: outcome.duplicate };
}
