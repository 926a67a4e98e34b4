/**
 * `npm run bench`: generates a fresh label set (or takes `--dir DIR` with a
 * `truth.jsonl`), reads every image with traceocr and the baselines in the
 * same process and the same run, and prints field/label accuracy, accuracy
 * per field and per family, ms/label and the speed ratio against
 * @gutenye/ocr-node. Full per-label results go to `bench-out/last-run.json`.
 *
 * Usage: npm run bench -- [--count 200] [--seed N (default: a random seed, printed)] [--families a,b]
 *        [--no-baselines] [--dir DIR] [--confusables] [--out bench-out]
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { cpus } from 'node:os';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { FIELD_NAMES, type FieldName } from '../../src/core/types.js';
import type { BenchEngine } from '../baselines/engine.js';
import { createOcrNodeEngine } from '../baselines/ocr-node-engine.js';
import { createTesseractEngine } from '../baselines/tesseract-engine.js';
import { LABEL_FAMILIES, generateLabels, type LabelFamily, type TruthRecord } from './generate.js';
import { readTruthFile } from './truth-file.js';
import { ratio, scoreLabel, summarize, topConfusions, type EngineSummary, type LabelScore } from './score.js';
import { createTraceocrEngine } from './traceocr-engine.js';

const { values: args } = parseArgs({
  options: {
    count: { type: 'string', default: '200' },
    // No fixed default: every run scores a set nobody has tuned on; the seed is printed so a run can be repeated.
    seed: { type: 'string' },
    families: { type: 'string' },
    'no-baselines': { type: 'boolean', default: false },
    dir: { type: 'string' },
    confusables: { type: 'boolean', default: false },
    out: { type: 'string', default: 'bench-out' },
    'all-cores': { type: 'boolean', default: false },
  },
});

// The issue states speed "on one core". With one inference thread each engine still
// overlaps ONNX Runtime's thread with JavaScript/WebAssembly on the other core, so the
// whole process (every thread) is pinned to CPU 0 with taskset unless --all-cores.
const PINNED = process.env['TRACEOCR_BENCH_PINNED'] === '1';
if (!args['all-cores'] && !PINNED && existsSync('/usr/bin/taskset')) {
  const r = spawnSync('/usr/bin/taskset', ['-c', '0', process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit', env: { ...process.env, TRACEOCR_BENCH_PINNED: '1' },
  });
  process.exit(r.status ?? 1);
}

const progress = (msg: string): void => { process.stderr.write(msg); };

async function main(): Promise<void> {
  const outRoot = resolve(args.out ?? 'bench-out');
  const count = Number(args.count);
  const seed = args.seed === undefined ? Math.floor(Math.random() * 1_000_000) : Number(args.seed);
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(seed)) throw new Error('--count and --seed take integers');
  const families = args.families ? args.families.split(',').map((f) => f.trim()) : [...LABEL_FAMILIES];
  for (const f of families) if (!(LABEL_FAMILIES as readonly string[]).includes(f)) throw new Error(`unknown family ${f} (known: ${LABEL_FAMILIES.join(', ')})`);

  // --- the label set
  let dir: string;
  let records: readonly TruthRecord[];
  let setDescription: string;
  if (args.dir) {
    dir = resolve(args.dir);
    records = await readTruthFile(join(dir, 'truth.jsonl'));
    setDescription = `${records.length} labels from ${dir}/truth.jsonl`;
  } else {
    const style = args.confusables ? 'confusable' : 'normal';
    dir = join(outRoot, args.confusables ? 'confusables' : 'labels');
    await rm(dir, { recursive: true, force: true });
    const t0 = performance.now();
    const set = await generateLabels({
      count, seed, families: families as LabelFamily[], outDir: dir, style,
      onLabel: (n, total) => progress(`\rgenerating ${n}/${total}`),
    });
    progress(` (${Math.round(performance.now() - t0)} ms)\n`);
    records = set.records;
    setDescription = `${records.length} freshly generated labels (seed ${seed}, ${style} identifiers, families ${families.join(',')}) in ${dir}`;
  }

  // --- engines: all loaded once; loading is timed apart from reading
  const factories: { name: string; make: () => Promise<BenchEngine> }[] = [
    { name: 'traceocr', make: () => createTraceocrEngine({ grammar: true, intraOpNumThreads: 1 }) },
    { name: 'traceocr-top1', make: () => createTraceocrEngine({ grammar: false, intraOpNumThreads: 1 }) },
  ];
  if (!args['no-baselines'] && !args.confusables) {
    factories.push({ name: 'ocr-node+rules', make: () => createOcrNodeEngine({ intraOpNumThreads: 1 }) });
    factories.push({ name: 'tesseract.js+rules', make: () => createTesseractEngine() });
  }
  const engines: { engine: BenchEngine; loadMs: number }[] = [];
  const unavailable: { name: string; reason: string }[] = [];
  for (const f of factories) {
    progress(`loading ${f.name}…\n`);
    const t0 = performance.now();
    try {
      const engine = await f.make();
      engines.push({ engine, loadMs: performance.now() - t0 });
    } catch (err) {
      unavailable.push({ name: f.name, reason: err instanceof Error ? err.message : String(err) });
    }
  }

  // --- reading: image by image, every engine in turn, so that load from other
  // processes on this machine hits all engines alike (ratios in one run count).
  const scores = new Map<string, LabelScore[]>(engines.map((e) => [e.engine.name, []]));
  const first = records[0];
  // Warm-up read, not timed (first inference allocates). A failure here is not lost: the
  // same file is read again below and its error is recorded on the label.
  if (first) for (const { engine } of engines) await engine.read(join(dir, first.file)).catch(() => undefined);
  const tRun = performance.now();
  for (const [i, rec] of records.entries()) {
    const file = join(dir, rec.file);
    for (const { engine } of engines) {
      const t0 = performance.now();
      let predicted: Partial<Record<FieldName, string>> = {};
      let error: string | undefined;
      try {
        predicted = await engine.read(file);
      } catch (err) {
        error = err instanceof Error ? err.message : String(err);
      }
      const ms = performance.now() - t0;
      scores.get(engine.name)?.push(scoreLabel(rec.file, rec.family, rec.fields, predicted, ms, error));
    }
    const elapsed = (performance.now() - tRun) / 1000;
    progress(`\rreading ${i + 1}/${records.length}  ${elapsed.toFixed(0)} s`);
  }
  progress('\n');
  for (const { engine } of engines) await engine.close();

  const summaries = new Map<string, EngineSummary>([...scores].map(([name, s]) => [name, summarize(s)]));
  printReport({ setDescription, records, engines, unavailable, summaries, scores, confusables: args.confusables ?? false, ownSet: args.dir !== undefined });

  await mkdir(outRoot, { recursive: true });
  const lastRun = join(outRoot, 'last-run.json');
  await writeFile(lastRun, JSON.stringify({
    date: new Date().toISOString(), set: setDescription, dir, cpus: cpus().length,
    engines: engines.map((e) => ({ name: e.engine.name, note: e.engine.note, loadMs: Math.round(e.loadMs) })),
    unavailable,
    summaries: Object.fromEntries(summaries),
    labels: Object.fromEntries(scores),
  }, null, 1));
  console.log(`\nper-label results: ${lastRun}`);
  if (unavailable.some((u) => u.name.startsWith('traceocr'))) process.exitCode = 1;
}

const pct = (x: number): string => (Number.isNaN(x) ? '-' : `${(100 * x).toFixed(1)}%`);
const ms = (x: number): string => (Number.isNaN(x) ? '-' : `${Math.round(x)}`);

interface ReportInput {
  readonly setDescription: string;
  readonly records: readonly TruthRecord[];
  readonly engines: readonly { engine: BenchEngine; loadMs: number }[];
  readonly unavailable: readonly { name: string; reason: string }[];
  readonly summaries: ReadonlyMap<string, EngineSummary>;
  readonly scores: ReadonlyMap<string, LabelScore[]>;
  readonly confusables: boolean;
  /** Scoring a `--dir` set rather than a generated one. */
  readonly ownSet: boolean;
}

