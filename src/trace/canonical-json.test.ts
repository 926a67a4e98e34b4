import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson } from './canonical-json.js';
import { computeEventHash, GENESIS_HASH } from './event-hash.js';

test('canonicalJson sorts keys at every level and drops undefined members', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' }, u: undefined }), '{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
  assert.equal(canonicalJson({ b: 1, a: 2 }), canonicalJson({ a: 2, b: 1 }));
  assert.equal(canonicalJson([undefined, null, 1.5, 'é']), '[null,null,1.5,"é"]');
  assert.throws(() => canonicalJson({ x: Number.NaN }), TypeError);
});

test('computeEventHash depends on every stored field and on the previous hash', () => {
  const e = { seq: 1, id: 'a', type: 'observed', atMs: 1, recordedMs: 2, station: 'S', workOrder: null, payload: '{"item":"X"}', evidence: null, idempotencyKey: null };
  const h = computeEventHash(GENESIS_HASH, e);
  assert.match(h, /^[0-9a-f]{64}$/);
  assert.equal(computeEventHash(GENESIS_HASH, { ...e }), h);
  for (const change of [{ seq: 2 }, { id: 'b' }, { atMs: 3 }, { recordedMs: 3 }, { station: 'T' }, { workOrder: 'W' }, { payload: '{"item":"Y"}' }, { evidence: '{}' }, { idempotencyKey: 'k' }]) {
    assert.notEqual(computeEventHash(GENESIS_HASH, { ...e, ...change }), h, JSON.stringify(change));
  }
  assert.notEqual(computeEventHash('1'.repeat(64), e), h);
});
