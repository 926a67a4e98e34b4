import { Readable } from 'node:stream';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isTraceocrError } from '../core/errors.js';
import type { AppendResult, NewEvent } from './domain.js';
import { csvRecordToObject, importEvents, toNewEvent } from './import-events.js';
import type { Store } from './store.js';

/** A store that only records what `append` receives (importEvents uses nothing else). */
function recordingStore(): { store: Store; batches: NewEvent[][] } {
  const batches: NewEvent[][] = [];
  const store = {
    append: async (events: readonly NewEvent[]): Promise<AppendResult> => {
      batches.push([...events]);
      return { outcomes: events.map((_, i) => ({ id: String(i), seq: i + 1, duplicate: false })), appended: events.length, duplicates: 0 };
    },
  } as unknown as Store;
  return { store, batches };
}

test('CSV records map onto events: lists split on ";", product and evidence grouped', () => {
  const e = toNewEvent(csvRecordToObject({ type: 'assembled', at: '2026-04-15T06:00:00Z', parent: 'F1', children: 'P1; P2;', gtin: '09506000134352', lots: '', imageSha256: 'ab' }), 2);
  assert.deepEqual(e, { type: 'assembled', at: new Date('2026-04-15T06:00:00Z'), parent: 'F1', children: ['P1', 'P2'], product: { gtin: '09506000134352' }, evidence: { imageSha256: 'ab' } });
  const c = toNewEvent(csvRecordToObject({ type: 'corrected', at: '2026-04-15T07:00:00Z', corrects: 'ev-9', lot: 'LB', reason: 'misread' }), 3);
  assert.deepEqual(c, { type: 'corrected', at: new Date('2026-04-15T07:00:00Z'), corrects: 'ev-9', changes: { lot: 'LB' }, reason: 'misread' });
});

test('an invalid row is IMPORT_ROW_INVALID naming its line and every problem', () => {
  assert.throws(() => toNewEvent({ type: 'shipped', at: 'not a date', items: [] }, 7), (err: unknown) =>
    isTraceocrError(err, 'IMPORT_ROW_INVALID') && /^line 7: /.test(err.message) && /at/.test(err.message) && /shipment/.test(err.message) && /items/.test(err.message));
  assert.throws(() => toNewEvent({ type: 'observed', at: '2026-01-01' }, 1), /item or lot/);
  assert.throws(() => toNewEvent({ type: 'teleported', at: '2026-01-01' }, 1), (err: unknown) => isTraceocrError(err, 'IMPORT_ROW_INVALID'));
});

test('importEvents batches rows and acknowledges each batch after append', async () => {
  const { store, batches } = recordingStore();
  const lines = Array.from({ length: 5 }, (_, i) => JSON.stringify({ type: 'observed', at: '2026-01-01T00:00:00Z', item: `I${i}` }));
  const acks: string[] = [];
  const r = await importEvents(store, Readable.from([`${lines.join('\n')}\n\n`]), {
    format: 'jsonl', batchSize: 2, onBatch: (b) => { acks.push(`${b.index}:${b.firstLine}-${b.lastLine}`); },
  });
  assert.deepEqual(r, { rows: 5, batches: 3, appended: 5, duplicates: 0 });
  assert.deepEqual(batches.map((b) => b.length), [2, 2, 1]);
  assert.deepEqual(acks, ['0:1-2', '1:3-4', '2:5-5']);
  await assert.rejects(importEvents(store, Readable.from(['{"type":"observed"\n']), { format: 'jsonl' }), /line 1: not JSON/);
});
