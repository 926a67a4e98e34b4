/**
 * GS1 check digits and check-character pairs.
 *
 * - Mod-10 check digit of GTIN, SSCC, GLN, GSRN, ... (GS1 General Specifications 7.9.1).
 * - Check-character pair of alphanumeric keys such as the GMN, AI 8013 (GenSpecs 7.9.5).
 */

/**
 * Computes the GS1 mod-10 check digit for `digits` (the key WITHOUT its check digit).
 * Weights 3 and 1 alternate from the rightmost digit (GenSpecs 7.9.1).
 *
 * @example gs1CheckDigit('0950600013435') // 2
 */
export function gs1CheckDigit(digits: string): number {
  let sum = 0;
  let weight = 3;
  for (let i = digits.length - 1; i >= 0; i--) {
    const d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return Number.NaN;
    sum += d * weight;
    weight = 4 - weight;
  }
  return (10 - (sum % 10)) % 10;
}

/** Is the last digit of `code` its valid GS1 mod-10 check digit? False for non-digits or fewer than 2 digits. */
export function isValidGs1CheckDigit(code: string): boolean {
  if (code.length < 2 || !/^\d+$/.test(code)) return false;
  return gs1CheckDigit(code.slice(0, -1)) === code.charCodeAt(code.length - 1) - 48;
}

/** GS1 AI encodable character set 82 in the order used for check-pair values (GenSpecs Figure 7.11-1). */
export const CSET82 = '!"%&\'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz';
/** Check-character set (CSET 32) for the check-pair (GenSpecs 7.9.5). */
const CSET32 = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
/**
 * Prime weights applied from the right (GenSpecs 7.9.5 lists the first 25 primes for keys of
 * up to 25 characters; the sequence continues for longer data, as the Syntax Engine does).
 */
const PRIMES: readonly number[] = (() => {
  const out: number[] = [];
  for (let n = 2; out.length < 100; n++) if (out.every((p) => n % p !== 0)) out.push(n);
  return out;
})();

/**
 * Computes the two check characters for `data` (the key without its check pair),
 * GenSpecs 7.9.5: sum of CSET 82 values times prime weights (rightmost character
 * weight 2), modulo 1021, split into two CSET 32 characters. Undefined when `data`
 * has a character outside CSET 82 or is longer than 25 characters.
 */
export function gs1CheckPair(data: string): string | undefined {
  if (data.length > PRIMES.length) return undefined;
  let sum = 0;
  for (let i = 0; i < data.length; i++) {
    const v = CSET82.indexOf(data[i]!);
    if (v < 0) return undefined;
    sum += v * PRIMES[data.length - 1 - i]!;
  }
  sum %= 1021;
  return CSET32[sum >> 5]! + CSET32[sum & 31]!;
}

/** Do the last two characters of `code` form its valid GS1 check-character pair? */
export function isValidGs1CheckPair(code: string): boolean {
  if (code.length < 2) return false;
  return gs1CheckPair(code.slice(0, -2)) === code.slice(-2);
}
