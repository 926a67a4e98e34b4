/**
 * Test harness for the service: a temporary SQLite store, keys of every role, and a server
 * listening on a free loopback port. The reader is either the real pipeline or a stand-in
 * that answers from a table keyed by the image's SHA-256 (for tests whose subject is the
 * HTTP layer, not recognition; the stand-in never invents fields for unknown images).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import pino from 'pino';
import type { FieldName, FieldResult, ReadResult, ReadSuccess } from '../src/core/types.js';
import type { Reader } from '../src/read/index.js';
import { createApiKey, loadServeConfig, startService } from '../src/integrate/index.js';
import type { ApiRole, RunningService, ServeConfigInput } from '../src/integrate/index.js';
import { serveConfigSchema } from '../src/integrate/serve-config.js';

/** A reader stand-in: known images (by SHA-256) read as registered; anything else fails to decode. */
export interface StandInReader extends Reader {
  register(bytes: Uint8Array, fields: Partial<Record<FieldName, string>>, options?: { confidence?: number; checks?: ReadSuccess['checks'] }): void;
  calls: number;
}

/** Creates a {@link StandInReader}. */
export function createStandInReader(): StandInReader {
  const table = new Map<string, ReadSuccess>();
  const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
  const reader: StandInReader = {
    calls: 0,
    register(bytes, fields, options = {}) {
      const f: Partial<Record<FieldName, FieldResult>> = {};
      for (const [k, v] of Object.entries(fields) as [FieldName, string][]) f[k] = { value: v, confidence: options.confidence ?? 0.99, source: 'text', raw: v, box: [10, 10, 100, 20], status: 'ok' };
      table.set(sha(bytes), {
        file: '', ok: true, fields: f, codes: [], lines: Object.values(fields).map((v) => ({ text: v, confidence: 0.99, box: [10, 10, 100, 20] as const })),
        checks: options.checks ?? [], quality: { sharpness: 0.5, contrast: 0.5, rotation: 0 }, timings: { totalMs: 1 },
      });
    },
    async read(file, bytes): Promise<ReadResult> {
      reader.calls++;
      const known = bytes ? table.get(sha(bytes)) : undefined;
      if (!known) return { file, ok: false, error: { code: 'IMAGE_DECODE_FAILED', message: 'stand-in reader: image not registered' } };
      return { ...known, file };
    },
    async close() {},
  };
  return reader;
}

/** A small distinct PNG (random noise, so every call gives a new SHA-256). */
export async function makePng(widthPx = 64, heightPx = 48): Promise<Uint8Array<ArrayBuffer>> {
  const raw = Buffer.alloc(widthPx * heightPx * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = Math.floor(Math.random() * 256);
  return new Uint8Array(await sharp(raw, { raw: { width: widthPx, height: heightPx, channels: 3 } }).png().toBuffer());
}

/** A started service with keys of every role. */
export interface Harness {
  readonly service: RunningService;
  readonly url: string;
  readonly dir: string;
  readonly storePath: string;
  readonly keys: Record<ApiRole, string>;
  /** fetch with a role's key. */
  fetch(path: string, init?: RequestInit & { role?: ApiRole | 'none' }): Promise<Response>;
  close(): Promise<void>;
}

/** Starts a service on a temporary SQLite store and a free port. */
export async function startHarness(options: { reader: Reader; config?: ServeConfigInput; dir?: string; store?: string }): Promise<Harness> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'traceocr-api-'));
  const storePath = options.store ?? join(dir, 'traceocr.db');
  const config = loadServeConfig({ overrides: { port: 0, store: storePath } });
  const merged = serveConfigSchema.parse({ ...config, ...options.config, store: storePath, http: { ...config.http, port: 0, ...options.config?.http } });
  const service = await startService(merged, { reader: options.reader, logger: pino({ level: 'silent' }) });
  const keys = {} as Record<ApiRole, string>;
  for (const role of ['viewer', 'operator', 'reviewer', 'admin'] as const) keys[role] = (await createApiKey(service.idb, role, `test-${role}`)).key;
  const url = service.url;
  return {
    service, url, dir, storePath, keys,
    fetch(path, init = {}) {
      const { role = 'admin', ...rest } = init;
      const headers = new Headers(rest.headers);
      if (role !== 'none') headers.set('authorization', `Bearer ${keys[role]}`);
      return fetch(url + path, { ...rest, headers });
    },
    async close() {
      await service.close();
      if (options.dir === undefined) rmSync(dir, { recursive: true, force: true });
    },
  };
}
