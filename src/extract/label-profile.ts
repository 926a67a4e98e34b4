/**
 * Label profiles: a declarative description (JSON or YAML) of the fields a
 * kind of label carries, their extra keys, grammars and date conventions.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { TraceocrError } from '../core/errors.js';
import { FIELD_NAMES } from '../core/types.js';
import type { FieldName } from '../core/types.js';
import { BUILTIN_PROFILE_DATA } from './profiles/builtin-profiles.js';

const digitFormat = z.enum(['YYMMDD', 'DDMMYY', 'YYDDD', 'YDDD', 'YYWW', 'WWYY', 'YYYYMMDD', 'MMYYYY']);

const fieldGrammarSchema = z.strictObject({
  /** Regular expression (JavaScript syntax) the whole value must match, e.g. `^L\d{2}[A-Z]\d{4}$`. */
  pattern: z.string().min(1).refine((p) => {
    try {
      new RegExp(p, 'u');
      return true;
    } catch {
      return false;
    }
  }, { message: 'not a valid regular expression' }).optional(),
  /** Class of every character of the value. */
  charClass: z.enum(['digits', 'alpha', 'alnum', 'any']).optional(),
  /** Exact length, or a range. */
  length: z.union([z.number().int().positive(), z.strictObject({ min: z.number().int().nonnegative().optional(), max: z.number().int().positive().optional() })]).optional(),
  /** Check digit scheme: GS1 mod-10 (GS1 General Specifications §7.9.1). */
  checkDigit: z.enum(['gs1-mod10']).optional(),
});

const fieldSpecSchema = z.strictObject({
  /** Extra printed keys for this field (added to the built-in ones unless `replaceKeys`). */
  keys: z.array(z.string().min(1)).optional(),
  /** Use only `keys`, not the built-in keys. */
  replaceKeys: z.boolean().optional(),
  /** A missing required field is a failing `field-required` check. */
  required: z.boolean().optional(),
  grammar: fieldGrammarSchema.optional(),
  /** Date convention, for date fields. */
  date: z.strictObject({
    dayFirst: z.boolean().optional(),
    centuryPivot: z.number().int().min(0).max(99).optional(),
    digitFormats: z.array(digitFormat).min(1).optional(),
  }).optional(),
});

/** zod schema of a label profile (every violation is reported at once). */
export const labelProfileSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  /** The fields this label carries; fields not listed are not extracted from text. */
  fields: z.partialRecord(z.enum(FIELD_NAMES), fieldSpecSchema).refine((f) => Object.keys(f).length > 0, { message: 'a profile must list at least one field' }),
});

/** Grammar of one field in a profile. */
export type FieldGrammarSpec = z.infer<typeof fieldGrammarSchema>;
/** One field's entry in a profile. */
export type FieldSpec = z.infer<typeof fieldSpecSchema>;
/** A validated label profile. */
export type LabelProfile = z.infer<typeof labelProfileSchema>;

/** Names of the built-in profiles. */
export const BUILTIN_PROFILES: readonly string[] = Object.freeze(Object.keys(BUILTIN_PROFILE_DATA));

/**
 * Validates profile data (parsed JSON/YAML). Throws `PROFILE_INVALID` listing
 * every violation with its path.
 */
export function parseProfile(data: unknown, source = 'profile'): LabelProfile {
  const r = labelProfileSchema.safeParse(data);
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : '(root)'}: ${i.message}`);
    throw new TraceocrError('PROFILE_INVALID', `${source}: ${issues.length} problem(s): ${issues.join('; ')}`, { details: { issues } });
  }
  return deepFreeze(r.data);
}

/**
 * Loads a label profile: a built-in name ({@link BUILTIN_PROFILES}) or a path
 * to a `.json`, `.yaml` or `.yml` file.
 *
 * @throws TraceocrError `PROFILE_NOT_FOUND` (no such built-in or file), `PROFILE_INVALID`
 * @example
 * const profile = loadProfile('gs1-logistics');
 * @example
 * // acme-carton.yaml
 * // name: acme-carton
 * // fields:
 * //   lot: { keys: [Fertigungslos], required: true, grammar: { pattern: '^L\d{2}[A-Z]\d{4}$' } }
 * //   expiryDate: { date: { dayFirst: true, centuryPivot: 70 } }
 * //   productionDate: { keys: [D/C], date: { digitFormats: [YYWW] } }
 * //   gtin: { grammar: { charClass: digits, length: 14, checkDigit: gs1-mod10 } }
 * const acme = loadProfile('profiles/acme-carton.yaml');
 */
export function loadProfile(nameOrPath: string): LabelProfile {
  const builtin = BUILTIN_PROFILE_DATA[nameOrPath];
  if (builtin !== undefined) return parseProfile(builtin, `built-in profile ${nameOrPath}`);
  const ext = extname(nameOrPath).toLowerCase();
  if (ext !== '.json' && ext !== '.yaml' && ext !== '.yml') {
    throw new TraceocrError('PROFILE_NOT_FOUND', `no built-in profile "${nameOrPath}" (built-in: ${BUILTIN_PROFILES.join(', ')}); a profile file must end in .json, .yaml or .yml`);
  }
  let text: string;
  try {
    text = readFileSync(nameOrPath, 'utf8');
  } catch (err) {
    throw new TraceocrError('PROFILE_NOT_FOUND', `profile file ${nameOrPath} cannot be read: ${(err as Error).message}`, { cause: err });
  }
  let data: unknown;
  try {
    data = ext === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new TraceocrError('PROFILE_INVALID', `${nameOrPath}: not valid ${ext === '.json' ? 'JSON' : 'YAML'}: ${(err as Error).message}`, { cause: err });
  }
  return parseProfile(data, nameOrPath);
}

/** Fields a profile carries, in the contract's order. */
export function profileFields(profile: LabelProfile): FieldName[] {
  return FIELD_NAMES.filter((f) => profile.fields[f] !== undefined);
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}
