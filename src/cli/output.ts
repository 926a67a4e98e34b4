import type { Writable } from 'node:stream';
import type { FieldName, ReadResult } from '../core/types.js';

/** Output formats of `traceocr read`. */
export type OutputFormat = 'json' | 'jsonl' | 'csv';

/** Streams read results in one format; `end` closes the document (JSON array). */
export interface OutputWriter {
  /** Writes one result; `recorded` (events stored by `--station`) is printed with it in JSON formats. */
  write(result: ReadResult & { readonly recorded?: unknown }): Promise<void>;
  end(): Promise<void>;
}

/**
 * Creates a writer that prints each result as soon as it is done:
 * `jsonl` one compact object per line; `json` one JSON array, element by element;
 * `csv` a header, then one row per file with value and confidence per field.
 */
export function createOutputWriter(format: OutputFormat, stream: Writable, fields: readonly FieldName[]): OutputWriter {
  let count = 0;
  const put = (s: string): Promise<void> =>
    new Promise((resolve, reject) => {
      stream.write(s, (err) => (err ? reject(err) : resolve()));
    });
  switch (format) {
    case 'jsonl':
      return { write: (r) => put(`${JSON.stringify(r)}\n`), end: async () => {} };
    case 'json':
      return {
        write: (r) => put(`${count++ === 0 ? '[\n' : ',\n'}${JSON.stringify(r, null, 2)}`),
        end: () => put(count === 0 ? '[]\n' : '\n]\n'),
      };
    case 'csv': {
      const header = ['file', 'ok', 'error_code', 'error_message', ...fields.flatMap((f) => [f, `${f}_confidence`, `${f}_source`]), 'failed_checks'];
      return {
        write: (r) => put(`${count++ === 0 ? `${header.join(',')}\n` : ''}${csvRow(toCsvCells(r, fields))}\n`),
        end: () => (count === 0 ? put(`${header.join(',')}\n`) : Promise.resolve()),
      };
    }
  }
}

function toCsvCells(r: ReadResult, fields: readonly FieldName[]): string[] {
  if (!r.ok) return [r.file, 'false', r.error.code, r.error.message, ...fields.flatMap(() => ['', '', '']), ''];
  const cells = fields.flatMap((f) => {
    const v = r.fields[f];
    return v ? [v.value, String(v.confidence), v.source] : ['', '', ''];
  });
  const failedChecks = r.checks.filter((c) => !c.ok).map((c) => (c.field ? `${c.name}:${c.field}` : c.name));
  return [r.file, 'true', '', '', ...cells, failedChecks.join(' ')];
}

/** One RFC 4180 row: quote a cell when it holds a comma, quote, CR or LF. */
function csvRow(cells: readonly string[]): string {
  return cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
}
