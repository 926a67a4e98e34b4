import { createReadStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { Command, Option } from 'commander';
import { TraceocrError } from '../../core/errors.js';
import type { EntityKind, StationVisit, TraceResult } from '../../trace/domain.js';
import { importEvents } from '../../trace/import-events.js';
import type { ImportFormat } from '../../trace/import-events.js';
import { DEFAULT_STORE_LOCATION, openStore } from '../../trace/open-store.js';
import type { Store } from '../../trace/store.js';

/** Output formats of the trace commands. */
export type TraceOutputFormat = 'table' | 'json' | 'csv';

/** Where the trace commands write (tests pass their own streams). */
export interface TraceCommandIo {
  readonly stdout: Writable;
  readonly stderr: Writable;
}

type Cell = string | number | boolean | null;
type Row = Record<string, Cell>;

/** One RFC 4180 cell: quoted when it holds a comma, quote, CR or LF. */
function csvCell(v: Cell): string {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Renders rows as an aligned text table or CSV. */
export function renderRows(rows: readonly Row[], format: 'table' | 'csv', columns?: readonly string[]): string {
  const cols = columns ?? (rows[0] === undefined ? [] : Object.keys(rows[0]));
  if (format === 'csv') return `${[cols.join(','), ...rows.map((r) => cols.map((c) => csvCell(r[c] ?? null)).join(','))].join('\n')}\n`;
  const text = rows.map((r) => cols.map((c) => (r[c] === null || r[c] === undefined ? '-' : String(r[c]))));
  const widths = cols.map((c, i) => Math.max(c.length, ...text.map((t) => (t[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((s, i) => s.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return `${[line(cols), line(widths.map((w) => '-'.repeat(w))), ...text.map(line)].join('\n')}\n`;
}

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());
const minutes = (ms: number | null): number | null => (ms === null ? null : Math.round((ms / 60_000) * 10) / 10);
const stationsCell = (v: readonly StationVisit[]): string => v.map((s) => `${s.station}@${s.arrivedAt.toISOString()}`).join(' ');

function traceRows(t: TraceResult): Row[] {
  return t.nodes.map((n) => ({
    depth: n.depth, kind: n.kind, code: n.code, via: n.via, link: n.link, removed: n.removed,
    gtin: n.gtin, partNumber: n.partNumber, supplier: n.supplier, workOrder: n.workOrder, customer: n.customer,
    stations: stationsCell(n.stations),
  }));
}

interface CommonOptions { store: string; format: TraceOutputFormat }

const formatOption = (): Option => new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table');
const storeOption = (): Option => new Option('--store <pathOrUrl>', 'SQLite file path or postgres:// URL').default(DEFAULT_STORE_LOCATION);
const kindOption = (): Option => new Option('--kind <kind>', 'what the code names (default: item, else lot, else shipment)').choices(['item', 'lot', 'shipment']);

async function withStore<T>(location: string, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(location);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

function write(io: TraceCommandIo, format: TraceOutputFormat, json: unknown, rows: readonly Row[], columns?: readonly string[], summary?: string): void {
  if (format === 'json') {
    io.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    return;
  }
  io.stdout.write(renderRows(rows, format, columns));
  // The summary goes to stderr in CSV so the file stays one table.
  if (summary !== undefined) (format === 'csv' ? io.stderr : io.stdout).write(`${summary}\n`);
}

/**
 * Adds the record commands to the `traceocr` program: `trace backward|forward|history|return`,
 * `recall`, `wip`, `audit verify` and `import`, each with `--store` (SQLite file path or
 * `postgres://` URL, default `./data/traceocr.db`) and `--format table|json|csv`.
 * Faults are thrown as {@link TraceocrError} for the program's handler; a failed audit
 * sets `process.exitCode = 1`.
 *
 * @example
 * const program = new Command('traceocr');
 * registerTraceCommands(program);
 * await program.parseAsync(['node', 'traceocr', 'trace', 'backward', 'SN00923', '--format', 'json']);
 */
export function registerTraceCommands(program: Command, io: TraceCommandIo = { stdout: process.stdout, stderr: process.stderr }): void {
  const trace = program.command('trace').description('genealogy and history of items, lots and shipments');
  for (const direction of ['backward', 'forward'] as const) {
    trace.command(`${direction} <code>`)
      .description(direction === 'backward' ? 'what an item is made of: components, lots, suppliers, stations, work orders' : 'everything a lot (or item) went into: items, lots, shipments')
      .addOption(storeOption()).addOption(formatOption()).addOption(kindOption())
      .option('--max-depth <n>', 'levels to follow', (v) => Number.parseInt(v, 10), 32)
      .action(async (code: string, o: CommonOptions & { kind?: EntityKind; maxDepth: number }) => {
        const opts = { maxDepth: o.maxDepth, ...(o.kind === undefined ? {} : { kind: o.kind }) };
        const t = await withStore(o.store, (s) => (direction === 'backward' ? s.traceBackward(code, opts) : s.traceForward(code, opts)));
        write(io, o.format, t, traceRows(t), undefined, `${t.counts.items} items, ${t.counts.lots} lots, ${t.counts.shipments} shipments, depth ${t.counts.maxDepth}`);
      });
  }
  trace.command('history <code>')
    .description('timeline of an item, lot or shipment')
    .addOption(storeOption()).addOption(formatOption()).addOption(kindOption())
    .action(async (code: string, o: CommonOptions & { kind?: EntityKind }) => {
      const h = await withStore(o.store, (s) => s.history(code, o.kind));
      const rows = h.events.map((e) => ({
        at: iso(e.at), seq: e.seq, type: e.type, station: e.station, workOrder: e.workOrder,
        details: JSON.stringify(e.payload), evidence: e.evidence === null ? null : JSON.stringify(e.evidence),
        id: e.id, correctedBy: e.correctedBy.join(' '),
      }));
      write(io, o.format, h, rows, ['at', 'seq', 'type', 'station', 'workOrder', 'details', 'evidence', 'id', 'correctedBy']);
    });
  trace.command('return <serial>')
    .description('a returned serial: its lots, siblings from the same lot, stations and time of production')
    .addOption(storeOption()).addOption(formatOption())
    .action(async (serial: string, o: CommonOptions) => {
      const r = await withStore(o.store, (s) => s.returnLookup(serial));
      const rows: Row[] = [
        ...r.lots.map((l) => ({ section: 'lot', code: l.code, detail: l.supplier, at: null })),
        ...r.stations.map((v) => ({ section: 'station', code: v.station, detail: iso(v.leftAt), at: iso(v.arrivedAt) })),
        ...r.siblings.map((s) => ({ section: 'sibling', code: s.serial, detail: s.lot, at: null })),
      ];
      write(io, o.format, r, rows, ['section', 'code', 'detail', 'at'], `${r.siblingCount} siblings; produced ${iso(r.producedFrom) ?? '?'} .. ${iso(r.producedTo) ?? '?'}; ${r.returns.length} returns`);
    });

  program.command('recall <lot>')
    .description('recall list of a lot: every item containing it, where it is, counts')
    .addOption(storeOption()).addOption(formatOption())
    .action(async (lot: string, o: CommonOptions) => {
      const r = await withStore(o.store, (s) => s.recall(lot));
      const c = r.counts;
      write(io, o.format, r, r.items.map((i) => ({ ...i })), ['serial', 'gtin', 'partNumber', 'topLevel', 'station', 'shipment', 'customer'],
        `${c.items} items (${c.topLevelItems} top-level), ${c.lots} derived lots, ${c.shippedItems} shipped in ${c.shipments} shipments to ${c.customers} customers, ${c.inPlantItems} still in the plant`);
    });

  program.command('wip')
    .description('work in progress per station (or per production line): items, dwell time percentiles, throughput, slowest station')
    .addOption(storeOption()).addOption(formatOption())
    .option('--window-hours <h>', 'stays that ended in this window count for dwell and throughput', (v) => Number(v), 24)
    .option('--now <iso>', 'report as of this time (default: now)')
    .option('--by <what>', 'group by "station" or "line"', 'station')
    .action(async (o: CommonOptions & { windowHours: number; now?: string; by: string }) => {
      const now = o.now === undefined ? new Date() : new Date(o.now);
      if (Number.isNaN(now.getTime()) || !(o.windowHours > 0)) throw new TraceocrError('USAGE', '--now must be an ISO 8601 time and --window-hours a positive number');
      if (o.by !== 'station' && o.by !== 'line') throw new TraceocrError('USAGE', '--by must be "station" or "line"');
      const w = await withStore(o.store, (s) => s.wip({ now, windowMs: o.windowHours * 3_600_000 }));
      if (o.by === 'line') {
        const lines = w.lines.map((l) => ({
          line: l.line, stations: l.stations.join(' '), items: l.items,
          waitP50Min: minutes(l.currentDwellP50Ms), waitP95Min: minutes(l.currentDwellP95Ms),
          outPerHour: Math.round(l.throughputPerHour * 10) / 10, slowestStation: l.slowestStation ?? '-',
        }));
        const unassigned = w.stations.filter((s) => s.line === null).map((s) => s.station);
        write(io, o.format, { now: w.now, windowMs: w.windowMs, lines: w.lines }, lines, ['line', 'stations', 'items', 'waitP50Min', 'waitP95Min', 'outPerHour', 'slowestStation'],
          `stations on no line: ${unassigned.length === 0 ? '-' : unassigned.join(' ')}`);
        return;
      }
      const rows = w.stations.map((s) => ({
        station: s.station, line: s.line ?? '-', items: s.items,
        waitP50Min: minutes(s.currentDwellP50Ms), waitP95Min: minutes(s.currentDwellP95Ms),
        dwellP50Min: minutes(s.dwellP50Ms), dwellP95Min: minutes(s.dwellP95Ms),
        perHour: Math.round(s.throughputPerHour * 10) / 10,
      }));
      write(io, o.format, w, rows, ['station', 'line', 'items', 'waitP50Min', 'waitP95Min', 'dwellP50Min', 'dwellP95Min', 'perHour'], `slowest station: ${w.slowestStation ?? '-'}`);
    });

  program.command('audit').description('audit trail').command('verify')
    .description('re-compute the hash chain of every event; exit status 1 if it does not verify')
    .addOption(storeOption()).addOption(formatOption())
    .action(async (o: CommonOptions) => {
      const v = await withStore(o.store, (s) => s.auditVerify());
      write(io, o.format, v, [{ ...v }], ['ok', 'checked', 'firstBrokenSeq', 'reason']);
      if (!v.ok) process.exitCode = 1;
    });

  program.command('import <file>')
    .description('import events (CSV or JSONL, e.g. an MES export); each batch is one transaction')
    .addOption(storeOption()).addOption(formatOption())
    .addOption(new Option('--input-format <fmt>', 'input format (default: from the file extension)').choices(['jsonl', 'csv']))
    .option('--batch-size <n>', 'events per transaction', (v) => Number.parseInt(v, 10), 1000)
    .option('--progress', 'print a line on stderr after each committed batch')
    .action(async (file: string, o: CommonOptions & { inputFormat?: ImportFormat; batchSize: number; progress?: boolean }) => {
      const format: ImportFormat = o.inputFormat ?? (/\.csv$/i.test(file) ? 'csv' : 'jsonl');
      if (!(o.batchSize > 0)) throw new TraceocrError('USAGE', '--batch-size must be a positive integer');
      const input = createReadStream(file);
      const opened = new Promise<void>((resolve, reject) => {
        input.once('open', () => resolve());
        input.once('error', (err) => reject(new TraceocrError('FILE_NOT_FOUND', `cannot read ${file}: ${err.message}`, { cause: err })));
      });
      await opened;
      const r = await withStore(o.store, (s) => importEvents(s, input, {
        format,
        batchSize: o.batchSize,
        ...(o.progress === true ? { onBatch: (b) => { io.stderr.write(`batch ${b.index} lines ${b.firstLine}-${b.lastLine} committed (${b.appended} new, ${b.duplicates} duplicates)\n`); } } : {}),
      }));
      write(io, o.format, r, [{ ...r }], ['rows', 'batches', 'appended', 'duplicates']);
    });
}

/** Convenience for the CLI's entry point and tests: a program with only the trace commands. */
export function createTraceProgram(io?: TraceCommandIo): Command {
  const program = new Command('traceocr').exitOverride();
  registerTraceCommands(program, io);
  return program;
}
