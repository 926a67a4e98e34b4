import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type { Metadata } from 'sharp';
import { TraceocrError, isTraceocrError } from '../core/errors.js';
import type { Check, FieldName, ReadResult, ReadSuccess } from '../core/types.js';
import type { Reader } from '../read/index.js';
import { recordRead } from '../trace/index.js';
import type { AlertedEvent, Store } from '../trace/index.js';
import { CHECK, verifyExpectations } from '../verify/index.js';
import { createEventId } from '../trace/event-id.js';
import type { IntegrateDb } from './integrate-db.js';
import type { OutboundMessage } from './outbox.js';

/** Expected values at a station (work order). */
export interface StationExpectations {
  readonly gtin?: string;
  readonly lot?: string;
  readonly expiryDate?: string;
  readonly partNumber?: string;
  readonly workOrder?: string;
}

/** Pass/fail of a read against its expectations, with the failed checks as reasons. */
export interface VerificationResult {
  readonly pass: boolean;
  readonly expected: StationExpectations;
  readonly checks: readonly Check[];
  readonly reasons: readonly string[];
  /** Id of the `alerted` event a failed verification recorded in the trace store (absent when it passed or nothing was recorded). */
  readonly alertEvent?: string;
}

/** One submission: the image and where it was taken. */
export interface SubmitReadInput {
  readonly bytes: Uint8Array;
  readonly fileName: string;
  readonly station: string;
  /** Per-request expected values; override the station's. */
  readonly expected?: StationExpectations;
  readonly idempotencyKey?: string;
  readonly source: 'http' | 'hot-folder';
  readonly at?: Date;
}

/** What a submission produced (the body of `POST /v1/reads`). */
export interface SubmitReadResult {
  readonly id: string;
  /** True when the idempotency key was seen before: this is the earlier answer. */
  readonly replayed: boolean;
  readonly station: string;
  readonly read: ReadResult;
  readonly events: readonly string[];
  /** The store already had this read (same image, station, window). */
  readonly duplicate: boolean;
  readonly verification: VerificationResult | null;
  readonly review: string | null;
}

/** Wiring of {@link createReadService}. */
export interface ReadServiceConfig {
  readonly reader: Reader;
  readonly store: Store;
  readonly idb: IntegrateDb;
  readonly maxImagePixels: number;
  readonly readConcurrency: number;
  readonly reviewConfidence: number;
  readonly modelVersion: string;
  /** Expectations configured per station (file); the database's override them. */
  readonly stationExpectations: Readonly<Record<string, StationExpectations>>;
  /** Outbound messages for a finished read (MQTT, webhooks). */
  readonly outbound: (result: SubmitReadResult) => OutboundMessage[];
  readonly enqueue: (messages: readonly OutboundMessage[]) => Promise<void>;
  /** Called with the duration of every read. */
  readonly onRead?: (result: SubmitReadResult, ms: number) => void;
}

/** The submit path shared by the HTTP API and the hot folder. */
export interface ReadService {
  submit(input: SubmitReadInput): Promise<SubmitReadResult>;
  /** Reads waiting for a slot. */
  readonly queueDepth: () => number;
  /** Reads running now. */
  readonly running: () => number;
  getExpectations(station: string): Promise<StationExpectations | undefined>;
  setExpectations(station: string, expected: StationExpectations | null): Promise<void>;
}

/** Image formats the reader takes, by magic bytes (PNG, JPEG, TIFF LE/BE, BMP, WebP). */
export function sniffImageType(bytes: Uint8Array): string | undefined {
  const b = (i: number): number => bytes[i] ?? -1;
  if (b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4e && b(3) === 0x47) return 'image/png';
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return 'image/jpeg';
  if ((b(0) === 0x49 && b(1) === 0x49 && b(2) === 0x2a && b(3) === 0) || (b(0) === 0x4d && b(1) === 0x4d && b(2) === 0 && b(3) === 0x2a)) return 'image/tiff';
  if (b(0) === 0x42 && b(1) === 0x4d) return 'image/bmp';
  if (b(0) === 0x52 && b(1) === 0x49 && b(2) === 0x46 && b(3) === 0x46 && b(8) === 0x57 && b(9) === 0x45 && b(10) === 0x42 && b(11) === 0x50) return 'image/webp';
  return undefined;
}

/**
 * Refuses what must not reach the decoder: empty bodies, non-images (by content, not by the
 * declared type), and images whose header declares more pixels than allowed — a
 * decompression bomb is stopped here from its header, before any pixel is decoded.
 */
