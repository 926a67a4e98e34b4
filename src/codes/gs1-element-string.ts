/**
 * GS1 element strings: parsing (FNC1/GS separated, bracketed HRI, symbology
 * identifiers, GS1 Digital Link URIs) and validation as named checks.
 *
 * Rules from the GS1 General Specifications (GenSpecs) v24: 3.2 (AI table),
 * 5.1.2 / 7.8.5 (FNC1 separators, predefined-length AIs, Figure 7.8.5-2),
 * 4.13-4.15 (AI relationships: requisite and invalid pairs), 7.9 (check digits),
 * 7.12 (dates). Written by hand: no maintained npm parser validates against the
 * full table; the behaviour follows the GS1 Syntax Engine so that its unit-test
 * vectors can check this code.
 */

import type { Check, FieldName, Gs1Element } from '../core/types.js';
import { GS1_AI_FIELDS, GS1_PREDEFINED_LENGTH_BY_PREFIX, getGs1Ai, matchGs1AiPrefix } from './gs1-ai-table.js';
import type { Gs1AiDefinition } from './gs1-ai-table.js';
import { gs1DateToIso } from './gs1-date.js';
import { GS1_LINTERS } from './gs1-linters.js';
import { parseGs1DigitalLink } from './gs1-digital-link.js';

/** Result of {@link parseGs1}. */
export interface Gs1ParseResult {
  /** True when no check failed. */
  ok: boolean;
  elements: Gs1Element[];
  /** Read-contract fields (DESIGN.md): gtin, lot, serial, partNumber, dates, quantity, sscc. */
  fields: Partial<Record<FieldName, string>>;
  /**
   * Named checks. Check digits, check pairs and dates are reported whether they pass or
   * fail; every other rule is reported only when violated.
   */
  checks: Check[];
}

/** ASCII GS (group separator): how FNC1 in second and later positions arrives from a scanner. */
export const GS = '\u001d';

/** Symbology identifiers that announce GS1 data (ISO/IEC 15424; GenSpecs 5.1.2.3). */
export const GS1_SYMBOLOGY_IDS: ReadonlySet<string> = new Set([']C1', ']e0', ']d2', ']Q3', ']J1']);

/** Names of the checks on relations between AIs (GenSpecs 4.13-4.15). */
export const GS1_ASSOCIATION_CHECKS: ReadonlySet<string> = new Set([
  'gs1-requires', 'gs1-excludes', 'gs1-repeated-ai', 'gs1-digsig-serialised-key',
]);

const CHECK_DIGIT_NAMES: Readonly<Record<string, string>> = {
  '00': 'sscc-check-digit', '01': 'gtin-check-digit', '02': 'gtin-check-digit', '03': 'gtin-check-digit',
  '8006': 'gtin-check-digit', '8026': 'gtin-check-digit', '253': 'gdti-check-digit', '255': 'gcn-check-digit',
  '402': 'gsin-check-digit', '8003': 'grai-check-digit', '8017': 'gsrn-check-digit', '8018': 'gsrn-check-digit',
};

function checkNameForLinter(linter: string, ai: string): string {
  if (linter === 'csum') return CHECK_DIGIT_NAMES[ai] ?? (ai.startsWith('41') ? 'gln-check-digit' : 'gs1-check-digit');
  if (linter === 'csumalpha') return 'gs1-check-pair';
  if (/^y{2,4}mmd[d0]$/.test(linter)) return 'gs1-date';
  if (linter === 'hh' || linter === 'mi' || linter === 'ss' || linter === 'hhmi') return 'gs1-time';
  if (linter.startsWith('iso3166')) return 'gs1-country-code';
  if (linter === 'iso4217') return 'gs1-currency-code';
  return `gs1-lint-${linter}`;
}

/** Checks always reported (pass or fail); the others only on failure. */
const ALWAYS_REPORTED = /check-digit|check-pair|gs1-date/;

function makeCheck(name: string, ai: string | undefined, ok: boolean, message: string): Check {
  const field = ai === undefined ? undefined : GS1_AI_FIELDS[ai];
  return field ? { name, field, ok, message } : { name, ok, message };
}

/** An element as split from the input, before validation. */
interface RawElement {
  ai: string;
  value: string;
  known: boolean;
}

/** Outcome of splitting an input into elements. */
interface SplitResult {
  elements: RawElement[];
  checks: Check[];
}

