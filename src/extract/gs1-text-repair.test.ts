// Grammar-aware decoding on real GS1 element strings: the bracketed HRI of the
// zxing GS1 DataBar Expanded test sets (../shared/data, see its README). One
// character of each GTIN is corrupted the way OCR corrupts it; with the
// recogniser's close alternative the GS1 syntax (charset, check digit) must
// restore exactly the printed value, and with only a far alternative it must
// leave the GTIN out rather than invent one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { parseGs1 } from '../codes/index.js';
import type { CharAlternative } from '../core/types.js';
import { extractFields } from './extract-fields.js';
import { createSyntheticLine } from './test-support/synthetic-line.js';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const dataDir = resolve(repoRoot, '../shared/data/barcodes/zxing-blackbox');

function truthStrings(): string[] {
  const out = new Set<string>();
  for (const set of ['rssexpanded-1', 'rssexpanded-2']) {
    const dir = join(dataDir, set);
    for (const f of readdirSync(dir)) if (/^\d+\.txt$/.test(f)) out.add(readFileSync(join(dir, f), 'utf8').trim());
  }
  return [...out].filter((s) => /^\(01\)\d{14}/.test(s) && parseGs1(s).fields.gtin !== undefined).sort();
}

// Letter look-alikes of digits (what OCR reads instead) and a digit-for-digit confusion.
const LOOKALIKE: Readonly<Record<string, string>> = { '0': 'O', '1': 'I', '2': 'Z', '5': 'S', '6': 'G', '8': 'B' };
const DIGIT_SWAP: Readonly<Record<string, string>> = { '0': '8', '1': '7', '2': '7', '3': '8', '4': '9', '5': '6', '6': '5', '7': '1', '8': '3', '9': '4' };

test('GS1 HRI from the zxing DataBar Expanded sets: GTIN confusions repaired, far ones not invented', (t) => {
  if (!existsSync(dataDir)) {
    if (process.env['CI'] === 'true') assert.fail(`test data missing: ${dataDir}`);
    t.skip(`test data not found at ${dataDir}`);
    return;
  }
  const strings = truthStrings();
  assert.ok(strings.length >= 5, `only ${strings.length} GS1 strings with a GTIN found`);
  let repaired = 0, plainCorrect = 0, cases = 0;
  strings.forEach((truth, k) => {
    const want = parseGs1(truth).fields;
    // Corrupt one digit of the GTIN (value starts at index 4), varying the position by string.
    for (const kind of ['lookalike', 'swap'] as const) {
      const positions = [...Array(14).keys()].map((i) => 4 + ((i + k) % 14)).filter((i) => (kind === 'swap' ? true : LOOKALIKE[truth[i]!] !== undefined));
      const at = positions[0];
      if (at === undefined) continue;
      const right = truth[at]!;
      const wrong = kind === 'swap' ? DIGIT_SWAP[right]! : LOOKALIKE[right]!;
      const printed = truth.slice(0, at) + wrong + truth.slice(at + 1);
      const near: CharAlternative[] = [{ char: wrong, p: 0.6 }, { char: right, p: 0.35 }];
      const far: CharAlternative[] = [{ char: wrong, p: 0.97 }, { char: right, p: 0.01 }];
      cases++;
      const fixed = extractFields({ lines: [createSyntheticLine(printed, { alternatives: { [at]: near } })], codes: [] });
      assert.equal(fixed.fields.gtin?.value, want.gtin, `${truth} read as ${printed}`);
      for (const [field, value] of Object.entries(want)) assert.equal(fixed.fields[field as keyof typeof want]?.value, value, `${field} of ${truth}`);
      repaired++;
      const plain = extractFields({ lines: [createSyntheticLine(printed, { alternatives: { [at]: near } })], codes: [], grammar: false });
      if (plain.fields.gtin?.value === want.gtin) plainCorrect++;
      const notClose = extractFields({ lines: [createSyntheticLine(printed, { alternatives: { [at]: far } })], codes: [] });
      assert.equal(notClose.fields.gtin, undefined, `far alternative must not give a GTIN for ${printed}`);
    }
  });
  t.diagnostic(`${strings.length} GS1 strings, ${cases} corrupted readings: grammar ${repaired}/${cases} GTINs exact, top-1 ${plainCorrect}/${cases}`);
  assert.equal(plainCorrect, 0, 'a corrupted GTIN cannot pass the GS1 check digit as read');
});
