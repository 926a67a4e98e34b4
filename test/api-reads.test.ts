/**
 * POST /v1/reads end to end with the REAL reading pipeline (ONNX models, zxing) on the
 * repository's sample labels (truth in samples/truth.jsonl), then the queries, label
 * verification, the review queue and a correction over HTTP.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createReader } from '../src/read/index.js';
import type { Reader } from '../src/read/index.js';
import { startHarness } from './api-harness.js';
import type { Harness } from './api-harness.js';

const repo = new URL('..', import.meta.url);
const truth = new Map(readFileSync(new URL('samples/truth.jsonl', repo), 'utf8').trim().split('\n')
  .map((l) => JSON.parse(l) as { file: string; fields: Record<string, string> }).map((t) => [t.file, t.fields]));
const logistics = new Uint8Array(readFileSync(new URL('samples/label-gs1-logistics.png', repo)));
const expectedLogistics = truth.get('label-gs1-logistics.png')!;

interface ReadBody {
  id: string;
  read: { ok: boolean; fields: Record<string, { value: string; box?: number[] }> };
  events: string[];
  duplicate: boolean;
  verification: { pass: boolean; reasons: string[]; alertEvent?: string } | null;
  review: string | null;
}

describe('POST /v1/reads with the real reader', () => {
  let h: Harness;
  let reader: Reader;
  before(async () => {
    reader = await createReader();
    h = await startHarness({ reader });
  });
  after(async () => {
    await h.close();
    await reader.close();
  });

  test('a GS1 logistics label → 201, fields per the output contract, one observed event; queries find it', async () => {
    const form = new FormData();
    form.set('station', 'PACK-1');
    form.set('image', new Blob([logistics], { type: 'image/png' }), 'label-gs1-logistics.png');
    const res = await h.fetch('/v1/reads', { method: 'POST', role: 'operator', body: form });
    assert.equal(res.status, 201);
    const body = (await res.json()) as ReadBody;
    assert.equal(body.read.ok, true);
    for (const f of ['serial', 'lot', 'gtin'] as const) assert.equal(body.read.fields[f]?.value, expectedLogistics[f], f);
    assert.equal(body.events.length, 1);
    assert.equal(body.read.fields['serial']?.box?.length, 4);

    const serial = expectedLogistics['serial']!;
    const lot = expectedLogistics['lot']!;
    const item = (await (await h.fetch(`/v1/items/${serial}`, { role: 'viewer' })).json()) as { entity: { gtin: string }; events: { id: string; station: string }[] };
    assert.equal(item.entity.gtin, expectedLogistics['gtin']);
    assert.deepEqual(item.events.map((e) => [e.id, e.station]), [[body.events[0], 'PACK-1']]);
    const recall = (await (await h.fetch(`/v1/recall/${lot}`, { role: 'viewer' })).json()) as { items: { serial: string }[] };
    assert.deepEqual(recall.items.map((i) => i.serial), [serial]);
    const back = (await (await h.fetch(`/v1/trace/backward/${serial}`, { role: 'viewer' })).json()) as { nodes: { kind: string; code: string }[] };
    assert.ok(back.nodes.some((n) => n.kind === 'lot' && n.code === lot));
    const fwd = (await (await h.fetch(`/v1/trace/forward/${lot}`, { role: 'viewer' })).json()) as { nodes: { kind: string; code: string }[] };
    assert.ok(fwd.nodes.some((n) => n.kind === 'item' && n.code === serial));
    const wip = (await (await h.fetch('/v1/wip', { role: 'viewer' })).json()) as { stations: { station: string; items: number }[] };
    assert.equal(wip.stations.find((s) => s.station === 'PACK-1')?.items, 1);

    // The same image again at the same station within the window: recorded once.
    const again = (await (await h.fetch('/v1/reads?station=PACK-1', { method: 'POST', role: 'operator', headers: { 'content-type': 'image/png' }, body: logistics })).json()) as ReadBody;
    assert.equal(again.duplicate, true);
    assert.deepEqual(again.events, body.events);
  });

  test('label verification: a station expecting another lot fails with reasons, goes to review, and a reviewer corrects it', async () => {
    const put = await h.fetch('/v1/stations/PACK-2/expectations', {
      method: 'PUT', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ gtin: expectedLogistics['gtin'], lot: 'WRONGLOT1', workOrder: 'WO-77' }),
    });
    assert.equal(put.status, 200);
    const res = await h.fetch('/v1/reads?station=PACK-2', { method: 'POST', role: 'operator', headers: { 'content-type': 'image/png' }, body: logistics });
    assert.equal(res.status, 201);
    const body = (await res.json()) as ReadBody;
    assert.equal(body.verification?.pass, false);
    assert.equal(body.verification?.reasons.length, 1);
    assert.match(body.verification?.reasons[0] ?? '', /^lot: expected "WRONGLOT1"/);
    assert.equal(body.review, 'verification-failed');
    // The failure is an `alerted` event in the record, in the item's history beside its read.
    const alertId = body.verification?.alertEvent;
    assert.ok(alertId !== undefined, 'a failed verification records an alerted event');
    const history = (await (await h.fetch(`/v1/items/${expectedLogistics['serial']}`, { role: 'viewer' })).json()) as { events: { id: string; type: string; station: string; payload: Record<string, unknown> }[] };
    const alert = history.events.find((e) => e.id === alertId);
    assert.equal(alert?.type, 'alerted');
    assert.equal(alert?.station, 'PACK-2');
    assert.deepEqual(alert?.payload['reasons'], body.verification?.reasons);
    assert.equal(alert?.payload['readId'], body.id);
    assert.equal(alert?.payload['lot'], expectedLogistics['lot']);
    assert.equal((await h.service.store.auditVerify()).ok, true);

    // Expectations that match pass.
    const ok = (await (await h.fetch(`/v1/reads?station=PACK-3&expectedLot=${expectedLogistics['lot']}&expectedGtin=${expectedLogistics['gtin']}`, { method: 'POST', role: 'operator', headers: { 'content-type': 'image/png' }, body: logistics })).json()) as ReadBody;
    assert.equal(ok.verification?.pass, true);
    assert.equal(ok.verification?.alertEvent, undefined, 'a pass records no alert');

    const review = (await (await h.fetch('/v1/review', { role: 'viewer' })).json()) as { reads: { id: string; reason: string }[] };
    assert.ok(review.reads.some((r) => r.id === body.id && r.reason === 'verification-failed'));

    const corr = await h.fetch('/v1/corrections', {
      method: 'POST', role: 'reviewer', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ readId: body.id, field: 'lot', value: 'L24B1187', reason: 'lot label reprinted' }),
    });
    assert.equal(corr.status, 201);
    const corrected = (await corr.json()) as { event: string; corrects: string };
    assert.equal(corrected.corrects, body.events[0]);
    const item = (await (await h.fetch(`/v1/items/${expectedLogistics['serial']}`, { role: 'viewer' })).json()) as { events: { id: string; type: string; correctedBy: string[] }[] };
    assert.ok(item.events.some((e) => e.id === corrected.event && e.type === 'corrected'));
    const after = (await (await h.fetch('/v1/review', { role: 'viewer' })).json()) as { reads: { id: string }[] };
    assert.ok(!after.reads.some((r) => r.id === body.id), 'a corrected read leaves the review queue');
    const recall = (await (await h.fetch('/v1/recall/L24B1187', { role: 'viewer' })).json()) as { items: { serial: string }[] };
    assert.ok(recall.items.some((i) => i.serial === expectedLogistics['serial']));
  });

  test('a truncated PNG → 422 IMAGE_DECODE_FAILED from the reader, no event', async () => {
    const before = await h.service.store.countEvents();
    const res = await h.fetch('/v1/reads?station=PACK-1', { method: 'POST', role: 'operator', headers: { 'content-type': 'image/png' }, body: logistics.subarray(0, 2000) });
    assert.ok(res.status === 422 || res.status === 400, `status ${res.status}`);
    const body = (await res.json()) as { code: string };
    assert.ok(['IMAGE_DECODE_FAILED', 'IMAGE_UNSUPPORTED_FORMAT'].includes(body.code), body.code);
    assert.equal(await h.service.store.countEvents(), before);
  });
});
