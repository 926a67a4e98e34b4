import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isTraceocrError } from '../core/errors.js';
import { BUILTIN_PROFILES, loadProfile, parseProfile } from './label-profile.js';

describe('label profiles', () => {
  test('every built-in profile validates', () => {
    assert.deepEqual([...BUILTIN_PROFILES].sort(), ['default', 'ecia-reel', 'generic-nameplate', 'gs1-logistics', 'udi-medical']);
    for (const name of BUILTIN_PROFILES) assert.equal(loadProfile(name).name, name);
    assert.equal(loadProfile('udi-medical').fields.gtin?.required, true);
    assert.ok(Object.isFrozen(loadProfile('default').fields));
  });

  test('every violation is reported at once', () => {
    assert.throws(
      () => parseProfile({ name: '', fields: { lot: { grammar: { pattern: '([' } }, colour: {}, gtin: { required: 'yes' } }, extra: 1 }, 'bad.yaml'),
      (err: unknown) => {
        assert.ok(isTraceocrError(err, 'PROFILE_INVALID'));
        const issues = err.details?.['issues'] as string[];
        assert.ok(issues.length >= 5, issues.join('\n'));
        assert.match(err.message, /^bad\.yaml: \d+ problem/);
        assert.ok(issues.some((i) => i.startsWith('name:')));
        assert.ok(issues.some((i) => i.includes('fields.lot.grammar.pattern') && i.includes('regular expression')));
        assert.ok(issues.some((i) => i.includes('fields.gtin.required')));
        assert.ok(issues.some((i) => i.includes('colour')));
        assert.ok(issues.some((i) => i.includes('extra')));
        return true;
      },
    );
  });

  test('a profile must list a field', () => {
    assert.throws(() => parseProfile({ name: 'x', fields: {} }), (e: unknown) => isTraceocrError(e, 'PROFILE_INVALID'));
  });

  test('unknown name and missing file → PROFILE_NOT_FOUND', () => {
    assert.throws(() => loadProfile('no-such-profile'), (e: unknown) => isTraceocrError(e, 'PROFILE_NOT_FOUND') && /built-in: default/.test(e.message));
    assert.throws(() => loadProfile('/nonexistent/p.yaml'), (e: unknown) => isTraceocrError(e, 'PROFILE_NOT_FOUND'));
  });

  test('JSON and YAML files load; broken syntax is PROFILE_INVALID', () => {
    const dir = mkdtempSync(join(tmpdir(), 'traceocr-profile-'));
    try {
      writeFileSync(join(dir, 'a.json'), JSON.stringify({ name: 'a', fields: { serial: { keys: ['Geräte-Nr.'], required: true } } }));
      writeFileSync(join(dir, 'b.yaml'), 'name: b\nfields:\n  productionDate:\n    date: { dayFirst: true, digitFormats: [YYWW] }\n');
      writeFileSync(join(dir, 'c.yml'), 'name: [unclosed\n');
      assert.deepEqual(loadProfile(join(dir, 'a.json')).fields.serial?.keys, ['Geräte-Nr.']);
      assert.deepEqual(loadProfile(join(dir, 'b.yaml')).fields.productionDate?.date?.digitFormats, ['YYWW']);
      assert.throws(() => loadProfile(join(dir, 'c.yml')), (e: unknown) => isTraceocrError(e, 'PROFILE_INVALID'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
