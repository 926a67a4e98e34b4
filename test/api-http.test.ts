/**
 * HTTP API against a started server (loopback): auth and roles, limits, content checks,
 * injection attempts, decompression bombs, idempotency, errors, docs, metrics.
 * The reader is a stand-in here (the subject is the HTTP layer); test/api-reads.test.ts uses the real one.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { createStandInReader, makePng, startHarness } from './api-harness.js';
import type { Harness, StandInReader } from './api-harness.js';
import { pngClaimingSize } from './helpers/bad-images.js';

/** Every route that needs a key, with a syntactically valid request. */
const PROTECTED: readonly [method: string, path: string][] = [
  ['POST', '/v1/reads?station=L1'],
  ['GET', '/v1/reads/0190a1b2-0000-7000-8000-000000000000'],
  ['GET', '/v1/items/SN1'],
  ['GET', '/v1/trace/backward/SN1'],
  ['GET', '/v1/trace/forward/L1'],
  ['GET', '/v1/recall/L1'],
  ['GET', '/v1/wip'],
  ['POST', '/v1/corrections'],
  ['GET', '/v1/review'],
  ['GET', '/v1/epcis/events'],
  ['POST', '/v1/epcis/capture'],
  ['GET', '/v1/export/reads.csv'],
  ['GET', '/v1/export/lots.csv'],
  ['GET', '/metrics'],
  ['POST', '/v1/keys'],
  ['PUT', '/v1/stations/L1/expectations'],
];

async function countRows(h: Harness): Promise<{ events: number; reads: number; keys: number }> {
  const reads = await h.service.idb.db.selectFrom('integrate_reads').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const keys = await h.service.idb.db.selectFrom('integrate_api_keys').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { events: await h.service.store.countEvents(), reads: Number(reads.n), keys: Number(keys.n) };
}

