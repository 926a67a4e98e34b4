import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CharAlternative } from '../core/types.js';
import { decodeBestAccepted, decodeWithClassPrior, restrictToClass } from './grammar-decode.js';
import { createSeededRandom as rng } from '../core/seeded-random.js';


test('decodeBestAccepted equals brute force over random lattices (best accepted reading within the closeness ratio)', () => {
  const rand = rng(42);
  let found = 0, none = 0, repaired = 0;
  const alphabet = '0123456789';
  for (let trial = 0; trial < 300; trial++) {
    const n = 2 + Math.floor(rand() * 4);
    const lattice: CharAlternative[][] = [];
    for (let i = 0; i < n; i++) {
      const k = 1 + Math.floor(rand() * 3);
      const chars = [...alphabet].sort(() => rand() - 0.5).slice(0, k);
      const ps = chars.map(() => rand() + 0.01);
      const sum = ps.reduce((a, b) => a + b, 0);
      lattice.push(chars.map((char, j) => ({ char, p: ps[j]! / sum })).sort((a, b) => b.p - a.p));
    }
    // Grammar: digit sum divisible by 3 (a stand-in for a check digit).
    const accept = (t: string): boolean => [...t].reduce((s, c) => s + Number(c), 0) % 3 === 0;
    const minRatio = 0.05;
    let best: { text: string; p: number } | undefined;
    const topP = lattice.reduce((s, a) => s * a[0]!.p, 1);
    const walk = (i: number, text: string, p: number): void => {
      if (i === n) {
        if (accept(text) && p >= topP * minRatio && (!best || p > best.p)) best = { text, p };
        return;
      }
      for (const a of lattice[i]!) walk(i + 1, text + a.char, p * a.p);
    };
    walk(0, '', 1);
    const got = decodeBestAccepted(lattice, lattice, accept, { minRatio });
    if (!best) {
      none++;
      assert.equal(got, undefined, `trial ${trial}`);
    } else {
      found++;
      if (got && got.repairs.length > 0) repaired++;
      assert.ok(got, `trial ${trial}: expected ${best.text}`);
      const gotP = got.probabilities.reduce((s, p) => s * p, 1);
      assert.ok(Math.abs(gotP - best.p) < 1e-12, `trial ${trial}: ${got.text} (${gotP}) vs ${best.text} (${best.p})`);
      assert.ok(accept(got.text));
    }
  }
  // The lattices exercise every outcome: top-1 accepted, repaired, and nothing close.
  assert.ok(found >= 30 && none >= 30 && repaired >= 30, `found ${found}, repaired ${repaired}, none ${none}`);
});

test('restrictToClass: out-of-class alternatives go; a confusable stand-in only where nothing is left', () => {
  const r = restrictToClass([[{ char: 'O', p: 0.6 }, { char: '0', p: 0.3 }], [{ char: 'B', p: 0.9 }]], 'digits');
  assert.deepEqual(r, [[{ char: '0', p: 0.3 }], [{ char: '8', p: 0.9 * 0.2 }]]);
  assert.equal(restrictToClass([[{ char: 'X', p: 0.9 }]], 'digits'), undefined);
});

test('class prior: a letter between digits stays; a digit inside a digit run stays; a digit outside one yields to a close letter', () => {
  // Each position: the top-1 first, then the recogniser's alternative.
  const lattice = (s: string, alt: Record<number, CharAlternative>): CharAlternative[][] =>
    [...s].map((c, i) => [{ char: c, p: 0.9 }, ...(alt[i] ? [alt[i]!] : [])]);
  // A letter between digits stays, even with its digit nearly tied (dev seed 950002: a printed S of Z880S7966
  // read at 0.48 with the 5 at 0.44), and so does any other letter (59U825).
  assert.equal(decodeWithClassPrior(lattice('Z880S7966', { 4: { char: '5', p: 0.85 } })).text, 'Z880S7966');
  assert.equal(decodeWithClassPrior(lattice('4711O923', { 4: { char: '0', p: 0.85 } })).text, '4711O923');
  assert.equal(decodeWithClassPrior(lattice('59U825', { 2: { char: '0', p: 0.8 } })).text, '59U825');
  // A 5 between two digits is in a digit run even when the token is only 5/7 digits (B75059D).
  assert.equal(decodeWithClassPrior(lattice('B75059D', { 4: { char: 'S', p: 0.5 } })).text, 'B75059D');
  // Outside a digit run a 1 with a close I becomes the letter (I162650-85).
  const prefix = decodeWithClassPrior(lattice('1162650-85', { 0: { char: 'I', p: 0.5 } }));
  assert.equal(prefix.text, 'I162650-85');
  assert.deepEqual(prefix.repairs.map((r) => [r.position, r.from, r.to]), [[0, '1', 'I']]);
  // A bracket in an identifier is a misread glyph: its letter alternative wins when close (C[8 read for C08).
  assert.equal(decodeWithClassPrior(lattice('C[8', { 1: { char: '0', p: 0.45 } })).text, 'C08');
  // Without a letter or digit alternative close enough, what was read stays.
  assert.equal(decodeWithClassPrior(lattice('C[8', { 1: { char: '0', p: 0.1 } })).text, 'C[8');
  // A closing bracket is a J, the one glyph of its shape, listed or not, close or not, over a listed 1.
  assert.equal(decodeWithClassPrior(lattice('E962083]', { 7: { char: 'J', p: 0.45 } })).text, 'E962083J');
  assert.equal(decodeWithClassPrior(lattice('C441278)', {})).text, 'C441278J');
  const j = decodeWithClassPrior(lattice('E925]4775', { 4: { char: '1', p: 0.8 } }));
  assert.equal(j.text, 'E925J4775');
  assert.deepEqual(j.repairs.map((r) => [r.position, r.from, r.to]), [[4, ']', 'J']]);
});
