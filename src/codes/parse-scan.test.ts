import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseScan } from './parse-scan.js';

const GS = '\u001d';
const RS = '\u001e';
const EOT = '\u0004';
const failed = (data: string): string[] => parseScan(data).checks.filter((c) => !c.ok).map((c) => c.name);

describe('parseScan dispatch (raw scanner data)', () => {
  test('GS1 DataMatrix with symbology id and trailing CR', () => {
    const r = parseScan(`]d2010950600013435217280430${'10'}L24B1187${GS}21SN00923\r\n`);
    assert.equal(r.scheme, 'gs1');
    assert.equal(r.ok, true);
    assert.deepEqual(r.fields, { gtin: '09506000134352', expiryDate: '2028-04-30', lot: 'L24B1187', serial: 'SN00923' });
    assert.deepEqual(r.elements[0], { ai: '01', value: '09506000134352' });
  });
  test('GS1 without symbology id: bracketed, or digits starting with a predefined-length AI', () => {
    assert.equal(parseScan('(01)09506000134352(10)A1').scheme, 'gs1');
    assert.equal(parseScan('0109506000134352' + '10A1').scheme, 'gs1');
  });
  test('Digital Link in a QR code', () => {
    const r = parseScan(']Q1https://id.gs1.org/01/09506000134352/21/SN1');
    assert.equal(r.scheme, 'digital-link');
    assert.deepEqual(r.fields, { gtin: '09506000134352', serial: 'SN1' });
  });
  test('HIBC with a Code 39 / DataMatrix symbology id', () => {
    assert.equal(parseScan(']A0+A123BJC5D6E71G').scheme, 'hibc');
    assert.equal(parseScan(']d1+A123BJC5D6E71G').ok, true);
    assert.deepEqual(failed('+A123BJC5D6E71H'), ['hibc-check-character']);
  });
  test('plain symbologies are not guessed to be GS1; plain URLs are not Digital Links', () => {
    assert.equal(parseScan(']C00109506000134352').scheme, 'unknown');
    assert.equal(parseScan(']Q1https://www.example.com/products/').scheme, 'unknown');
    assert.equal(parseScan(']C1' + '0109506000134352').scheme, 'gs1');
  });
  test('unknown data is reported, not guessed', () => {
    const r = parseScan('HELLO WORLD');
    assert.equal(r.scheme, 'unknown');
    assert.equal(r.ok, false);
    assert.deepEqual(r.fields, {});
  });
});

describe('ISO/IEC 15434 + ANSI MH10.8.2', () => {
  test('format 06 DIs: P/1P part, S serial, 1T lot, Q quantity, 9D week, 4L, V supplier', () => {
    const r = parseScan(`[)>${RS}06${GS}P445-175186-1-ND${GS}1PTFM252012ALMA${GS}SSN4711${GS}1TL2024-11${GS}Q250${GS}9D2447${GS}4LDE${GS}V12345${RS}${EOT}`);
    assert.equal(r.scheme, 'mh10');
    assert.equal(r.ok, true, JSON.stringify(r.checks));
    assert.deepEqual(r.fields, { partNumber: '445-175186-1-ND', serial: 'SN4711', lot: 'L2024-11', quantity: '250', productionDate: '2024-W47', supplier: '12345' });
    assert.ok(r.elements.some((e) => e.di === '1P' && e.value === 'TFM252012ALMA'));
  });
  test('week 54 and week 00 fail as mh10-date-code; week 53 only in long ISO years', () => {
    assert.deepEqual(failed(`[)>${RS}06${GS}9D2454${RS}${EOT}`), ['mh10-date-code']);
    assert.deepEqual(failed(`[)>${RS}06${GS}9D2400${RS}${EOT}`), ['mh10-date-code']);
    assert.deepEqual(failed(`[)>${RS}06${GS}9D2053${RS}${EOT}`), []); // 2020 starts on a Wednesday, leap year: 53 weeks
    assert.deepEqual(failed(`[)>${RS}06${GS}9D2453${RS}${EOT}`), ['mh10-date-code']);
  });
  test('format 05 carries GS1', () => {
    const r = parseScan(`[)>${RS}05${GS}0109506000134352${'10'}ABC${RS}${EOT}`);
    assert.equal(r.scheme, 'gs1');
    assert.deepEqual(r.fields, { gtin: '09506000134352', lot: 'ABC' });
  });
  test('missing EOT and bad quantity are named checks', () => {
    assert.deepEqual(failed(`[)>${RS}06${GS}Q12A${RS}`), ['iso15434-envelope', 'mh10-quantity']);
  });
});

describe('ISBT 128', () => {
  test('DIN, product code, expiry and production dates', () => {
    const r = parseScan('=A99992612345600=<E0224V00=>026150=}025350');
    assert.equal(r.scheme, 'isbt128');
    assert.equal(r.ok, true, JSON.stringify(r.checks));
    assert.deepEqual(r.fields, { serial: 'A999926123456', partNumber: 'E0224V00', expiryDate: '2026-05-30', productionDate: '2025-12-16' });
  });
  test('invalid Julian day fails as isbt128-date', () => {
    assert.deepEqual(failed('=>026367'), ['isbt128-date']);
  });
  test('unknown data identifier', () => {
    assert.deepEqual(failed('=!12345'), ['isbt128-data-identifier']);
  });
  test('compound message in a Data Matrix (ST-017 UDI) with symbology id and CR', () => {
    const r = parseScan(']d1=+06000=/A9999XYZ100T0476=,000025=A99971712345600=>019032=}017032&,1000000000000XYZ123\r\n');
    assert.equal(r.scheme, 'isbt128');
    assert.equal(r.ok, true, JSON.stringify(r.checks));
    assert.deepEqual(r.fields, { partNumber: 'A9999XYZ100T0476', serial: 'A999717123456', expiryDate: '2019-02-01', productionDate: '2017-02-01', lot: '000000000000XYZ123' });
  });
  test('Code 128 DIN with Type 3 flags; a wrong flag pair fails', () => {
    assert.equal(parseScan(']C0=G12341765432170').ok, true);
    assert.deepEqual(failed(']C0=G12341765432171'), ['isbt128-din-check-character']);
  });
  test('truncated structure fails as isbt128-length', () => {
    assert.deepEqual(failed('=<E0224'), ['isbt128-length']);
  });
});

describe('EAN/UPC', () => {
  test(']E0 with 13 digits and ]E4 with 8 give the GTIN', () => {
    assert.deepEqual(parseScan(']E00012345000065').fields, { gtin: '00012345000065' });
    assert.deepEqual(parseScan(']E495012346').fields, { gtin: '00000095012346' });
  });
  test(']E0 with 8 digits is a UPC-E, expanded to its UPC-A GTIN', () => {
    const r = parseScan(']E001234565');
    assert.equal(r.ok, true, JSON.stringify(r.checks));
    assert.equal(r.scheme, 'gs1');
    assert.deepEqual(r.fields, { gtin: '00012345000065' });
    assert.deepEqual(parseScan(']E004252614').fields, { gtin: '00042100005264' });
  });
  test('UPC-E with a wrong check digit fails as gtin-check-digit; number system 2 is no UPC-E', () => {
    assert.deepEqual(failed(']E001234566'), ['gtin-check-digit']);
    assert.deepEqual(failed(']E021234565'), ['upc-e-number-system']);
    assert.deepEqual(failed(']E01234567'), ['gs1-length']);
  });
});
