/**
 * The outbox: every outbound message (MQTT publish, webhook POST) is first written to the
 * `integrate_outbox` table in the service's database, then delivered by a dispatcher that
 * retries with exponential backoff until it succeeds. A message is marked delivered only
 * after the broker's PUBACK (MQTT 3.1.1 §4.3.2, QoS 1) or a 2xx from the webhook, so a broker
 * outage, a receiver outage or a restart loses nothing (delivery is at-least-once; receivers
 * de-duplicate by the message id in `x-traceocr-delivery` / the payload's `id`).
 */
import { createHmac, randomUUID } from 'node:crypto';
import mqtt from 'mqtt';
import type { MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import type { IntegrateDb } from './integrate-db.js';

/** One message to deliver. */
export interface OutboundMessage {
  readonly channel: 'mqtt' | 'webhook';
  /** MQTT topic, or webhook URL. */
  readonly target: string;
  /** `read`, `verification`, `alert`, `correction`. */
  readonly kind: string;
  readonly payload: unknown;
}

/** Writes messages to the outbox (delivered later by the dispatcher). */
export async function enqueueOutbound(idb: IntegrateDb, messages: readonly OutboundMessage[]): Promise<void> {
  if (messages.length === 0) return;
  const now = Date.now();
  const rows = messages.map((m) => ({
    id: nextOutboxId(now), created_ms: now, channel: m.channel, target: m.target, kind: m.kind,
    payload: JSON.stringify(m.payload), attempts: 0, next_attempt_ms: now, delivered_ms: null, last_error: null,
  }));
  await idb.write((db) => db.insertInto('integrate_outbox').values(rows).execute());
}

/**
 * HMAC-SHA256 signature of a webhook body, as sent in `x-traceocr-signature: sha256=HEX`.
 * The signed string is `${timestamp}.${body}` so that a captured request cannot be replayed
 * later with a new timestamp (the receiver rejects old timestamps).
 */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return 'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** Wiring of {@link createOutboxDispatcher}. */
export interface OutboxDispatcherConfig {
  readonly idb: IntegrateDb;
  readonly logger: Logger;
  readonly mqtt?: { readonly url: string; readonly clientId?: string };
  /** Webhook secrets by URL. */
  readonly webhookSecrets: ReadonlyMap<string, string>;
  readonly pollMs: number;
  readonly backoffMs: number;
  readonly maxBackoffMs: number;
  readonly timeoutMs: number;
}

/** Counters of the dispatcher (for /metrics). */
export interface OutboxStats {
  delivered: Record<string, number>;
  failures: Record<string, number>;
}

/** A running dispatcher. */
export interface OutboxDispatcher {
  /** Delivers what is due now (also runs on its own every `pollMs`). */
  drain(): Promise<void>;
  /** Messages not yet delivered. */
  pending(): Promise<number>;
  mqttConnected(): boolean;
  readonly stats: OutboxStats;
  close(): Promise<void>;
}

const BATCH = 200;
const RETAIN_DELIVERED_MS = 7 * 24 * 3_600_000;

let outboxCounter = 0;
const processTag = randomUUID().slice(0, 8);
/** Ids that sort in enqueue order (time, then a per-process counter), so delivery keeps the order. */
function nextOutboxId(nowMs: number): string {
  outboxCounter = (outboxCounter + 1) % 1e9;
  return `${String(nowMs).padStart(14, '0')}-${String(outboxCounter).padStart(9, '0')}-${processTag}`;
}

/** Starts delivering the outbox: MQTT (QoS 1, reconnecting) and webhooks (signed, with backoff). */
export function createOutboxDispatcher(config: OutboxDispatcherConfig): OutboxDispatcher {
  const { idb, logger } = config;
  const stats: OutboxStats = { delivered: { mqtt: 0, webhook: 0 }, failures: { mqtt: 0, webhook: 0 } };
  let client: MqttClient | undefined;
  if (config.mqtt) {
    client = mqtt.connect(config.mqtt.url, {
      clientId: config.mqtt.clientId ?? `traceocr-${randomUUID().slice(0, 8)}`,
      reconnectPeriod: 1000,
      connectTimeout: 5000,
      // The outbox is the durable queue; mqtt.js's in-memory offline queue would only duplicate it.
      queueQoSZero: false,
    });
    client.on('error', (err) => logger.warn({ err: err.message }, 'mqtt error'));
    client.on('connect', () => {
      logger.info({ url: config.mqtt?.url }, 'mqtt connected');
      void drain();
    });
  }

  let draining: Promise<void> | undefined;
  let lastPruneMs = 0;
  let closed = false;

  async function markFailed(id: string, attempts: number, error: string, channel: string): Promise<void> {
    stats.failures[channel] = (stats.failures[channel] ?? 0) + 1;
    const delay = Math.min(config.backoffMs * 2 ** Math.min(attempts, 20), config.maxBackoffMs);
    await idb.write((db) => db.updateTable('integrate_outbox').set({ attempts: attempts + 1, next_attempt_ms: Date.now() + delay, last_error: error.slice(0, 500) }).where('id', '=', id).execute());
  }
  async function markDelivered(id: string, channel: string): Promise<void> {
    stats.delivered[channel] = (stats.delivered[channel] ?? 0) + 1;
    await idb.write((db) => db.updateTable('integrate_outbox').set({ delivered_ms: Date.now() }).where('id', '=', id).execute());
  }

  async function drainMqtt(): Promise<void> {
    const c = client;
    if (!c) return;
    while (!closed && c.connected) {
      const rows = await idb.db.selectFrom('integrate_outbox').selectAll().where('delivered_ms', 'is', null).where('channel', '=', 'mqtt')
        .orderBy('created_ms').orderBy('id').limit(BATCH).execute();
      if (rows.length === 0) return;
      // Publish the batch in flight together (mqtt.js keeps packet ids); mark each on its PUBACK.
      const results = await Promise.allSettled(rows.map((r) => withTimeout(c.publishAsync(r.target, r.payload, { qos: 1 }), config.timeoutMs)));
      let failed = 0;
      for (const [i, res] of results.entries()) {
        const r = rows[i]!;
        if (res.status === 'fulfilled') await markDelivered(r.id, 'mqtt');
        else {
          failed++;
          await markFailed(r.id, r.attempts, String((res.reason as Error)?.message ?? res.reason), 'mqtt');
        }
      }
      // The broker went away mid-batch: the rest waits for the reconnect.
      if (failed > 0) return;
    }
  }

  async function drainWebhooks(): Promise<void> {
    const rows = await idb.db.selectFrom('integrate_outbox').selectAll().where('delivered_ms', 'is', null).where('channel', '=', 'webhook')
      .where('next_attempt_ms', '<=', Date.now()).orderBy('created_ms').limit(BATCH).execute();
    await Promise.all(rows.map(async (r) => {
      const secret = config.webhookSecrets.get(r.target);
      if (secret === undefined) {
        await markFailed(r.id, r.attempts, 'webhook no longer configured', 'webhook');
        return;
      }
      const timestamp = String(Math.floor(Date.now() / 1000));
      try {
        const res = await fetch(r.target, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-traceocr-delivery': r.id, 'x-traceocr-event': r.kind, 'x-traceocr-timestamp': timestamp, 'x-traceocr-signature': signWebhook(secret, timestamp, r.payload) },
          body: r.payload,
          signal: AbortSignal.timeout(config.timeoutMs),
        });
        await res.body?.cancel();
        if (res.status >= 200 && res.status < 300) await markDelivered(r.id, 'webhook');
        else await markFailed(r.id, r.attempts, `HTTP ${res.status}`, 'webhook');
      } catch (err) {
        await markFailed(r.id, r.attempts, (err as Error).message, 'webhook');
      }
    }));
  }

  function drain(): Promise<void> {
    if (draining) return draining;
    draining = (async () => {
      try {
        await Promise.all([drainMqtt(), drainWebhooks()]);
        // Delivered rows are kept a week for inspection, then pruned (at most once an hour).
        if (Date.now() - lastPruneMs > 3_600_000) {
          lastPruneMs = Date.now();
          await idb.write((db) => db.deleteFrom('integrate_outbox').where('delivered_ms', '<', Date.now() - RETAIN_DELIVERED_MS).execute());
        }
      } catch (err) {
        logger.warn({ err: (err as Error).message }, 'outbox drain failed; retrying on the next poll');
      } finally {
        draining = undefined;
      }
    })();
    return draining;
  }

  const timer = setInterval(() => void drain(), config.pollMs);
  timer.unref();

  return {
    drain,
    async pending() {
      const row = await idb.db.selectFrom('integrate_outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('delivered_ms', 'is', null).executeTakeFirst();
      return Number(row?.n ?? 0);
    },
    mqttConnected: () => client?.connected ?? false,
    stats,
    async close() {
      closed = true;
      clearInterval(timer);
      await draining;
      if (client) await client.endAsync(true);
    },
  };
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no acknowledgement within ${ms} ms`)), ms);
    p.then((v) => {
      clearTimeout(t);
      resolve(v);
    }, (e: unknown) => {
      clearTimeout(t);
      reject(e instanceof Error ? e : new Error(String(e)));
    });
  });
}
