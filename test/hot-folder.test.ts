/**
 * Hot folder: files are read once fully written, moved to done/ or failed/ with a sidecar,
 * read exactly once across a restart, and path tricks (symlinks out, dot-files, sub-folders) are ignored.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createHotFolder, createReadService, openIntegrateDb } from '../src/integrate/index.js';
import type { HotFolder, IntegrateDb, ReadService } from '../src/integrate/index.js';
import { openStore } from '../src/trace/index.js';
import type { Store } from '../src/trace/index.js';
import { createStandInReader, makePng } from './api-harness.js';
import type { StandInReader } from './api-harness.js';

describe('hot folder', () => {
  let dir: string;
  let root: string;
  let store: Store;
  let idb: IntegrateDb;
  let reader: StandInReader;
  let reads: ReadService;
  const logger = pino({ level: 'silent' });
  const start = (): HotFolder => createHotFolder({ root, reads, idb, logger, stableMs: 100, pollMs: 60_000 });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'traceocr-hot-'));
    root = join(dir, 'inbox');
    mkdirSync(join(root, 'CAM-1'), { recursive: true });
    store = await openStore(join(dir, 'db.sqlite'));
    idb = await openIntegrateDb(join(dir, 'db.sqlite'));
    reader = createStandInReader();
    reads = createReadService({
      reader, store, idb, maxImagePixels: 1e7, readConcurrency: 2, reviewConfidence: 0.8, modelVersion: 'test',
      stationExpectations: {}, outbound: () => [], enqueue: async () => {},
    });
  });
  after(async () => {
    await idb.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Two scans `stableMs` apart: the first sees the file, the second takes it if unchanged. */
  const settle = async (hf: HotFolder): Promise<void> => {
    await hf.scan();
    await new Promise((r) => setTimeout(r, 150));
    await hf.scan();
  };

  test('a file is taken only once its size stops changing; done/ gets it with a sidecar; failures go to failed/', async () => {
    const hf = start();
    const png = await makePng();
    reader.register(png, { serial: 'HF0001', lot: 'HFLOT' });
    const path = join(root, 'CAM-1', 'a.png');
    writeFileSync(path, png.subarray(0, 100)); // camera still writing
    await hf.scan();
    await new Promise((r) => setTimeout(r, 150));
    appendFileSync(path, png.subarray(100)); // grew: not stable yet
    await hf.scan();
    assert.ok(existsSync(path), 'a growing file is left alone');
    assert.equal(reader.calls, 0);
    await new Promise((r) => setTimeout(r, 150));
    await hf.scan();
    assert.ok(!existsSync(path));
    assert.ok(readFileSync(join(root, 'CAM-1', 'done', 'a.png')).equals(Buffer.from(png)));
    const sidecar = JSON.parse(readFileSync(join(root, 'CAM-1', 'done', 'a.png.json'), 'utf8')) as { read: { fields: { serial: { value: string } } }; events: string[] };
    assert.equal(sidecar.read.fields.serial.value, 'HF0001');
    assert.equal(sidecar.events.length, 1);

    writeFileSync(join(root, 'CAM-1', 'junk.png'), 'not a png at all');
    await settle(hf);
    const failed = JSON.parse(readFileSync(join(root, 'CAM-1', 'failed', 'junk.png.json'), 'utf8')) as { ok: boolean; error: { code: string } };
    assert.equal(failed.error.code, 'IMAGE_UNSUPPORTED_FORMAT');
    await hf.close();
  });

  test('symlinks (also to files outside), dot-files, non-images, sub-folders and bad station names are ignored', async () => {
    const hf = start();
    const outside = join(dir, 'secret.png');
    const png = await makePng();
    reader.register(png, { serial: 'SECRET1' });
    writeFileSync(outside, png);
    symlinkSync(outside, join(root, 'CAM-1', 'link.png'));
    symlinkSync(dir, join(root, 'LINKED'));
    writeFileSync(join(root, 'CAM-1', '.hidden.png'), png);
    writeFileSync(join(root, 'CAM-1', 'notes.txt'), 'x');
    mkdirSync(join(root, 'CAM-1', 'sub'), { recursive: true });
    writeFileSync(join(root, 'CAM-1', 'sub', 'deep.png'), png);
    mkdirSync(join(root, 'bad name'), { recursive: true });
    writeFileSync(join(root, 'bad name', 'x.png'), png);
    const before = reader.calls;
    await settle(hf);
    assert.equal(reader.calls, before);
    assert.ok(existsSync(outside) && existsSync(join(root, 'CAM-1', 'link.png')));
    await hf.close();
  });

  test('restart: a file taken but not moved (crash) is recorded once; done files are not read again', async () => {
    const png = await makePng();
    reader.register(png, { serial: 'HF0002' });
    const path = join(root, 'CAM-1', 'crash.png');
    writeFileSync(path, png);
    // Simulate a crash after the read was recorded but before the move: run the read, then put the file back.
    const hf1 = start();
    await settle(hf1);
    await hf1.close();
    const moved = join(root, 'CAM-1', 'done', 'crash.png');
    assert.ok(existsSync(moved));
    const eventsBefore = await store.countEvents();
    // Put the same file (same size and mtime: a copy that kept its stamp) back as if the move never happened,
    // and mark the ledger row as still taken.
    const { utimesSync, statSync } = await import('node:fs');
    const st = statSync(moved);
    writeFileSync(path, png);
    utimesSync(path, st.atime, st.mtime);
    rmSync(moved);
    await idb.write((db) => db.updateTable('integrate_hot_folder').set({ state: 'taken' }).where('path', 'like', `${path}|%`).execute());
    const hf2 = start();
    await settle(hf2);
    await hf2.close();
    assert.ok(existsSync(moved) && !existsSync(path));
    assert.equal(await store.countEvents(), eventsBefore, 'the re-read after the crash recorded nothing new');
    const rows = await idb.db.selectFrom('integrate_reads').select('id').where('file', '=', 'crash.png').execute();
    const ledger = await idb.db.selectFrom('integrate_hot_folder').selectAll().execute();
    assert.equal(rows.length, 1, 'one read document ' + JSON.stringify(ledger));
    // A done file dropped again with the same stamp is not re-read.
    const calls = reader.calls;
    writeFileSync(path, png);
    utimesSync(path, st.atime, st.mtime);
    const hf3 = start();
    await settle(hf3);
    await hf3.close();
    assert.equal(reader.calls, calls);
    assert.deepEqual(readdirSync(join(root, 'CAM-1')).filter((n) => n.endsWith('.png')).sort(), ['.hidden.png', 'crash.png', 'link.png']);
  });
});
