/**
 * GS1 Digital Link URI → GS1 elements (GS1 Digital Link Standard: URI Syntax 1.4,
 * sections 4-6: path `/{primary key AI}/{value}[/{qualifier AI}/{value}...]`,
 * data attributes as query parameters `?{AI}={value}`).
 *
 * Written by hand rather than with the installed `digital-link.js`: that package
 * works offline but validates against its own ABNF grammar and AI list and reports
 * only valid/invalid, so it cannot give named checks nor share this project's AI
 * table; it also costs ~2 ms per URI, measured here.
 */

import type { Check } from '../core/types.js';
import { getGs1Ai } from './gs1-ai-table.js';

/** Result of {@link parseGs1DigitalLink}: elements in path-then-query order, and checks. */
export interface Gs1DigitalLinkResult {
  elements: { ai: string; value: string }[];
  checks: Check[];
}

const fail = (message: string): Gs1DigitalLinkResult => ({ elements: [], checks: [{ name: 'gs1-digital-link', ok: false, message }] });

/** Characters a URI may carry unencoded (RFC 3986 2.2, 2.3) plus `%` of an escape. */
const URI_CHARS = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]*$/;

function decode(part: string, query: boolean): string | undefined {
  const s = query ? part.replace(/\+/g, ' ') : part;
  if (/%(?![0-9A-Fa-f]{2})/.test(s)) return undefined;
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined; // malformed UTF-8 escape: reported by the caller as a DL syntax fault
  }
}

/**
 * Convenience alphas of the GS1 Digital Link 1.0/1.1 syntax (deprecated since 1.2, still
 * printed on packs): path names that stand for AIs.
 */
const CONVENIENCE_ALPHAS: Readonly<Record<string, string>> = {
  gtin: '01', itip: '8006', cpv: '22', lot: '10', ser: '21', sscc: '00', gln: '414', glnx: '254',
  party: '417', gdti: '253', ginc: '401', gsin: '402', grai: '8003', giai: '8004', gsrn: '8017',
  gsrnp: '8018', srin: '8019', cpid: '8010', cpsn: '8011', gcn: '255', gmn: '8013', tpx: '235',
};

/** Is `qualifiers` (AIs in path order) allowed after primary key `pkey`? (DL Standard 4.5 key qualifiers). */
function qualifiersAllowed(pkey: string, qualifiers: readonly string[]): boolean {
  if (qualifiers.length === 0) return true;
  const paths = getGs1Ai(pkey)?.dlPrimaryKey ?? [];
  return paths.some((path) => {
    let at = 0;
    for (const q of qualifiers) {
      const idx = path.indexOf(q, at);
      if (idx < 0) return false;
      at = idx + 1;
    }
    return true;
  });
}

function qualifierOrder(pkey: string, ai: string): number {
  for (const path of getGs1Ai(pkey)?.dlPrimaryKey ?? []) if (path.includes(ai)) return path.indexOf(ai);
  return 99;
}

/**
 * Parses a GS1 Digital Link URI. GTIN-8/12/13 in the path are padded to 14 digits
 * (DL Standard 4.7). The element values are returned undecorated; the caller lints them.
 */
export function parseGs1DigitalLink(uri: string): Gs1DigitalLinkResult {
  const m = /^(https?):\/\/([^/?#]*)(\/[^?#]*)?(\?[^#]*)?(#.*)?$/i.exec(uri);
  if (!m) return fail('not an http(s) URI');
  const scheme = m[1]!;
  if (scheme !== scheme.toLowerCase() && scheme !== scheme.toUpperCase()) return fail('mixed-case URI scheme');
  const host = m[2]!;
  if (!/^([A-Za-z0-9\-.]+|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?$/.test(host)) return fail(`bad host "${host}"`);
  const path = m[3] ?? '';
  const query = m[4] ?? '';
  if (!URI_CHARS.test(path + query)) return fail('character not allowed in a URI');
  if (path.endsWith('/')) return fail('path ends in "/"');
  const segs = path.split('/').slice(1).map((seg, i, all) => ((all.length - i) % 2 === 0 ? CONVENIENCE_ALPHAS[seg] ?? seg : seg));
  // The primary key is the leftmost AI from which the rest of the path is a valid key + qualifiers (DL 4.3: a path prefix may precede it).
  let start = -1;
  for (let p = 0; p < segs.length - 1; p++) {
    if ((segs.length - p) % 2 !== 0) continue;
    const def = getGs1Ai(segs[p]!);
    if (!def?.dlPrimaryKey) continue;
    const quals: string[] = [];
    for (let q = p + 2; q < segs.length; q += 2) quals.push(segs[q]!);
    if (qualifiersAllowed(def.ai, quals)) { start = p; break; }
  }
  if (start < 0) return fail('no GS1 primary key in the URI path');
  const elements: { ai: string; value: string }[] = [];
  for (let p = start; p < segs.length; p += 2) {
    const ai = segs[p]!;
    const value = decode(segs[p + 1]!, false);
    if (value === undefined || value === '') return fail(`bad or empty value for AI (${ai})`);
    // DL 4.7: a GTIN may be written with 8, 12 or 13 digits; the element string form has 14.
    elements.push({ ai, value: ai === '01' && /^(\d{8}|\d{12}|\d{13})$/.test(value) ? value.padStart(14, '0') : value });
  }
  const pkey = elements[0]!.ai;
  const qualifierAis = new Set((getGs1Ai(pkey)?.dlPrimaryKey ?? []).flat());
  for (const param of query.slice(1).split('&')) {
    const eq = param.indexOf('=');
    if (param === '' || eq < 0) continue; // empty and valueless parameters are not data attributes
    const key = param.slice(0, eq);
    if (!/^\d+$/.test(key)) continue; // non-GS1 parameters are allowed and ignored (DL 4.8)
    const def = getGs1Ai(key);
    if (!def) return fail(`query parameter ${key} is not an AI`);
    if (!def.dlDataAttribute || def.dlPrimaryKey && def.ai === pkey) return fail(`AI (${key}) is not permitted as a data attribute`);
    if (qualifierAis.has(key) && qualifiersAllowed(pkey, [...elements.slice(1).map((e) => e.ai), key].sort((x, y) => qualifierOrder(pkey, x) - qualifierOrder(pkey, y)))) return fail(`AI (${key}) is a key qualifier of (${pkey}) and belongs in the path`);
    if (elements.some((e) => e.ai === key)) return fail(`AI (${key}) appears twice`);
    const value = decode(param.slice(eq + 1), true);
    if (value === undefined || value === '') return fail(`bad or empty value for AI (${key})`);
    elements.push({ ai: key, value: key === '01' && /^(\d{8}|\d{12}|\d{13})$/.test(value) ? value.padStart(14, '0') : value });
  }
  return { elements, checks: [] };
}
