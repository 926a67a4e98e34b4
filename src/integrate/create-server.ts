import Fastify from 'fastify';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply } from 'fastify';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { sql } from 'kysely';
import pino from 'pino';
import type { Logger } from 'pino';
import { ERROR_CODES, TraceocrError, isTraceocrError } from '../core/errors.js';
import type { ErrorCode } from '../core/errors.js';
import type { ReadResult } from '../core/types.js';
import type { Reader } from '../read/index.js';
import type { CorrectedEvent, Store, StoredEvent } from '../trace/index.js';
import { createApiKey, hasPermission, isApiRole, listApiKeys, revokeApiKey, verifyApiKey } from './api-keys.js';
import type { ApiKeyInfo, ApiPermission } from './api-keys.js';
import { EPCIS_CONTEXT, fromEpcisEvent, parseEpc, toEpcisEvents } from './epcis-events.js';
import type { EpcisEvent } from './epcis-events.js';
import type { IntegrateDb } from './integrate-db.js';
import { createOutboxDispatcher, enqueueOutbound } from './outbox.js';
import type { OutboundMessage, OutboxDispatcher } from './outbox.js';
import { createReadService } from './read-service.js';
import type { ReadService, StationExpectations, SubmitReadResult } from './read-service.js';
import { STATION_PATTERN } from './serve-config.js';
import type { ServeConfig } from './serve-config.js';
import { createServiceMetrics } from './service-metrics.js';
import type { ServiceMetrics } from './service-metrics.js';
import { toCsv } from './csv-export.js';

/** Identifiers in URLs and bodies: what the extractor emits (upper-case alphanumerics, `-`, `.`, `_`). */
const CODE_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$';
const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const ISO_TIME_PATTERN = '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})?)?$';

/** Wiring of {@link createServer}. */
export interface ServerConfig {
  readonly config: Readonly<ServeConfig>;
  readonly store: Store;
  readonly idb: IntegrateDb;
  /** The reading pipeline; injected so tests can use a stand-in where the model is not the subject. */
  readonly reader: Reader;
  readonly logger?: Logger;
}

/** A built server with its background parts. */
export interface TraceocrServer {
  readonly app: FastifyInstance;
  readonly reads: ReadService;
  readonly outbox: OutboxDispatcher;
  readonly metrics: ServiceMetrics;
  /** Closes HTTP, the outbox dispatcher (MQTT) — not the store, reader or database it was given. */
  close(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyRequest {
    apiKey?: ApiKeyInfo;
  }
  interface FastifyContextConfig {
    /** Permission the route needs; absent = public (health, docs). */
    permission?: ApiPermission;
  }
}

const errorSchema = { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } }, required: ['code', 'message'] } as const;
const errorResponses = Object.fromEntries([400, 401, 403, 404, 409, 413, 415, 422, 429, 500, 503].map((s) => [s, { description: 'Error', ...errorSchema }]));
const anyObject = { type: 'object', additionalProperties: true } as const;

function sendError(reply: FastifyReply, code: ErrorCode, message: string): FastifyReply {
  return reply.code(ERROR_CODES[code].status).send({ code, message });
}

/** Maps any error thrown in a route or by fastify itself to `{code, message}` with its status. */
function toApiError(err: unknown): TraceocrError {
  if (isTraceocrError(err)) return err;
  const e = err as { code?: string; statusCode?: number; message?: string; validation?: unknown };
  const message = e.message ?? String(err);
  if (e.validation !== undefined) return new TraceocrError('INPUT_INVALID', message, { cause: err });
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || e.code === 'FST_REQ_FILE_TOO_LARGE' || e.statusCode === 413) return new TraceocrError('PAYLOAD_TOO_LARGE', message, { cause: err });
  if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || e.statusCode === 415) return new TraceocrError('UNSUPPORTED_MEDIA_TYPE', message, { cause: err });
  if (e.statusCode === 429) return new TraceocrError('RATE_LIMITED', message, { cause: err });
  if (e.statusCode !== undefined && e.statusCode >= 400 && e.statusCode < 500) return new TraceocrError('INPUT_INVALID', message, { cause: err });
  return new TraceocrError('INTERNAL', message, { cause: err });
}

