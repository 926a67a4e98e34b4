/**
 * Load test of `traceocr serve` (loopback only, bounded): N concurrent clients post label images
 * to POST /v1/reads for D seconds with the REAL reader, then the store is counted: every accepted
 * response (201) must be exactly one read document and one recorded event — none lost, none
 * duplicated — and the error rate must be 0. Prints p50/p95/p99 latency.
 *
 * Each request carries a unique idempotency key and a unique PNG (the sample label with a tEXt
 * chunk holding a counter: same pixels, new SHA-256), so the store's duplicate-image window does
 * not fold distinct submissions together.
 *
 * Usage: node --import tsx bench/api/main.ts [--connections 50] [--duration 60] [--image samples/label-gs1-logistics.png]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pino from 'pino';
import { createApiKey, loadServeConfig, startService } from '../../src/integrate/index.js';
import { withPngTextChunk } from '../../test/helpers/bad-images.js';

const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '50' },
    duration: { type: 'string', default: '60' },
    image: { type: 'string', default: 'samples/label-gs1-logistics.png' },
    'read-concurrency': { type: 'string', default: '2' },
  },
});
const connections = Number(values.connections);
const durationS = Number(values.duration);
const image = readFileSync(values.image);

const withTextChunk = (png: Buffer, text: string): Buffer => withPngTextChunk(png, 'traceocr-bench', text);

const dir = mkdtempSync(join(tmpdir(), 'traceocr-bench-api-'));
const base = loadServeConfig({ overrides: { port: 0, store: join(dir, 'traceocr.db') } });
const config = { ...base, logLevel: 'silent' as const, http: { ...base.http, readConcurrency: Number(values['read-concurrency']) }, rateLimit: { perMinute: 1_000_000 } };
console.log(`starting service (real reader) on ${config.store}`);
const service = await startService(config, { logger: pino({ level: 'silent' }) });
const key = (await createApiKey(service.idb, 'operator', 'bench')).key;
// One warm-up read so model loading is not in the figures.
await fetch(`${service.url}/v1/reads?station=WARMUP`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'image/png' }, body: new Uint8Array(withTextChunk(image, 'warmup')) });
const eventsBefore = await service.store.countEvents();

let counter = 0;
const acceptedIds: string[] = [];
const runId = Date.now().toString(36);
console.log(`load: ${connections} connections × ${durationS} s → POST /v1/reads (${image.length} B PNG)`);
const result = await autocannon({
  url: service.url,
  connections,
  duration: durationS,
  timeout: 300,
  requests: [{
    method: 'POST',
    path: '/v1/reads?station=LOAD-1',
    setupRequest: (req) => {
      const n = counter++;
      return { ...req, body: withTextChunk(image, `${runId}-${n}`), headers: { authorization: `Bearer ${key}`, 'content-type': 'image/png', 'idempotency-key': `bench-${runId}-${n}` } };
    },
    onResponse: (status, body) => {
      if (status === 201) acceptedIds.push((JSON.parse(body) as { id: string }).id);
    },
  }],
});
// Let in-flight reads that autocannon stopped waiting for finish before counting.
while (service.server.reads.running() > 0 || service.server.reads.queueDepth() > 0) await new Promise((r) => setTimeout(r, 200));

const accepted = result['2xx'];
const rows = await service.idb.db.selectFrom('integrate_reads').select(['id', 'idempotency_key', 'event_ids']).where('station', '=', 'LOAD-1').execute();
const reads = rows.length;
const stored = new Set(rows.map((r) => r.id));
const lost = acceptedIds.filter((id) => !stored.has(id)).length;
const duplicateKeys = reads - new Set(rows.map((r) => r.idempotency_key)).size;
const eventIds = rows.flatMap((r) => JSON.parse(r.event_ids) as string[]);
const events = (await service.store.countEvents()) - eventsBefore;
// Requests still in flight when autocannon stopped were completed by the server but never answered to it.
const unanswered = reads - acceptedIds.length;
const errors = result.errors + result.timeouts + result.non2xx;
const lat = result.latency;
console.log([
  `requests sent        ${result.requests.sent}`,
  `accepted (2xx)       ${accepted}`,
  `non-2xx / errors / timeouts  ${result.non2xx} / ${result.errors} / ${result.timeouts}`,
  `error rate           ${(errors / Math.max(1, accepted + errors) * 100).toFixed(2)} %`,
  `reads in store       ${reads} (${unanswered} finished after the client stopped waiting)`,
  `events recorded      ${events} (distinct ids on reads: ${new Set(eventIds).size})`,
  `accepted but lost    ${lost}`,
  `duplicate keys       ${duplicateKeys}`,
  `throughput           ${(accepted / durationS).toFixed(2)} reads/s`,
  `latency ms           p50 ${lat.p50}  p90 ${lat.p90}  p97.5 ${lat.p97_5}  p99 ${lat.p99}  max ${lat.max}`,
].join('\n'));
// autocannon reports p90/p97.5/p99 but no p95; compute it from its histogram percentiles by interpolation.
const p95 = lat.p90 + ((lat.p97_5 - lat.p90) * (95 - 90)) / (97.5 - 90);
console.log(`latency p95 ≈ ${Math.round(p95)} ms (interpolated between p90 and p97.5)`);
const ok = acceptedIds.length === accepted && lost === 0 && duplicateKeys === 0 && events === reads && new Set(eventIds).size === reads && errors === 0;
console.log(ok ? 'PASS: no request lost or duplicated, error rate 0' : 'FAIL: counts differ or errors occurred');
await service.close();
rmSync(dir, { recursive: true, force: true });
process.exitCode = ok ? 0 : 1;
