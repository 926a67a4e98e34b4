import { test, describe, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { Command } from 'commander';
import { registerParseCommand, unescapeScanData } from './parse.js';

async function run(args: string[], stdinText?: string): Promise<{ lines: Record<string, unknown>[]; exitCode: number | string | undefined }> {
  let out = '';
  const program = new Command('traceocr').exitOverride();
  registerParseCommand(program, { stdout: { write: (s: string) => (out += s) }, ...(stdinText === undefined ? {} : { stdin: Readable.from([stdinText]) }) });
  process.exitCode = undefined;
  await program.parseAsync(['node', 'traceocr', 'parse', ...args]);
  const exitCode = process.exitCode;
  process.exitCode = undefined;
  return { lines: out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>), exitCode };
}

describe('traceocr parse', () => {
  afterEach(() => { process.exitCode = undefined; });

  test('escapes for control characters', () => {
    assert.equal(unescapeScanData('a<GS>b{RS}c\\x04d\\u001de'), 'a\u001db\u001ec\u0004d\u001de');
    assert.equal(unescapeScanData('plain\u001dreal'), 'plain\u001dreal');
  });

  test('one JSON line per argument, exit 0 when all ok', async () => {
    const { lines, exitCode } = await run(['(01)09506000134352(17)280430(10)L24B1187', ']d20109506000134352<GS>21SN1', '+A123BJC5D6E71G']);
    assert.equal(lines.length, 3);
    assert.deepEqual(lines[0], {
      ok: true, scheme: 'gs1',
      fields: { gtin: '09506000134352', expiryDate: '2028-04-30', lot: 'L24B1187' },
      elements: [{ ai: '01', value: '09506000134352' }, { ai: '17', value: '280430' }, { ai: '10', value: 'L24B1187' }],
      checks: [
        { name: 'gtin-check-digit', ok: true, message: 'AI (01) csum ok' },
        { name: 'gs1-date', ok: true, message: 'AI (17) yymmd0 ok' },
      ],
    });
    assert.equal((lines[2] as { scheme: string }).scheme, 'hibc');
    assert.equal(exitCode, undefined);
  });

  test('exit code 1 when any argument fails a check', async () => {
    const { lines, exitCode } = await run(['(01)09506000134352', '(01)09506000134353']);
    assert.equal(lines[1]!.ok, false);
    assert.deepEqual((lines[1]!.checks as { name: string; ok: boolean }[]).filter((c) => !c.ok).map((c) => c.name), ['gtin-check-digit']);
    assert.equal(exitCode, 1);
  });

  test('ISBT 128 compound message and UPC-E: fields, and a wrong DIN flag pair exits 1', async () => {
    const { lines, exitCode } = await run(['=+04000=/A9997XYZ100T0479=A99991712345600=,000012=>019031', ']E001234565', '=G12341765432171']);
    assert.deepEqual(lines.map((l) => [l.scheme, l.ok, l.fields]), [
      ['isbt128', true, { partNumber: 'A9997XYZ100T0479', serial: 'A999917123456', expiryDate: '2019-01-31' }],
      ['gs1', true, { gtin: '00012345000065' }],
      ['isbt128', false, {}],
    ]);
    assert.deepEqual((lines[2]!.checks as { name: string; ok: boolean }[]).filter((c) => !c.ok).map((c) => c.name), ['isbt128-din-check-character']);
    assert.equal(exitCode, 1);
  });

  test('"-" reads scans from stdin, one per line', async () => {
    const { lines } = await run(['-'], '(01)09506000134352\r\n[)>\u001e06\u001d1PABC\u001e\u0004\n');
    assert.deepEqual(lines.map((l) => l.scheme), ['gs1', 'mh10']);
  });
});
