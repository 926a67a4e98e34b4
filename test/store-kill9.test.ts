// Kill -9 during a batch import: nothing acknowledged is lost, no half batch is left,
// the hash chain verifies, and re-running the import completes it without duplicates.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { openStore } from '../src/trace/open-store.js';

const childPath = fileURLToPath(new URL('./store-kill9-child.ts', import.meta.url));
const BATCH = 1000;
const LINES = 30_000;

function writeImport(file: string): void {
  const t0 = Date.UTC(2026, 2, 1);
  const lines: string[] = [];
  for (let i = 1; i <= LINES; i++) {
    // Every 10th line assembles the previous nine items, so batches also write genealogy and positions.
    const at = new Date(t0 + i * 1000).toISOString();
    lines.push(JSON.stringify(i % 10 === 0
      ? { id: `ev-${i}`, type: 'assembled', at, station: 'S40', parent: `U${i}`, children: Array.from({ length: 9 }, (_, k) => `C${i - 9 + k}`) }
      : { id: `ev-${i}`, type: 'observed', at, station: `S${i % 3}`, item: `C${i}`, lot: `LOT${i % 97}` }));
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}

/** Runs the child and SIGKILLs it `delayMs` after its `killAfterAcks`-th acknowledgement. */
function importAndKill(location: string, file: string, killAfterAcks: number, delayMs: number): Promise<{ acked: number[]; killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', childPath, location, file, String(BATCH)], { stdio: ['ignore', 'pipe', 'inherit'] });
    const acked: number[] = [];
    let buf = '';
    let killing = false;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        const m = /^ACK (\d+) (\d+) (\d+)$/.exec(line);
        if (m !== null) acked.push(Number(m[3]));
        if (!killing && acked.length >= killAfterAcks) {
          killing = true;
          setTimeout(() => child.kill('SIGKILL'), delayMs);
        }
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ acked, killed: signal === 'SIGKILL' && code === null }));
  });
}

test('kill -9 during a batch import loses no acknowledged batch and leaves no half batch', { timeout: 180_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'traceocr-kill9-'));
  try {
    const location = join(dir, 'trace.db');
    const file = join(dir, 'events.jsonl');
    writeImport(file);
    // Kill at different moments after an acknowledgement: right away, and mid-way through the next batch.
    for (const [round, [acks, delayMs]] of ([[3, 0], [2, 15], [2, 40]] as const).entries()) {
      const { acked, killed } = await importAndKill(location, file, acks, delayMs);
      assert.ok(killed, `round ${round}: the child was killed before it finished`);
      const lastAcked = Math.max(0, ...acked);
      const raw = new Database(location, { readonly: true });
      let ids: Set<string>;
      try {
        ids = new Set((raw.prepare('SELECT id FROM events').all() as { id: string }[]).map((r) => r.id));
      } finally {
        raw.close();
      }
      for (let i = 1; i <= lastAcked; i++) assert.ok(ids.has(`ev-${i}`), `round ${round}: acknowledged event ev-${i} is present`);
      assert.equal(ids.size % BATCH, 0, `round ${round}: ${ids.size} events stored — not whole batches`);
      for (let i = 1; i <= ids.size; i++) assert.ok(ids.has(`ev-${i}`), `round ${round}: stored events are a prefix of the file (ev-${i})`);
      assert.ok(ids.size >= lastAcked && ids.size <= lastAcked + BATCH, `round ${round}: at most the in-flight batch beyond the last ack`);
      const store = await openStore(location);
      try {
        assert.deepEqual(await store.auditVerify(), { ok: true, checked: ids.size, firstBrokenSeq: null, reason: null });
      } finally {
        await store.close();
      }
    }
    // Resume: importing the same file again adds only what is missing.
    const store = await openStore(location);
    const before = await store.countEvents();
    await store.close();
    const done = await importAndKill(location, file, Number.MAX_SAFE_INTEGER, 0);
    assert.equal(done.killed, false);
    const after = await openStore(location);
    try {
      assert.equal(await after.countEvents(), LINES);
      assert.ok(before < LINES, 'the kills happened before the end of the file');
      assert.equal((await after.auditVerify()).ok, true);
      assert.equal((await after.traceBackward('U30000')).counts.items, 9);
    } finally {
      await after.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
