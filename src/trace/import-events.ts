import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import { z } from 'zod';
import { TraceocrError } from '../core/errors.js';
import type { NewEvent } from './domain.js';
import type { Store } from './store.js';

/** Input formats of {@link importEvents}. */
export type ImportFormat = 'jsonl' | 'csv';

/** Options of {@link importEvents}. */
export interface ImportEventsOptions {
  readonly format: ImportFormat;
  /** Events per transaction. @defaultValue 1000 */
  readonly batchSize?: number;
  /** Called after each batch has committed (the acknowledgement). */
  readonly onBatch?: (batch: { readonly index: number; readonly firstLine: number; readonly lastLine: number; readonly appended: number; readonly duplicates: number }) => void | Promise<void>;
}

/** Result of {@link importEvents}. */
export interface ImportEventsResult {
  readonly rows: number;
  readonly batches: number;
  readonly appended: number;
  readonly duplicates: number;
}

const text = z.string().trim().min(1);
const list = z.array(text);
const product = z.object({ gtin: text.optional(), partNumber: text.optional() }).optional();
const base = {
  id: text.optional(),
  at: z.coerce.date(),
  station: text.optional(),
  line: text.optional(),
  workOrder: text.optional(),
  idempotencyKey: text.optional(),
  evidence: z.object({
    readId: text.optional(), imageSha256: text.optional(), modelVersion: text.optional(),
    confidences: z.record(z.string(), z.number().min(0).max(1)).optional(),
  }).optional(),
};

/**
 * One imported event (an MES export row): the {@link NewEvent} shapes with `at` as an
 * ISO 8601 string. Validated with zod so every violation of a row is reported at once.
 */
export const importedEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('observed'), ...base, item: text.optional(), lot: text.optional(), product, supplier: text.optional() })
    .refine((e) => e.item !== undefined || e.lot !== undefined, { message: 'observed needs item or lot' }),
  z.object({ type: z.literal('assembled'), ...base, parent: text, children: list, lots: list.optional(), product }),
  z.object({ type: z.literal('disaggregated'), ...base, parent: text, children: list.min(1) }),
  z.object({ type: z.literal('transformed'), ...base, consumed: list.min(1), produced: list.min(1), product }),
  z.object({ type: z.literal('shipped'), ...base, shipment: text, items: list.min(1), customer: text.optional() }),
  z.object({ type: z.literal('returned'), ...base, item: text, reason: text.optional() }),
  z.object({ type: z.literal('alerted'), ...base, station: text, item: text.optional(), lot: text.optional(), reasons: list.min(1), readId: text }),
  z.object({
    type: z.literal('corrected'), ...base, corrects: text, reason: text.optional(), by: text.optional(),
    changes: z.object({ lot: text.optional(), gtin: text.optional(), partNumber: text.optional(), item: text.optional() }),
  }),
]);

/** The CSV columns `traceocr import --format csv` understands; list columns are `;`-separated. */
export const CSV_COLUMNS = [
  'id', 'type', 'at', 'station', 'line', 'workOrder', 'idempotencyKey', 'item', 'lot', 'gtin', 'partNumber', 'supplier',
  'parent', 'children', 'lots', 'consumed', 'produced', 'shipment', 'items', 'customer', 'reason', 'corrects', 'by',
  'readId', 'imageSha256', 'modelVersion',
] as const;

const CSV_LISTS = new Set(['children', 'lots', 'consumed', 'produced', 'items']);

/** Maps one CSV record (header names as keys) onto the JSON shape of {@link importedEventSchema}. */
export function csvRecordToObject(rec: Readonly<Record<string, string>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const product: Record<string, string> = {};
  const evidence: Record<string, string> = {};
  for (const [k, raw] of Object.entries(rec)) {
    const v = raw.trim();
    if (v === '') continue;
    if (CSV_LISTS.has(k)) out[k] = v.split(';').map((s) => s.trim()).filter((s) => s !== '');
    else if (k === 'gtin' || k === 'partNumber') product[k] = v;
    else if (k === 'readId' || k === 'imageSha256' || k === 'modelVersion') evidence[k] = v;
    else out[k] = v;
  }
  if (Object.keys(product).length > 0) {
    if (out['type'] === 'corrected') out['changes'] = { ...(out['changes'] as object | undefined), ...product };
    else out['product'] = product;
  }
  if (out['type'] === 'corrected' && typeof out['lot'] === 'string') {
    out['changes'] = { ...(out['changes'] as object | undefined), lot: out['lot'] };
    delete out['lot'];
  }
  if (out['type'] === 'corrected') out['changes'] ??= {};
  if (Object.keys(evidence).length > 0) out['evidence'] = evidence;
  return out;
}

/** Validates one parsed row; throws IMPORT_ROW_INVALID naming the line and every problem. */
export function toNewEvent(obj: unknown, line: number): NewEvent {
  const r = importedEventSchema.safeParse(obj);
  if (!r.success) {
    const problems = r.error.issues.map((i) => `${i.path.join('.') || '(row)'}: ${i.message}`).join('; ');
    throw new TraceocrError('IMPORT_ROW_INVALID', `line ${line}: ${problems}`, { details: { line } });
  }
  return r.data as NewEvent;
}

async function* rowsOf(input: Readable, format: ImportFormat): AsyncGenerator<{ line: number; obj: unknown }> {
  if (format === 'jsonl') {
    let line = 0;
    for await (const s of createInterface({ input, crlfDelay: Infinity })) {
      line += 1;
      if (s.trim() === '') continue;
      try {
        yield { line, obj: JSON.parse(s) as unknown };
      } catch (err) {
        throw new TraceocrError('IMPORT_ROW_INVALID', `line ${line}: not JSON (${err instanceof Error ? err.message : String(err)})`, { cause: err, details: { line } });
      }
    }
    return;
  }
  // csv-parse (RFC 4180 with quoted fields); line 1 is the header.
  const parser = input.pipe(parseCsv({ columns: true, skip_empty_lines: true, bom: true, relax_column_count: false }));
  let line = 1;
  for await (const rec of parser as AsyncIterable<Record<string, string>>) {
    line += 1;
    yield { line, obj: csvRecordToObject(rec) };
  }
}

/**
 * Imports events from a JSONL or CSV stream (an MES export) in batches, each batch one
 * transaction: after `onBatch` reports a batch it is durable; a crash loses at most the
 * batch in flight, and never leaves part of it. Rows with an `id` or `idempotencyKey`
 * already stored are skipped as duplicates, so re-running an import is safe. The first
 * invalid row stops the import (batches before it stay committed).
 */
export async function importEvents(store: Store, input: Readable, options: ImportEventsOptions): Promise<ImportEventsResult> {
  const batchSize = options.batchSize ?? 1000;
  let batch: NewEvent[] = [];
  let firstLine = 0;
  let lastLine = 0;
  let rows = 0;
  let batches = 0;
  let appended = 0;
  let duplicates = 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const r = await store.append(batch);
    appended += r.appended;
    duplicates += r.duplicates;
    await options.onBatch?.({ index: batches, firstLine, lastLine, appended: r.appended, duplicates: r.duplicates });
    batches += 1;
    batch = [];
  };
  for await (const { line, obj } of rowsOf(input, options.format)) {
    const event = toNewEvent(obj, line);
    if (batch.length === 0) firstLine = line;
    lastLine = line;
    batch.push(event);
    rows += 1;
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return { rows, batches, appended, duplicates };
}
