/**
 * Dispatch of raw scanner data (or any code text) to the right grammar: GS1 element
 * strings and Digital Link, HIBC, ISBT 128, ISO/IEC 15434 (MH10.8.2).
 */

import type { ScanParseResult } from './scan-types.js';
import { GS, GS1_SYMBOLOGY_IDS, parseGs1 } from './gs1-element-string.js';
import { parseHibc } from './hibc.js';
import { parseIsbt128 } from './isbt128.js';
import { parseIso15434 } from './mh10.js';
import { expandUpcE } from './upc-e.js';

/**
 * Parses one scan as a handheld scanner sends it: optional symbology identifier
 * (ISO/IEC 15424, e.g. `]d2`, `]C1`, `]Q3`, `]d1`, `]A0`), control characters GS / RS / EOT
 * as they arrive, an optional trailing CR/LF.
 *
 * Dispatch: GS1 symbology id or bracketed AIs or digits only → `gs1`; `http(s)://` → `digital-link`;
 * `[)>` RS → ISO 15434 (`mh10`, or `gs1` for format 05); `+` → `hibc`; `=`/`&` → `isbt128`.
 * `]E0`/`]E4` (EAN/UPC) → `gs1` with the GTIN; 8 digits under `]E0` are a UPC-E, expanded to UPC-A.
 *
 * @example parseScan(']d2010950600013435217280430\u001d10L24B1187').fields.lot // 'L24B1187'
 */
export function parseScan(data: string): ScanParseResult {
  let s = data.replace(/[\r\n]+$/, '');
  let symbologyId = '';
  const sym = /^\][A-Za-z][0-9A-Za-z]/.exec(s);
  if (sym) {
    symbologyId = sym[0];
    s = s.slice(3);
  }
  // EAN/UPC (ISO/IEC 15424 `]E0` EAN-13 / UPC-A / UPC-E, `]E4` EAN-8) carry a GTIN: AI (01) padded
  // to 14 digits (GenSpecs 2.1.3). A `|` joins a 2D composite component (]e0 ...), not parsed here.
  if ((symbologyId === ']E0' || symbologyId === ']E4') && !s.includes('|')) {
    // `]E0` carries 13 digits, UPC-E expanded; scanners set to send UPC-E unexpanded send its
    // 8 digits under `]E0` too. Those are expanded here (zero suppression), and the check digit is
    // then verified on the UPC-A as for any GTIN (`gtin-check-digit`).
    if (symbologyId === ']E0' && /^\d{8}$/.test(s)) {
      const upcA = expandUpcE(s);
      if (!upcA) return { ok: false, scheme: 'gs1', fields: {}, elements: [], checks: [{ name: 'upc-e-number-system', field: 'gtin', ok: false, message: `UPC-E "${s}" must start with number system 0 or 1` }] };
      const r = parseGs1(`(01)${upcA.padStart(14, '0')}`);
      return { ok: r.ok, scheme: 'gs1', fields: r.fields, elements: r.elements, checks: r.checks };
    }
    const len = symbologyId === ']E0' ? 13 : 8;
    if (!new RegExp(`^\\d{${len}}$`).test(s)) {
      return { ok: false, scheme: 'gs1', fields: {}, elements: [], checks: [{ name: 'gs1-length', field: 'gtin', ok: false, message: `${symbologyId} data must be ${len === 13 ? '13 digits (or 8 for UPC-E)' : `${len} digits`}` }] };
    }
    const r = parseGs1(`(01)${s.padStart(14, '0')}`);
    return { ok: r.ok, scheme: 'gs1', fields: r.fields, elements: r.elements, checks: r.checks };
  }
  if (GS1_SYMBOLOGY_IDS.has(symbologyId)) {
    const r = parseGs1(symbologyId + s);
    return { ok: r.ok, scheme: 'gs1', fields: r.fields, elements: r.elements, checks: r.checks };
  }
  if (/^https?:\/\//i.test(s)) {
    const r = parseGs1(s);
    // A URL without a GS1 primary key is an ordinary web link, not a (faulty) Digital Link.
    if (r.elements.length > 0) return { ok: r.ok, scheme: 'digital-link', fields: r.fields, elements: r.elements, checks: r.checks };
    return unknown(symbologyId, 'a URL without a GS1 Digital Link primary key');
  }
  if (s.startsWith('[)>\u001e')) return parseIso15434(s);
  if (s.startsWith('+')) return parseHibc(s);
  if (s.startsWith('=') || s.startsWith('&')) return parseIsbt128(s);
  // Bracketed HRI (printed or typed) is GS1 under any symbology. Bare digits are taken as a GS1
  // element string only without a symbology identifier (a scanner set to strip it): a symbol
  // that does not announce GS1 (]C0, ]d1, ]Q1 ...) carries plain data.
  if (/^\s*\(\d{2,4}\)/.test(s) || (symbologyId === '' && /^[\u001d^]?\d{2,4}/.test(s) && (s.includes(GS) || /^[\u001d^]?(0[0-3]|1[1-7]|20|3[1-6]|41)\d/.test(s)))) {
    const r = parseGs1(s);
    if (r.elements.length > 0) return { ok: r.ok, scheme: 'gs1', fields: r.fields, elements: r.elements, checks: r.checks };
  }
  return unknown(symbologyId, 'no known data scheme');
}

function unknown(symbologyId: string, why: string): ScanParseResult {
  return { ok: false, scheme: 'unknown', fields: {}, elements: [], checks: [{ name: 'scan-scheme', ok: false, message: `${why}${symbologyId ? ` (symbology ${symbologyId})` : ''}` }] };
}