/** Splits bracketed HRI, `(01)09506000134352(10)ABC`; `\(` escapes a bracket in data (Syntax Engine rule). */
function splitBracketed(input: string): SplitResult {
  const elements: RawElement[] = [];
  const checks: Check[] = [];
  const fail = (message: string): SplitResult => ({ elements, checks: [...checks, makeCheck('gs1-syntax', undefined, false, message)] });
  let i = 0;
  const s = input.trim();
  while (i < s.length) {
    if (s[i] !== '(') return fail(`expected "(" at offset ${i}`);
    const close = s.indexOf(')', i);
    if (close < 0) return fail('AI not terminated by ")"');
    const ai = s.slice(i + 1, close).trim();
    if (!/^\d{2,4}$/.test(ai)) return fail(`AI "${ai}" is not 2 to 4 digits`);
    let j = close + 1;
    let value = '';
    while (j < s.length && s[j] !== '(') {
      if (s[j] === '\\' && s[j + 1] === '(') { value += '('; j += 2; continue; }
      value += s[j];
      j++;
    }
    // Printed HRI often has spaces around the brackets; no AI may contain a space (CSET 82).
    value = value.trim();
    if (value.includes('^')) return fail('"^" is not allowed in data (conflated with FNC1)');
    if (value === '') return fail(`AI (${ai}) has no value`);
    const def = getGs1Ai(ai);
    if (!def && matchGs1AiPrefix(ai)) return fail(`"${ai}" is not an AI`);
    elements.push({ ai, value, known: def !== undefined });
    i = j;
  }
  if (elements.length === 0) return fail('no AI');
  return { elements, checks };
}

/**
 * Splits unbracketed data: AIs back to back, an FNC1 (`sep`) after every AI that is
 * not of predefined length (GenSpecs 7.8.5). A superfluous separator is tolerated.
 */
function splitRaw(data: string, seps: string): SplitResult {
  const elements: RawElement[] = [];
  const checks: Check[] = [];
  const isSep = (c: string | undefined): boolean => c !== undefined && seps.includes(c);
  let i = 0;
  while (i < data.length) {
    if (isSep(data[i])) { i++; continue; }
    const def = matchGs1AiPrefix(data.slice(i, i + 4));
    if (!def) {
      const prefix = data.slice(i, i + 2);
      const fixed = GS1_PREDEFINED_LENGTH_BY_PREFIX.get(prefix);
      if (!/^\d\d$/.test(prefix)) {
        checks.push(makeCheck('gs1-unknown-ai', undefined, false, `no AI at "${data.slice(i, i + 4)}"`));
        break;
      }
      // An unknown AI can only be skipped when its length is predefined or a separator ends it.
      let end = fixed !== undefined ? i + fixed : i;
      if (fixed === undefined) while (end < data.length && !isSep(data[end])) end++;
      elements.push({ ai: prefix, value: data.slice(i + 2, end), known: false });
      i = end;
      continue;
    }
    const start = i + def.ai.length;
    if (def.predefinedLength) {
      const value = data.slice(start, start + def.maxLength);
      const sepAt = [...value].findIndex((c) => isSep(c));
      const v = sepAt >= 0 ? value.slice(0, sepAt) : value;
      elements.push({ ai: def.ai, value: v, known: true });
      i = start + v.length;
    } else {
      let end = start;
      while (end < data.length && !isSep(data[end])) end++;
      elements.push({ ai: def.ai, value: data.slice(start, end), known: true });
      i = end;
    }
  }
  if (elements.length === 0 && checks.length === 0) checks.push(makeCheck('gs1-syntax', undefined, false, 'no AI'));
  return { elements, checks };
}

