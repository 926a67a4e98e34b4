/**
 * traceocr itself as a bench engine: one {@link createReader} per mode,
 * loaded once; `grammar: false` gives the plain top-1 reading (issue #3).
 */
import type { BenchEngine } from '../baselines/engine.js';
import type { FieldName } from '../../src/core/types.js';

/** Options of {@link createTraceocrEngine}. */
export interface TraceocrEngineOptions {
  /** Grammar-aware field decoding. @defaultValue true */
  readonly grammar?: boolean;
  /** ONNX Runtime intra-op threads. @defaultValue 1 (single core) */
  readonly intraOpNumThreads?: number;
  readonly profile?: string;
}

/**
 * Loads the traceocr reader. The import is dynamic so that the baselines
 * still run (and the failure is reported) while the pipeline is incomplete.
 */
export async function createTraceocrEngine(options: TraceocrEngineOptions = {}): Promise<BenchEngine> {
  const grammar = options.grammar ?? true;
  const threads = options.intraOpNumThreads ?? 1;
  const { createReader } = await import('../../src/read/index.js');
  const reader = await createReader({ grammar, intraOpNumThreads: threads, ...(options.profile !== undefined ? { profile: options.profile } : {}) });
  return {
    name: grammar ? 'traceocr' : 'traceocr-top1',
    note: `traceocr createReader({ grammar: ${grammar}, intraOpNumThreads: ${threads} })`,
    async read(file) {
      const result = await reader.read(file);
      if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
      const out: Partial<Record<FieldName, string>> = {};
      for (const [name, field] of Object.entries(result.fields) as [FieldName, { value: string } | undefined][]) {
        if (field !== undefined) out[name] = field.value;
      }
      return out;
    },
    close: () => reader.close(),
  };
}
