import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Prometheus metrics of `traceocr serve` (one registry per server, so tests can run several). */
export interface ServiceMetrics {
  readonly registry: Registry;
  readonly reads: Counter<'station' | 'outcome'>;
  readonly readSeconds: Histogram<'outcome'>;
  readonly httpSeconds: Histogram<'method' | 'route' | 'status'>;
  readonly errors: Counter<'code'>;
}

/** Callbacks sampled at scrape time. */
export interface ServiceMetricsSources {
  readonly readQueueDepth: () => number;
  readonly readsRunning: () => number;
  readonly outboxPending: () => Promise<number>;
  readonly mqttConnected: () => boolean;
}

/** Creates the registry: reads by outcome, latency histograms, queue depths, errors by code. */
export function createServiceMetrics(sources: ServiceMetricsSources): ServiceMetrics {
  const registry = new Registry();
  const reads = new Counter({ name: 'traceocr_reads_total', help: 'Reads made, by station and outcome (ok, failed, duplicate)', labelNames: ['station', 'outcome'] as const, registers: [registry] });
  const readSeconds = new Histogram({
    name: 'traceocr_read_duration_seconds', help: 'Time from submission to recorded read', labelNames: ['outcome'] as const,
    buckets: [0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30], registers: [registry],
  });
  const httpSeconds = new Histogram({
    name: 'traceocr_http_request_duration_seconds', help: 'HTTP request latency by route and status', labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers: [registry],
  });
  const errors = new Counter({ name: 'traceocr_errors_total', help: 'Errors answered, by error code', labelNames: ['code'] as const, registers: [registry] });
  new Gauge({ name: 'traceocr_read_queue_depth', help: 'Reads waiting for a reader slot', registers: [registry], collect() { this.set(sources.readQueueDepth()); } });
  new Gauge({ name: 'traceocr_reads_running', help: 'Reads running now', registers: [registry], collect() { this.set(sources.readsRunning()); } });
  new Gauge({ name: 'traceocr_outbox_pending', help: 'Outbound messages (MQTT, webhooks) not yet delivered', registers: [registry], async collect() { this.set(await sources.outboxPending()); } });
  new Gauge({ name: 'traceocr_mqtt_connected', help: '1 when connected to the MQTT broker', registers: [registry], collect() { this.set(sources.mqttConnected() ? 1 : 0); } });
  return { registry, reads, readSeconds, httpSeconds, errors };
}
