import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { StoredEvent } from '../trace/index.js';
import { eventUri, fromEpcisEvent, itemUri, lotUri, parseEpc, toEpcisEvents } from './epcis-events.js';

describe('EPC URIs', () => {
  test('SGTIN / SSCC / LGTIN URNs → GTIN-14 / SSCC-18 with check digit (GS1 EPC Tag Data Standard examples)', () => {
    // TDS §6.3.1: urn:epc:id:sgtin:0614141.107346.2017 is GTIN 10614141073464, serial 2017.
    assert.deepEqual(parseEpc('urn:epc:id:sgtin:0614141.107346.2017'), { kind: 'item', code: '2017', gtin: '10614141073464' });
    // TDS §6.3.2: urn:epc:id:sscc:0614141.1234567890 is SSCC 106141412345678908.
    assert.deepEqual(parseEpc('urn:epc:id:sscc:0614141.1234567890'), { kind: 'shipment', code: '106141412345678908' });
    assert.deepEqual(parseEpc('urn:epc:class:lgtin:4012345.012345.998877'), { kind: 'lot', code: '998877', gtin: '04012345123456' });
  });

  test('GS1 Digital Link and private URNs round-trip', () => {
    assert.equal(itemUri('A/B 1', '09506000134352'), 'https://id.gs1.org/01/09506000134352/21/A%2FB%201');
    assert.deepEqual(parseEpc(itemUri('A/B 1', '09506000134352')), { kind: 'item', code: 'A/B 1', gtin: '09506000134352' });
    assert.deepEqual(parseEpc(lotUri('L24B1187', '09506000134352')), { kind: 'lot', code: 'L24B1187', gtin: '09506000134352' });
    assert.deepEqual(parseEpc(lotUri('L7')), { kind: 'lot', code: 'L7' });
    assert.deepEqual(parseEpc('https://example.com/00/106141412345678908'), { kind: 'shipment', code: '106141412345678908' });
    assert.deepEqual(parseEpc('urn:example:thing'), { kind: 'item', code: 'urn:example:thing' });
    assert.equal(eventUri('0190A1B2-0000-7000-8000-000000000000'), 'urn:uuid:0190a1b2-0000-7000-8000-000000000000');
  });
});

describe('fromEpcisEvent', () => {
  const base = { eventTime: '2026-01-10T08:00:00+01:00', eventTimeZoneOffset: '+01:00' };
  test('ObjectEvent → observed per EPC and per lot, idempotency keys from the eventID', () => {
    const m = fromEpcisEvent({ ...base, type: 'ObjectEvent', action: 'OBSERVE', eventID: 'urn:uuid:1', epcList: ['urn:epc:id:sgtin:0614141.107346.2017'], quantityList: [{ epcClass: 'urn:epc:class:lgtin:4012345.012345.998877', quantity: 5 }], readPoint: { id: 'urn:traceocr:station:PACK-1' } });
    assert.deepEqual(m.events.map((e) => [e.type, 'item' in e ? e.item : undefined, 'lot' in e ? e.lot : undefined, e.station, e.idempotencyKey]), [
      ['observed', '2017', undefined, 'PACK-1', 'epcis:urn:uuid:1:0'],
      ['observed', undefined, '998877', 'PACK-1', 'epcis:urn:uuid:1:1'],
    ]);
    assert.equal(m.events[0]!.at.toISOString(), '2026-01-10T07:00:00.000Z');
  });
  test('AggregationEvent ADD/DELETE, into an SSCC = shipped, TransformationEvent → transformed', () => {
    const add = fromEpcisEvent({ ...base, type: 'AggregationEvent', action: 'ADD', parentID: 'urn:traceocr:item:U1', childEPCs: ['urn:traceocr:item:C1'], childQuantityList: [{ epcClass: 'urn:traceocr:lot:G1' }] });
    assert.deepEqual(add.events.map((e) => e.type), ['assembled']);
    const del = fromEpcisEvent({ ...base, type: 'AggregationEvent', action: 'DELETE', parentID: 'urn:traceocr:item:U1', childEPCs: ['urn:traceocr:item:C1'] });
    assert.deepEqual(del.events.map((e) => e.type), ['disaggregated']);
    const ship = fromEpcisEvent({ ...base, type: 'AggregationEvent', action: 'ADD', parentID: 'urn:epc:id:sscc:0614141.1234567890', childEPCs: ['urn:traceocr:item:U1'] });
    assert.deepEqual(ship.events.map((e) => [e.type, 'shipment' in e ? e.shipment : '']), [['shipped', '106141412345678908']]);
    const tr = fromEpcisEvent({ ...base, type: 'TransformationEvent', inputQuantityList: [{ epcClass: 'urn:traceocr:lot:A' }], outputQuantityList: [{ epcClass: 'urn:traceocr:lot:B' }] });
    assert.deepEqual(tr.events.map((e) => ('consumed' in e ? [e.consumed, e.produced] : [])), [[['A'], ['B']]]);
  });
  test('an error declaration is reported as ignored, a bad time is an EPCIS_INVALID error', () => {
    assert.match(fromEpcisEvent({ ...base, type: 'ObjectEvent', epcList: ['urn:traceocr:item:X'], errorDeclaration: { declarationTime: base.eventTime } }).ignored ?? '', /error declaration/);
    assert.throws(() => fromEpcisEvent({ type: 'ObjectEvent', eventTime: 'yesterday' }), /EPCIS|eventTime/);
  });
});

describe('toEpcisEvents', () => {
  test('an alerted event (failed label verification) is an inspecting ObjectEvent with disposition non_conformant and its reasons', async () => {
    const stored: StoredEvent = {
      seq: 3, id: '0190a1b2-0000-7000-8000-000000000003', type: 'alerted', at: new Date('2026-01-10T08:08:00Z'), recordedAt: new Date('2026-01-10T08:08:01Z'),
      station: 'QA', workOrder: 'WO-9', payload: { item: 'PCB100', lot: 'SOLDER7', reasons: ['lot: expected "SOLDER9"'], readId: 'r2' },
      evidence: { readId: 'r2' }, idempotencyKey: null, prevHash: '0'.repeat(64), hash: '1'.repeat(64),
    };
    const [e, ...rest] = await toEpcisEvents(stored, async () => undefined);
    assert.equal(rest.length, 0);
    assert.equal(e?.['type'], 'ObjectEvent');
    assert.equal(e?.['action'], 'OBSERVE');
    assert.equal(e?.['bizStep'], 'inspecting');
    assert.equal(e?.['disposition'], 'non_conformant');
    assert.deepEqual(e?.['epcList'], [itemUri('PCB100')]);
    assert.deepEqual(e?.['quantityList'], [{ epcClass: lotUri('SOLDER7') }]);
    assert.deepEqual(e?.['traceocr:reasons'], ['lot: expected "SOLDER9"']);
    assert.equal(e?.['traceocr:readId'], 'r2');
    assert.equal(e?.['traceocr:workOrder'], 'WO-9');
  });
});
