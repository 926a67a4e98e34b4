import { readFile } from 'node:fs/promises';
import ort from 'onnxruntime-node';
import { TraceocrError } from '../core/errors.js';
import { optimizeOcrGraph } from './optimize-graph.js';

/** Options of {@link acquireSession}. */
export interface SessionOptions {
  /** ONNX Runtime intra-op threads. @defaultValue 1 */
  readonly intraOpNumThreads?: number;
  /**
   * Rewrite the graph into fewer equivalent operations before loading it (see `optimizeOcrGraph`);
   * `false` loads the file as it is. @defaultValue true
   */
  readonly optimizeGraph?: boolean;
  /** With `optimizeGraph`: the output classes to keep (see `OptimizeGraphOptions`). @defaultValue all */
  readonly keepOutputClasses?: ArrayLike<number>;
}

/** A shared ONNX Runtime session and the function that gives it back. */
export interface SessionLease {
  readonly session: ort.InferenceSession;
  /** The output's class count when `keepOutputClasses` was applied; `undefined` when the model is whole. */
  readonly outputClasses: number | undefined;
  release(): Promise<void>;
}

interface Entry { promise: Promise<{ session: ort.InferenceSession; outputClasses: number | undefined }>; refs: number }

/**
 * Sessions are created once per process for each model file and settings (threads, graph
 * rewrite, kept output classes): loading the PP-OCRv4 models takes ~100–300 ms (about 0.4 s more
 * with the graph rewrite), far more than reading one label.
 */
const cache = new Map<string, Entry>();

/**
 * Returns the process-wide session for a model file (created on first use, its graph rewritten by
 * {@link optimizeOcrGraph}, then `graphOptimizationLevel: 'all'`), counted so that the last
 * `release` frees it.
 *
 * @throws TraceocrError MODEL_NOT_FOUND, MODEL_LOAD_FAILED
 */
export async function acquireSession(modelPath: string, options: SessionOptions = {}): Promise<SessionLease> {
  const threads = options.intraOpNumThreads ?? 1;
  const optimize = options.optimizeGraph ?? true;
  const keep = optimize && options.keepOutputClasses ? Array.from(options.keepOutputClasses) : undefined;
  const key = `${modelPath}\u0000${threads}\u0000${optimize}\u0000${keep?.join(',') ?? ''}`;
  let entry = cache.get(key);
  if (!entry) {
    const promise = (async () => {
      let model: Uint8Array;
      try {
        model = await readFile(modelPath);
      } catch (err) {
        throw new TraceocrError('MODEL_NOT_FOUND', `model file not found: ${modelPath}`, { cause: err });
      }
      try {
        const optimized = optimize ? optimizeOcrGraph(model, keep ? { keepOutputClasses: keep } : {}) : undefined;
        const session = await ort.InferenceSession.create(optimized?.bytes ?? model, {
          intraOpNumThreads: threads,
          interOpNumThreads: 1,
          graphOptimizationLevel: 'all',
          executionMode: 'sequential',
        });
        return { session, outputClasses: optimized?.outputClasses };
      } catch (err) {
        throw new TraceocrError('MODEL_LOAD_FAILED', `cannot load model ${modelPath}: ${(err as Error).message}`, { cause: err });
      }
    })();
    entry = { promise, refs: 0 };
    cache.set(key, entry);
    // A failed load must not poison the cache for a later retry.
    promise.catch(() => cache.delete(key));
  }
  entry.refs++;
  const e = entry;
  let session: ort.InferenceSession;
  let outputClasses: number | undefined;
  try {
    ({ session, outputClasses } = await e.promise);
  } catch (err) {
    e.refs--;
    throw err;
  }
  let released = false;
  return {
    session,
    outputClasses,
    async release() {
      if (released) return;
      released = true;
      e.refs--;
      if (e.refs === 0 && cache.get(key) === e) {
        cache.delete(key);
        await session.release();
      }
    },
  };
}

/**
 * Runs a session on one float32 NCHW input and returns its first output.
 * @throws TraceocrError OCR_INFERENCE_FAILED
 */
export async function runSession(session: ort.InferenceSession, data: Float32Array, dims: readonly number[]): Promise<{ data: Float32Array; dims: readonly number[] }> {
  try {
    const input = new ort.Tensor('float32', data, dims);
    const out = await session.run({ [session.inputNames[0]!]: input });
    const t = out[session.outputNames[0]!];
    if (!t) throw new Error('model produced no output');
    const result = { data: t.data as Float32Array, dims: t.dims };
    input.dispose();
    return result;
  } catch (err) {
    throw new TraceocrError('OCR_INFERENCE_FAILED', `inference failed: ${(err as Error).message}`, { cause: err });
  }
}
