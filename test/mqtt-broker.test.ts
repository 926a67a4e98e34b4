/**
 * MQTT against a real Mosquitto: reads are published QoS 1 to `traceocr/<station>/read`; with the
 * broker down for 30 s (TRACEOCR_TEST_BROKER_DOWN_MS to change) — and the service restarted
 * meanwhile — every message is delivered once the broker is back. The test runs its own
 * mosquitto on a free loopback port (the machine's broker on 1883 is left alone); its
 * persistence keeps the subscriber's session across the outage, as a plant broker would.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import type { MqttClient } from 'mqtt';
import { createStandInReader, makePng, startHarness } from './api-harness.js';
import type { Harness } from './api-harness.js';

const MOSQUITTO = ['/usr/sbin/mosquitto', '/usr/bin/mosquitto'].find((p) => existsSync(p));
const DOWN_MS = Number(process.env['TRACEOCR_TEST_BROKER_DOWN_MS'] ?? 30_000);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      s.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

async function startBroker(configFile: string): Promise<ChildProcess> {
  const p = spawn(MOSQUITTO!, ['-c', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  p.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  await new Promise((r) => setTimeout(r, 300));
  if (p.exitCode !== null) throw new Error(`mosquitto exited: ${err}`);
  return p;
}

async function stopBroker(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null) return;
  const exited = new Promise((r) => p.once('exit', r));
  p.kill('SIGTERM'); // graceful: mosquitto writes its persistence file
  await exited;
}

describe('MQTT publish with the broker down', { skip: MOSQUITTO ? false : 'mosquitto not installed' }, () => {
  let dir: string;
  let brokerConf: string;
  let port: number;
  let broker: ChildProcess | undefined;
  let sub: MqttClient | undefined;
  let h: Harness | undefined;
  const received: { topic: string; id: string }[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'traceocr-mqtt-'));
    port = await freePort();
    brokerConf = join(dir, 'mosquitto.conf');
    writeFileSync(brokerConf, [`listener ${port} 127.0.0.1`, 'allow_anonymous true', 'persistence true', `persistence_location ${dir}/`, 'autosave_interval 1', ''].join('\n'));
    broker = await startBroker(brokerConf);
    sub = mqtt.connect(`mqtt://127.0.0.1:${port}`, { clientId: 'traceocr-test-sub', clean: false, reconnectPeriod: 200 });
    sub.on('message', (topic, payload) => received.push({ topic, id: (JSON.parse(payload.toString()) as { id: string }).id }));
    await new Promise<void>((resolve) => sub!.once('connect', () => resolve()));
    await sub.subscribeAsync('traceocr/#', { qos: 1 });
  });
  after(async () => {
    await h?.close();
    await sub?.endAsync(true);
    if (broker) await stopBroker(broker);
    rmSync(dir, { recursive: true, force: true });
  });

  test(`every read published during a ${DOWN_MS / 1000} s outage (and a service restart) arrives after the broker returns`, { timeout: DOWN_MS + 120_000 }, async () => {
    const reader = createStandInReader();
    const config = { mqtt: { url: `mqtt://127.0.0.1:${port}` }, outbox: { pollMs: 200, backoffMs: 200, maxBackoffMs: 2000 } };
    h = await startHarness({ reader, config, dir });
    const submit = async (i: number): Promise<string> => {
      const png = await makePng();
      reader.register(png, { serial: `MQ${String(i).padStart(4, '0')}` });
      const res = await h!.fetch('/v1/reads?station=MQ-1', { method: 'POST', role: 'operator', headers: { 'content-type': 'image/png' }, body: png });
      assert.equal(res.status, 201);
      return ((await res.json()) as { id: string }).id;
    };
    const ids: string[] = [];
    // Broker up: delivered straight away.
    for (let i = 0; i < 5; i++) ids.push(await submit(i));
    await waitFor(() => received.length >= 5, 10_000);

    await stopBroker(broker!);
    const tDown = Date.now();
    for (let i = 5; i < 25; i++) ids.push(await submit(i));
    // Restart the service while the broker is down: the outbox is in the database, not in memory.
    await h.close();
    h = await startHarness({ reader, config, dir });
    for (let i = 25; i < 40; i++) ids.push(await submit(i));
    const pending = await h.service.server.outbox.pending();
    assert.ok(pending >= 35, `${pending} messages pending while the broker is down`);
    const health = (await (await fetch(`${h.url}/healthz`)).json()) as { mqtt: string };
    assert.equal(health.mqtt, 'down');
    await new Promise((r) => setTimeout(r, Math.max(0, DOWN_MS - (Date.now() - tDown))));

    broker = await startBroker(brokerConf);
    // Generous: on a loaded 2-core CI machine the reconnects and the outbox backoff take a while.
    await waitFor(() => new Set(received.filter((m) => m.topic === 'traceocr/MQ-1/read').map((m) => m.id)).size >= ids.length, 60_000,
      () => `${new Set(received.map((m) => m.id)).size} of ${ids.length} reads received`);
    const got = received.filter((m) => m.topic === 'traceocr/MQ-1/read').map((m) => m.id);
    assert.deepEqual([...new Set(got)].sort(), [...ids].sort(), 'every read arrived');
    await waitFor(async () => (await h!.service.server.outbox.pending()) === 0, 10_000);
    const metrics = await (await h.fetch('/metrics', { role: 'viewer' })).text();
    assert.match(metrics, /traceocr_outbox_pending 0/);
    assert.match(metrics, /traceocr_mqtt_connected 1/);
  });
});

async function waitFor(cond: () => boolean | Promise<boolean>, timeoutMs: number, describe?: () => string): Promise<void> {
  const t0 = Date.now();
  while (!(await cond())) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms${describe ? `: ${describe()}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

