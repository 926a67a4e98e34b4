import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCharsetMask, DEFAULT_ALLOWED_CHARS, parseDictionary } from './charset.js';
import { decodeCtc } from './ctc-decode.js';
import { defaultModelDir } from './text-reader.js';

// A small dictionary: blank, then A B 中 0 文 Ｏ (full-width O), then space.
const CLASSES: string[] = parseDictionary('A\nB\n中\n0\n文\nＯ\n');
const MASK = createCharsetMask(CLASSES);
const C = CLASSES.length;
const idx = (c: string): number => CLASSES.indexOf(c);

/** Frames given as `{char: p}`; the rest of each row's mass goes to the blank. */
function frames(rows: Record<string, number>[]): Float32Array {
  const out = new Float32Array(rows.length * C);
  rows.forEach((r, t) => {
    let rest = 1;
    for (const [c, p] of Object.entries(r)) {
      out[t * C + idx(c)] = p;
      rest -= p;
    }
    out[t * C] = out[t * C]! + Math.max(0, rest);
  });
  return out;
}

describe('parseDictionary / createCharsetMask', () => {
  test('blank first, space last; CJK and full-width entries are not in the mask', () => {
    assert.deepEqual(CLASSES, ['', 'A', 'B', '中', '0', '文', 'Ｏ', ' ']);
    assert.deepEqual(MASK.chars, ['', 'A', 'B', '0', ' ']);
    assert.deepEqual([...MASK.indices], [0, 1, 2, 4, 7]);
  });

  test('the real PP-OCRv4 dictionary gives 6625 classes and keeps exactly the allowed set', () => {
    const classes = parseDictionary(readFileSync(join(defaultModelDir(), 'ppocr_keys_v1.txt'), 'utf8'));
    assert.equal(classes.length, 6625);
    const mask = createCharsetMask(classes);
    const kept = new Set(mask.chars.slice(1));
    for (const c of kept) assert.ok(DEFAULT_ALLOWED_CHARS.includes(c), `unexpected ${c}`);
    for (const c of DEFAULT_ALLOWED_CHARS) assert.ok(kept.has(c), `missing ${JSON.stringify(c)}`);
  });
});

describe('decodeCtc', () => {
  test('collapses repeats, drops blanks, keeps a doubled letter separated by a blank', () => {
    const r = decodeCtc(frames([{ A: 0.9 }, { A: 0.8 }, {}, { A: 0.9 }, { B: 0.7 }, { B: 0.9 }, {}]), 7, MASK);
    assert.equal(r.text, 'AAB');
    assert.equal(r.chars.length, 3);
    // Confidence of a run = its best frame.
    assert.ok(Math.abs(r.chars[2]!.confidence - 0.9) < 1e-6);
    assert.ok(Math.abs(r.confidence - 0.9) < 1e-6);
    // Each character's run of frames, and its centre.
    assert.deepEqual(r.spans, [[0, 1], [3, 3], [4, 5]]);
    assert.deepEqual(r.frames, [0.5, 3, 4.5]);
  });

  test('a masked class never wins, even when it has the highest score, and is never an alternative', () => {
    // 中 at 0.6 would win the frame unmasked; among allowed classes 0 (0.3) beats blank (0.1).
    const r = decodeCtc(frames([{ 中: 0.6, '0': 0.3 }, {}, { Ｏ: 0.5, A: 0.2, '0': 0.15 }]), 3, MASK);
    assert.equal(r.text, '0A');
    for (const ch of r.chars) for (const a of ch.alternatives) assert.ok(MASK.chars.includes(a.char), a.char);
    // Renormalised over the allowed classes: 0.3 / (0.3 + 0.1) = 0.75.
    assert.ok(Math.abs(r.chars[0]!.confidence - 0.75) < 1e-6, String(r.chars[0]!.confidence));
  });

  test('top-k alternatives: sorted, first is the character, p is the best over the run', () => {
    const r = decodeCtc(frames([{ '0': 0.5, A: 0.3 }, { '0': 0.45, B: 0.4 }]), 2, MASK, { topK: 3 });
    assert.equal(r.text, '0');
    const alts = r.chars[0]!.alternatives;
    assert.deepEqual(alts.map((a) => a.char), ['0', 'B', 'A']);
    assert.ok(alts[0]!.p >= alts[1]!.p && alts[1]!.p >= alts[2]!.p);
    assert.equal(r.chars[0]!.char, alts[0]!.char);
  });

  test('a character listed twice is one alternative with its better probability; equal ones keep the order they were first seen in', () => {
    // Dictionary: blank, A, 0, B, A again, then space.
    const classes = parseDictionary('A\n0\nB\nA\n');
    const mask = createCharsetMask(classes);
    const row = (p: Record<number, number>): number[] => classes.map((_, j) => p[j] ?? 0);
    // The second A (class 4) is the better A; 0 and B tie and stay in class order, after A; topK cuts the last.
    const scores = Float32Array.from([...row({ 0: 0.1, 1: 0.1, 2: 0.2, 3: 0.2, 4: 0.4 })]);
    const r = decodeCtc(scores, 1, mask, { topK: 3 });
    assert.deepEqual(r.chars[0]!.alternatives.map((a) => a.char), ['A', '0', 'B']);
    assert.ok(Math.abs(r.chars[0]!.alternatives[0]!.p - 0.4) < 1e-6);
    assert.deepEqual(decodeCtc(scores, 1, mask, { topK: 2 }).chars[0]!.alternatives.map((a) => a.char), ['A', '0']);
  });

  test('logits input gives the same reading as probabilities (softmax over the allowed set)', () => {
    const probs = frames([{ A: 0.7 }, {}, { B: 0.6, 中: 0.3 }]);
    const logits = probs.map((p) => Math.log(Math.max(p, 1e-9)));
    const a = decodeCtc(probs, 3, MASK);
    const b = decodeCtc(logits, 3, MASK, { probabilities: false });
    assert.equal(b.text, a.text);
    assert.ok(Math.abs(a.confidence - b.confidence) < 1e-4);
  });

  test('space repair inserts a dropped space, not a weak one, and trims the ends', () => {
    const dropped = decodeCtc(frames([{ A: 0.9 }, { ' ': 0.3 }, { B: 0.9 }, { ' ': 0.9 }]), 4, MASK);
    assert.equal(dropped.text, 'A B');
    // The repaired space spans the blank frames between its neighbours.
    assert.deepEqual(dropped.spans, [[0, 0], [1, 1], [2, 2]]);
    assert.ok(Math.abs(dropped.chars[1]!.confidence - 0.3) < 1e-6);
    const weak = decodeCtc(frames([{ A: 0.9 }, { ' ': 0.02 }, { B: 0.9 }]), 3, MASK);
    assert.equal(weak.text, 'AB');
    const off = decodeCtc(frames([{ A: 0.9 }, { ' ': 0.3 }, { B: 0.9 }]), 3, MASK, { spaceRepairThreshold: 1 });
    assert.equal(off.text, 'AB');
    assert.equal(decodeCtc(frames([{}, {}]), 2, MASK).confidence, 0);
  });
});
