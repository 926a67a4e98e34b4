import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import cliProgress from 'cli-progress';
import { FIELD_NAMES, type ReadResult } from '../core/types.js';
import { createReader } from '../read/index.js';
import { createOutputWriter, type OutputFormat } from './output.js';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isTraceocrError, toTraceocrError } from '../core/errors.js';
import { DEFAULT_STORE_LOCATION, openStore, recordRead, type Store } from '../trace/index.js';
import { MODEL_VERSION } from '../read/index.js';

const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.tif', '.tiff', '.bmp', '.webp']);

/** Options of `traceocr read` as commander parses them. */
interface ReadCommandOptions {
  readonly format: OutputFormat;
  readonly profile?: string;
  readonly grammar: boolean;
  readonly threads: number;
  readonly progress?: boolean;
  readonly station?: string;
  readonly store?: string;
}

/** Registers `traceocr read [--format json|jsonl|csv] [--profile NAME] FILES...`. */
export function registerReadCommand(program: Command): void {
  program
    .command('read')
    .description('Read labels: one result per file, in input order, streamed to stdout (see DESIGN.md output contract). A directory stands for the images in it.')
    .argument('<files...>', 'image files (PNG, JPEG, TIFF, BMP, WebP) or directories')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['json', 'jsonl', 'csv']).default('jsonl'))
    .option('-p, --profile <name>', 'label profile: built-in name or a JSON/YAML file')
    .option('--no-grammar', 'take the recogniser\'s top-1 reading instead of grammar-aware decoding')
    .option('--threads <n>', 'ONNX Runtime threads per inference', (v) => parsePositiveInt(v, '--threads'), 1)
    .option('--no-progress', 'no progress bar on stderr')
    .option('--station <name>', 'record every read as an `observed` event at this station')
    .option('--store <location>', `record store: SQLite file path or postgres:// URL (with --station) (default: "${DEFAULT_STORE_LOCATION}")`)
    .action(async (files: string[], opts: ReadCommandOptions) => {
      if (opts.store !== undefined && opts.station === undefined) {
        program.error('--store needs --station: reads are recorded as events at a station', { exitCode: 2 });
      }
      const inputs = await expandInputs(files);
      const store: Store | undefined = opts.station === undefined ? undefined : await openStore(opts.store ?? DEFAULT_STORE_LOCATION);
      const reader = await createReader({
        ...(opts.profile === undefined ? {} : { profile: opts.profile }),
        grammar: opts.grammar,
        intraOpNumThreads: opts.threads,
      });
      const out = createOutputWriter(opts.format, process.stdout, FIELD_NAMES);
      // A bar only where a person watches: a terminal, and more than a few files.
      const bar = opts.progress !== false && process.stderr.isTTY && inputs.length > 3
        ? new cliProgress.SingleBar({ stream: process.stderr, format: 'reading {bar} {value}/{total} | {eta_formatted} left | failed {failed}', hideCursor: true }, cliProgress.Presets.shades_classic)
        : undefined;
      bar?.start(inputs.length, 0, { failed: 0 });
      let failed = 0;
      try {
        for (const file of inputs) {
          const bytes = await readFile(file).catch(() => undefined);
          // A file that cannot be read is handed to the reader by path so it reports the right code.
          const result: ReadResult = await reader.read(file, bytes);
          if (!result.ok) failed += 1;
          const recorded = store !== undefined && opts.station !== undefined && result.ok && bytes !== undefined
            ? await recordOne(store, result, opts.station, bytes)
            : undefined;
          await out.write(recorded === undefined ? result : { ...result, recorded });
          bar?.increment(1, { failed });
        }
      } finally {
        bar?.stop();
        await out.end();
        await reader.close();
        await store?.close();
      }
      if (failed > 0) process.exitCode = 1;
    });
}

/** What `--station` recording adds to a read: the events stored, or why none was. */
type Recorded = { eventIds: string[]; duplicate: boolean } | { error: { code: string; message: string } };

/**
 * Records one read as an event. A read with neither serial nor lot is not recorded
 * (the result says why); a store fault stops the batch, since every later write would fail too.
 */
async function recordOne(store: Store, read: ReadResult & { ok: true }, station: string, bytes: Uint8Array): Promise<Recorded> {
  try {
    const imageSha256 = createHash('sha256').update(bytes).digest('hex');
    return await recordRead(store, read, { station, imageSha256, modelVersion: MODEL_VERSION });
  } catch (err) {
    const e = toTraceocrError(err);
    if (isTraceocrError(e, 'INPUT_INVALID')) return { error: { code: e.code, message: e.message } };
    throw e;
  }
}

/** Expands directories to the image files in them (sorted); other arguments are kept as given. */
async function expandInputs(args: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const arg of args) {
    const st = await stat(arg).catch(() => undefined);
    if (st?.isDirectory()) {
      const names = (await readdir(arg)).filter((n) => IMAGE_EXTENSIONS.has(n.slice(n.lastIndexOf('.')).toLowerCase())).sort();
      out.push(...names.map((n) => join(arg, n)));
    } else {
      out.push(arg); // missing files become FILE_NOT_FOUND results, in order
    }
  }
  return out;
}

function parsePositiveInt(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got "${value}"`);
  return n;
}
