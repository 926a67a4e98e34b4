/**
 * `traceocr keys create` and `traceocr serve` as processes: a key printed once works against
 * the started server with its role; SIGTERM stops the server cleanly; a bad config exits 2.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
const driver = join(repo, 'test', 'api-cli-driver.ts');
const run = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', driver, ...args], { cwd: repo, encoding: 'utf8', env: { ...process.env, TRACEOCR_STORE: '' } });

test('keys create prints a key once; serve --store --port uses it; SIGTERM ends with exit 0', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'traceocr-cli-'));
  try {
    const store = join(dir, 'plant.db');
    const created = run(['keys', 'create', '--role', 'viewer', '--label', 'dashboard', '--store', store]);
    assert.equal(created.status, 0, created.stderr);
    const key = created.stdout.trim();
    assert.match(key, /^tok_[A-Za-z0-9_-]{43}$/);
    const list = run(['keys', 'list', '--store', store]);
    assert.match(list.stdout, /\tviewer\tdashboard\t.*\tactive/);
    assert.ok(!list.stdout.includes(key), 'the key itself is never shown again');
    assert.equal(run(['keys', 'create', '--role', 'root', '--store', store]).status, 1);

    const config = join(dir, 'traceocr.yaml');
    writeFileSync(config, 'http:\n  port: 1\nlogLevel: warn\n');
    const child = spawn(process.execPath, ['--import', 'tsx', driver, 'serve', '--config', config, '--port', '0', '--store', store], { cwd: repo, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        const m = /listening on (http:\/\/\S+) /.exec(stderr);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
    });
    const ok = await fetch(`${url}/v1/wip`, { headers: { authorization: `Bearer ${key}` } });
    assert.equal(ok.status, 200);
    const forbidden = await fetch(`${url}/v1/keys`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: '{"role":"admin"}' });
    assert.equal(forbidden.status, 403);
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);

    writeFileSync(config, 'http:\n  port: "eighty"\n');
    const bad = run(['serve', '--config', config, '--store', store]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /CONFIG_INVALID.*\n.*http\.port/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
