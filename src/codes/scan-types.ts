/** Result shapes of {@link parseScan} and the per-scheme parsers (GS1, Digital Link, HIBC, ISBT 128, MH10). */
import type { Check, FieldName } from '../core/types.js';

/** Data schemes {@link parseScan} recognises. */
export type ScanScheme = 'gs1' | 'hibc' | 'isbt128' | 'mh10' | 'digital-link' | 'unknown';

/** One data element of a scan: a GS1 AI, or a data identifier (MH10/ISBT 128/HIBC field key). */
export interface ScanElement {
  ai?: string;
  di?: string;
  value: string;
}

/** Result of parsing one scan (or one printed code string). */
export interface ScanParseResult {
  /** True when no check failed. */
  ok: boolean;
  scheme: ScanScheme;
  fields: Partial<Record<FieldName, string>>;
  elements: ScanElement[];
  checks: Check[];
}
