/**
 * The contract of an engine in the bench: load once, then read one image
 * file into contract field values. Loading is timed apart from reading.
 */
import type { FieldName } from '../../src/core/types.js';

/** One engine under test (traceocr or a baseline). */
export interface BenchEngine {
  /** Short name shown in the table. */
  readonly name: string;
  /** How it was configured (threads, mode), printed under the table. */
  readonly note: string;
  /** Reads one image file into field values. Throws on an engine fault. */
  read(file: string): Promise<Partial<Record<FieldName, string>>>;
  /** Releases models and workers. */
  close(): Promise<void>;
}
