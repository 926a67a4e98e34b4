import type { RecognizedChar } from '../core/types.js';
import { createKeyMatcher, DEFAULT_FIELD_KEYS } from '../extract/key-lexicon.js';
import type { KeyMatcher } from '../extract/key-lexicon.js';

const defaultMatcher: KeyMatcher = createKeyMatcher(DEFAULT_FIELD_KEYS);

/**
 * A dot-matrix line's characters, with confidence 0 on each letter of a field key that was read as
 * another character (`USE 3Y`: the 3 is the B of USE BY), so that its cell teaches no glyph (see
 * `learnPageFont`). A key counts where its glyphs (spaces aside) are as many as its alias's in the
 * lexicon; the text is left as read.
 *
 * Why: a key letter read confidently as another character taught that character's glyph (generated
 * seed 900005: the B of `USE BY` read `3` taught the page a `3`, which then decided the lot's B).
 * Teaching the key's own letter there instead was worse (seed 870001: −2 fields): a key letter the
 * recogniser misread is mostly a poorly printed cell, a poor glyph to teach.
 */
export function distrustMisreadKeys(chars: readonly RecognizedChar[], matcher: KeyMatcher = defaultMatcher): RecognizedChar[] {
  const text = chars.map((c) => c.char).join('');
  // The matcher indexes the text by UTF-16 units; recognised characters are single units (see `charset`).
  if (text.length !== chars.length) return [...chars];
  const out = [...chars];
  for (const hit of matcher(text, chars, { dotMatrix: true })) {
    const printed = [...Array(hit.keyEnd - hit.start).keys()].map((k) => hit.start + k).filter((i) => !/\s/.test(text[i]!));
    const spelled = [...hit.alias.toUpperCase()].filter((ch) => !/\s/.test(ch));
    if (printed.length !== spelled.length) continue;
    printed.forEach((i, k) => {
      const ch = spelled[k]!;
      if (/^[0-9A-Z]$/.test(ch) && out[i]!.char.toUpperCase() !== ch) out[i] = { ...out[i]!, confidence: 0 };
    });
  }
  return out;
}
