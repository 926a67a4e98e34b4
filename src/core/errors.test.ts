import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ERROR_CODES, TraceocrError, toTraceocrError, isTraceocrError } from './errors.js';

// Every code in the registry has a row in docs/errors.md, and every row names a real code.
test('docs/errors.md documents exactly the codes in the registry', () => {
  const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
  const documented = new Set([...doc.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]));
  const registry = new Set(Object.keys(ERROR_CODES));
  assert.deepEqual([...registry].filter((c) => !documented.has(c)), [], 'codes missing from docs/errors.md');
  assert.deepEqual([...documented].filter((c) => !registry.has(c as string)), [], 'docs/errors.md names codes not in the registry');
});

test('TraceocrError carries code, status, retryable and cause', () => {
  const cause = new Error('inner');
  const e = new TraceocrError('IMAGE_DECODE_FAILED', 'bad png', { cause });
  assert.equal(e.code, 'IMAGE_DECODE_FAILED');
  assert.equal(e.status, 422);
  assert.equal(e.retryable, false);
  assert.equal(e.cause, cause);
  assert.deepEqual(JSON.parse(JSON.stringify(e)), { code: 'IMAGE_DECODE_FAILED', message: 'bad png' });
  assert.ok(isTraceocrError(e, 'IMAGE_DECODE_FAILED'));
  assert.ok(!isTraceocrError(e, 'FILE_EMPTY'));
});

test('toTraceocrError wraps foreign errors with the fallback code and keeps them as cause', () => {
  const inner = new RangeError('boom');
  const e = toTraceocrError(inner, 'STORE_UNAVAILABLE');
  assert.equal(e.code, 'STORE_UNAVAILABLE');
  assert.equal(e.message, 'boom');
  assert.equal(e.cause, inner);
  assert.equal(e.retryable, true);
});