export async function screenImage(bytes: Uint8Array, maxImagePixels: number): Promise<string> {
  if (bytes.byteLength === 0) throw new TraceocrError('FILE_EMPTY', 'the image is empty');
  const type = sniffImageType(bytes);
  if (type === undefined) throw new TraceocrError('IMAGE_UNSUPPORTED_FORMAT', 'the body is not a PNG, JPEG, TIFF, BMP or WebP image');
  if (type === 'image/bmp') {
    // sharp reads no BMP; the BITMAPINFOHEADER holds width/height at bytes 18/22 (int32 LE, height negative = top-down).
    if (bytes.byteLength < 26) throw new TraceocrError('IMAGE_DECODE_FAILED', 'BMP header is truncated');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const pixels = Math.abs(view.getInt32(18, true)) * Math.abs(view.getInt32(22, true));
    if (pixels > maxImagePixels) throw new TraceocrError('IMAGE_TOO_LARGE', `BMP declares ${pixels} pixels; the limit is ${maxImagePixels}`);
    return type;
  }
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (err) {
    throw new TraceocrError('IMAGE_DECODE_FAILED', `image header cannot be read: ${(err as Error).message}`, { cause: err });
  }
  const pixels = (meta.width ?? 0) * (meta.height ?? 0);
  if (pixels > maxImagePixels) {
    throw new TraceocrError('IMAGE_TOO_LARGE', `image is ${meta.width}×${meta.height} = ${pixels} pixels; the limit is ${maxImagePixels}`);
  }
  return type;
}

/** Why a read needs a human, or null (review queue, `GET /v1/review`). */
export function reviewReasonOf(read: ReadResult, verification: VerificationResult | null, reviewConfidence: number): string | null {
  if (!read.ok) return null;
  if (verification !== null && !verification.pass) return 'verification-failed';
  if (read.checks.some((c) => !c.ok && c.name === CHECK.textCodeMismatch)) return 'text-code-disagreement';
  if (read.checks.some((c) => !c.ok)) return 'failed-check';
  for (const f of Object.values(read.fields)) {
    if (f !== undefined && (f.confidence < reviewConfidence || f.status === 'low-confidence' || f.status === 'ambiguous')) return 'low-confidence';
  }
  if (read.fields.serial === undefined && read.fields.lot === undefined) return 'no-identifier';
  return null;
}

/** Verifies a read against expected values (src/verify `expected-value` checks) plus the read's own failed checks. */
export function verifyRead(read: ReadSuccess, expected: StationExpectations): VerificationResult {
  const fieldExpectations: Partial<Record<FieldName, string>> = {};
  for (const f of ['gtin', 'lot', 'expiryDate', 'partNumber'] as const) if (expected[f] !== undefined) fieldExpectations[f] = expected[f];
  const checks = verifyExpectations(read.fields, fieldExpectations);
  const reasons = checks.filter((c) => !c.ok).map((c) => `${c.field}: ${c.message ?? 'differs'}`);
  // A label whose own check digit fails is a bad label even when it "matches" (GS1 GenSpecs §7.9).
  for (const c of read.checks) if (!c.ok && (c.name === CHECK.gtinCheckDigit || c.name === CHECK.ssccCheckDigit)) reasons.push(`${c.field}: ${c.name} failed`);
  return { pass: reasons.length === 0, expected, checks, reasons };
}

