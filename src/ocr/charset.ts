/**
 * The characters industrial identifiers are printed with, and the mask that
 * restricts the recogniser's dictionary to them.
 */

/**
 * Default allowed characters: ASCII letters (both cases: keys such as `Batch`,
 * `Use by` are mixed case), digits, space, and the punctuation that occurs in
 * serials, lots, part numbers, dates and GS1 human-readable text
 * (`(01)` brackets per GS1 General Specifications §4.15, `/` `-` `.` `:` in
 * dates and part numbers, `#` `+` `*` `&` `%` `,` `;` `=` `_` `[` `]` `<` `>` `'` `"` `!` `?` `@` `$`).
 * Left out on purpose: `|` `\` `` ` `` `~` `^` `{` `}` — rarely printed, and
 * mostly a misreading of `l`, `1`, `I` or noise.
 */
export const DEFAULT_ALLOWED_CHARS =
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 ' + '-./:()#+*&%,;=_[]<>\'"!?@$';

/**
 * A dictionary restricted to an allowed character set: the model output
 * indices that may be emitted (CTC blank first) and the character of each.
 */
export interface CharsetMask {
  /** Output indices kept, `indices[0] === 0` (the CTC blank). */
  readonly indices: Int32Array;
  /** Character of each kept index (`chars[0] === ''`, the blank). */
  readonly chars: readonly string[];
  /** Size of the full model output (dictionary + blank + space). */
  readonly classCount: number;
}

/**
 * Builds the model's class list from a PaddleOCR dictionary file's text:
 * index 0 is the CTC blank, then one entry per line, then a space
 * (PaddleOCR `use_space_char=True`, as PP-OCRv4 was trained).
 */
export function parseDictionary(text: string): string[] {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return ['', ...lines, ' '];
}

/**
 * Builds the mask of the classes whose character is in `allowed`. Every other
 * class (the CJK part of `ppocr_keys_v1.txt`, full-width forms, …) is dropped
 * before softmax/argmax, so it can neither be output nor be an alternative.
 */
export function createCharsetMask(classes: readonly string[], allowed: string = DEFAULT_ALLOWED_CHARS): CharsetMask {
  const allowedSet = new Set(allowed);
  const indices: number[] = [0];
  const chars: string[] = [''];
  for (let i = 1; i < classes.length; i++) {
    const c = classes[i]!;
    if (c.length > 0 && allowedSet.has(c)) {
      indices.push(i);
      chars.push(c);
    }
  }
  return { indices: Int32Array.from(indices), chars, classCount: classes.length };
}