/** Validates one element's value against its AI definition: lengths, character sets, linters. */
export function lintGs1Element(def: Gs1AiDefinition, value: string): Check[] {
  const checks: Check[] = [];
  const ai = def.ai;
  if (value.length < def.minLength || value.length > def.maxLength) {
    checks.push(makeCheck('gs1-length', ai, false, `AI (${ai}) needs ${def.format.split(/\s+/).map((c) => c.split(',')[0]).join('+')}, got ${value.length} characters`));
    return checks;
  }
  let pos = 0;
  for (const comp of def.components) {
    const rest = value.length - pos;
    if (rest === 0 && comp.optional) break;
    const len = Math.min(comp.maxLength, rest);
    if (len < comp.minLength) {
      checks.push(makeCheck('gs1-length', ai, false, `AI (${ai}) component too short`));
      return checks;
    }
    const part = value.slice(pos, pos + len);
    pos += len;
    const csetLinter = { N: 'csetnumeric', X: 'cset82', Y: 'cset39', Z: 'cset64' }[comp.cset];
    const csetError = GS1_LINTERS[csetLinter]!(part);
    if (csetError) {
      checks.push(makeCheck('gs1-charset', ai, false, `AI (${ai}): ${csetError} in "${part}"`));
      continue;
    }
    for (const name of comp.linters) {
      const linter = GS1_LINTERS[name];
      if (!linter) continue; // see GS1_LINTERS_NOT_IMPLEMENTED
      const err = linter(part);
      const checkName = checkNameForLinter(name, ai);
      if (err) checks.push(makeCheck(checkName, ai, false, `AI (${ai}): ${err} in "${part}"`));
      else if (ALWAYS_REPORTED.test(checkName)) checks.push(makeCheck(checkName, ai, true, `AI (${ai}) ${name} ok`));
    }
  }
  if (pos < value.length) checks.push(makeCheck('gs1-length', ai, false, `AI (${ai}) too long`));
  return checks;
}

/** Does AI `ai` match a dictionary pattern such as `01`, `31nn` or `310n`? */
function aiMatches(pattern: string, ai: string): boolean {
  const p = pattern.replace(/n/g, '\\d');
  return new RegExp(`^${p}$`).test(ai);
}

/** Relations between AIs (GenSpecs 4.13-4.15): requisites, exclusions, repeats. */
export function validateGs1Associations(elements: readonly { ai: string; value: string }[]): Check[] {
  const checks: Check[] = [];
  const ais = elements.map((e) => e.ai);
  const has = (pattern: string): boolean => ais.some((a) => aiMatches(pattern, a));
  const seen = new Map<string, string>();
  for (const { ai, value } of elements) {
    const prev = seen.get(ai);
    if (prev !== undefined && prev !== value) checks.push(makeCheck('gs1-repeated-ai', ai, false, `AI (${ai}) repeated with a different value`));
    seen.set(ai, value);
  }
  const done = new Set<string>();
  for (const ai of ais) {
    if (done.has(ai)) continue;
    done.add(ai);
    const def = getGs1Ai(ai);
    if (!def) continue;
    for (const group of def.requires) {
      if (!group.some((alt) => alt.every(has))) {
        checks.push(makeCheck('gs1-requires', ai, false, `AI (${ai}) requires ${group.map((a) => a.map((x) => `(${x})`).join('+')).join(' or ')}`));
      }
    }
    for (const ex of def.excludes) {
      const other = ais.find((a) => a !== ai && aiMatches(ex, a));
      if (other !== undefined) checks.push(makeCheck('gs1-excludes', ai, false, `AI (${ai}) must not appear with (${other})`));
    }
  }
  // A digital signature (8030) needs a serialised key (GenSpecs 3.9.x, DIGSIG): GDTI/GCN/GRAI with their serial component.
  if (ais.includes('8030')) {
    const unserialised = elements.find((e) => (e.ai === '253' && e.value.length <= 13) || (e.ai === '255' && e.value.length <= 13) || (e.ai === '8003' && e.value.length <= 14));
    if (unserialised) checks.push(makeCheck('gs1-digsig-serialised-key', unserialised.ai, false, `AI (8030) needs a serialised (${unserialised.ai})`));
  }
  return checks;
}

/** Fills read-contract fields from GS1 elements (DESIGN.md field table). */
export function gs1ElementsToFields(elements: readonly Gs1Element[]): Partial<Record<FieldName, string>> {
  const fields: Partial<Record<FieldName, string>> = {};
  const get = (ai: string): string | undefined => elements.find((e) => e.ai === ai)?.value;
  const gtin = get('01');
  if (gtin !== undefined && /^\d{14}$/.test(gtin)) fields.gtin = gtin;
  const sscc = get('00');
  if (sscc !== undefined && /^\d{18}$/.test(sscc)) fields.sscc = sscc;
  const lot = get('10');
  if (lot !== undefined) fields.lot = lot;
  const serial = get('21');
  if (serial !== undefined) fields.serial = serial;
  const part = get('240') ?? get('241');
  if (part !== undefined) fields.partNumber = part;
  const prod = get('11');
  const prodIso = prod === undefined ? undefined : gs1DateToIso(prod);
  if (prodIso) fields.productionDate = prodIso;
  const exp = get('17') ?? get('15');
  const expIso = exp === undefined ? undefined : gs1DateToIso(exp);
  if (expIso) fields.expiryDate = expIso;
  const qty = get('30') ?? get('37');
  if (qty !== undefined && /^\d+$/.test(qty)) fields.quantity = String(Number(qty));
  return fields;
}

