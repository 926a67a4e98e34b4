import { readFile, stat } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { TraceocrError, toTraceocrError } from '../core/errors.js';
import type { Check, FieldName, FieldResult, ReadFailure, ReadResult, ReadSuccess } from '../core/types.js';
import { decodeImage, measureQuality } from '../vision/index.js';
import { createTextReader } from '../ocr/index.js';
import type { TextReaderOptions } from '../ocr/index.js';
import { createCodeReader } from '../codes/index.js';
import { extractFields, loadProfile } from '../extract/index.js';

/** Options of {@link createReader}. */
export interface ReaderOptions {
  /** Label profile: a built-in name or a JSON/YAML file. @defaultValue the `default` profile */
  readonly profile?: string;
  /** Grammar-aware decoding of fields; `false` keeps the recogniser's top-1 reading. @defaultValue true */
  readonly grammar?: boolean;
  /** ONNX Runtime threads per inference. @defaultValue 1 */
  readonly intraOpNumThreads?: number;
  /** Largest file accepted, in bytes. @defaultValue 100 MiB */
  readonly maxFileBytes?: number;
  /** Settings of the text stage (see `TextReaderOptions`); `intraOpNumThreads` above wins. */
  readonly text?: Omit<TextReaderOptions, 'intraOpNumThreads'>;
}

/** A loaded reading pipeline: models are loaded once, then every `read` reuses them. */
export interface Reader {
  /**
   * Reads one image. Never throws for a bad file: the failure is returned as
   * `{ ok: false, error: { code, message } }` so that a batch goes on.
   * @param file - path, also used as the `file` of the result
   * @param bytes - the file's content when already in memory (HTTP upload, hot folder)
   */
  read(file: string, bytes?: Uint8Array): Promise<ReadResult>;
  /** Releases the models. */
  close(): Promise<void>;
}

const DEFAULT_MAX_FILE_BYTES = 100 * 1024 * 1024;

/**
 * Loads the text and code readers and returns the pipeline
 * decode → quality → (text ∥ codes) → fields → checks for one image at a time.
 *
 * @example
 * const reader = await createReader();
 * const result = await reader.read('samples/label-gs1-logistics.png');
 * await reader.close();
 */
export async function createReader(options: ReaderOptions = {}): Promise<Reader> {
  const profile = options.profile === undefined ? undefined : loadProfile(options.profile);
  const [textReader, codeReader] = await Promise.all([
    createTextReader({ ...options.text, intraOpNumThreads: options.intraOpNumThreads ?? 1 }),
    createCodeReader(),
  ]);
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const grammar = options.grammar ?? true;

  async function readSuccess(file: string, given: Uint8Array | undefined): Promise<ReadSuccess> {
    const t0 = performance.now();
    const bytes = given ?? (await readInputFile(file, maxFileBytes));
    const tRead = performance.now();
    const image = await decodeImage(bytes);
    const tDecode = performance.now();
    const quality = measureQuality(image.gray);
    const tQuality = performance.now();
    // Text and codes are started together, so sharp's work (libvips threads) overlaps the other
    // stage. With onnxruntime-node 1.30 inference was measured (session 3 profiles) to occupy this
    // thread as zxing's WebAssembly does, so those two do not overlap each other.
    let codesMs = 0;
    const [text, codes] = await Promise.all([
      textReader.readText(image),
      codeReader.readCodes(image).then((c) => {
        codesMs = performance.now() - tQuality;
        return c;
      }),
    ]);
    const tRecognise = performance.now();
    const extracted = extractFields({ lines: text.lines, codes, ...(profile ? { profile } : {}), grammar });
    const tExtract = performance.now();
    return {
      file,
      ok: true,
      fields: orderFields(extracted.fields),
      codes: codes.map((c) => ({ format: c.format, text: c.text, symbologyId: c.symbologyId, ...(c.gs1 ? { gs1: c.gs1 } : {}), box: c.box })),
      lines: text.lines.map((l) => ({ text: l.text, confidence: round(l.confidence), box: l.box })),
      checks: dedupeChecks(extracted.checks),
      quality: { sharpness: round(quality.sharpness), contrast: round(quality.contrast), rotation: text.rotationDeg },
      timings: {
        totalMs: round1(tExtract - t0),
        fileMs: round1(tRead - t0),
        decodeMs: round1(tDecode - tRead),
        qualityMs: round1(tQuality - tDecode),
        textMs: round1(tRecognise - tQuality),
        codesMs: round1(codesMs),
        extractMs: round1(tExtract - tRecognise),
        ...Object.fromEntries(Object.entries(text.timings).map(([k, v]) => [`text.${k}`, round1(v)])),
      },
    };
  }

  return {
    async read(file, bytes) {
      try {
        return await readSuccess(file, bytes);
      } catch (err) {
        const e = toTraceocrError(err);
        // Faults of the system (models, engine) are not the file's fault: rethrow them.
        if (e.code === 'MODEL_NOT_FOUND' || e.code === 'MODEL_LOAD_FAILED' || e.code === 'INTERNAL') throw e;
        const failure: ReadFailure = { file, ok: false, error: { code: e.code, message: e.message } };
        return failure;
      }
    },
    async close() {
      await textReader.close();
    },
  };
}

/** Reads a file for recognition, mapping file-system errors to error codes. */
async function readInputFile(file: string, maxFileBytes: number): Promise<Uint8Array> {
  let size: number;
  try {
    const st = await stat(file);
    if (st.isDirectory()) throw new TraceocrError('FILE_UNREADABLE', `${file} is a directory`);
    size = st.size;
  } catch (err) {
    throw mapFsError(err, file);
  }
  if (size === 0) throw new TraceocrError('FILE_EMPTY', `${file} is empty`);
  if (size > maxFileBytes) throw new TraceocrError('IMAGE_TOO_LARGE', `${file} is ${size} bytes; the limit is ${maxFileBytes}`);
  try {
    return await readFile(file);
  } catch (err) {
    throw mapFsError(err, file);
  }
}

function mapFsError(err: unknown, file: string): TraceocrError {
  if (err instanceof TraceocrError) return err;
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new TraceocrError('FILE_NOT_FOUND', `${file}: no such file`, { cause: err });
  return new TraceocrError('FILE_UNREADABLE', `${file}: ${(err as Error).message}`, { cause: err });
}

/** Puts each field's keys in the contract's order (`value` first), so the JSON reads as documented. */
function orderFields(fields: Partial<Record<FieldName, FieldResult>>): Partial<Record<FieldName, FieldResult>> {
  const out: Partial<Record<FieldName, FieldResult>> = {};
  for (const [name, f] of Object.entries(fields) as [FieldName, FieldResult][]) {
    out[name] = {
      value: f.value, confidence: f.confidence, source: f.source,
      ...(f.raw === undefined ? {} : { raw: f.raw }),
      ...(f.box === undefined ? {} : { box: f.box }),
      ...(f.status === undefined ? {} : { status: f.status }),
    };
  }
  return out;
}

/**
 * One check per (name, field, outcome): the same rule confirmed by several sources
 * (the DataMatrix, the GS1-128 and the printed HRI all carry AI 01) is reported once,
 * keeping the first message.
 */
function dedupeChecks(checks: readonly Check[]): Check[] {
  const seen = new Set<string>();
  return checks.filter((c) => {
    const key = `${c.name}\u0000${c.field ?? ''}\u0000${c.ok}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
