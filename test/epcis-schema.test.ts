/**
 * GS1 EPCIS 2.0: every event type the record holds comes out of GET /v1/epcis/events valid
 * against the OFFICIAL EPCIS 2.0 JSON schema (../shared/data/epcis/EPCIS-JSON-Schema.json, ajv 8
 * + ajv-formats), and the standard's and openepcis' example documents are accepted by
 * POST /v1/epcis/capture (idempotently). Needs ../shared/data: skips without it, fails in CI.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { createStandInReader, startHarness } from './api-harness.js';
import type { Harness } from './api-harness.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const epcisDir = join(repoRoot, '..', 'shared', 'data', 'epcis');
const haveData = existsSync(join(epcisDir, 'EPCIS-JSON-Schema.json'));
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function requireData(t: { skip(msg: string): void }): boolean {
  if (haveData) return true;
  assert.notEqual(process.env['CI'], 'true', `EPCIS test data missing at ${epcisDir} (required in CI)`);
  t.skip(`EPCIS test data not found at ${epcisDir}`);
  return false;
}

/** Maps a path of schema-validation-notes.json to the shared data folder. */
function localPath(notePath: string): string {
  if (notePath.startsWith('gs1-epcis/')) return join(epcisDir, notePath.slice('gs1-epcis/'.length));
  return join(epcisDir, 'openepcis', notePath.slice('openepcis-test-resources/'.length));
}

