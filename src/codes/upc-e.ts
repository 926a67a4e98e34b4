/**
 * UPC-E zero suppression (GS1 General Specifications §5.2, EAN/UPC symbology, UPC-E):
 * an 8-digit UPC-E (number system 0 or 1, six data digits, check digit) stands for a
 * 12-digit UPC-A with zeros suppressed. Written by hand: the rule is four cases of string
 * slicing, and zxing-wasm only exposes its own expansion through the untyped `extra` JSON.
 */

import { isValidGs1CheckDigit } from './gs1-check-digit.js';

/**
 * Expands an 8-digit UPC-E code to its 12-digit UPC-A. The last of the six data digits
 * decides where the suppressed zeros go (with `N` the number system, `C` the check digit):
 *
 * | d6 | UPC-A |
 * |---|---|
 * | 0, 1, 2 | `N d1 d2 d6 0 0 0 0 d3 d4 d5 C` |
 * | 3 | `N d1 d2 d3 0 0 0 0 0 d4 d5 C` |
 * | 4 | `N d1 d2 d3 d4 0 0 0 0 0 d5 C` |
 * | 5–9 | `N d1 d2 d3 d4 d5 0 0 0 0 d6 C` |
 *
 * The UPC-E check digit is carried over unchanged (it is computed on the UPC-A), so
 * {@link isValidUpcE} or a GTIN check on the result verifies it. Undefined when `code` is not
 * 8 digits or its number system is not 0 or 1.
 *
 * @example expandUpcE('01234565') // '012345000065'
 */
export function expandUpcE(code: string): string | undefined {
  if (!/^[01]\d{7}$/.test(code)) return undefined;
  const n = code[0]!;
  const [d1, d2, d3, d4, d5, d6] = code.slice(1, 7);
  const c = code[7]!;
  let body: string;
  if (d6 === '0' || d6 === '1' || d6 === '2') body = `${d1}${d2}${d6}0000${d3}${d4}${d5}`;
  else if (d6 === '3') body = `${d1}${d2}${d3}00000${d4}${d5}`;
  else if (d6 === '4') body = `${d1}${d2}${d3}${d4}00000${d5}`;
  else body = `${d1}${d2}${d3}${d4}${d5}0000${d6}`;
  return `${n}${body}${c}`;
}

/** Is `code` an 8-digit UPC-E whose check digit holds on its UPC-A expansion? */
export function isValidUpcE(code: string): boolean {
  const upcA = expandUpcE(code);
  return upcA !== undefined && isValidGs1CheckDigit(upcA);
}
