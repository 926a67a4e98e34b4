/**
 * Scoring of field reads against label truth: per-field outcome (correct,
 * misread, missing), spurious fields, label accuracy, per-field and
 * per-family summaries, timing percentiles and a confusion list.
 */
import { FIELD_NAMES, type FieldName } from '../../src/core/types.js';
import type { LabelTruth } from './families/family.js';

/** Field values an engine produced for one image (contract field → value). */
export type PredictedFields = Partial<Record<FieldName, string>>;

/** A field read with a value different from the truth. */
export interface Misread {
  readonly field: FieldName;
  readonly expected: string;
  readonly got: string;
}

/** Outcome of one engine on one label. */
export interface LabelScore {
  readonly file: string;
  readonly family: string;
  readonly truth: LabelTruth;
  readonly predicted: PredictedFields;
  readonly correct: readonly FieldName[];
  /** Truth fields read with a wrong value (the worst outcome: a wrong record). */
  readonly misread: readonly Misread[];
  /** Truth fields not reported. */
  readonly missing: readonly FieldName[];
  /** Fields reported that are not on the label. */
  readonly spurious: readonly { field: FieldName; got: string }[];
  /** Reported fields whose value is not in the output contract's form (see {@link isContractForm}). */
  readonly malformed: readonly FieldName[];
  /** Every truth field exactly right and no spurious field. */
  readonly labelOk: boolean;
  /** Time to read this label, ms (model loading excluded). */
  readonly ms: number;
  /** Set when the engine failed on the file. */
  readonly error?: string;
}

/**
 * Scores one label. Values are compared exactly after the contract's
 * normalisation (they already are in contract form: upper case, no spaces,
 * ISO dates), so `SN00923` vs `SN0O923` is a misread, not a near miss.
 */
export function scoreLabel(file: string, family: string, truth: LabelTruth, predicted: PredictedFields, ms: number, error?: string): LabelScore {
  const correct: FieldName[] = [];
  const misread: Misread[] = [];
  const missing: FieldName[] = [];
  const spurious: { field: FieldName; got: string }[] = [];
  for (const field of FIELD_NAMES) {
    const expected = truth[field];
    const got = predicted[field];
    if (expected === undefined) {
      if (got !== undefined) spurious.push({ field, got });
    } else if (got === undefined) missing.push(field);
    else if (got === expected) correct.push(field);
    else misread.push({ field, expected, got });
  }
  const malformed = FIELD_NAMES.filter((f) => predicted[f] !== undefined && !isContractForm(f, predicted[f] ?? ''));
  const labelOk = misread.length === 0 && missing.length === 0 && spurious.length === 0;
  return { file, family, truth, predicted, correct, misread, missing, spurious, malformed, labelOk, ms, ...(error !== undefined ? { error } : {}) };
}

/**
 * Is a value in the form the output contract (DESIGN.md) prescribes? GTIN: 14
 * digits with a valid GS1 mod-10 check digit (GS1 GenSpecs §7.9.1); SSCC: 18
 * digits, same check; dates: ISO 8601 `YYYY-MM-DD` (a real day), `YYYY-MM` or
 * `YYYY-Www`; quantity: digits; identifiers: upper case, no spaces.
 */
export function isContractForm(field: FieldName, value: string): boolean {
  const mod10 = (v: string): boolean => {
    let sum = 0;
    for (let i = 0; i < v.length - 1; i++) sum += (v.charCodeAt(v.length - 2 - i) - 48) * (i % 2 === 0 ? 3 : 1);
    return (10 - (sum % 10)) % 10 === v.charCodeAt(v.length - 1) - 48;
  };
  switch (field) {
    case 'gtin': return /^\d{14}$/.test(value) && mod10(value);
    case 'sscc': return /^\d{18}$/.test(value) && mod10(value);
    case 'quantity': return /^\d+$/.test(value);
    case 'productionDate':
    case 'expiryDate': {
      if (/^\d{4}-(0[1-9]|1[0-2])$/.test(value) || /^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/.test(value)) return true;
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
      if (!m) return false;
      const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
      return d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
    }
    default: return value !== '' && !/\s/.test(value) && value === value.toUpperCase();
  }
}

