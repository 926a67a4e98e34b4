/**
 * OCR speed and exact-line accuracy of traceocr's text reader against
 * `@gutenye/ocr-node` (same PP-OCRv4 models, generic wrapper), in one process,
 * on the same generated labels, one ONNX thread each.
 *
 * Usage: node --import tsx bench/ocr-speed.ts [count=40] [seed=7] [--no-gutenye] [--dump DIR] [--misses]
 *        [--det-max-side PX] [--rec-width-scale F]
 *
 * Reports wall-clock and CPU milliseconds per label (CPU time of this process:
 * on a shared machine wall-clock time includes waiting for a core).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { decodeImage } from '../src/vision/index.js';
import { createTextReader } from '../src/ocr/index.js';
import { renderLabel } from '../src/vision/testing/render-label.js';
import type { LabelLine, RenderLabelOptions } from '../src/vision/testing/render-label.js';
import { createSeededRandom } from '../src/core/seeded-random.js';

const args = process.argv.slice(2);
const positional = args.filter((a, i) => !a.startsWith('--') && !(args[i - 1] ?? '').match(/^--(dump|det-max-side|rec-width-scale)$/));
const count = Number(positional[0] ?? 40);
const seed = Number(positional[1] ?? 7) >>> 0 || 7;
const withGutenye = !args.includes('--no-gutenye');
const dumpIdx = args.indexOf('--dump');
const dumpDir = dumpIdx >= 0 ? args[dumpIdx + 1] : undefined;
const flag = (name: string): number | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : undefined;
};
const detMaxSide = flag('--det-max-side');
const recWidthScale = flag('--rec-width-scale');

const rand = createSeededRandom(seed);
const int = (a: number, b: number): number => a + Math.floor(rand() * (b - a + 1));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const ALNUM = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
const DIG = '0123456789';
const str = (n: number, set: string): string => Array.from({ length: n }, () => pick([...set])).join('');
const date = (): string => `20${int(24, 31)}-${String(int(1, 12)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')}`;

/** Text line makers: typical label lines (keys + identifiers). */
const MAKERS: (() => string)[] = [
  () => `LOT: ${str(int(5, 9), ALNUM)}`,
  () => `S/N ${str(2, 'ABCDEFGHKLMNPRSTXYZ')}${str(int(6, 9), DIG)}`,
  () => `EXP ${date()}`,
  () => `MFG ${date()}`,
  () => `Use by ${String(int(1, 28)).padStart(2, '0')}.${String(int(1, 12)).padStart(2, '0')}.20${int(24, 31)}`,
  () => `PN ${str(4, DIG)}-${str(3, DIG)}-${str(2, DIG)}`,
  () => `(01)0${str(13, DIG)}`,
  () => `(10)${str(int(4, 8), ALNUM)}`,
  () => `Batch ${str(int(5, 8), ALNUM)}`,
  () => `QTY ${int(1, 999)} PCS`,
  () => `REF ${str(3, 'ABCDEFGHKLMNPRSTXYZ')}-${str(5, DIG)}`,
];
const DOT_MAKERS: (() => string)[] = [
  () => `EXP ${date()}`,
  () => `LOT ${str(int(5, 8), ALNUM)}`,
  () => `${str(2, 'ABCDEFGHKLMNPRSTXYZ')}${str(6, DIG)}`,
];

interface Case { lines: LabelLine[]; options: RenderLabelOptions; name: string }

function makeCase(i: number): Case {
  const n = int(5, 8);
  const lines: LabelLine[] = [];
  const dotLine = rand() < 0.5 ? int(0, n - 1) : -1;
  for (let k = 0; k < n; k++) {
    if (k === dotLine) lines.push({ text: pick(DOT_MAKERS)(), font: 'dots', sizePx: int(28, 42) });
    else lines.push({ text: pick(MAKERS)(), font: pick(['ocrb', 'dejavu', 'mono'] as const), sizePx: int(22, 32) });
  }
  const rotateDeg = rand() < 0.6 ? pick([0, 90, 180, 270]) : Math.round((rand() * 360 - 180) * 10) / 10;
  const options: RenderLabelOptions = {
    rotateDeg,
    blurSigma: rand() < 0.4 ? Math.round(rand() * 12) / 10 : 0,
    noiseStd: rand() < 0.4 ? int(2, 12) : 0,
    lightGradient: rand() < 0.3 ? Math.round(rand() * 50) / 100 : 0,
    ...(rand() < 0.3 ? { jpegQuality: int(60, 90) } : {}),
    seed: i + 1,
  };
  return { lines, options, name: `label-${i}` };
}

