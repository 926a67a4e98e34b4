import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { hibcCheckCharacter, parseHibc } from './hibc.js';
import { parseScan } from './parse-scan.js';

const CASES = fileURLToPath(new URL('../../../shared/data/hibc/parser-cases.json', import.meta.url));

interface Case { file: string; theory: string; input: string | null; expected_object?: { props: Record<string, string> } | null }

/** Turns the C# expectation (`new DateTime(2020, 01, 15)`, format "MMyy") into our contract value. */
function expectedDate(prop: string): string {
  const m = /DateTime\((\d{4}), (\d{2}), (\d{2})/.exec(prop);
  assert.ok(m, prop);
  // A month-only HIBC date (MMYY) is `YYYY-MM` in the read contract (DESIGN.md), never a guessed day.
  if (/"MMyy"/.test(prop)) return `${m[1]}-${m[2]}`;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

const unquote = (s: string): string => /"(.*)"/s.exec(s)?.[1] ?? s;

describe('HIBC', () => {
  test('mod-43 check character (ANSI/HIBC 2.6 example)', () => {
    assert.equal(hibcCheckCharacter('+A123BJC5D6E71'), 'G');
    assert.equal(parseHibc('+A123BJC5D6E71G').ok, true);
    const bad = parseHibc('+A123BJC5D6E71H');
    assert.equal(bad.ok, false);
    assert.equal(bad.checks.find((c) => !c.ok)?.name, 'hibc-check-character');
  });

  test('BarcodeParserBuilder HIBC cases', (t) => {
    if (!existsSync(CASES)) {
      if (process.env.CI === 'true') assert.fail(`${CASES} missing in CI`);
      t.skip(`${CASES} absent`);
      return;
    }
    const cases = (JSON.parse(readFileSync(CASES, 'utf8')) as Case[]).filter((c) => c.file.includes('Hibc') && typeof c.input === 'string');
    let valid = 0;
    let invalid = 0;
    const failures: string[] = [];
    for (const c of cases) {
      const input = c.input!;
      const r = parseScan(input);
      if (!c.expected_object) {
        invalid++;
        if (r.ok) failures.push(`accepted invalid ${JSON.stringify(input)}`);
        continue;
      }
      valid++;
      const p = c.expected_object.props;
      const want: Record<string, string> = {};
      if (p.LabelerIdentificationCode) want.supplier = unquote(p.LabelerIdentificationCode);
      if (p.ProductCode) want.partNumber = unquote(p.ProductCode);
      if (p.BatchNumber) want.lot = unquote(p.BatchNumber);
      if (p.SerialNumber) want.serial = unquote(p.SerialNumber);
      if (p.Quantity) want.quantity = String(Number(p.Quantity));
      if (p.ExpirationDate) want.expiryDate = expectedDate(p.ExpirationDate);
      if (p.ProductionDate) want.productionDate = expectedDate(p.ProductionDate);
      if (!r.ok || r.scheme !== 'hibc') failures.push(`rejected ${JSON.stringify(input)}: ${JSON.stringify(r.checks.filter((x) => !x.ok))}`);
      else if (JSON.stringify(Object.entries(r.fields).sort()) !== JSON.stringify(Object.entries(want).sort())) {
        failures.push(`${JSON.stringify(input)}: got ${JSON.stringify(r.fields)} want ${JSON.stringify(want)}`);
      }
    }
    console.log(`HIBC parser cases: ${valid} valid + ${invalid} invalid selected, ${failures.length} failed`);
    for (const f of failures) console.log(`   FAIL ${f}`);
    assert.ok(valid >= 20 && invalid >= 4);
    assert.deepEqual(failures, []);
  });
});
