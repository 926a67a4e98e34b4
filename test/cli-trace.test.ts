// End-to-end tests of the record commands (import, trace, recall, wip, audit verify) through
// a commander program with only those commands; the lead switches this to the real binary
// once src/cli/main.ts registers them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { isTraceocrError } from '../src/core/errors.js';
import { createTraceProgram } from '../src/cli/commands/trace.js';

function sink(): { stream: Writable; text: () => string } {
  let out = '';
  return {
    stream: new Writable({ write(chunk: Buffer | string, _enc, cb) { out += chunk.toString(); cb(); } }),
    text: () => out,
  };
}

async function run(...args: string[]): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  const out = sink();
  const err = sink();
  const before = process.exitCode;
  process.exitCode = 0;
  try {
    await createTraceProgram({ stdout: out.stream, stderr: err.stream }).parseAsync(['node', 'traceocr', ...args]);
    return { stdout: out.text(), stderr: err.text(), exitCode: Number(process.exitCode ?? 0) };
  } finally {
    process.exitCode = before;
  }
}

const dir = mkdtempSync(join(tmpdir(), 'traceocr-cli-'));
const store = join(dir, 'sub', 'trace.db');
const T = (m: number): string => new Date(Date.UTC(2026, 3, 15, 6, m)).toISOString();