const cases: Case[] = Array.from({ length: count }, (_, i) => makeCase(i));
const images = await Promise.all(cases.map((c) => renderLabel(c.lines, c.options)));
if (dumpDir) {
  mkdirSync(dumpDir, { recursive: true });
  images.forEach((b, i) => writeFileSync(join(dumpDir, `${cases[i]!.name}${cases[i]!.options.jpegQuality ? '.jpg' : '.png'}`), b));
}

interface Score { ms: number[]; cpuMs: number[]; exact: number; total: number; dotExact: number; dotTotal: number; misses: string[] }
const score = (): Score => ({ ms: [], cpuMs: [], exact: 0, total: 0, dotExact: 0, dotTotal: 0, misses: [] });
function grade(s: Score, c: Case, read: readonly string[]): void {
  const got = new Set(read);
  for (const l of c.lines) {
    const ok = got.has(l.text);
    s.total++;
    if (ok) s.exact++;
    if (l.font === 'dots') {
      s.dotTotal++;
      if (ok) s.dotExact++;
    }
    if (!ok) s.misses.push(`${c.name} rot=${c.options.rotateDeg} ${l.font}: "${l.text}" not in ${JSON.stringify(read)}`);
  }
}
const median = (v: number[]): number => [...v].sort((a, b) => a - b)[v.length >> 1] ?? NaN;

const cpuMsSince = (c0: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(c0);
  return (d.user + d.system) / 1000;
};
const ours = score();
const reader = await createTextReader({
  intraOpNumThreads: 1,
  ...(detMaxSide ? { detection: { maxSidePx: detMaxSide } } : {}),
  ...(recWidthScale ? { recWidthScale } : {}),
});
type Detect = (bytes: Buffer) => Promise<{ text: string }[]>;
let theirDetect: Detect | undefined;
let theirs: Score | undefined;
if (withGutenye) {
  theirs = score();
  const { default: Ocr } = await import('@gutenye/ocr-node');
  const ocr = await Ocr.create({ onnxOptions: { intraOpNumThreads: 1, interOpNumThreads: 1 } } as never);
  theirDetect = (bytes) => ocr.detect(bytes as never) as Promise<{ text: string }[]>;
  await theirDetect(images[0]!);
}
// Warm-up: the first inference of each shape family is slower (ORT allocations).
await reader.readText(await decodeImage(images[0]!));
const stageMs: Record<string, number[]> = {};
// Interleaved per image, so both readers see the same load on a shared machine.
for (let i = 0; i < cases.length; i++) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const image = await decodeImage(images[i]!);
  const r = await reader.readText(image);
  ours.ms.push(performance.now() - t0);
  ours.cpuMs.push(cpuMsSince(c0));
  for (const [k, v] of Object.entries(r.timings)) (stageMs[k] ??= []).push(v);
  grade(ours, cases[i]!, r.lines.map((l) => l.text));
  if (theirDetect && theirs) {
    const t1 = performance.now();
    const c1 = process.cpuUsage();
    const lines = await theirDetect(images[i]!);
    theirs.ms.push(performance.now() - t1);
    theirs.cpuMs.push(cpuMsSince(c1));
    grade(theirs, cases[i]!, lines.map((l) => l.text));
  }
}
await reader.close();

const fmt = (s: Score): string =>
  `median ${median(s.ms).toFixed(1)} ms/label (mean ${(s.ms.reduce((a, b) => a + b, 0) / s.ms.length).toFixed(1)}; CPU median ${median(s.cpuMs).toFixed(1)} ms), exact lines ${s.exact}/${s.total} (${((100 * s.exact) / s.total).toFixed(1)} %), dot-matrix ${s.dotExact}/${s.dotTotal}`;
console.log(`labels: ${count}, seed ${positional[1] ?? 7}`);
console.log(`traceocr   : ${fmt(ours)}`);
console.log(`  stages (median ms): ${Object.entries(stageMs).map(([k, v]) => `${k}=${median(v).toFixed(1)}`).join(' ')}`);
if (theirs) {
  console.log(`gutenye    : ${fmt(theirs)}`);
  console.log(`speed-up (median): ${(median(theirs.ms) / median(ours.ms)).toFixed(2)}x wall, ${(median(theirs.cpuMs) / median(ours.cpuMs)).toFixed(2)}x CPU`);
}
if (args.includes('--misses')) for (const m of ours.misses) console.log('miss', m);
