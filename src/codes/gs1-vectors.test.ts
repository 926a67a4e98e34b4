/**
 * Runs the GS1 Syntax Engine unit-test vectors (../shared/data/gs1/vectors.json)
 * against this implementation and prints selected/passed/failed per function.
 *
 * Selection rules (documented, never per case):
 * 1. Only functions this code implements: test_ai_processAIdata, test_ai_parseAIdata,
 *    test_ai_validateAIs, test_dl_parseDLuri, test_lint_<name> for linters in GS1_LINTERS.
 * 2. Vectors whose input is a C expression (`{c_expr}`: buffers built in C) cannot be
 *    reproduced and are excluded.
 * 3. Vectors whose recovered context turns on engine options we do not implement
 *    (PermitUnknownAIs=true except in validateAIs, where unknown AIs only pad the input;
 *    ValidationEnabled[...]=false) are excluded.
 * 4. Vectors that appear with identical input and context but opposite expected outcome
 *    depend on context flags the extraction did not recover; they are excluded.
 * 5. processAIdata inputs without a leading FNC1 `^`: the engine rejects them by API
 *    contract, parseGs1 deliberately accepts raw data; excluded.
 * 6. processScanData: only inputs whose symbology identifier announces GS1 or EAN/UPC, and
 *    without a composite component; "accepted" = parseScan(...).ok.
 * What "accepted" means per function: processAIdata/parseAIdata/parseDLuri: no syntax or
 * content check failed (AI relations are a separate engine step, validateAIs);
 * validateAIs: no relation check failed; lint: the linter returned no error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseGs1, GS1_ASSOCIATION_CHECKS, formatGs1ElementString } from './gs1-element-string.js';
import { GS1_LINTERS } from './gs1-linters.js';
import { parseScan } from './parse-scan.js';

const VECTORS = fileURLToPath(new URL('../../../shared/data/gs1/vectors.json', import.meta.url));

interface Vector { function: string; args: unknown[]; ctx_setters: Record<string, string> }

test('GS1 Syntax Engine vectors', (t) => {
  if (!existsSync(VECTORS)) {
    if (process.env.CI === 'true') assert.fail(`${VECTORS} missing in CI`);
    t.skip(`${VECTORS} absent`);
    return;
  }
  const all = JSON.parse(readFileSync(VECTORS, 'utf8')) as Vector[];
  const inputOf = (v: Vector): unknown => (v.function === 'test_ai_validateAIs' ? v.args[2] : v.args[1]);
  const key = (v: Vector): string => JSON.stringify([v.function, inputOf(v), v.ctx_setters]);
  const outcomes = new Map<string, Set<string>>();
  for (const v of all) {
    const k = key(v);
    if (!outcomes.has(k)) outcomes.set(k, new Set());
    outcomes.get(k)!.add(JSON.stringify(v.args[0]) + (v.function.startsWith('test_lint_') ? String(v.args.length > 2) : ''));
  }
  const stats = new Map<string, { selected: number; passed: number; failed: string[]; excluded: Record<string, number> }>();
  const stat = (fn: string) => {
    let s = stats.get(fn);
    if (!s) stats.set(fn, (s = { selected: 0, passed: 0, failed: [], excluded: {} }));
    return s;
  };
  const exclude = (fn: string, why: string) => { const s = stat(fn); s.excluded[why] = (s.excluded[why] ?? 0) + 1; };

  for (const v of all) {
    const fn = v.function;
    const lintName = fn.startsWith('test_lint_') ? fn.slice('test_lint_'.length) : undefined;
    if (fn === 'test_scandata_processScanData') {
      // Only scan data whose symbology identifier announces GS1 or EAN/UPC: for plain data
      // (]Q1, ]d1, ...) the engine passes text through, parseScan reports scheme 'unknown'.
      const input = v.args[1];
      if (typeof input !== 'string' || !/^\](C1|e0|d2|Q3|J1|E0|E4)/.test(input)) { exclude(fn, 'not GS1/EAN symbology'); continue; }
      if (input.includes('|')) { exclude(fn, 'composite component (|) not supported'); continue; }
      const s = stat(fn);
      s.selected++;
      const got = parseScan(input).ok;
      if (got === v.args[0]) s.passed++;
      else s.failed.push(`${input} expected ${String(v.args[0])} got ${got}`);
      continue;
    }
    const supported = ['test_ai_processAIdata', 'test_ai_parseAIdata', 'test_ai_validateAIs', 'test_dl_parseDLuri'].includes(fn) || (lintName !== undefined && lintName in GS1_LINTERS);
    if (!supported) continue;
    const inputIdx = lintName !== undefined ? 1 : fn === 'test_ai_validateAIs' ? 2 : 1;
    if (typeof v.args[inputIdx] !== 'string') { exclude(fn, 'input is a C expression'); continue; }
    const ctx = v.ctx_setters;
    if (fn !== 'test_ai_validateAIs' && ctx.PermitUnknownAIs === 'true') { exclude(fn, 'PermitUnknownAIs context'); continue; }
    if (Object.entries(ctx).some(([k, val]) => k.startsWith('ValidationEnabled') && val === 'false')) { exclude(fn, 'validation disabled context'); continue; }
    if (outcomes.get(key(v))!.size > 1) { exclude(fn, 'same input, opposite outcomes (unrecovered context)'); continue; }
    // processAIdata takes data that begins with FNC1 ('^'); parseGs1 deliberately also accepts
    // raw data without it (scanners set to strip the symbology identifier send it so).
    if (fn === 'test_ai_processAIdata' && !(v.args[1] as string).startsWith('^')) { exclude(fn, 'no leading FNC1 (parseGs1 accepts raw data)'); continue; }
    const s = stat(fn);
    s.selected++;
    const input = v.args[inputIdx] as string;
    let expected: boolean;
    let got: boolean;
    let extra = true;
    if (lintName !== undefined) {
      expected = v.args.length <= 2;
      got = GS1_LINTERS[lintName]!(input) === undefined;
    } else {
      expected = v.args[0] as boolean;
      const r = parseGs1(input);
      const failing = r.checks.filter((c) => !c.ok);
      if (fn === 'test_ai_validateAIs') {
        got = !failing.some((c) => GS1_ASSOCIATION_CHECKS.has(c.name));
      } else {
        got = failing.every((c) => GS1_ASSOCIATION_CHECKS.has(c.name)) && r.elements.length > 0;
        const want = v.args[2];
        if (expected && got && typeof want === 'string' && want !== '') {
          extra = '^' + formatGs1ElementString(r.elements, '^') === want;
        }
      }
    }
    if (got === expected && extra) s.passed++;
    else s.failed.push(`${input} expected ${expected} got ${got}${extra ? '' : ' (element string differs)'}`);
  }
  let totalSel = 0;
  let totalFail = 0;
  for (const [fn, s] of [...stats].sort()) {
    totalSel += s.selected;
    totalFail += s.failed.length;
    const ex = Object.entries(s.excluded).map(([k, n]) => `${n} excluded: ${k}`).join('; ');
    console.log(`${fn}: selected ${s.selected}, passed ${s.passed}, failed ${s.failed.length}${ex ? ` (${ex})` : ''}`);
    for (const f of s.failed.slice(0, 8)) console.log(`   FAIL ${JSON.stringify(f)}`);
  }
  console.log(`GS1 vectors total: selected ${totalSel}, failed ${totalFail}`);
  assert.ok(totalSel > 3000, 'vector selection collapsed');
  assert.equal(totalFail, 0);
});
