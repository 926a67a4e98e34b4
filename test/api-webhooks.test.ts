/**
 * Webhooks: HMAC-SHA256 signed, retried with backoff while the receiver fails, kept in the
 * outbox across a service restart; a failed label verification raises an `alert`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStandInReader, makePng, startHarness } from './api-harness.js';
import type { Harness } from './api-harness.js';

const SECRET = 'a-webhook-secret-of-32-characters!';

test('webhooks are signed, retried while the receiver fails, and survive a restart', { timeout: 60_000 }, async () => {
  const got: { kind: string; id: string; delivery: string }[] = [];
  let failuresLeft = 3;
  let badSignatures = 0;
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      const ts = String(req.headers['x-traceocr-timestamp']);
      const want = Buffer.from('sha256=' + createHmac('sha256', SECRET).update(`${ts}.${body}`).digest('hex'));
      const sig = Buffer.from(String(req.headers['x-traceocr-signature']));
      if (sig.length !== want.length || !timingSafeEqual(sig, want)) {
        badSignatures++;
        res.writeHead(401).end();
        return;
      }
      if (failuresLeft > 0) {
        failuresLeft--;
        res.writeHead(503).end();
        return;
      }
      const msg = JSON.parse(body) as { kind: string; id: string };
      got.push({ kind: msg.kind, id: msg.id, delivery: String(req.headers['x-traceocr-delivery']) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  const dir = mkdtempSync(join(tmpdir(), 'traceocr-wh-'));
  const reader = createStandInReader();
  const config = { webhooks: [{ url, secret: SECRET, events: [] }], outbox: { pollMs: 100, backoffMs: 100, maxBackoffMs: 400 } };
  let h: Harness | undefined;
  try {
    h = await startHarness({ reader, config, dir });
    await h.fetch('/v1/stations/WH-1/expectations', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lot: 'EXPECTED1' }) });
    const png = await makePng();
    reader.register(png, { serial: 'WH0001', lot: 'OTHERLOT' });
    const res = await h.fetch('/v1/reads?station=WH-1', { method: 'POST', role: 'operator', headers: { 'content-type': 'image/png' }, body: png });
    assert.equal(res.status, 201);
    const readId = ((await res.json()) as { id: string }).id;
    // The three first attempts fail; then restart: the pending deliveries are in the database.
    const tFail = Date.now();
    while (failuresLeft > 0 && Date.now() - tFail < 10_000) await new Promise((r) => setTimeout(r, 20));
    assert.equal(got.length, 0);
    assert.equal(await h.service.server.outbox.pending(), 3);
    await h.close();
    h = await startHarness({ reader, config, dir });
    const t0 = Date.now();
    while (got.length < 3 && Date.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(got.map((g) => g.kind).sort(), ['alert', 'read', 'verification']);
    assert.ok(got.every((g) => g.id === readId));
    assert.equal(new Set(got.map((g) => g.delivery)).size, 3);
    assert.equal(badSignatures, 0);
    assert.equal(failuresLeft, 0, 'the receiver failed 3 times first: those were retried');
    assert.equal(await h.service.server.outbox.pending(), 0);
  } finally {
    await h?.close();
    receiver.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