function printReport(r: ReportInput): void {
  const names = r.engines.map((e) => e.engine.name);
  const col = Math.max(18, ...names.map((n) => n.length + 2));
  const row = (label: string, cells: readonly string[]): string => label.padEnd(30) + cells.map((c) => c.padStart(col)).join('');
  const each = (f: (s: EngineSummary) => string): string[] => names.map((n) => { const s = r.summaries.get(n); return s ? f(s) : '-'; });
  const out: string[] = [];
  out.push('', `traceocr bench${r.confusables ? ' (confusables: grammar vs top-1)' : ''} — ${r.setDescription}`);
  out.push(`${PINNED ? 'one core: the whole process is pinned to CPU 0 (taskset -c 0)' : 'all cores (not pinned)'}; every engine runs with one inference thread (traceocr and ocr-node intraOpNumThreads 1, tesseract.js one worker); model loading excluded; one warm-up read not timed.`);
  for (const u of r.unavailable) out.push(`UNAVAILABLE ${u.name}: ${u.reason}`);
  out.push('', row('', names));
  out.push(row('field accuracy', each((s) => pct(ratio(s.overall.correct, s.overall.fields)))));
  out.push(row('label accuracy', each((s) => pct(ratio(s.overall.labelsOk, s.overall.labels)))));
  out.push(row('misread fields (wrong value)', each((s) => String(s.overall.misread))));
  out.push(row('missing fields', each((s) => String(s.overall.missing))));
  out.push(row('spurious fields', each((s) => String(s.overall.spurious))));
  out.push(row('values not in contract form', each((s) => String(s.overall.malformed))));
  out.push(row('engine errors', each((s) => String(s.errors))));
  out.push('per field (correct / truth)');
  for (const f of FIELD_NAMES) {
    const any = names.some((n) => r.summaries.get(n)?.perField[f] !== undefined);
    if (!any) continue;
    const total = r.records.filter((x) => x.fields[f] !== undefined).length;
    out.push(row(`  ${f} (n=${total})`, each((s) => pct(ratio(s.perField[f]?.correct ?? 0, total)))));
  }
  out.push('per family (field / label accuracy)');
  const fams = [...new Set(r.records.map((x) => x.family))];
  for (const fam of fams) {
    const n = r.records.filter((x) => x.family === fam).length;
    out.push(row(`  ${fam} (n=${n})`, each((s) => { const t = s.perFamily[fam]; return t ? `${pct(ratio(t.correct, t.fields))} / ${pct(ratio(t.labelsOk, t.labels))}` : '-'; })));
  }
  // Sub-groups of a family (the inkjet coder font: the dot-matrix cell reader knows one of them).
  const variants = [...new Set(r.records.filter((x) => x.variant !== undefined).map((x) => `${x.family} ${x.variant}`))].sort();
  if (variants.length > 0) out.push('per variant (field / label accuracy)');
  for (const v of variants) {
    const files = new Set(r.records.filter((x) => `${x.family} ${x.variant}` === v).map((x) => x.file));
    out.push(row(`  ${v} (n=${files.size})`, names.map((name) => {
      const t = summarize((r.scores.get(name) ?? []).filter((x) => files.has(x.file))).overall;
      return `${pct(ratio(t.correct, t.fields))} / ${pct(ratio(t.labelsOk, t.labels))}`;
    })));
  }
  // Rotation is the degradation that separates engines most: accuracy by rotation class.
  const rotClass = new Map(r.records.map((x) => {
    const deg = x.degradation?.rotationDeg;
    const c: string | undefined = deg === undefined ? undefined : [90, 180, 270].includes(deg) ? 'right angle' : Math.abs(deg) <= 4 ? 'upright ±4°' : 'any angle';
    return [x.file, c] as const;
  }));
  const classes = ['upright ±4°', 'right angle', 'any angle'].filter((c) => [...rotClass.values()].includes(c));
  if (classes.length > 0) out.push('per rotation (field accuracy)');
  for (const c of classes) {
    const n = r.records.filter((x) => rotClass.get(x.file) === c).length;
    out.push(row(`  ${c} (n=${n})`, names.map((name) => {
      const sub = (r.scores.get(name) ?? []).filter((x) => rotClass.get(x.file) === c);
      const t = summarize(sub).overall;
      return pct(ratio(t.correct, t.fields));
    })));
  }
  out.push(row('ms/label median', each((s) => ms(s.msMedian))));
  out.push(row('ms/label p95', each((s) => ms(s.msP95))));
  out.push(row('model load ms', r.engines.map((e) => ms(e.loadMs))));
  const t = r.summaries.get('traceocr');
  const o = r.summaries.get('ocr-node+rules');
  if (t && o) out.push(`speed ratio traceocr vs ocr-node (median ms/label, same run): ${(o.msMedian / t.msMedian).toFixed(2)}× ${o.msMedian >= t.msMedian ? 'faster' : 'SLOWER'} (p95: ${(o.msP95 / t.msP95).toFixed(2)}×)`);
  const g = r.summaries.get('traceocr-top1');
  if (t && g) out.push(`grammar vs top-1 (issue #3): field accuracy ${pct(ratio(t.overall.correct, t.overall.fields))} vs ${pct(ratio(g.overall.correct, g.overall.fields))}, misreads ${t.overall.misread} vs ${g.overall.misread}`);

  // The targets are stated for freshly generated sets, not for a plant's own photos.
  if (t && !r.confusables && !r.ownSet) {
    const inkjet = t.perFamily['inkjet'];
    const checks: [string, boolean][] = [
      ['field accuracy ≥ 98 % overall', ratio(t.overall.correct, t.overall.fields) >= 0.98],
      ['field accuracy ≥ 95 % on inkjet', inkjet !== undefined && ratio(inkjet.correct, inkjet.fields) >= 0.95],
      ['label accuracy ≥ 93 %', ratio(t.overall.labelsOk, t.overall.labels) >= 0.93],
      ['≥ 1.5× faster than ocr-node (median)', o !== undefined && o.msMedian / t.msMedian >= 1.5],
      ['median ≤ 250 ms/label on one core', t.msMedian <= 250],
    ];
    out.push('', 'issue targets (traceocr):');
    for (const [name, ok] of checks) out.push(`  ${ok ? 'MET    ' : 'NOT MET'} ${name}`);
  }

  for (const name of names) {
    const conf = topConfusions(r.scores.get(name) ?? [], name.startsWith('traceocr') ? 10 : 5);
    if (conf.length === 0) continue;
    out.push('', `most frequent misreads — ${name} (field: printed → read ×count; …x… = only the differing characters):`);
    for (const c of conf) out.push(`  ${c.field}: ${c.expected} → ${c.got} ×${c.count}`);
  }
  const tScores = r.scores.get('traceocr') ?? [];
  const spurious = tScores.flatMap((s) => s.spurious.map((x) => `${s.file} ${x.field}=${x.got}`)).slice(0, 5);
  if (spurious.length > 0) out.push('', 'spurious fields — traceocr (first 5):', ...spurious.map((x) => `  ${x}`));
  const malformed = tScores.flatMap((s) => s.malformed.map((f) => `${s.file} ${f}=${s.predicted[f] ?? ''}`)).slice(0, 5);
  if (malformed.length > 0) out.push('', 'values not in contract form — traceocr (first 5):', ...malformed.map((x) => `  ${x}`));
  const errors = [...r.scores].flatMap(([n, s]) => s.filter((x) => x.error).map((x) => `${n} ${x.file}: ${x.error}`)).slice(0, 5);
  if (errors.length > 0) out.push('', 'engine errors (first 5):', ...errors.map((x) => `  ${x}`));
  out.push('', 'engines:', ...r.engines.map((e) => `  ${e.engine.name}: ${e.engine.note}`));
  console.log(out.join('\n'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack ?? err.message : err);
  process.exitCode = 1;
});
