/**
 * Reading a `truth.jsonl` (the bench's truth format, see bench/README.md):
 * one JSON object per line, `{"file": "...", "family": "...", "variant": "...", "fields": {...}}`
 * (`family` and `variant` optional).
 */
import { readFile } from 'node:fs/promises';
import { FIELD_NAMES, type FieldName } from '../../src/core/types.js';
import type { TruthRecord } from './generate.js';

/**
 * Parses and validates a truth file; every problem is reported at once
 * (line numbers), since a plant's hand-written truth file is the usual source.
 */
export async function readTruthFile(path: string): Promise<TruthRecord[]> {
  const text = await readFile(path, 'utf8');
  return parseTruthJsonl(text, path);
}

/** Parses `truth.jsonl` text; throws one error listing every bad line. */
export function parseTruthJsonl(text: string, source = 'truth.jsonl'): TruthRecord[] {
  const records: TruthRecord[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch {
      problems.push(`line ${i + 1}: not JSON`);
      return;
    }
    const o = obj as { file?: unknown; family?: unknown; variant?: unknown; fields?: unknown };
    if (typeof o.file !== 'string' || o.file === '') { problems.push(`line ${i + 1}: "file" must be a non-empty string`); return; }
    if (typeof o.fields !== 'object' || o.fields === null || Array.isArray(o.fields)) { problems.push(`line ${i + 1}: "fields" must be an object`); return; }
    const fields: Partial<Record<FieldName, string>> = {};
    for (const [k, v] of Object.entries(o.fields as Record<string, unknown>)) {
      if (!(FIELD_NAMES as readonly string[]).includes(k)) problems.push(`line ${i + 1}: unknown field "${k}" (known: ${FIELD_NAMES.join(', ')})`);
      else if (typeof v !== 'string') problems.push(`line ${i + 1}: field "${k}" must be a string`);
      else fields[k as FieldName] = v;
    }
    records.push({
      file: o.file,
      family: typeof o.family === 'string' && o.family !== '' ? o.family : 'custom',
      ...(typeof o.variant === 'string' && o.variant !== '' ? { variant: o.variant } : {}),
      fields,
    });
  });
  if (problems.length > 0) throw new Error(`${source}: ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
  return records;
}
