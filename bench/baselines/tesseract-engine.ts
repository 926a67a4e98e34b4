/**
 * Baseline (a): tesseract.js (LSTM, `eng` best_int model from npm) with the
 * generic key rules. Offline: the language data comes from
 * `@tesseract.js-data/eng`, `cacheMethod: 'none'` keeps it from writing or
 * fetching anything.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createWorker } from 'tesseract.js';
import { extractFieldsByKeyRules } from './key-rules.js';
import type { BenchEngine } from './engine.js';

/** Loads a tesseract.js worker (one thread: tesseract.js runs WebAssembly in one worker). */
export async function createTesseractEngine(): Promise<BenchEngine> {
  const require = createRequire(import.meta.url);
  const langPath = join(dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');
  const worker = await createWorker('eng', 1, { langPath, gzip: true, cacheMethod: 'none' });
  return {
    name: 'tesseract.js+rules',
    note: 'tesseract.js 1 worker, eng 4.0.0_best_int, generic key regexes (bench/baselines/key-rules.ts)',
    async read(file) {
      const { data } = await worker.recognize(file);
      return extractFieldsByKeyRules(data.text.split('\n').map((l) => l.trim()).filter((l) => l !== ''));
    },
    close: async () => { await worker.terminate(); },
  };
}