describe('HTTP API (stand-in reader)', () => {
  let h: Harness;
  let reader: StandInReader;
  before(async () => {
    reader = createStandInReader();
    h = await startHarness({ reader, config: { http: { bodyLimitBytes: 256 * 1024, maxImagePixels: 4_000_000 } } });
  });
  after(async () => {
    await h.close();
  });

  test('no key, a wrong key and a revoked key → 401 AUTH_REQUIRED on every protected route', async () => {
    for (const [method, path] of PROTECTED) {
      const res = await h.fetch(path, { method, role: 'none' });
      assert.equal(res.status, 401, `${method} ${path}`);
      assert.equal(((await res.json()) as { code: string }).code, 'AUTH_REQUIRED');
      const wrong = await h.fetch(path, { method, role: 'none', headers: { authorization: 'Bearer tok_notakey' } });
      assert.equal(wrong.status, 401, `${method} ${path} with a wrong key`);
    }
    const created = (await (await h.fetch('/v1/keys', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'viewer', label: 'temp' }) })).json()) as { id: string; key: string };
    assert.equal((await fetch(`${h.url}/v1/wip`, { headers: { authorization: `Bearer ${created.key}` } })).status, 200);
    assert.equal((await h.fetch(`/v1/keys/${created.id}`, { method: 'DELETE' })).status, 200);
    assert.equal((await fetch(`${h.url}/v1/wip`, { headers: { authorization: `Bearer ${created.key}` } })).status, 401);
  });

  test('wrong role → 403 AUTH_FORBIDDEN', async () => {
    const cases: [string, string, 'viewer' | 'operator' | 'reviewer'][] = [
      ['POST', '/v1/reads?station=L1', 'viewer'],
      ['POST', '/v1/reads?station=L1', 'reviewer'],
      ['POST', '/v1/corrections', 'operator'],
      ['POST', '/v1/corrections', 'viewer'],
      ['POST', '/v1/keys', 'operator'],
      ['POST', '/v1/keys', 'reviewer'],
      ['PUT', '/v1/stations/L1/expectations', 'operator'],
      ['POST', '/v1/epcis/capture', 'viewer'],
    ];
    for (const [method, path, role] of cases) {
      const res = await h.fetch(path, { method, role, headers: { 'content-type': 'application/json' }, body: '{}' });
      assert.equal(res.status, 403, `${role} ${method} ${path}`);
      assert.equal(((await res.json()) as { code: string }).code, 'AUTH_FORBIDDEN');
    }
  });

  test('a registered image → 201 with the read and one event; GET /v1/reads/:id gives it back with boxes and the image', async () => {
    const png = await makePng();
    reader.register(png, { serial: 'SN1001', lot: 'LOTA1', gtin: '09506000134352' });
    const form = new FormData();
    form.set('station', 'L1');
    form.set('image', new Blob([png], { type: 'image/png' }), 'cam.png');
    const res = await h.fetch('/v1/reads', { method: 'POST', role: 'operator', body: form });
    assert.equal(res.status, 201);
    const body = (await res.json()) as { id: string; read: { ok: boolean; fields: Record<string, { value: string }> }; events: string[]; review: string | null };
    assert.equal(body.read.fields['serial']?.value, 'SN1001');
    assert.equal(body.events.length, 1);
    assert.equal(body.review, null);
    const got = (await (await h.fetch(`/v1/reads/${body.id}`, { role: 'viewer' })).json()) as { read: { lines: { box: number[] }[] }; image: { url: string }; events: string[] };
    assert.deepEqual(got.events, body.events);
    assert.equal(got.read.lines[0]?.box.length, 4);
    const img = Buffer.from(await (await h.fetch(got.image.url, { role: 'viewer' })).arrayBuffer());
    assert.ok(img.equals(Buffer.from(png)));
    const item = (await (await h.fetch('/v1/items/SN1001', { role: 'viewer' })).json()) as { events: { id: string }[] };
    assert.deepEqual(item.events.map((e) => e.id), body.events);
  });

  test('same idempotency key twice → one read, one event, the second answer replays the first', async () => {
    const png = await makePng();
    reader.register(png, { serial: 'SN2002' });
    const before = await countRows(h);
    const post = () => h.fetch('/v1/reads?station=L2', { method: 'POST', role: 'operator', headers: { 'content-type': 'image/png', 'idempotency-key': 'cam7-frame-000123' }, body: png });
    const [a, b] = await Promise.all([post(), post()]);
    const c = await post();
    const bodies = (await Promise.all([a, b, c].map((r) => r.json()))) as { id: string; events: string[] }[];
    assert.deepEqual([a.status, b.status, c.status].sort(), [200, 200, 201]);
    assert.equal(new Set(bodies.map((x) => x.id)).size, 1);
    const afterCounts = await countRows(h);
    assert.equal(afterCounts.events - before.events, 1);
    assert.equal(afterCounts.reads - before.reads, 1);
  });

  test('same idempotency key with another image or station → 409 STORE_CONFLICT, nothing recorded', async () => {
    const first = await makePng();
    const other = await makePng();
    reader.register(first, { serial: 'SN2003' });
    reader.register(other, { serial: 'SN2004' });
    const post = (body: Uint8Array<ArrayBuffer>, station: string) => h.fetch(`/v1/reads?station=${station}`, { method: 'POST', role: 'operator', headers: { 'content-type': 'image/png', 'idempotency-key': 'cam7-frame-000124' }, body });
    assert.equal((await post(first, 'L2')).status, 201);
    const before = await countRows(h);
    for (const [body, station] of [[other, 'L2'], [first, 'L3']] as const) {
      const res = await post(body, station);
      assert.equal(res.status, 409);
      const err = (await res.json()) as { code: string; message: string };
      assert.equal(err.code, 'STORE_CONFLICT');
      assert.match(err.message, /cam7-frame-000124/);
    }
    assert.deepEqual(await countRows(h), before);
    assert.equal((await post(first, 'L2')).status, 200, 'the same request again still replays');
  });

  test('oversized upload → 413 PAYLOAD_TOO_LARGE (raw body and multipart)', async () => {
    const big = Buffer.alloc(300 * 1024, 1);
    big.set([0x89, 0x50, 0x4e, 0x47], 0);
    const raw = await h.fetch('/v1/reads?station=L1', { method: 'POST', role: 'operator', headers: { 'content-type': 'image/png' }, body: new Uint8Array(big) });
    assert.equal(raw.status, 413);
    assert.equal(((await raw.json()) as { code: string }).code, 'PAYLOAD_TOO_LARGE');
    const form = new FormData();
    form.set('image', new Blob([new Uint8Array(big)], { type: 'image/png' }), 'big.png');
    const mp = await h.fetch('/v1/reads?station=L1', { method: 'POST', role: 'operator', body: form });
    assert.equal(mp.status, 413);
    assert.equal(((await mp.json()) as { code: string }).code, 'PAYLOAD_TOO_LARGE');
  });

  test('non-image → 415 with a code; a text body → 415 UNSUPPORTED_MEDIA_TYPE; nothing recorded', async () => {
    const before = await countRows(h);
    const pdf = await h.fetch('/v1/reads?station=L1', { method: 'POST', role: 'operator', headers: { 'content-type': 'application/octet-stream' }, body: new TextEncoder().encode('%PDF-1.4 not an image') });
    assert.equal(pdf.status, 415);
    assert.equal(((await pdf.json()) as { code: string }).code, 'IMAGE_UNSUPPORTED_FORMAT');
    const lying = await h.fetch('/v1/reads?station=L1', { method: 'POST', role: 'operator', headers: { 'content-type': 'image/jpeg' }, body: new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>') });
    assert.equal(lying.status, 415);
    const text = await h.fetch('/v1/reads?station=L1', { method: 'POST', role: 'operator', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    assert.equal(text.status, 415);
    assert.equal(((await text.json()) as { code: string }).code, 'UNSUPPORTED_MEDIA_TYPE');
    assert.deepEqual(await countRows(h), before);
  });

  test('decompression bombs are refused from the header (413 IMAGE_TOO_LARGE) without the memory to decode them', async () => {
    // 1: a header claiming 100k × 100k pixels with a tiny body.
    const liar = pngClaimingSize(100_000, 100_000);
    // 2: a real bomb — 10,000 × 10,000 gray zeros (100 MB of pixels) deflated to ~100 kB.
    const w = 10_000;
    const row = Buffer.alloc(w + 1); // filter byte 0 + zeros
    const idat = deflateSync(Buffer.concat(Array.from({ length: w }, () => row)), { level: 9 });
    const bomb = pngWithGray(w, w, idat);
    assert.ok(bomb.length < 256 * 1024, `bomb is ${bomb.length} bytes`);
    const rssBefore = process.memoryUsage().rss;
    for (const body of [liar, bomb]) {
      const res = await h.fetch('/v1/reads?station=L1', { method: 'POST', role: 'operator', headers: { 'content-type': 'image/png' }, body: new Uint8Array(body) });
      assert.equal(res.status, 413);
      assert.equal(((await res.json()) as { code: string }).code, 'IMAGE_TOO_LARGE');
    }
    const grownMb = (process.memoryUsage().rss - rssBefore) / 1e6;
    assert.ok(grownMb < 80, `rss grew ${grownMb.toFixed(0)} MB`);
  });

  test('SQL and path injection attempts in every parameter → 400 INPUT_INVALID, nothing changed', async () => {
    const before = await countRows(h);
    const attacks = ["' OR '1'='1", "x'; DROP TABLE events; --", '../../etc/passwd', '..%2F..%2Fetc%2Fpasswd', 'a b', '%00', 'SN1" OR 1=1'];
    const paths = (a: string): [string, string, unknown?][] => {
      const e = encodeURIComponent(a);
      return [
        ['GET', `/v1/items/${e}`], ['GET', `/v1/trace/backward/${e}`], ['GET', `/v1/trace/forward/${e}`], ['GET', `/v1/recall/${e}`],
        ['GET', `/v1/reads/${e}`], ['GET', `/v1/reads/${e}/image`], ['GET', `/v1/review?limit=${e}`],
        ['GET', `/v1/export/reads.csv?since=${e}`], ['GET', `/v1/export/lots.csv?since=${e}`], ['GET', `/v1/epcis/events?GE_eventTime=${e}`], ['GET', `/v1/epcis/events?EQ_bizStep=${e}`],
        ['GET', `/v1/epcis/events?MATCH_epc=${e}`], ['GET', `/v1/wip?station=${e}`],
        ['POST', `/v1/reads?station=${e}`], ['POST', `/v1/reads?station=L1&expectedLot=${e}`],
        ['PUT', `/v1/stations/${e}/expectations`, {}], ['PUT', '/v1/stations/L1/expectations', { lot: a }],
        ['POST', '/v1/corrections', { readId: a, field: 'lot', value: 'L1' }],
        ['POST', '/v1/corrections', { readId: '0190a1b2-0000-7000-8000-000000000000', field: 'lot', value: a }],
        ['POST', '/v1/corrections', { readId: '0190a1b2-0000-7000-8000-000000000000', field: a, value: 'L1' }],
        ['POST', '/v1/keys', { role: a }], ['DELETE', `/v1/keys/${e}`],
      ];
    };
    const png = await makePng();
    reader.register(png, { serial: 'SN3003' });
    for (const a of attacks) {
      for (const [method, path, json] of paths(a)) {
        const init: RequestInit = { method };
        if (json !== undefined) Object.assign(init, { headers: { 'content-type': 'application/json' }, body: JSON.stringify(json) });
        else if (method === 'POST') Object.assign(init, { headers: { 'content-type': 'image/png' }, body: png });
        const res = await h.fetch(path, init);
        // Path traversal in a URL segment may be resolved by the URL parser into another route: that is a 404, never a 2xx.
        assert.ok(res.status === 400 || (res.status === 404 && a.includes('..')), `${method} ${path} → ${res.status}`);
        const body = (await res.json()) as { code: string };
        assert.ok(body.code === 'INPUT_INVALID' || body.code === 'NOT_FOUND', `${method} ${path} → ${body.code}`);
      }
    }
    assert.deepEqual(await countRows(h), before);
    assert.equal((await h.service.store.auditVerify()).ok, true);
  });

  test('errors are {code, message}; unknown route → 404 NOT_FOUND; CORS is off', async () => {
    const res = await h.fetch('/v1/nope', { role: 'viewer' });
    assert.equal(res.status, 404);
    assert.deepEqual(Object.keys((await res.json()) as object).sort(), ['code', 'message']);
    const missing = await h.fetch('/v1/items/NOSUCHSERIAL', { role: 'viewer' });
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as { code: string }).code, 'NOT_FOUND');
    const pre = await fetch(`${h.url}/v1/reads`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    assert.equal(pre.headers.get('access-control-allow-origin'), null);
    const get = await h.fetch('/v1/wip', { role: 'viewer', headers: { origin: 'https://evil.example' } });
    assert.equal(get.headers.get('access-control-allow-origin'), null);
  });

  test('/healthz, /docs (OpenAPI from the route schemas) and /metrics (Prometheus text)', async () => {
    const health = await fetch(`${h.url}/healthz`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { ok: true, store: 'up', mqtt: 'off' });
    const doc = (await (await fetch(`${h.url}/docs/json`)).json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    assert.match(doc.openapi, /^3\./);
    assert.ok((doc.paths['/v1/reads']?.['post'] as { requestBody?: { content: Record<string, unknown> } }).requestBody?.content['multipart/form-data']);
    for (const p of ['/v1/reads', '/v1/reads/{id}', '/v1/items/{serial}', '/v1/trace/backward/{code}', '/v1/recall/{lot}', '/v1/wip', '/v1/corrections', '/v1/review', '/v1/epcis/events', '/v1/epcis/capture', '/v1/export/reads.csv']) {
      assert.ok(doc.paths[p], `OpenAPI lacks ${p}`);
    }
    assert.equal((await fetch(`${h.url}/docs`)).status < 400, true);
    const metrics = await h.fetch('/metrics', { role: 'viewer' });
    assert.equal(metrics.status, 200);
    const text = await metrics.text();
    assert.match(text, /traceocr_reads_total\{station="L1",outcome="ok"\} [1-9]/);
    assert.match(text, /traceocr_read_duration_seconds_bucket/);
    assert.match(text, /traceocr_http_request_duration_seconds_bucket/);
    assert.match(text, /traceocr_read_queue_depth 0/);
    assert.match(text, /traceocr_errors_total\{code="AUTH_REQUIRED"\} [1-9]/);
  });

  test('CSV export: one row per read since a time, RFC 4180, formula cells neutralised', async () => {
    const png = await makePng();
    reader.register(png, { serial: '=HYPERLINK("x")', lot: 'LOT,9' });
    const since = new Date(Date.now() - 1000).toISOString();
    assert.equal((await h.fetch('/v1/reads?station=L9', { method: 'POST', role: 'operator', headers: { 'content-type': 'image/png' }, body: png })).status, 201);
    const res = await h.fetch(`/v1/export/reads.csv?since=${encodeURIComponent(since)}`, { role: 'viewer' });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/csv/);
    const lines = (await res.text()).trimEnd().split('\r\n');
    assert.equal(lines[0], 'read_id,received_at,station,ok,serial,lot,gtin,part_number,production_date,expiry_date,quantity,verification,review,event_ids');
    const row = lines.find((l) => l.includes(',L9,'));
    assert.ok(row, lines.join('\n'));
    assert.ok(row.includes(`"'=HYPERLINK(""x"")"`), row);
    assert.ok(row.includes('"LOT,9"'), row);
    const lotsCsv = (await (await h.fetch(`/v1/export/lots.csv?since=${encodeURIComponent(since)}`, { role: 'viewer' })).text()).trimEnd().split('\r\n');
    assert.equal(lotsCsv[0], 'lot,gtin,expiry_date,items,reads,first_seen,last_seen,stations');
    assert.ok(lotsCsv.some((l) => l.startsWith('"LOT,9",,,1,1,') && l.endsWith(',L9')), lotsCsv.join('\n'));
    const all = (await (await h.fetch('/v1/export/lots.csv', { role: 'viewer' })).text()).trimEnd().split('\r\n');
    assert.ok(all.some((l) => l.startsWith('LOTA1,09506000134352,,1,1,')), all.join('\n'));
  });
});

describe('HTTP API rate limit', () => {
  test('more than perMinute requests from one key → 429 RATE_LIMITED; another key is unaffected', async () => {
    const h = await startHarness({ reader: createStandInReader(), config: { rateLimit: { perMinute: 5 } } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await h.fetch('/v1/wip', { role: 'viewer' })).status);
      assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429, 429]);
      const limited = await h.fetch('/v1/wip', { role: 'viewer' });
      assert.equal(((await limited.json()) as { code: string }).code, 'RATE_LIMITED');
      assert.ok(limited.headers.get('retry-after'));
      assert.equal((await h.fetch('/v1/wip', { role: 'admin' })).status, 200);
    } finally {
      await h.close();
    }
  });
});

function pngWithGray(width: number, height: number, idat: Buffer): Buffer {
  // Reuse the helper's chunk writer through a header of the right size, then swap IHDR/IDAT.
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // grayscale
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', ihdr), pngChunk('IDAT', idat), pngChunk('IEND', Buffer.alloc(0))]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  let c = ~0;
  for (const b of td) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(~c >>> 0);
  return Buffer.concat([len, td, crc]);
}

describe('image screening', () => {
  test('a BMP header claiming 50k × 50k pixels is refused before decoding', async () => {
    const { screenImage } = await import('../src/integrate/index.js');
    const bmp = new Uint8Array(54);
    const v = new DataView(bmp.buffer);
    bmp[0] = 0x42;
    bmp[1] = 0x4d;
    v.setInt32(14, 40, true);
    v.setInt32(18, 50_000, true);
    v.setInt32(22, -50_000, true);
    await assert.rejects(screenImage(bmp, 40_000_000), (err: unknown) => (err as { code?: string }).code === 'IMAGE_TOO_LARGE');
    v.setInt32(18, 100, true);
    v.setInt32(22, 100, true);
    assert.equal(await screenImage(bmp, 40_000_000), 'image/bmp');
  });
});