/** Outbound messages of a read: MQTT per station (read, verification, alert) and webhooks. */
function outboundOf(config: Readonly<ServeConfig>, r: SubmitReadResult): OutboundMessage[] {
  const out: OutboundMessage[] = [];
  const fields = r.read.ok ? Object.fromEntries(Object.entries(r.read.fields).map(([k, f]) => [k, f?.value])) : {};
  const readMsg = { id: r.id, station: r.station, at: new Date().toISOString(), ok: r.read.ok, fields, events: r.events, duplicate: r.duplicate, review: r.review };
  const messages: { kind: 'read' | 'verification' | 'alert'; payload: unknown }[] = [{ kind: 'read', payload: readMsg }];
  if (r.verification) {
    messages.push({ kind: 'verification', payload: { id: r.id, station: r.station, pass: r.verification.pass, reasons: r.verification.reasons, expected: r.verification.expected, fields } });
    if (!r.verification.pass) {
      // `event`: the `alerted` event recorded in the trace store, so a subscriber can find it in the history.
      messages.push({ kind: 'alert', payload: { id: r.id, station: r.station, alert: 'label-verification-failed', reasons: r.verification.reasons, ...(r.verification.alertEvent ? { event: r.verification.alertEvent } : {}) } });
    }
  }
  for (const m of messages) {
    if (config.mqtt.url) out.push({ channel: 'mqtt', target: `${config.mqtt.topicPrefix}/${r.station}/${m.kind}`, kind: m.kind, payload: m.payload });
    for (const w of config.webhooks) if (w.events.length === 0 || w.events.includes(m.kind)) out.push({ channel: 'webhook', target: w.url, kind: m.kind, payload: { kind: m.kind, ...(m.payload as object) } });
  }
  return out;
}

/**
 * Builds the HTTP API of `traceocr serve` (not listening yet): routes with JSON schemas
 * (validated on every request, and the source of the OpenAPI document at `/docs`), API-key
 * auth with roles, a rate limit per key, errors as `{code, message}`.
 *
 * @example
 * const server = await createServer({ config, store, idb, reader });
 * await server.app.listen({ port: config.http.port, host: config.http.host });
 */