/**
 * Writes elements as an unbracketed element string with `fnc1` after every element
 * not of predefined length except the last (GenSpecs 7.8.5); `^` is the Syntax
 * Engine's notation, U+001D what a scanner sends.
 */
export function formatGs1ElementString(elements: readonly { ai: string; value: string }[], fnc1 = GS): string {
  let out = '';
  elements.forEach((e, idx) => {
    out += e.ai + e.value;
    const def = getGs1Ai(e.ai);
    const predefined = def ? def.predefinedLength : GS1_PREDEFINED_LENGTH_BY_PREFIX.has(e.ai.slice(0, 2));
    if (!predefined && idx < elements.length - 1) out += fnc1;
  });
  return out;
}

/** Formats elements as bracketed HRI: `(01)09506000134352(10)ABC`. */
export function formatGs1Hri(elements: readonly { ai: string; value: string }[]): string {
  return elements.map((e) => `(${e.ai})${e.value.replace(/\(/g, '\\(')}`).join('');
}

function finish(split: SplitResult, extra: Check[] = []): Gs1ParseResult {
  const checks: Check[] = [...split.checks, ...extra];
  for (const e of split.elements) {
    const def = getGs1Ai(e.ai);
    if (!def) {
      checks.push(makeCheck('gs1-unknown-ai', undefined, false, `unknown AI (${e.ai})`));
      continue;
    }
    checks.push(...lintGs1Element(def, e.value));
  }
  if (split.elements.length > 0) checks.push(...validateGs1Associations(split.elements));
  const elements = split.elements.map(({ ai, value }) => ({ ai, value }));
  // Fields only from elements whose own checks passed: a field is never a guess.
  const badAis = new Set(checks.filter((c) => !c.ok && !GS1_ASSOCIATION_CHECKS.has(c.name) && c.field).map((c) => c.field));
  const fields = gs1ElementsToFields(elements);
  for (const f of badAis) if (f) delete fields[f];
  return { ok: checks.every((c) => c.ok), elements, fields, checks };
}

/**
 * Parses GS1 data in any of its written forms and validates it.
 *
 * Accepts: an element string with GS (U+001D) separators, optionally led by FNC1
 * written as `^` or GS; bracketed HRI `(01)…(10)…` (spaces around elements allowed,
 * as printed); either with a GS1 symbology identifier (`]d2`, `]C1`, `]Q3`, `]e0`,
 * `]J1`); or a GS1 Digital Link URI. Violations are named checks, never exceptions.
 *
 * @example
 * parseGs1('(01)09506000134352(17)280430(10)L24B1187').fields
 * // { gtin: '09506000134352', expiryDate: '2028-04-30', lot: 'L24B1187' }
 */
export function parseGs1(input: string): Gs1ParseResult {
  let s = input;
  let symbologyGs1 = false;
  if (/^\][A-Za-z]\d/.test(s)) {
    const id = s.slice(0, 3);
    if (!GS1_SYMBOLOGY_IDS.has(id) && !/^https?:\/\//i.test(s.slice(3))) {
      return { ok: false, elements: [], fields: {}, checks: [makeCheck('gs1-symbology', undefined, false, `symbology identifier ${id} does not announce GS1 data`)] };
    }
    symbologyGs1 = GS1_SYMBOLOGY_IDS.has(id);
    s = s.slice(3);
  }
  if (!symbologyGs1 && /^https?:\/\//i.test(s.trim())) {
    const dl = parseGs1DigitalLink(s.trim());
    return finish({ elements: dl.elements.map((e) => ({ ...e, known: getGs1Ai(e.ai) !== undefined })), checks: dl.checks });
  }
  if (!symbologyGs1 && s.trimStart().startsWith('(')) return finish(splitBracketed(s));
  // `^` is the Syntax Engine's written FNC1; scanners send GS. A leading FNC1 is implied by the symbology.
  if (s.startsWith('^')) return finish(splitRaw(s.slice(1), `^${GS}`));
  return finish(splitRaw(s.startsWith(GS) ? s.slice(1) : s, GS));
}