describe('EPCIS 2.0', () => {
  let h: Harness;
  let validate: ValidateFunction;
  const ids: Record<string, string> = {};
  before(async () => {
    h = await startHarness({ reader: createStandInReader() });
    if (!haveData) return;
    const ajv = new Ajv({ strict: false, allErrors: false });
    addFormats(ajv);
    validate = ajv.compile(JSON.parse(readFileSync(join(epcisDir, 'EPCIS-JSON-Schema.json'), 'utf8')) as object);
    const at = (m: number): Date => new Date(Date.UTC(2026, 0, 10, 8, m));
    const store = h.service.store;
    const res = await store.append([
      { type: 'observed', at: at(0), station: 'SMT-1', item: 'PCB100', lot: 'SOLDER7', product: { gtin: '09506000134352' }, evidence: { readId: 'r1', imageSha256: 'ab'.repeat(32) } },
      { type: 'observed', at: at(1), station: 'SMT-1', item: 'PCB101' },
      { type: 'assembled', at: at(2), station: 'ASSY-1', parent: 'UNIT9', children: ['PCB100', 'PCB101'], lots: ['GLUE3'], product: { gtin: '09506000134369' }, workOrder: 'WO-1' },
      { type: 'disaggregated', at: at(3), station: 'REWORK', parent: 'UNIT9', children: ['PCB101'] },
      { type: 'transformed', at: at(4), station: 'MIX', consumed: ['RESIN1', 'HARD2'], produced: ['MIXLOT5'] },
      { type: 'shipped', at: at(5), station: 'DOCK', shipment: '106141410000000016', items: ['UNIT9'], customer: 'ACME' },
      { type: 'returned', at: at(6), station: 'RMA', item: 'UNIT9', reason: 'no power' },
    ]);
    ids['observed'] = res.outcomes[0]!.id;
    const corr = await store.append([{ type: 'corrected', at: at(7), corrects: ids['observed'], changes: { lot: 'SOLDER8' }, reason: 'misread 7/8', by: 'qa' }]);
    ids['corrected'] = corr.outcomes[0]!.id;
    await store.append([{ type: 'alerted', at: at(8), station: 'QA', item: 'PCB100', lot: 'SOLDER7', reasons: ['lot: expected "SOLDER9"'], readId: 'r2' }]);
  });
  after(async () => {
    await h.close();
  });

  test('GET /v1/epcis/events: every event type maps and the document validates against the official schema', async (t) => {
    if (!requireData(t)) return;
    const res = await h.fetch('/v1/epcis/events', { role: 'viewer' });
    assert.equal(res.status, 200);
    const doc = (await res.json()) as { type: string; epcisBody: { queryResults: { resultsBody: { eventList: Record<string, unknown>[] } } } };
    const ok = validate(doc);
    assert.ok(ok, JSON.stringify(validate.errors?.slice(0, 3)));
    assert.equal(doc.type, 'EPCISQueryDocument');
    // The validator is live: the same document with one event broken fails.
    const broken = structuredClone(doc);
    delete broken.epcisBody.queryResults.resultsBody.eventList[0]!['eventTimeZoneOffset'];
    assert.equal(validate(broken), false);
    const list = doc.epcisBody.queryResults.resultsBody.eventList;
    assert.deepEqual(list.map((e) => `${e['type']}/${e['bizStep']}`), [
      'ObjectEvent/inspecting', 'ObjectEvent/inspecting', 'AggregationEvent/assembling', 'AggregationEvent/disassembling',
      'TransformationEvent/commissioning', 'AggregationEvent/shipping', 'ObjectEvent/receiving',
      'ObjectEvent/inspecting', 'ObjectEvent/inspecting', // error declaration + corrective event
      'ObjectEvent/inspecting', // alerted: a failed label verification
    ]);
    const alerted = list[9]!;
    assert.equal(alerted['disposition'], 'non_conformant');
    assert.deepEqual(alerted['epcList'], ['urn:traceocr:item:PCB100'], 'an alert names no product: the serial alone');
    assert.deepEqual(alerted['traceocr:reasons'], ['lot: expected "SOLDER9"']);
    const first = list[0]!;
    assert.deepEqual(first['epcList'], ['https://id.gs1.org/01/09506000134352/21/PCB100']);
    assert.deepEqual(first['quantityList'], [{ epcClass: 'https://id.gs1.org/01/09506000134352/10/SOLDER7' }]);
    assert.equal(list[5]!['parentID'], 'https://id.gs1.org/00/106141410000000016');
    const declaration = list[7]!;
    const corrective = list[8]!;
    assert.equal(declaration['eventID'], `urn:uuid:${ids['observed']}`);
    assert.deepEqual((declaration['errorDeclaration'] as { correctiveEventIDs: string[] }).correctiveEventIDs, [`urn:uuid:${ids['corrected']}`]);
    assert.equal(corrective['eventID'], `urn:uuid:${ids['corrected']}`);
    assert.deepEqual(corrective['quantityList'], [{ epcClass: 'https://id.gs1.org/01/09506000134352/10/SOLDER8' }]);
  });

  test('query subset: MATCH_epc, EQ_bizStep, GE_eventTime/LT_eventTime; results still schema-valid', async (t) => {
    if (!requireData(t)) return;
    const get = async (qs: string): Promise<Record<string, unknown>[]> => {
      const doc = (await (await h.fetch(`/v1/epcis/events?${qs}`, { role: 'viewer' })).json()) as { epcisBody: { queryResults: { resultsBody: { eventList: Record<string, unknown>[] } } } };
      assert.ok(validate(doc), JSON.stringify(validate.errors?.slice(0, 3)));
      return doc.epcisBody.queryResults.resultsBody.eventList;
    };
    const byEpc = await get(`MATCH_epc=${encodeURIComponent('urn:traceocr:item:PCB101')}`);
    assert.deepEqual(byEpc.map((e) => e['bizStep']), ['inspecting', 'assembling', 'disassembling']);
    const ship = await get('EQ_bizStep=shipping');
    assert.equal(ship.length, 1);
    const window = await get(`GE_eventTime=${encodeURIComponent('2026-01-10T08:02:00Z')}&LT_eventTime=${encodeURIComponent('2026-01-10T08:05:00Z')}`);
    assert.deepEqual(window.map((e) => e['bizStep']), ['assembling', 'disassembling', 'commissioning']);
  });

  test('POST /v1/epcis/capture accepts every example document the official schema accepts, idempotently', async (t) => {
    if (!requireData(t)) return;
    const notes = JSON.parse(readFileSync(join(epcisDir, 'schema-validation-notes.json'), 'utf8')) as { file: string; type?: string; valid: boolean }[];
    const docs = notes.filter((n) => n.valid && n.type === 'EPCISDocument').map((n) => localPath(n.file)).filter((p) => existsSync(p));
    assert.ok(docs.length >= 70, `only ${docs.length} example documents found`);
    let recorded = 0;
    const firstPass = new Map<string, number>();
    for (const file of docs) {
      const body = readFileSync(file);
      const res = await h.fetch('/v1/epcis/capture', { method: 'POST', role: 'operator', headers: { 'content-type': 'application/json' }, body });
      const out = (await res.json()) as { events: number; recorded: number; duplicates: number; code?: string; message?: string };
      assert.equal(res.status, 201, `${file}: ${out.code} ${out.message}`);
      recorded += out.recorded;
      firstPass.set(file, out.recorded + out.duplicates);
    }
    assert.ok(recorded > 100, `recorded ${recorded} events`);
    // The same documents again: nothing new.
    for (const file of docs.slice(0, 20)) {
      const out = (await (await h.fetch('/v1/epcis/capture', { method: 'POST', role: 'operator', headers: { 'content-type': 'application/json' }, body: readFileSync(file) })).json()) as { recorded: number; duplicates: number };
      assert.equal(out.recorded, 0, file);
    }
    assert.equal((await h.service.store.auditVerify()).ok, true);
    // What was captured comes back out schema-valid.
    const doc = (await (await h.fetch('/v1/epcis/events?perPage=1000', { role: 'viewer' })).json()) as { epcisBody: { queryResults: { resultsBody: { eventList: unknown[] } } } };
    assert.ok(validate(doc), JSON.stringify(validate.errors?.slice(0, 3)));
    assert.ok(doc.epcisBody.queryResults.resultsBody.eventList.length > 100);
  });

  test('capture refuses documents without @context or eventTime (400 INPUT_INVALID), records nothing', async (t) => {
    if (!requireData(t)) return;
    const before = await h.service.store.countEvents();
    for (const name of ['EPCISDocument_without_context.json', 'ObjectEvent_without_action_and_eventTime.json', 'ObjectEvent_with_invalid_action.json']) {
      const body = readFileSync(join(epcisDir, 'openepcis/2.0/EPCIS/JSON/Capture/Invalid', name));
      const res = await h.fetch('/v1/epcis/capture', { method: 'POST', role: 'operator', headers: { 'content-type': 'application/json' }, body });
      assert.equal(res.status, 400, name);
    }
    assert.equal(await h.service.store.countEvents(), before);
  });
});