/** Creates the submit path: screen → wait for a slot → read → verify → record → keep → publish. */
export function createReadService(config: ReadServiceConfig): ReadService {
  let running = 0;
  const waiting: (() => void)[] = [];
  const acquire = async (): Promise<void> => {
    if (running < config.readConcurrency) {
      running++;
      return;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = (): void => {
    const next = waiting.shift();
    if (next) next(); // the slot passes on; `running` stays the same
    else running--;
  };

  async function getExpectations(station: string): Promise<StationExpectations | undefined> {
    const row = await config.idb.db.selectFrom('integrate_station_expectations').select('expected').where('station', '=', station).executeTakeFirst();
    if (row) return JSON.parse(row.expected) as StationExpectations;
    return config.stationExpectations[station];
  }

  /**
   * The earlier answer for an idempotency key, or undefined. The key stands for one image at one
   * station: the same key with another image or station is a client error (STORE_CONFLICT, 409),
   * not a replay, so a reused key never silently returns the answer to a different request.
   */
  async function findByIdempotencyKey(key: string, imageSha256: string, station: string): Promise<SubmitReadResult | undefined> {
    const row = await config.idb.db.selectFrom('integrate_reads').select(['id', 'station', 'result', 'event_ids', 'verification', 'review_reason', 'image_sha256'])
      .where('idempotency_key', '=', key).executeTakeFirst();
    if (!row) return undefined;
    if (row.image_sha256 !== imageSha256 || row.station !== station) {
      throw new TraceocrError('STORE_CONFLICT', `idempotency key ${JSON.stringify(key)} was used by read ${row.id} for another image or station`, { details: { idempotencyKey: key, readId: row.id } });
    }
    return {
      id: row.id, replayed: true, station: row.station, read: JSON.parse(row.result) as ReadResult, events: JSON.parse(row.event_ids) as string[],
      duplicate: true, verification: row.verification === null ? null : (JSON.parse(row.verification) as VerificationResult), review: row.review_reason,
    };
  }

  async function submit(input: SubmitReadInput): Promise<SubmitReadResult> {
    const t0 = performance.now();
    const imageSha256 = createHash('sha256').update(input.bytes).digest('hex');
    if (input.idempotencyKey !== undefined) {
      const earlier = await findByIdempotencyKey(input.idempotencyKey, imageSha256, input.station);
      if (earlier) return earlier;
    }
    const imageType = await screenImage(input.bytes, config.maxImagePixels);
    const id = createEventId();
    // One time for the read's events (observed and, if it fails verification, alerted).
    const at = input.at ?? new Date();
    await acquire();
    let read: ReadResult;
    try {
      read = await config.reader.read(input.fileName, input.bytes);
    } finally {
      release();
    }
    let events: string[] = [];
    let duplicate = false;
    let verification: VerificationResult | null = null;
    if (read.ok) {
      const expected = { ...(await getExpectations(input.station)), ...input.expected };
      if (Object.keys(expected).some((k) => k !== 'workOrder')) verification = verifyRead(read, expected);
      try {
        if (read.fields.serial !== undefined || read.fields.lot !== undefined) {
          const recorded = await recordRead(config.store, read, {
            station: input.station, imageSha256, modelVersion: config.modelVersion, readId: id, at,
            ...(input.idempotencyKey ? { idempotencyKey: `read:${input.idempotencyKey}` } : {}),
            ...(expected.workOrder ? { workOrder: expected.workOrder } : {}),
          });
          events = recorded.eventIds;
          duplicate = recorded.duplicate;
        }
        // A failed verification is recorded as an event (issue #5), so it stays in the item's
        // history and the audit chain. A duplicate read (same image, station, window) had its
        // alert recorded by the first submission — unless a key makes the retry safe to repeat.
        if (verification !== null && !verification.pass && (!duplicate || input.idempotencyKey !== undefined)) {
          const serial = read.fields.serial?.value;
          const lot = read.fields.lot?.value;
          const alert: AlertedEvent = {
            type: 'alerted', at, station: input.station, reasons: [...verification.reasons], readId: id,
            // No image hash in the evidence: the store's duplicate-image window would take the alert for the read itself.
            evidence: { readId: id, modelVersion: config.modelVersion },
            ...(serial === undefined ? {} : { item: serial }),
            ...(lot === undefined ? {} : { lot }),
            ...(expected.workOrder ? { workOrder: expected.workOrder } : {}),
            ...(input.idempotencyKey ? { idempotencyKey: `alert:${input.idempotencyKey}` } : {}),
          };
          const outcome = (await config.store.append([alert])).outcomes[0];
          if (outcome === undefined) throw new TraceocrError('INTERNAL', 'append returned no outcome');
          verification = { ...verification, alertEvent: outcome.id };
        }
      } catch (err) {
        // Two requests with one key raced and the other one finished first: its answer is the answer.
        if (input.idempotencyKey !== undefined && isTraceocrError(err, 'STORE_CONFLICT')) {
          const earlier = await findByIdempotencyKey(input.idempotencyKey, imageSha256, input.station);
          if (earlier) return earlier;
        }
        throw err;
      }
    }
    const review = reviewReasonOf(read, verification, config.reviewConfidence);
    const result: SubmitReadResult = { id, replayed: false, station: input.station, read, events, duplicate, verification, review };
    try {
      await config.idb.write((db) => db.insertInto('integrate_reads').values({
        id, station: input.station, file: input.fileName, ok: read.ok ? 1 : 0, received_ms: Date.now(), image_sha256: imageSha256, image_type: imageType,
        image: input.bytes, result: JSON.stringify(read), event_ids: JSON.stringify(events), verification: verification === null ? null : JSON.stringify(verification),
        review_reason: review, reviewed_ms: null, idempotency_key: input.idempotencyKey ?? null, source: input.source,
      }).execute());
    } catch (err) {
      // Two requests with one idempotency key raced: the first one's answer is the answer.
      if (input.idempotencyKey !== undefined) {
        const earlier = await findByIdempotencyKey(input.idempotencyKey, imageSha256, input.station);
        if (earlier) return earlier;
      }
      throw new TraceocrError('STORE_UNAVAILABLE', `cannot keep read ${id}: ${(err as Error).message}`, { cause: err });
    }
    if (read.ok) await config.enqueue(config.outbound(result));
    config.onRead?.(result, performance.now() - t0);
    return result;
  }

  return {
    submit,
    queueDepth: () => waiting.length,
    running: () => running,
    getExpectations,
    async setExpectations(station, expected) {
      await config.idb.write(async (db) => {
        if (expected === null) {
          await db.deleteFrom('integrate_station_expectations').where('station', '=', station).execute();
          return;
        }
        const row = { station, expected: JSON.stringify(expected), updated_ms: Date.now() };
        await db.insertInto('integrate_station_expectations').values(row).onConflict((oc) => oc.column('station').doUpdateSet({ expected: row.expected, updated_ms: row.updated_ms })).execute();
      });
    },
  };
}

/** Is this error one a client caused (4xx) rather than the system? */
export function isClientError(err: unknown): boolean {
  return isTraceocrError(err) && err.status < 500;
}