describe('traceocr record commands', () => {
  before(() => {
    const jsonl = [
      { id: 'r1', type: 'observed', at: T(0), station: 'RECV', lot: 'LA', supplier: 'ACME' },
      { id: 'r2', type: 'observed', at: T(1), station: 'S10', item: 'P1', lot: 'LA', product: { partNumber: 'PCB-1' } },
      { id: 'r3', type: 'observed', at: T(2), station: 'S10', item: 'P2', lot: 'LA' },
      { id: 'r4', type: 'assembled', at: T(10), station: 'S40', parent: 'F1', children: ['P1'], product: { gtin: '09506000134352' } },
    ].map((o) => JSON.stringify(o)).join('\n');
    writeFileSync(join(dir, 'mes.jsonl'), `${jsonl}\n`);
    writeFileSync(join(dir, 'mes.csv'), [
      'id,type,at,station,item,lot,items,shipment,customer,gtin',
      `c1,observed,${T(20)},S50,F1,,,,,`,
      `c2,shipped,${T(30)},,,,F1,SH1,"Customer, Inc.",`,
      `c3,observed,${T(31)},S10,P3,LB,,,,09506000134352`,
    ].join('\n'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('import JSONL and CSV, then re-import is all duplicates', async () => {
    const a = await run('import', join(dir, 'mes.jsonl'), '--store', store, '--format', 'json');
    assert.deepEqual(JSON.parse(a.stdout), { rows: 4, batches: 1, appended: 4, duplicates: 0 });
    const b = await run('import', join(dir, 'mes.csv'), '--store', store, '--format', 'csv', '--batch-size', '2', '--progress');
    assert.equal(b.stdout, 'rows,batches,appended,duplicates\n3,2,3,0\n');
    assert.match(b.stderr, /batch 1 lines 4-4 committed/);
    const again = await run('import', join(dir, 'mes.jsonl'), '--store', store, '--format', 'json');
    assert.deepEqual(JSON.parse(again.stdout), { rows: 4, batches: 1, appended: 0, duplicates: 4 });
  });

  test('trace backward / forward / history in json, csv and table', async () => {
    const back = JSON.parse((await run('trace', 'backward', 'F1', '--store', store, '--format', 'json')).stdout) as { nodes: { code: string; depth: number; supplier: string | null }[] };
    assert.deepEqual(back.nodes.map((n) => [n.code, n.depth]), [['F1', 0], ['P1', 1], ['LA', 2]]);
    assert.equal(back.nodes[2]?.supplier, 'ACME');
    const fwd = await run('trace', 'forward', 'LA', '--store', store, '--format', 'csv');
    const lines = fwd.stdout.trim().split('\n');
    assert.equal(lines[0], 'depth,kind,code,via,link,removed,gtin,partNumber,supplier,workOrder,customer,stations');
    assert.deepEqual(lines.slice(1).map((l) => l.split(',')[2]).sort(), ['F1', 'LA', 'P1', 'P2', 'SH1']);
    const table = await run('trace', 'history', 'F1', '--store', store);
    assert.match(table.stdout, /^at\s+seq\s+type/);
    assert.deepEqual([...table.stdout.matchAll(/\b(assembled|observed|shipped)\b/g)].map((m) => m[1]), ['assembled', 'observed', 'shipped']);
  });

  test('recall and wip', async () => {
    const recall = JSON.parse((await run('recall', 'LA', '--store', store, '--format', 'json')).stdout) as { counts: Record<string, number>; items: { serial: string; customer: string | null }[] };
    assert.equal(recall.counts['items'], 3);
    assert.equal(recall.counts['shippedItems'], 1);
    assert.equal(recall.items.find((i) => i.serial === 'F1')?.customer, 'Customer, Inc.');
    const csv = await run('recall', 'LA', '--store', store, '--format', 'csv');
    assert.match(csv.stdout, /"Customer, Inc\."/);
    assert.match(csv.stderr, /3 items/);
    const wip = JSON.parse((await run('wip', '--store', store, '--format', 'json', '--now', T(60), '--window-hours', '2')).stdout) as { stations: { station: string; items: number }[] };
    assert.deepEqual(wip.stations.map((s) => [s.station, s.items]), [['S10', 2], ['S40', 0], ['S50', 0]]);
  });

  test('wip --by line groups the stations of each production line (lines from JSONL and CSV imports)', async () => {
    const lineStore = join(dir, 'lines.db');
    writeFileSync(join(dir, 'lines.jsonl'), [
      { type: 'observed', at: T(0), station: 'A1', line: 'L1', item: 'U1' },
      { type: 'observed', at: T(10), station: 'A2', line: 'L1', item: 'U1' },
      { type: 'observed', at: T(5), station: 'A1', item: 'U2' },
    ].map((o) => JSON.stringify(o)).join('\n') + '\n');
    writeFileSync(join(dir, 'lines.csv'), ['type,at,station,line,item', `observed,${T(30)},B1,L2,U1`, `observed,${T(40)},Q,,U3`].join('\n'));
    await run('import', join(dir, 'lines.jsonl'), '--store', lineStore);
    await run('import', join(dir, 'lines.csv'), '--store', lineStore, '--format', 'csv');
    const json = JSON.parse((await run('wip', '--by', 'line', '--store', lineStore, '--format', 'json', '--now', T(60), '--window-hours', '1')).stdout) as {
      lines: { line: string; stations: string[]; items: number; throughputPerHour: number }[];
    };
    assert.deepEqual(json.lines.map((l) => [l.line, l.stations, l.items, l.throughputPerHour]), [['L1', ['A1', 'A2'], 1, 1], ['L2', ['B1'], 1, 0]]);
    const table = await run('wip', '--by', 'line', '--store', lineStore, '--now', T(60), '--window-hours', '1');
    assert.match(table.stdout, /^line\s+stations\s+items/);
    assert.match(table.stdout, /L1\s+A1 A2\s+1/);
    assert.match(table.stdout, /stations on no line: Q/);
    const byStation = await run('wip', '--store', lineStore, '--format', 'csv', '--now', T(60));
    assert.match(byStation.stdout, /^station,line,items/);
    assert.match(byStation.stdout, /\nB1,L2,1,/);
    await assert.rejects(run('wip', '--by', 'shift', '--store', lineStore), (e: unknown) => isTraceocrError(e, 'USAGE'));
  });

  test('errors: unknown code, bad store URL, bad --now', async () => {
    await assert.rejects(run('trace', 'backward', 'NOPE', '--store', store), (e: unknown) => isTraceocrError(e, 'NOT_FOUND'));
    await assert.rejects(run('wip', '--store', 'mysql://x/y'), (e: unknown) => isTraceocrError(e, 'STORE_URL_INVALID'));
    await assert.rejects(run('wip', '--store', store, '--now', 'yesterday'), (e: unknown) => isTraceocrError(e, 'USAGE'));
  });

  test('audit verify passes, then detects an event altered directly in the database', async () => {
    const ok = await run('audit', 'verify', '--store', store, '--format', 'json');
    assert.equal(ok.exitCode, 0);
    assert.deepEqual(JSON.parse(ok.stdout), { ok: true, checked: 7, firstBrokenSeq: null, reason: null });
    const raw = new Database(store);
    try {
      assert.throws(() => raw.exec(`UPDATE events SET station = 'S99' WHERE seq = 3`), /append-only/);
      // An attacker with file access drops the guard first.
      raw.exec('DROP TRIGGER events_no_update');
      raw.exec(`UPDATE events SET at_ms = at_ms + 3600000 WHERE seq = 3`);
    } finally {
      raw.close();
    }
    const bad = await run('audit', 'verify', '--store', store);
    assert.equal(bad.exitCode, 1);
    assert.match(bad.stdout, /false\s+2\s+3\s+stored hash does not match/);
  });
});
