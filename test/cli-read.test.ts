import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync, rmSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pngClaimingSize, truncated } from './helpers/bad-images.js';

// These tests run the built binary, as a user does (npm test builds first).
const repo = new URL('..', import.meta.url).pathname;
const bin = join(repo, 'dist/cli/main.js');
const samplesDir = join(repo, 'samples');

interface Run { code: number | null; stdout: string; stderr: string }
function runCli(args: string[], timeoutMs = 300_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
function jsonLines(s: string): any[] {
  return s.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l));
}

interface Truth { file: string; fields: Record<string, string> }
const truths: Truth[] = readFileSync(join(samplesDir, 'truth.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'traceocr-cli-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('read the bundled sample: every field of its truth, typed per the contract', async () => {
  const sample = truths.find((t) => t.file === 'label-gs1-logistics.png');
  assert.ok(sample, 'samples/truth.jsonl has the logistics sample');
  const r = await runCli(['read', join('samples', sample.file)]);
  assert.equal(r.code, 0, r.stderr);
  const [res] = jsonLines(r.stdout);
  assert.equal(res.ok, true);
  assert.equal(res.file, join('samples', sample.file));
  for (const [name, value] of Object.entries(sample.fields)) {
    assert.equal(res.fields[name]?.value, value, `field ${name}`);
    assert.ok(res.fields[name].confidence > 0 && res.fields[name].confidence <= 1);
    assert.ok(['text', 'code', 'both'].includes(res.fields[name].source));
  }
  assert.ok(Array.isArray(res.lines) && res.lines.length > 0);
  assert.ok(res.codes.length >= 1, 'the sample carries a code');
  assert.equal(typeof res.timings.totalMs, 'number');
  // Nothing outside the Latin identifier set ever reaches the output.
  for (const l of res.lines) assert.match(l.text, /^[\x20-\x7E]*$/);
});

test('every bad input gets its error code; the batch goes on in order; exit 1', async () => {
  const good = join(samplesDir, truths[0]!.file);
  const goodBytes = readFileSync(good);
  writeFileSync(join(dir, 'empty.png'), '');
  writeFileSync(join(dir, 'notes.png'), 'this is a text file, not an image\n');
  writeFileSync(join(dir, 'cut.png'), truncated(goodBytes));
  writeFileSync(join(dir, 'huge.png'), pngClaimingSize(30000, 30000));
  const files = [good, join(dir, 'empty.png'), join(dir, 'notes.png'), join(dir, 'cut.png'), join(dir, 'huge.png'), join(dir, 'missing.png'), good];
  const r = await runCli(['read', '--format', 'jsonl', ...files]);
  assert.equal(r.code, 1);
  const res = jsonLines(r.stdout);
  assert.deepEqual(res.map((x) => x.file), files);
  assert.deepEqual(res.map((x) => (x.ok ? 'ok' : x.error.code)), [
    'ok', 'FILE_EMPTY', 'IMAGE_UNSUPPORTED_FORMAT', 'IMAGE_DECODE_FAILED', 'IMAGE_TOO_LARGE', 'FILE_NOT_FOUND', 'ok',
  ]);
  for (const x of res.filter((x) => !x.ok)) assert.ok(x.error.message.length > 0);
});

test('a batch of 100 files with 3 bad ones yields 97 good results and 3 errors', async () => {
  const batch = join(dir, 'batch');
  rmSync(batch, { recursive: true, force: true });
  const { mkdirSync } = await import('node:fs');
  mkdirSync(batch);
  const sampleFiles = readdirSync(samplesDir).filter((f) => /\.(png|jpe?g|webp|tiff?|bmp)$/.test(f)).sort();
  const bad = new Set([17, 50, 83]);
  for (let i = 0; i < 100; i++) {
    const name = join(batch, `${String(i).padStart(3, '0')}.png`);
    if (i === 17) writeFileSync(name, '');
    else if (i === 50) writeFileSync(name, truncated(readFileSync(join(samplesDir, sampleFiles[0]!))));
    else if (i === 83) writeFileSync(name, '%PDF-1.4 not an image');
    else copyFileSync(join(samplesDir, sampleFiles[i % sampleFiles.length]!), name);
  }
  const r = await runCli(['read', batch], 900_000);
  assert.equal(r.code, 1);
  const res = jsonLines(r.stdout);
  assert.equal(res.length, 100);
  assert.equal(res.filter((x) => x.ok).length, 97);
  assert.deepEqual(res.flatMap((x, i) => (x.ok ? [] : [i])), [...bad]);
});

test('--format json streams one JSON array; --format csv has a header and a row per file', async () => {
  const good = join('samples', truths[0]!.file);
  const j = await runCli(['read', '--format', 'json', good, 'nope.png']);
  assert.equal(j.code, 1);
  const arr = JSON.parse(j.stdout);
  assert.equal(arr.length, 2);
  assert.equal(arr[0].ok, true);
  assert.equal(arr[1].error.code, 'FILE_NOT_FOUND');
  const c = await runCli(['read', '--format', 'csv', good, 'nope.png']);
  const rows = c.stdout.trim().split('\n');
  assert.equal(rows.length, 3);
  assert.match(rows[0]!, /^file,ok,error_code,error_message,gtin,gtin_confidence,gtin_source,/);
  assert.match(rows[2]!, /^nope\.png,false,FILE_NOT_FOUND,/);
});

test('usage errors exit 2', async () => {
  const r = await runCli(['read', '--format', 'xml', 'a.png']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /xml/);
  const none = await runCli(['read']);
  assert.equal(none.code, 2);
});