/** Counts for one field or one family. */
export interface Tally {
  readonly fields: number;
  readonly correct: number;
  readonly misread: number;
  readonly missing: number;
  readonly spurious: number;
  /** Reported values not in contract form. */
  readonly malformed: number;
  readonly labels: number;
  readonly labelsOk: number;
}

/** Summary of one engine over a label set. */
export interface EngineSummary {
  readonly overall: Tally;
  readonly perField: Readonly<Partial<Record<FieldName, Tally>>>;
  readonly perFamily: Readonly<Record<string, Tally>>;
  readonly msMedian: number;
  readonly msP95: number;
  readonly errors: number;
}

const emptyTally = (): { -readonly [K in keyof Tally]: number } => ({ fields: 0, correct: 0, misread: 0, missing: 0, spurious: 0, malformed: 0, labels: 0, labelsOk: 0 });

/** Fraction, or NaN when there is nothing to divide (printed as `-`). */
export function ratio(n: number, d: number): number {
  return d === 0 ? Number.NaN : n / d;
}

/** Nearest-rank percentile (p in 0..100) of a list of numbers; NaN for an empty list. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1] ?? Number.NaN;
}

/** Adds up label scores per field, per family and overall. */
export function summarize(scores: readonly LabelScore[]): EngineSummary {
  const overall = emptyTally();
  const perField: Partial<Record<FieldName, ReturnType<typeof emptyTally>>> = {};
  const perFamily: Record<string, ReturnType<typeof emptyTally>> = {};
  for (const s of scores) {
    const fam = (perFamily[s.family] ??= emptyTally());
    for (const t of [overall, fam]) {
      t.labels += 1;
      if (s.labelOk) t.labelsOk += 1;
      t.correct += s.correct.length;
      t.misread += s.misread.length;
      t.missing += s.missing.length;
      t.spurious += s.spurious.length;
      t.malformed += s.malformed.length;
      t.fields += s.correct.length + s.misread.length + s.missing.length;
    }
    const bump = (field: FieldName, key: 'correct' | 'misread' | 'missing' | 'spurious'): void => {
      const t = (perField[field] ??= emptyTally());
      t[key] += 1;
      if (key !== 'spurious') t.fields += 1;
    };
    s.correct.forEach((f) => bump(f, 'correct'));
    s.misread.forEach((m) => bump(m.field, 'misread'));
    s.missing.forEach((f) => bump(f, 'missing'));
    s.spurious.forEach((x) => bump(x.field, 'spurious'));
  }
  const ms = scores.filter((s) => s.error === undefined).map((s) => s.ms);
  return { overall, perField, perFamily, msMedian: percentile(ms, 50), msP95: percentile(ms, 95), errors: scores.filter((s) => s.error !== undefined).length };
}

/** One frequent wrong value: what was printed, what was read, how often. */
export interface Confusion {
  readonly field: FieldName;
  readonly expected: string;
  readonly got: string;
  readonly count: number;
}

/**
 * The most frequent misreads, grouped by the differing characters when the
 * lengths match and at most two differ (`0→O` in any serial is one entry),
 * else by the whole value.
 */
export function topConfusions(scores: readonly LabelScore[], limit = 10): Confusion[] {
  const counts = new Map<string, Confusion>();
  for (const s of scores) {
    for (const m of s.misread) {
      let expected = m.expected;
      let got = m.got;
      if (expected.length === got.length) {
        const e: string[] = [];
        const g: string[] = [];
        for (let i = 0; i < expected.length; i++) if (expected[i] !== got[i]) { e.push(expected[i] ?? ''); g.push(got[i] ?? ''); }
        // One or two swapped characters are a confusion worth grouping; more is a different value.
        if (e.length <= 2) {
          expected = `…${e.join('')}…`;
          got = `…${g.join('')}…`;
        }
      }
      const key = `${m.field}\u0000${expected}\u0000${got}`;
      const prev = counts.get(key);
      counts.set(key, { field: m.field, expected, got, count: (prev?.count ?? 0) + 1 });
    }
  }
  return [...counts.values()].sort((a, b) => b.count - a.count).slice(0, limit);
}