export async function createServer(wiring: ServerConfig): Promise<TraceocrServer> {
  const { config, store, idb } = wiring;
  const logger = wiring.logger ?? pino({ level: config.logLevel });
  const outbox = createOutboxDispatcher({
    idb, logger,
    ...(config.mqtt.url ? { mqtt: { url: config.mqtt.url, ...(config.mqtt.clientId ? { clientId: config.mqtt.clientId } : {}) } } : {}),
    webhookSecrets: new Map(config.webhooks.map((w) => [w.url, w.secret])),
    ...config.outbox,
  });
  let readService: ReadService | undefined;
  const metrics = createServiceMetrics({
    readQueueDepth: () => readService?.queueDepth() ?? 0,
    readsRunning: () => readService?.running() ?? 0,
    outboxPending: () => outbox.pending(),
    mqttConnected: () => outbox.mqttConnected(),
  });
  const reads = createReadService({
    reader: wiring.reader, store, idb,
    maxImagePixels: config.http.maxImagePixels,
    readConcurrency: config.http.readConcurrency,
    reviewConfidence: config.read.reviewConfidence,
    modelVersion: config.read.modelVersion,
    stationExpectations: config.stations,
    outbound: (r) => outboundOf(config, r),
    enqueue: async (messages) => {
      await enqueueOutbound(idb, messages);
      void outbox.drain();
    },
    onRead: (r, ms) => {
      const outcome = !r.read.ok ? 'failed' : r.duplicate ? 'duplicate' : 'ok';
      metrics.reads.inc({ station: r.station, outcome });
      metrics.readSeconds.observe({ outcome }, ms / 1000);
    },
  });
  readService = reads;

  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: config.http.bodyLimitBytes,
    // Request ids in logs let an operator follow one read through the pipeline.
    requestIdHeader: false,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  });

  await app.register(swagger, {
    openapi: {
      info: { title: 'traceocr API', version: '1', description: 'Reads, traceability queries, corrections, GS1 EPCIS 2.0 and exports. Send the API key as `Authorization: Bearer KEY`.' },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
      security: [{ apiKey: [] }],
    },
    // The image body is read as a stream (multipart) or raw bytes, so it has no JSON schema to
    // generate the request body from; describe it here.
    transformObject: (doc) => {
      if (!('openapiObject' in doc)) return doc.swaggerObject;
      const op = doc.openapiObject.paths?.['/v1/reads']?.post as Record<string, unknown> | undefined;
      if (op) {
        const binary = { schema: { type: 'string', format: 'binary' } };
        op['requestBody'] = {
          required: true,
          content: {
            'multipart/form-data': { schema: { type: 'object', required: ['image'], properties: { image: { type: 'string', format: 'binary' }, station: { type: 'string' }, expectedGtin: { type: 'string' }, expectedLot: { type: 'string' }, expectedExpiry: { type: 'string' }, expectedPartNumber: { type: 'string' }, workOrder: { type: 'string' } } } },
            'image/png': binary, 'image/jpeg': binary, 'image/tiff': binary, 'image/webp': binary, 'image/bmp': binary, 'application/octet-stream': binary,
          },
        };
      }
      return doc.openapiObject;
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(multipart, { limits: { fileSize: config.http.bodyLimitBytes, files: 1, fields: 20, fieldSize: 64 * 1024 } });

  // Auth runs first on every request; routes without a `permission` are public (health, docs).
  app.addHook('onRequest', async (req, reply) => {
    const permission = req.routeOptions.config.permission;
    if (permission === undefined) return;
    const header = req.headers.authorization;
    const key = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : typeof req.headers['x-api-key'] === 'string' ? req.headers['x-api-key'] : undefined;
    const deny = (code: ErrorCode, message: string): FastifyReply => {
      metrics.errors.inc({ code });
      return sendError(reply, code, message);
    };
    if (key === undefined || key === '') return deny('AUTH_REQUIRED', 'send an API key as "Authorization: Bearer KEY"');
    const info = await verifyApiKey(idb, key);
    if (info === undefined) return deny('AUTH_REQUIRED', 'unknown or revoked API key');
    if (!hasPermission(info.role, permission)) return deny('AUTH_FORBIDDEN', `role ${info.role} may not ${permission}`);
    req.apiKey = info;
    return undefined;
  });
  await app.register(rateLimit, {
    global: true,
    hook: 'preHandler',
    max: config.rateLimit.perMinute,
    timeWindow: 60_000,
    keyGenerator: (req) => req.apiKey?.id ?? req.ip,
    allowList: (req) => req.routeOptions.config.permission === undefined,
    errorResponseBuilder: (_req, ctx) => ({ statusCode: 429, code: 'RATE_LIMITED', message: `rate limit of ${ctx.max} requests per minute exceeded; retry in ${ctx.after}` }),
  });
  app.addHook('onResponse', async (req, reply) => {
    metrics.httpSeconds.observe({ method: req.method, route: req.routeOptions.url ?? 'unknown', status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  // Raw image bodies; multipart is handled by @fastify/multipart. Other types (JSON, text) reach the
  // route as such and are refused there with UNSUPPORTED_MEDIA_TYPE.
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.addContentTypeParser(/^image\//, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.setErrorHandler((err, req, reply) => {
    const e = toApiError(err);
    metrics.errors.inc({ code: e.code });
    if (e.status >= 500) req.log.error({ err, code: e.code }, 'request failed');
    if (e.code === 'RATE_LIMITED') void reply.header('retry-after', reply.getHeader('retry-after') ?? '60');
    return reply.code(e.status).send(e.toJSON());
  });
  app.setNotFoundHandler((req, reply) => {
    metrics.errors.inc({ code: 'NOT_FOUND' });
    return sendError(reply, 'NOT_FOUND', `no route ${req.method} ${req.url.split('?')[0]}`);
  });

  const codeParam = (name: string) => ({ type: 'object', properties: { [name]: { type: 'string', pattern: CODE_PATTERN } }, required: [name], additionalProperties: false }) as const;

  app.get('/healthz', { schema: { tags: ['service'], summary: 'Liveness and dependencies', security: [] } }, async (_req, reply) => {
    let storeOk = true;
    try {
      await store.countEvents();
    } catch {
      storeOk = false;
    }
    return reply.code(storeOk ? 200 : 503).send({ ok: storeOk, store: storeOk ? 'up' : 'down', mqtt: config.mqtt.url ? (outbox.mqttConnected() ? 'up' : 'down') : 'off' });
  });

  app.get('/metrics', { config: { permission: 'query' }, schema: { tags: ['service'], summary: 'Prometheus metrics (text format 0.0.4)' } }, async (_req, reply) => {
    const text = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).send(text);
  });

  // --- reads
  app.post('/v1/reads', {
    config: { permission: 'submit' },
    schema: {
      tags: ['reads'],
      summary: 'Submit a label image (multipart field `image`, or the raw body) and get the read and the events it recorded',
      consumes: ['multipart/form-data', 'image/png', 'image/jpeg', 'image/tiff', 'image/webp', 'image/bmp', 'application/octet-stream'],
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          station: { type: 'string', pattern: STATION_PATTERN },
          expectedGtin: { type: 'string', pattern: '^\\d{14}$' },
          expectedLot: { type: 'string', pattern: CODE_PATTERN },
          expectedExpiry: { type: 'string', pattern: '^\\d{4}-\\d{2}(-\\d{2})?$' },
          expectedPartNumber: { type: 'string', pattern: CODE_PATTERN },
          workOrder: { type: 'string', pattern: CODE_PATTERN },
        },
      },
      headers: { type: 'object', properties: { 'idempotency-key': { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,128}$' } } },
      response: { 201: { description: 'Read made and recorded', ...anyObject }, 200: { description: 'Earlier answer for this idempotency key', ...anyObject }, ...errorResponses },
    },
  }, async (req, reply) => {
    const q = req.query as Record<string, string | undefined>;
    const fields: Record<string, string> = {};
    let bytes: Buffer | undefined;
    let fileName = 'upload';
    if (req.isMultipart()) {
      for await (const part of req.parts()) {
        if (part.type === 'file') {
          if (part.fieldname !== 'image' || bytes !== undefined) throw new TraceocrError('INPUT_INVALID', 'send exactly one file, in the field "image"');
          bytes = await part.toBuffer();
          if (part.file.truncated) throw new TraceocrError('PAYLOAD_TOO_LARGE', `image exceeds ${config.http.bodyLimitBytes} bytes`);
          if (part.filename) fileName = part.filename;
        } else if (typeof part.value === 'string') {
          fields[part.fieldname] = part.value;
        }
      }
    } else if (Buffer.isBuffer(req.body)) {
      bytes = req.body;
    } else if (req.body !== undefined && req.body !== null) {
      throw new TraceocrError('UNSUPPORTED_MEDIA_TYPE', `content type ${req.headers['content-type'] ?? '(none)'} is not an image; send multipart/form-data or image/*`);
    }
    if (bytes === undefined) throw new TraceocrError('FILE_EMPTY', 'no image in the request');
    const station = fields['station'] ?? q['station'] ?? 'default';
    if (!new RegExp(STATION_PATTERN).test(station)) throw new TraceocrError('INPUT_INVALID', 'station must match ' + STATION_PATTERN);
    // Multipart fields are checked with the same rules as the query string.
    const pick = (name: string, pattern: string): string | undefined => {
      const v = fields[name] ?? q[name];
      if (v === undefined) return undefined;
      if (!new RegExp(pattern).test(v)) throw new TraceocrError('INPUT_INVALID', `${name} must match ${pattern}`);
      return v;
    };
    const expected: StationExpectations = {
      ...(pick('expectedGtin', '^\\d{14}$') !== undefined ? { gtin: pick('expectedGtin', '^\\d{14}$')! } : {}),
      ...(pick('expectedLot', CODE_PATTERN) !== undefined ? { lot: pick('expectedLot', CODE_PATTERN)! } : {}),
      ...(pick('expectedExpiry', '^\\d{4}-\\d{2}(-\\d{2})?$') !== undefined ? { expiryDate: pick('expectedExpiry', '^\\d{4}-\\d{2}(-\\d{2})?$')! } : {}),
      ...(pick('expectedPartNumber', CODE_PATTERN) !== undefined ? { partNumber: pick('expectedPartNumber', CODE_PATTERN)! } : {}),
      ...(pick('workOrder', CODE_PATTERN) !== undefined ? { workOrder: pick('workOrder', CODE_PATTERN)! } : {}),
    };
    const idem = req.headers['idempotency-key'];
    const result = await reads.submit({
      bytes, fileName: fileName.replace(/[^\w.-]/g, '_').slice(0, 120), station, expected, source: 'http',
      ...(typeof idem === 'string' ? { idempotencyKey: idem } : {}),
    });
    if (!result.read.ok) {
      const code = (result.read.error.code in ERROR_CODES ? result.read.error.code : 'IMAGE_DECODE_FAILED') as ErrorCode;
      // The error handler counts it and answers {code, message} with the code's status.
      throw new TraceocrError(code, `${result.read.error.message} (read ${result.id})`);
    }
    return reply.code(result.replayed ? 200 : 201).send(result);
  });

  app.get('/v1/reads/:id', {
    config: { permission: 'query' },
    schema: { tags: ['reads'], summary: 'One read: result with boxes, events, verification; the image at /v1/reads/:id/image', params: { type: 'object', properties: { id: { type: 'string', pattern: UUID_PATTERN } }, required: ['id'] }, response: { 200: anyObject, ...errorResponses } },
  }, async (req) => {
    const { id } = req.params as { id: string };
    const row = await idb.db.selectFrom('integrate_reads').select(['id', 'station', 'file', 'received_ms', 'image_sha256', 'image_type', 'result', 'event_ids', 'verification', 'review_reason', 'reviewed_ms', 'source'])
      .where('id', '=', id.toLowerCase()).executeTakeFirst();
    if (!row) throw new TraceocrError('NOT_FOUND', `no read ${id}`);
    return {
      id: row.id, station: row.station, file: row.file, source: row.source, receivedAt: new Date(Number(row.received_ms)).toISOString(),
      read: JSON.parse(row.result) as ReadResult, events: JSON.parse(row.event_ids) as string[],
      verification: row.verification === null ? null : JSON.parse(row.verification), review: row.review_reason,
      reviewedAt: row.reviewed_ms === null ? null : new Date(Number(row.reviewed_ms)).toISOString(),
      image: { url: `/v1/reads/${row.id}/image`, type: row.image_type, sha256: row.image_sha256 },
    };
  });

  app.get('/v1/reads/:id/image', {
    config: { permission: 'query' },
    schema: { tags: ['reads'], summary: 'The image of a read, as submitted', params: { type: 'object', properties: { id: { type: 'string', pattern: UUID_PATTERN } }, required: ['id'] } },
  }, async (req, reply) => {
    const { id } = req.params as { id: string };
    const row = await idb.db.selectFrom('integrate_reads').select(['image', 'image_type']).where('id', '=', id.toLowerCase()).executeTakeFirst();
    if (!row) throw new TraceocrError('NOT_FOUND', `no read ${id}`);
    return reply.type(row.image_type).header('x-content-type-options', 'nosniff').send(Buffer.from(row.image));
  });

  app.get('/v1/review', {
    config: { permission: 'query' },
    schema: { tags: ['reads'], summary: 'Reads waiting for a human (low confidence, failed checks, text/code disagreement, failed verification)', querystring: { type: 'object', additionalProperties: false, properties: { limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 } } }, response: { 200: anyObject, ...errorResponses } },
  }, async (req) => {
    const { limit } = req.query as { limit: number };
    const rows = await idb.db.selectFrom('integrate_reads').select(['id', 'station', 'received_ms', 'review_reason', 'result', 'event_ids'])
      .where('review_reason', 'is not', null).where('reviewed_ms', 'is', null).orderBy('received_ms').limit(limit).execute();
    return {
      reads: rows.map((r) => {
        const read = JSON.parse(r.result) as ReadResult;
        return {
          id: r.id, station: r.station, receivedAt: new Date(Number(r.received_ms)).toISOString(), reason: r.review_reason, events: JSON.parse(r.event_ids) as string[],
          fields: read.ok ? read.fields : {}, failedChecks: read.ok ? read.checks.filter((c) => !c.ok) : [],
        };
      }),
    };
  });

  app.post('/v1/corrections', {
    config: { permission: 'review' },
    schema: {
      tags: ['reads'], summary: 'A reviewer fixes a field of a read; recorded as a new `corrected` event (the read stays as it was)',
      body: {
        type: 'object', additionalProperties: false, required: ['readId', 'field', 'value'],
        properties: {
          readId: { type: 'string', pattern: UUID_PATTERN },
          field: { type: 'string', enum: ['serial', 'lot', 'gtin', 'partNumber'] },
          value: { type: 'string', pattern: CODE_PATTERN },
          reason: { type: 'string', maxLength: 500 },
        },
      },
      response: { 201: anyObject, ...errorResponses },
    },
  }, async (req, reply) => {
    const body = req.body as { readId: string; field: 'serial' | 'lot' | 'gtin' | 'partNumber'; value: string; reason?: string };
    if (body.field === 'gtin' && !/^\d{14}$/.test(body.value)) throw new TraceocrError('INPUT_INVALID', 'a GTIN is 14 digits (GS1 General Specifications §3.3.2)');
    const row = await idb.db.selectFrom('integrate_reads').select(['id', 'event_ids', 'station']).where('id', '=', body.readId.toLowerCase()).executeTakeFirst();
    if (!row) throw new TraceocrError('NOT_FOUND', `no read ${body.readId}`);
    const eventId = (JSON.parse(row.event_ids) as string[])[0];
    if (eventId === undefined) throw new TraceocrError('STORE_CONFLICT', `read ${body.readId} recorded no event to correct (it had neither serial nor lot)`);
    const key = body.field === 'serial' ? 'item' : body.field;
    const event: CorrectedEvent = {
      type: 'corrected', at: new Date(), corrects: eventId, changes: { [key]: body.value }, station: row.station,
      by: req.apiKey?.label ?? req.apiKey?.id ?? 'unknown',
      ...(body.reason ? { reason: body.reason } : {}),
    };
    const appended = await store.append([event]);
    const outcome = appended.outcomes[0];
    if (!outcome) throw new TraceocrError('INTERNAL', 'append returned no outcome');
    await idb.write((db) => db.updateTable('integrate_reads').set({ reviewed_ms: Date.now() }).where('id', '=', row.id).execute());
    const payload = { readId: row.id, event: outcome.id, corrects: eventId, field: body.field, value: body.value, station: row.station };
    const messages: OutboundMessage[] = [];
    if (config.mqtt.url) messages.push({ channel: 'mqtt', target: `${config.mqtt.topicPrefix}/${row.station}/correction`, kind: 'correction', payload });
    for (const w of config.webhooks) if (w.events.length === 0 || w.events.includes('correction')) messages.push({ channel: 'webhook', target: w.url, kind: 'correction', payload: { kind: 'correction', ...payload } });
    await enqueueOutbound(idb, messages);
    void outbox.drain();
    return reply.code(201).send({ event: outcome.id, corrects: eventId, readId: row.id });
  });

  // --- traceability queries
  app.get('/v1/items/:serial', { config: { permission: 'query' }, schema: { tags: ['trace'], summary: 'Timeline of an item', params: codeParam('serial'), response: { 200: anyObject, ...errorResponses } } },
    async (req) => store.history((req.params as { serial: string }).serial, 'item'));
  app.get('/v1/trace/backward/:code', { config: { permission: 'query' }, schema: { tags: ['trace'], summary: 'Item → its components, lots, suppliers, recursively', params: codeParam('code'), response: { 200: anyObject, ...errorResponses } } },
    async (req) => store.traceBackward((req.params as { code: string }).code));
  app.get('/v1/trace/forward/:code', { config: { permission: 'query' }, schema: { tags: ['trace'], summary: 'Lot → every item and shipment containing it', params: codeParam('code'), response: { 200: anyObject, ...errorResponses } } },
    async (req) => store.traceForward((req.params as { code: string }).code));
  app.get('/v1/recall/:lot', { config: { permission: 'query' }, schema: { tags: ['trace'], summary: 'Recall list of a lot', params: codeParam('lot'), response: { 200: anyObject, ...errorResponses } } },
    async (req) => store.recall((req.params as { lot: string }).lot));
  app.get('/v1/wip', { config: { permission: 'query' }, schema: { tags: ['trace'], summary: 'Work in progress per station', querystring: { type: 'object', additionalProperties: false, properties: {} }, response: { 200: anyObject, ...errorResponses } } },
    async () => store.wip());

  // --- stations (label verification)
  app.get('/v1/stations/:station/expectations', {
    config: { permission: 'query' },
    schema: { tags: ['stations'], summary: 'Expected values at a station', params: { type: 'object', properties: { station: { type: 'string', pattern: STATION_PATTERN } }, required: ['station'] } },
  }, async (req) => {
    const { station } = req.params as { station: string };
    return { station, expected: (await reads.getExpectations(station)) ?? null };
  });
  app.put('/v1/stations/:station/expectations', {
    config: { permission: 'admin' },
    schema: {
      tags: ['stations'], summary: 'Set the expected values (work order) of a station; every read there is then pass/fail',
      params: { type: 'object', properties: { station: { type: 'string', pattern: STATION_PATTERN } }, required: ['station'] },
      body: {
        type: 'object', additionalProperties: false,
        properties: {
          gtin: { type: 'string', pattern: '^\\d{14}$' }, lot: { type: 'string', pattern: CODE_PATTERN }, expiryDate: { type: 'string', pattern: '^\\d{4}-\\d{2}(-\\d{2})?$' },
          partNumber: { type: 'string', pattern: CODE_PATTERN }, workOrder: { type: 'string', pattern: CODE_PATTERN },
        },
      },
    },
  }, async (req) => {
    const { station } = req.params as { station: string };
    const expected = req.body as StationExpectations;
    await reads.setExpectations(station, Object.keys(expected).length === 0 ? null : expected);
    return { station, expected };
  });

  // --- API keys (admin)
  app.post('/v1/keys', {
    config: { permission: 'admin' },
    schema: { tags: ['admin'], summary: 'Create an API key (shown once)', body: { type: 'object', additionalProperties: false, required: ['role'], properties: { role: { type: 'string', enum: ['viewer', 'operator', 'reviewer', 'admin'] }, label: { type: 'string', pattern: '^[\\w .@-]{1,80}$' } } } },
  }, async (req, reply) => {
    const body = req.body as { role: string; label?: string };
    if (!isApiRole(body.role)) throw new TraceocrError('INPUT_INVALID', 'unknown role');
    const created = await createApiKey(idb, body.role, body.label);
    return reply.code(201).send(created);
  });
  app.get('/v1/keys', { config: { permission: 'admin' }, schema: { tags: ['admin'], summary: 'List API keys (never the keys themselves)' } }, async () => ({ keys: await listApiKeys(idb) }));
  app.delete('/v1/keys/:id', { config: { permission: 'admin' }, schema: { tags: ['admin'], summary: 'Revoke an API key', params: { type: 'object', properties: { id: { type: 'string', pattern: UUID_PATTERN } }, required: ['id'] } } }, async (req) => {
    const { id } = req.params as { id: string };
    if (!(await revokeApiKey(idb, id))) throw new TraceocrError('NOT_FOUND', `no active key ${id}`);
    return { revoked: id };
  });

  // --- GS1 EPCIS 2.0
  app.get('/v1/epcis/events', {
    config: { permission: 'query' },
    schema: {
      tags: ['epcis'], summary: 'EPCIS 2.0 query subset (EPCIS 2.0 §8.2.7 SimpleEventQuery parameters): MATCH_epc, GE_eventTime, LT_eventTime, EQ_bizStep',
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          MATCH_epc: { type: 'string', maxLength: 300, pattern: '^(urn:[A-Za-z0-9:._%-]+|https?://[A-Za-z0-9.-]+(/[A-Za-z0-9._%~-]+)+)$' },
          GE_eventTime: { type: 'string', pattern: ISO_TIME_PATTERN },
          LT_eventTime: { type: 'string', pattern: ISO_TIME_PATTERN },
          EQ_bizStep: { type: 'string', pattern: '^[a-z_]+(,[a-z_]+)*$' },
          perPage: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
        },
      },
    },
  }, async (req) => {
    const q = req.query as { MATCH_epc?: string; GE_eventTime?: string; LT_eventTime?: string; EQ_bizStep?: string; perPage: number };
    const geMs = q.GE_eventTime ? Date.parse(q.GE_eventTime) : -Infinity;
    const ltMs = q.LT_eventTime ? Date.parse(q.LT_eventTime) : Infinity;
    if (Number.isNaN(geMs) || Number.isNaN(ltMs)) throw new TraceocrError('INPUT_INVALID', 'GE_eventTime / LT_eventTime must be ISO 8601 date-times');
    let stored: StoredEvent[];
    if (q.MATCH_epc) {
      const epc = parseEpc(q.MATCH_epc);
      try {
        stored = [...(await store.history(epc.code, epc.kind)).events];
      } catch (err) {
        if (isTraceocrError(err, 'NOT_FOUND')) stored = [];
        else throw err;
      }
      stored = stored.filter((e) => e.at.getTime() >= geMs && e.at.getTime() < ltMs);
    } else {
      // The Store contract has no time-range listing; the ids are read from its `events` table
      // (read-only) and each event fetched through the contract.
      let query = sql<{ id: string }>`select id from events where 1 = 1`;
      if (Number.isFinite(geMs)) query = sql<{ id: string }>`${query} and at_ms >= ${geMs}`;
      if (Number.isFinite(ltMs)) query = sql<{ id: string }>`${query} and at_ms < ${ltMs}`;
      const rows = await sql<{ id: string }>`${query} order by at_ms, seq limit ${q.perPage * 2}`.execute(idb.db);
      stored = (await Promise.all(rows.rows.map((r) => store.getEvent(r.id)))).filter((e): e is StoredEvent => e !== undefined);
    }
    const bizSteps = q.EQ_bizStep ? new Set(q.EQ_bizStep.split(',')) : undefined;
    const events: EpcisEvent[] = [];
    for (const e of stored) {
      for (const ev of await toEpcisEvents(e, (id) => store.getEvent(id))) {
        if (bizSteps && !bizSteps.has(String(ev['bizStep']))) continue;
        events.push(ev);
      }
      if (events.length >= q.perPage) break;
    }
    return {
      '@context': EPCIS_CONTEXT, type: 'EPCISQueryDocument', schemaVersion: '2.0', creationDate: new Date().toISOString(),
      epcisBody: { queryResults: { queryName: 'SimpleEventQuery', resultsBody: { eventList: events.slice(0, q.perPage) } } },
    };
  });

  app.post('/v1/epcis/capture', {
    config: { permission: 'submit' },
    schema: {
      tags: ['epcis'], summary: 'Capture an EPCIS 2.0 document (JSON/JSON-LD) from a partner; events are recorded idempotently by eventID',
      body: {
        // The basics of EPCIS 2.0 §8.2 / the JSON schema (the product does not ship the official schema).
        type: 'object', required: ['@context', 'type', 'epcisBody'],
        properties: {
          '@context': {},
          type: { type: 'string', enum: ['EPCISDocument'] },
          epcisBody: {
            type: 'object', required: ['eventList'],
            properties: {
              eventList: {
                type: 'array', maxItems: 10_000,
                items: {
                  type: 'object', required: ['type', 'eventTime', 'eventTimeZoneOffset'],
                  properties: {
                    type: { type: 'string', enum: ['ObjectEvent', 'AggregationEvent', 'TransformationEvent', 'TransactionEvent', 'AssociationEvent'] },
                    eventTime: { type: 'string', format: 'date-time' },
                    eventTimeZoneOffset: { type: 'string', pattern: '^[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00)$' },
                    action: { type: 'string', enum: ['OBSERVE', 'ADD', 'DELETE'] },
                    eventID: { type: 'string', maxLength: 500 },
                  },
                },
              },
            },
          },
        },
      },
    },
  }, async (req, reply) => {
    const doc = req.body as { epcisBody: { eventList: Record<string, unknown>[] } };
    const mapped = doc.epcisBody.eventList.map((e) => fromEpcisEvent(e));
    const all = mapped.flatMap((m) => m.events);
    const appended = all.length > 0 ? await store.append(all) : { appended: 0, duplicates: 0, outcomes: [] };
    return reply.code(201).send({
      events: mapped.length, recorded: appended.appended, duplicates: appended.duplicates,
      ignored: mapped.filter((m) => m.ignored !== undefined).map((m) => ({ eventID: m.eventID, reason: m.ignored })),
    });
  });

  // --- ERP export
  app.get('/v1/export/reads.csv', {
    config: { permission: 'query' },
    schema: {
      tags: ['export'], summary: 'Reads (with their lots and products) as CSV (RFC 4180) for ERP, oldest first',
      querystring: { type: 'object', additionalProperties: false, properties: { since: { type: 'string', pattern: ISO_TIME_PATTERN }, limit: { type: 'integer', minimum: 1, maximum: 100_000, default: 10_000 } } },
    },
  }, async (req, reply) => {
    const q = req.query as { since?: string; limit: number };
    const sinceMs = q.since ? Date.parse(q.since) : 0;
    if (Number.isNaN(sinceMs)) throw new TraceocrError('INPUT_INVALID', 'since must be an ISO 8601 date-time');
    const rows = await idb.db.selectFrom('integrate_reads').select(['id', 'station', 'received_ms', 'ok', 'result', 'event_ids', 'verification', 'review_reason'])
      .where('received_ms', '>=', sinceMs).orderBy('received_ms').orderBy('id').limit(q.limit).execute();
    const header = ['read_id', 'received_at', 'station', 'ok', 'serial', 'lot', 'gtin', 'part_number', 'production_date', 'expiry_date', 'quantity', 'verification', 'review', 'event_ids'];
    const lines = rows.map((r) => {
      const read = JSON.parse(r.result) as ReadResult;
      const f = read.ok ? read.fields : {};
      const v = r.verification === null ? '' : (JSON.parse(r.verification) as { pass: boolean }).pass ? 'pass' : 'fail';
      return [r.id, new Date(Number(r.received_ms)).toISOString(), r.station, r.ok ? 'true' : 'false', f.serial?.value, f.lot?.value, f.gtin?.value, f.partNumber?.value,
        f.productionDate?.value, f.expiryDate?.value, f.quantity?.value, v, r.review_reason, (JSON.parse(r.event_ids) as string[]).join(' ')];
    });
    return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="reads.csv"').send(toCsv(header, lines));
  });

  app.get('/v1/export/lots.csv', {
    config: { permission: 'query' },
    schema: {
      tags: ['export'], summary: 'Lots seen in reads since a time, with product, item count, first/last seen and stations, as CSV (RFC 4180)',
      querystring: { type: 'object', additionalProperties: false, properties: { since: { type: 'string', pattern: ISO_TIME_PATTERN } } },
    },
  }, async (req, reply) => {
    const q = req.query as { since?: string };
    const sinceMs = q.since ? Date.parse(q.since) : 0;
    if (Number.isNaN(sinceMs)) throw new TraceocrError('INPUT_INVALID', 'since must be an ISO 8601 date-time');
    const lots = new Map<string, { gtins: Set<string>; serials: Set<string>; reads: number; first: number; last: number; stations: Set<string>; expiry: Set<string> }>();
    // Paged so a long window never holds every result document in memory at once.
    let afterMs = sinceMs - 1;
    let afterId = '';
    for (;;) {
      const page = await idb.db.selectFrom('integrate_reads').select(['id', 'station', 'received_ms', 'result'])
        .where('ok', '=', 1)
        .where((eb) => eb.or([eb('received_ms', '>', afterMs), eb.and([eb('received_ms', '=', afterMs), eb('id', '>', afterId)])]))
        .orderBy('received_ms').orderBy('id').limit(1000).execute();
      for (const r of page) {
        const read = JSON.parse(r.result) as ReadResult;
        const lot = read.ok ? read.fields.lot?.value : undefined;
        if (!read.ok || lot === undefined) continue;
        const at = Number(r.received_ms);
        const e = lots.get(lot) ?? { gtins: new Set(), serials: new Set(), reads: 0, first: at, last: at, stations: new Set(), expiry: new Set() };
        e.reads++;
        e.first = Math.min(e.first, at);
        e.last = Math.max(e.last, at);
        e.stations.add(r.station);
        if (read.fields.gtin) e.gtins.add(read.fields.gtin.value);
        if (read.fields.serial) e.serials.add(read.fields.serial.value);
        if (read.fields.expiryDate) e.expiry.add(read.fields.expiryDate.value);
        lots.set(lot, e);
      }
      const last = page[page.length - 1];
      if (page.length < 1000 || last === undefined) break;
      afterMs = Number(last.received_ms);
      afterId = last.id;
    }
    const header = ['lot', 'gtin', 'expiry_date', 'items', 'reads', 'first_seen', 'last_seen', 'stations'];
    const rows = [...lots.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([lot, e]) => [
      lot, [...e.gtins].join(' '), [...e.expiry].join(' '), e.serials.size, e.reads, new Date(e.first).toISOString(), new Date(e.last).toISOString(), [...e.stations].sort().join(' '),
    ]);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="lots.csv"').send(toCsv(header, rows));
  });

  await app.ready();
  return {
    app, reads, outbox, metrics,
    async close() {
      await app.close();
      await outbox.close();
    },
  };
}
