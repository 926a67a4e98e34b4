/**
 * Hot folder: cameras drop images into `ROOT/<station>/`; each file is read once it is fully
 * written (its size and mtime unchanged for `stableMs`), then moved to `ROOT/<station>/done/`
 * or `failed/` with a sidecar `NAME.json` (the read, or the error).
 *
 * Exactly-once across restarts: a ledger row (`integrate_hot_folder`, keyed by path + size +
 * mtime) is written `taken` before reading and `done`/`failed` after the move. On start-up a
 * `taken` file still in the inbox is read again with the same idempotency key (derived from
 * the ledger key), so a crash between reading and moving records it once, not twice.
 *
 * Polling (not inotify) on purpose: it works on network shares where cameras usually write,
 * and a listing every `pollMs` of one folder per station is cheap. Symlinks, sub-folders,
 * dot-files and names with path separators or `..` are ignored: only regular files directly in
 * the station folder are taken (lstat, never followed).
 */
import { createHash } from 'node:crypto';
import { lstat, mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { isTraceocrError } from '../core/errors.js';
import type { IntegrateDb } from './integrate-db.js';
import type { ReadService } from './read-service.js';
import { STATION_PATTERN } from './serve-config.js';

/** Wiring of {@link createHotFolder}. */
export interface HotFolderConfig {
  readonly root: string;
  readonly reads: ReadService;
  readonly idb: IntegrateDb;
  readonly logger: Logger;
  /** @defaultValue 500 */
  readonly stableMs?: number;
  /** @defaultValue 500 */
  readonly pollMs?: number;
}

/** A running hot-folder watcher. */
export interface HotFolder {
  /** One scan of every station folder (also runs every `pollMs`). Resolves when the files it took are done. */
  scan(): Promise<void>;
  readonly stats: { taken: number; done: number; failed: number };
  close(): Promise<void>;
}

const IMAGE_NAME = /^[^./\\][^/\\]*\.(png|jpe?g|tiff?|bmp|webp)$/i;

/** Starts watching `root`: every sub-folder named like a station is that station's inbox. */
export function createHotFolder(config: HotFolderConfig): HotFolder {
  const stableMs = config.stableMs ?? 500;
  const pollMs = config.pollMs ?? 500;
  const { idb, logger } = config;
  const stats = { taken: 0, done: 0, failed: 0 };
  /** Last seen size/mtime per path and since when unchanged. */
  const seen = new Map<string, { size: number; mtimeMs: number; sinceMs: number }>();
  const busy = new Set<string>();
  let scanning: Promise<void> | undefined;
  let closed = false;

  async function processFile(station: string, dir: string, name: string, size: number, mtimeMs: number): Promise<void> {
    const path = join(dir, name);
    // Whole seconds: copies and some file systems (FAT, SMB) keep no finer mtime.
    const ledgerKey = `${path}|${size}|${Math.floor(mtimeMs / 1000)}`;
    const existing = await idb.db.selectFrom('integrate_hot_folder').select(['state']).where('path', '=', ledgerKey).executeTakeFirst();
    if (existing && existing.state !== 'taken') return; // done before; the move failed or a copy reappeared with the same stamp
    if (!existing) {
      await idb.write((db) => db.insertInto('integrate_hot_folder').values({ path: ledgerKey, station, size, mtime_ms: Math.trunc(mtimeMs), state: 'taken', read_id: null, updated_ms: Date.now() }).execute());
    }
    stats.taken++;
    const idempotencyKey = 'hf-' + createHash('sha256').update(ledgerKey).digest('hex').slice(0, 40);
    let outcome: 'done' | 'failed';
    let sidecar: unknown;
    let readId: string | null = null;
    try {
      const bytes = await readFile(path);
      const result = await config.reads.submit({ bytes, fileName: name, station, idempotencyKey, source: 'hot-folder', at: new Date(mtimeMs) });
      readId = result.id;
      outcome = result.read.ok ? 'done' : 'failed';
      sidecar = result;
    } catch (err) {
      outcome = 'failed';
      sidecar = { file: name, ok: false, error: isTraceocrError(err) ? err.toJSON() : { code: 'INTERNAL', message: (err as Error).message } };
      if (!isTraceocrError(err)) logger.error({ err, path }, 'hot folder read failed');
    }
    const target = join(dir, outcome);
    await mkdir(target, { recursive: true });
    await writeFile(join(target, `${name}.json`), JSON.stringify(sidecar, null, 2));
    await rename(path, join(target, name));
    await idb.write((db) => db.updateTable('integrate_hot_folder').set({ state: outcome, read_id: readId, updated_ms: Date.now() }).where('path', '=', ledgerKey).execute());
    stats[outcome]++;
  }

  async function scanOnce(): Promise<void> {
    let stations: string[];
    try {
      stations = await readdir(config.root);
    } catch (err) {
      logger.warn({ err: (err as Error).message, root: config.root }, 'hot folder root not readable');
      return;
    }
    const work: Promise<void>[] = [];
    const now = Date.now();
    for (const station of stations) {
      if (!new RegExp(STATION_PATTERN).test(station)) continue;
      const dir = join(config.root, station);
      const st = await lstat(dir).catch(() => undefined);
      if (!st?.isDirectory()) continue; // a symlinked station folder is not followed either
      for (const name of await readdir(dir).catch(() => [] as string[])) {
        if (!IMAGE_NAME.test(name) || name.includes('..')) continue;
        const path = join(dir, name);
        if (busy.has(path)) continue;
        const fst = await lstat(path).catch(() => undefined);
        if (!fst?.isFile()) continue; // symlinks (lstat) and folders are ignored
        const prev = seen.get(path);
        if (!prev || prev.size !== fst.size || prev.mtimeMs !== fst.mtimeMs) {
          seen.set(path, { size: fst.size, mtimeMs: fst.mtimeMs, sinceMs: now });
          continue;
        }
        if (now - prev.sinceMs < stableMs || fst.size === 0) continue;
        busy.add(path);
        seen.delete(path);
        work.push(processFile(station, dir, name, fst.size, fst.mtimeMs)
          .catch((err: unknown) => logger.error({ err, path }, 'hot folder: file left in place'))
          .finally(() => busy.delete(path)));
      }
    }
    await Promise.all(work);
  }

  function scan(): Promise<void> {
    if (scanning) return scanning;
    scanning = scanOnce().finally(() => {
      scanning = undefined;
    });
    return scanning;
  }

  const timer = setInterval(() => {
    if (!closed) void scan();
  }, pollMs);
  timer.unref();

  return {
    scan,
    stats,
    async close() {
      closed = true;
      clearInterval(timer);
      await scanning;
    },
  };
}
