/**
 * Compares the hand-written AI table entry by entry with the GS1 Barcode Syntax
 * Dictionary (../shared/data/gs1/gs1-syntax-dictionary.txt): same AIs, formats and
 * linters, FNC1 flag, Digital Link flags, requisite / exclusive AIs and titles.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GS1_AI_TABLE } from './gs1-ai-table.js';

const DICT = fileURLToPath(new URL('../../../shared/data/gs1/gs1-syntax-dictionary.txt', import.meta.url));

interface DictEntry { ai: string; flags: string; format: string; attrs: string[]; title: string | undefined }

function parseDictionary(text: string): DictEntry[] {
  const out: DictEntry[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const hash = line.indexOf('#');
    const body = hash >= 0 ? line.slice(0, hash) : line;
    const title = hash >= 0 ? line.slice(hash + 1).trim() : undefined;
    const tokens = body.trim().split(/\s+/);
    const range = tokens.shift()!;
    let flags = '';
    if (tokens[0] && /^[*!?"$%&'()+,\-./:;<=>@[\\\]^_`{|}~]+$/.test(tokens[0]) && !/^\[/.test(tokens[0])) flags = tokens.shift()!;
    const comps: string[] = [];
    while (tokens[0] && /^\[?[NXYZ](\.\.)?\d+\]?(,\w+)*$/.test(tokens[0])) comps.push(tokens.shift()!);
    const [lo, hi] = range.split('-');
    const ais = hi === undefined ? [lo!] : Array.from({ length: Number(hi) - Number(lo) + 1 }, (_, i) => String(Number(lo) + i).padStart(lo!.length, '0'));
    for (const ai of ais) out.push({ ai, flags, format: comps.join(' '), attrs: tokens, title });
  }
  return out;
}

test('AI table matches the GS1 Barcode Syntax Dictionary', (t) => {
  if (!existsSync(DICT)) {
    if (process.env.CI === 'true') assert.fail(`${DICT} missing in CI`);
    t.skip(`${DICT} absent`);
    return;
  }
  const dict = parseDictionary(readFileSync(DICT, 'utf8'));
  const mismatches: string[] = [];
  for (const d of dict) {
    const def = GS1_AI_TABLE.get(d.ai);
    if (!def) { mismatches.push(`${d.ai}: missing`); continue; }
    if (def.format !== d.format) mismatches.push(`${d.ai}: format ${def.format} != ${d.format}`);
    if (def.predefinedLength !== d.flags.includes('*')) mismatches.push(`${d.ai}: predefined-length flag`);
    if (def.dlDataAttribute !== d.flags.includes('?')) mismatches.push(`${d.ai}: DL data attribute flag`);
    const req = d.attrs.filter((a) => a.startsWith('req=')).map((a) => a.slice(4).split(',').map((x) => x.split('+')));
    if (JSON.stringify(def.requires) !== JSON.stringify(req)) mismatches.push(`${d.ai}: req ${JSON.stringify(def.requires)} != ${JSON.stringify(req)}`);
    const ex = d.attrs.filter((a) => a.startsWith('ex=')).flatMap((a) => a.slice(3).split(','));
    if (JSON.stringify(def.excludes) !== JSON.stringify(ex)) mismatches.push(`${d.ai}: ex ${def.excludes} != ${ex}`);
    const dl = d.attrs.find((a) => a === 'dlpkey' || a.startsWith('dlpkey='));
    const dlWant = dl === undefined ? undefined : dl === 'dlpkey' ? [] : dl.slice(7).split('|').map((p) => p.split(','));
    if (JSON.stringify(def.dlPrimaryKey) !== JSON.stringify(dlWant)) mismatches.push(`${d.ai}: dlpkey ${JSON.stringify(def.dlPrimaryKey)} != ${JSON.stringify(dlWant)}`);
    if (d.title !== undefined && def.title !== d.title) mismatches.push(`${d.ai}: title "${def.title}" != "${d.title}"`);
  }
  const extra = [...GS1_AI_TABLE.keys()].filter((ai) => !dict.some((d) => d.ai === ai));
  console.log(`AI table: ${GS1_AI_TABLE.size} AIs, dictionary: ${dict.length} AIs, ${mismatches.length} mismatches, ${extra.length} not in dictionary`);
  for (const m of mismatches.slice(0, 30)) console.log(`   ${m}`);
  assert.deepEqual(mismatches, []);
  assert.deepEqual(extra, []);
});
