/**
 * ISO/IEC 7064 MOD 37-2, the pure check character system over digits and upper-case letters
 * used by ISBT 128 (DIN keyboard-entry check character K, Type 3 flag characters, the Basic
 * UDI-DI and GRID checksums). Written by hand: the whole algorithm is a few lines, not worth a
 * dependency (ISBT 128 ST-001 Appendix A prints it in Pascal and C).
 */

/** Character set of MOD 37-2 in value order: `0`–`9` are 0–9, `A`–`Z` are 10–35, `*` is 36 (check character only). */
export const ISO7064_MOD37_2_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*';

/**
 * Value (0–36) of the MOD 37-2 check character for `data`: the value `c` such that
 * `Σ vᵢ·2ⁿⁱ + c ≡ 1 (mod 37)`, where `nᵢ` is the position of character `i` counted from the
 * right (the rightmost data character has weight 2¹). Computed with the pure-system recursive
 * method of ISO/IEC 7064 §7.1 (`p = 2·(p + v) mod 37`, then `(38 − p) mod 37`).
 * Undefined when `data` is empty or has a character outside `0`–`9`, `A`–`Z`.
 *
 * @example iso7064Mod37_2Value('G123417654321') // 10 (ISBT 128 ST-001 Appendix A.1)
 */
export function iso7064Mod37_2Value(data: string): number | undefined {
  if (data.length === 0) return undefined;
  let p = 0;
  for (const ch of data) {
    const v = ISO7064_MOD37_2_ALPHABET.indexOf(ch);
    if (v < 0 || v > 35) return undefined;
    p = ((p + v) * 2) % 37;
  }
  return (38 - p) % 37;
}

/**
 * The MOD 37-2 check character (`0`–`9`, `A`–`Z`, `*`) for `data`; see {@link iso7064Mod37_2Value}.
 *
 * @example iso7064Mod37_2('G123417654321') // 'A'
 */
export function iso7064Mod37_2(data: string): string | undefined {
  const v = iso7064Mod37_2Value(data);
  return v === undefined ? undefined : ISO7064_MOD37_2_ALPHABET[v];
}
