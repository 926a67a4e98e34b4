import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isTraceocrError } from '../core/errors.js';
import { loadServeConfig } from './serve-config.js';

describe('loadServeConfig', () => {
  test('defaults: SQLite in ./data, port 8080, loopback, frozen', () => {
    const c = loadServeConfig();
    assert.equal(c.store, './data/traceocr.db');
    assert.equal(c.http.port, 8080);
    assert.equal(c.http.host, '127.0.0.1');
    assert.equal(c.mqtt.url, undefined);
    assert.ok(Object.isFrozen(c) && Object.isFrozen(c.http));
  });

  test('file ← environment ← flags, in that order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'traceocr-cfg-'));
    try {
      const file = join(dir, 'traceocr.yaml');
      writeFileSync(file, 'store: ./from-file.db\nhttp:\n  port: 9000\n  bodyLimitBytes: 1000000\nmqtt:\n  url: mqtt://broker:1883\nstations:\n  PACK-1:\n    lot: L1\n');
      const fromFile = loadServeConfig({ file });
      assert.equal(fromFile.store, './from-file.db');
      assert.equal(fromFile.http.port, 9000);
      assert.equal(fromFile.http.bodyLimitBytes, 1_000_000);
      assert.equal(fromFile.stations['PACK-1']?.lot, 'L1');
      const env = loadServeConfig({ file, env: { TRACEOCR_PORT: '9100', TRACEOCR_STORE: 'postgres://u@h/db' } });
      assert.equal(env.http.port, 9100);
      assert.equal(env.http.bodyLimitBytes, 1_000_000, 'an env override keeps the rest of the section');
      assert.equal(env.store, 'postgres://u@h/db');
      const flags = loadServeConfig({ file, env: { TRACEOCR_PORT: '9100' }, overrides: { port: 9200, store: '/tmp/x.db' } });
      assert.equal(flags.http.port, 9200);
      assert.equal(flags.store, '/tmp/x.db');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('every violation is reported at once as CONFIG_INVALID', () => {
    const dir = mkdtempSync(join(tmpdir(), 'traceocr-cfg-'));
    try {
      const file = join(dir, 'bad.yaml');
      writeFileSync(file, 'http:\n  port: 70000\n  bodyLimitBytes: -1\nstations:\n  "../x": {}\nunknownKey: 1\nwebhooks:\n  - url: not-a-url\n    secret: short\n');
      assert.throws(() => loadServeConfig({ file, env: { TRACEOCR_PORT: 'abc' } }), (err: unknown) => {
        assert.ok(isTraceocrError(err, 'CONFIG_INVALID'));
        const errors = err.details?.['errors'] as string[];
        for (const want of ['TRACEOCR_PORT', 'http.bodyLimitBytes', 'stations', 'unknownKey', 'webhooks.0.url', 'webhooks.0.secret']) {
          assert.ok(errors.some((e) => e.includes(want)), `missing ${want} in ${errors.join(' | ')}`);
        }
        return true;
      });
      assert.throws(() => loadServeConfig({ file: join(dir, 'missing.yaml') }), (err: unknown) => isTraceocrError(err, 'CONFIG_INVALID'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
