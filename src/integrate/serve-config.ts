import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { TraceocrError } from '../core/errors.js';
import { MODEL_VERSION } from '../read/model-version.js';

/** Station names are MQTT topic segments and folder names too: no `/`, `+`, `#`, `..`. */
export const STATION_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$';

const stationSchema = z.string().regex(new RegExp(STATION_PATTERN));

/** Expected values of a work order at a station (label verification). */
export const expectationsSchema = z.object({
  gtin: z.string().regex(/^\d{14}$/).optional(),
  lot: z.string().min(1).max(64).optional(),
  expiryDate: z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/).optional(),
  partNumber: z.string().min(1).max(64).optional(),
  workOrder: z.string().min(1).max(64).optional(),
}).strict();

/**
 * The one schema of `traceocr serve`'s configuration, defaults declared once, with units.
 * Validated at start-up with every violation reported at once, then frozen.
 */
export const serveConfigSchema = z.object({
  /** SQLite file or `postgres://` URL. */
  store: z.string().min(1).default('./data/traceocr.db'),
  http: z.object({
    host: z.string().default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(8080),
    /** Largest request body (image upload, EPCIS document). */
    bodyLimitBytes: z.number().int().positive().default(20 * 1024 * 1024),
    /** Largest decoded image (width × height); larger headers are refused before decoding (decompression bombs). */
    maxImagePixels: z.number().int().positive().default(40_000_000),
    /** Allowed CORS origins; empty = CORS off. */
    corsOrigins: z.array(z.string()).default([]),
    /** Reads running at once; further requests wait (queue depth in /metrics). */
    readConcurrency: z.number().int().positive().default(2),
  }).prefault({}),
  rateLimit: z.object({
    /** Requests per API key per minute. */
    perMinute: z.number().int().positive().default(600),
  }).prefault({}),
  read: z.object({
    profile: z.string().optional(),
    /** A field below this confidence sends the read to review. */
    reviewConfidence: z.number().min(0).max(1).default(0.8),
    /** Evidence on every recorded event; the default names the traceocr and model versions. */
    modelVersion: z.string().default(MODEL_VERSION),
  }).prefault({}),
  /** Expected values per station (from work orders); can also be set through the API. */
  stations: z.record(stationSchema, expectationsSchema).default({}),
  mqtt: z.object({
    /** e.g. `mqtt://127.0.0.1:1883`; absent = MQTT off. */
    url: z.string().optional(),
    topicPrefix: z.string().regex(/^[A-Za-z0-9_/-]+$/).default('traceocr'),
    clientId: z.string().optional(),
  }).prefault({}),
  webhooks: z.array(z.object({
    url: z.url(),
    /** HMAC-SHA256 secret of the `x-traceocr-signature` header. */
    secret: z.string().min(16),
    /** Event kinds sent; empty = all. */
    events: z.array(z.enum(['read', 'verification', 'alert', 'correction'])).default([]),
  })).default([]),
  outbox: z.object({
    pollMs: z.number().int().positive().default(500),
    /** First retry delay; doubles per attempt up to `maxBackoffMs`. */
    backoffMs: z.number().int().positive().default(1000),
    maxBackoffMs: z.number().int().positive().default(60_000),
    timeoutMs: z.number().int().positive().default(5000),
  }).prefault({}),
  hotFolder: z.object({
    /** Root folder; each sub-folder named like a station is watched for that station. */
    root: z.string().optional(),
    /** A file is read once its size has not changed for this long. */
    stableMs: z.number().int().positive().default(500),
    pollMs: z.number().int().positive().default(500),
  }).prefault({}),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
}).strict();

/** The validated, frozen configuration of `traceocr serve`. */
export type ServeConfig = z.infer<typeof serveConfigSchema>;
/** What a config file or overrides may contain (everything optional). */
export type ServeConfigInput = z.input<typeof serveConfigSchema>;

/** Options of {@link loadServeConfig}. */
export interface LoadServeConfigOptions {
  /** YAML or JSON config file. */
  readonly file?: string;
  /** Environment (only the entry points read `process.env`; they pass it here). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Command-line overrides, applied last. */
  readonly overrides?: { readonly port?: number; readonly store?: string };
}

/**
 * Loads the configuration: defaults ← file ← environment (`TRACEOCR_STORE`, `TRACEOCR_PORT`,
 * `TRACEOCR_HOST`, `TRACEOCR_MQTT_URL`, `TRACEOCR_HOT_FOLDER`, `TRACEOCR_LOG_LEVEL`) ← flags.
 * Every violation is reported at once in one `CONFIG_INVALID` error.
 *
 * @example
 * const config = loadServeConfig({ file: 'traceocr.yaml', env: process.env, overrides: { port: 9000 } });
 */
export function loadServeConfig(options: LoadServeConfigOptions = {}): Readonly<ServeConfig> {
  let raw: Record<string, unknown> = {};
  if (options.file !== undefined) {
    let text: string;
    try {
      text = readFileSync(options.file, 'utf8');
    } catch (err) {
      throw new TraceocrError('CONFIG_INVALID', `cannot read config file ${options.file}: ${(err as Error).message}`, { cause: err });
    }
    let parsed: unknown;
    try {
      parsed = parseYaml(text); // YAML 1.2 is a superset of JSON, so .json files parse too
    } catch (err) {
      throw new TraceocrError('CONFIG_INVALID', `${options.file} is not valid YAML: ${(err as Error).message}`, { cause: err });
    }
    if (parsed !== null && parsed !== undefined) {
      if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new TraceocrError('CONFIG_INVALID', `${options.file}: top level must be a mapping`);
      raw = parsed as Record<string, unknown>;
    }
  }
  const env = options.env ?? {};
  const errors: string[] = [];
  const section = (name: string): Record<string, unknown> => {
    const v = raw[name];
    const copy = typeof v === 'object' && v !== null && !Array.isArray(v) ? { ...(v as Record<string, unknown>) } : {};
    raw[name] = copy;
    return copy;
  };
  raw = { ...raw };
  if (env['TRACEOCR_STORE']) raw['store'] = env['TRACEOCR_STORE'];
  if (env['TRACEOCR_PORT']) {
    const port = Number(env['TRACEOCR_PORT']);
    if (!Number.isInteger(port)) errors.push(`TRACEOCR_PORT: not an integer: ${env['TRACEOCR_PORT']}`);
    else section('http')['port'] = port;
  }
  if (env['TRACEOCR_HOST']) section('http')['host'] = env['TRACEOCR_HOST'];
  if (env['TRACEOCR_MQTT_URL']) section('mqtt')['url'] = env['TRACEOCR_MQTT_URL'];
  if (env['TRACEOCR_HOT_FOLDER']) section('hotFolder')['root'] = env['TRACEOCR_HOT_FOLDER'];
  if (env['TRACEOCR_LOG_LEVEL']) raw['logLevel'] = env['TRACEOCR_LOG_LEVEL'];
  if (options.overrides?.store !== undefined) raw['store'] = options.overrides.store;
  if (options.overrides?.port !== undefined) section('http')['port'] = options.overrides.port;
  const result = serveConfigSchema.safeParse(raw);
  if (!result.success) {
    for (const issue of result.error.issues) errors.push(`${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  if (errors.length > 0 || !result.success) {
    throw new TraceocrError('CONFIG_INVALID', `invalid configuration${options.file ? ` in ${options.file}` : ''}:\n  ${errors.join('\n  ')}`, { details: { errors } });
  }
  return deepFreeze(result.data);
}

function deepFreeze<T>(value: T): Readonly<T> {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
