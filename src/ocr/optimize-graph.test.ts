import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ort from 'onnxruntime-node';
import onnxProto from 'onnx-proto';
import { TraceocrError } from '../core/errors.js';
import { createCharsetMask, parseDictionary } from './charset.js';
import { acquireSession } from './onnx-session.js';
import { optimizeOcrGraph } from './optimize-graph.js';
import { defaultModelDir } from './text-reader.js';

const { onnx } = onnxProto;
const SESSION = { intraOpNumThreads: 1, graphOptimizationLevel: 'all', executionMode: 'sequential' } as const;

/** A smooth pattern with some texture, the same on every run. */
function pattern(n: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = 0.8 * Math.sin(i * 0.013) + 0.3 * Math.sin(i * 0.71) * Math.cos(i * 0.0021);
  return out;
}

async function run(model: Uint8Array, dims: readonly number[]): Promise<Float32Array> {
  const s = await ort.InferenceSession.create(model, SESSION);
  const input = new ort.Tensor('float32', pattern(dims.reduce((a, b) => a * b, 1)), dims);
  const out = (await s.run({ [s.inputNames[0]!]: input }))[s.outputNames[0]!]!.data as Float32Array;
  await s.release();
  return out;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}

function opCount(model: Uint8Array, op: string): number {
  return (onnx.ModelProto.decode(model).graph!.node ?? []).filter((n) => n.opType === op).length;
}

describe('optimizeOcrGraph on the PP-OCR models', () => {
  const dir = defaultModelDir();
  const cases = [
    { file: 'ch_PP-OCRv4_rec_infer.onnx', dims: [2, 3, 48, 320], foldsAffines: true },
    { file: 'ch_PP-OCRv4_det_infer.onnx', dims: [1, 3, 160, 288], foldsAffines: true },
    { file: 'ch_ppocr_mobile_v2.0_cls_infer.onnx', dims: [2, 3, 48, 192], foldsAffines: false },
  ];
  for (const { file, dims, foldsAffines } of cases) {
    test(`${file}: fewer nodes, the same outputs`, async () => {
      const original = new Uint8Array(readFileSync(join(dir, file)));
      const r = optimizeOcrGraph(original);
      assert.ok(r.hardSwish > 0, 'hard-swish rewritten');
      // Every Clip of these graphs is a hard-swish's.
      assert.equal(opCount(r.bytes, 'Clip'), 0);
      assert.ok(opCount(original, 'Clip') > 0);
      if (foldsAffines) {
        assert.ok(r.foldedIntoConvBefore > 0 && r.foldedIntoConvAfter > 0 && r.affineAsConv > 0, JSON.stringify({ ...r, bytes: undefined }));
      }
      assert.ok(r.nodesAfter < r.nodesBefore);
      const [a, b] = [await run(original, dims), await run(r.bytes, dims)];
      assert.ok(maxAbsDiff(a, b) < 1e-4, `max difference ${maxAbsDiff(a, b)}`);
    });
  }
});

describe('optimizeOcrGraph: the recogniser cut to the charset mask', () => {
  test('outputs the kept classes only, each the full softmax renormalised over them', async () => {
    const dir = defaultModelDir();
    const mask = createCharsetMask(parseDictionary(readFileSync(join(dir, 'ppocr_keys_v1.txt'), 'utf8')));
    const model = new Uint8Array(readFileSync(join(dir, 'ch_PP-OCRv4_rec_infer.onnx')));
    const whole = optimizeOcrGraph(model);
    const cut = optimizeOcrGraph(model, { keepOutputClasses: mask.indices });
    assert.equal(whole.outputClasses, undefined);
    assert.equal(cut.outputClasses, mask.indices.length);
    const dims = [2, 3, 48, 160];
    const [full, part] = [await run(whole.bytes, dims), await run(cut.bytes, dims)];
    const C = mask.classCount;
    const m = mask.indices.length;
    const frames = full.length / C;
    assert.equal(part.length, frames * m);
    let worst = 0;
    for (let f = 0; f < frames; f++) {
      let sum = 0;
      for (let j = 0; j < m; j++) sum += full[f * C + mask.indices[j]!]!;
      for (let j = 0; j < m; j++) worst = Math.max(worst, Math.abs(full[f * C + mask.indices[j]!]! / sum - part[f * m + j]!));
    }
    assert.ok(worst < 1e-5, `max difference ${worst}`);
  });

  test('a graph that does not end in a softmax over classes keeps its output', () => {
    const model = new Uint8Array(readFileSync(join(defaultModelDir(), 'ch_PP-OCRv4_det_infer.onnx')));
    assert.equal(optimizeOcrGraph(model, { keepOutputClasses: [0, 1, 2] }).outputClasses, undefined);
  });
});

/** A graph `y = Conv(x·s + c)` with the given kernel and padding. */
function affineThenConv(kernel: number, pad: number, s: number, c: number): Uint8Array {
  const ch = 2;
  const w = Float32Array.from({ length: ch * ch * kernel * kernel }, (_, i) => Math.sin(i + 1));
  const float = (name: string, data: Float32Array, dims: number[]) =>
    onnx.TensorProto.create({ name, dataType: onnx.TensorProto.DataType.FLOAT, dims, rawData: new Uint8Array(data.buffer) });
  const info = (name: string) => onnx.ValueInfoProto.create({
    name,
    type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: [{ dimValue: 1 }, { dimValue: ch }, { dimValue: 6 }, { dimValue: 6 }] } } },
  });
  const ints = (name: string, v: number[]) => onnx.AttributeProto.create({ name, ints: v, type: onnx.AttributeProto.AttributeType.INTS });
  const graph = onnx.GraphProto.create({
    name: 'g',
    node: [
      onnx.NodeProto.create({ opType: 'Mul', input: ['x', 's'], output: ['xs'] }),
      onnx.NodeProto.create({ opType: 'Add', input: ['xs', 'c'], output: ['xc'] }),
      onnx.NodeProto.create({ opType: 'Conv', input: ['xc', 'w'], output: ['y'], attribute: [ints('kernel_shape', [kernel, kernel]), ints('pads', [pad, pad, pad, pad])] }),
    ],
    initializer: [float('s', Float32Array.of(s), [1]), float('c', Float32Array.of(c), [1]), float('w', w, [ch, ch, kernel, kernel])],
    input: [info('x')],
    output: [info('y')],
  });
  const model = onnx.ModelProto.create({ irVersion: 7, opsetImport: [{ domain: '', version: 11 }], graph });
  return onnx.ModelProto.encode(model).finish();
}

describe('optimizeOcrGraph rewrites', () => {
  test('an affine before a 1×1 convolution is folded into its weights and bias', async () => {
    const model = affineThenConv(1, 0, 1.7, -0.4);
    const r = optimizeOcrGraph(model);
    assert.equal(r.foldedIntoConvAfter, 1);
    assert.equal(opCount(r.bytes, 'Mul') + opCount(r.bytes, 'Add'), 0);
    assert.ok(maxAbsDiff(await run(model, [1, 2, 6, 6]), await run(r.bytes, [1, 2, 6, 6])) < 1e-5);
  });

  test('an affine before a padded convolution stays an affine (its zero padding must not become c)', async () => {
    const model = affineThenConv(3, 1, 1.7, -0.4);
    const r = optimizeOcrGraph(model);
    assert.equal(r.foldedIntoConvAfter, 0);
    assert.equal(r.affineAsConv, 1);
    assert.equal(opCount(r.bytes, 'Conv'), 2);
    // The border outputs are where folding c into the bias would go wrong.
    assert.ok(maxAbsDiff(await run(model, [1, 2, 6, 6]), await run(r.bytes, [1, 2, 6, 6])) < 1e-5);
  });

  test('a graph without the patterns comes back as it was', () => {
    const model = new Uint8Array(readFileSync(join(defaultModelDir(), 'ch_ppocr_mobile_v2.0_cls_infer.onnx')));
    const once = optimizeOcrGraph(model);
    const twice = optimizeOcrGraph(once.bytes);
    assert.equal(twice.hardSwish + twice.foldedIntoConvBefore + twice.foldedIntoConvAfter + twice.affineAsConv, 0);
    assert.equal(twice.outputClasses, undefined);
    assert.equal(twice.bytes, once.bytes);
  });

  test('a file that is not a model fails to load with MODEL_LOAD_FAILED', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'traceocr-model-'));
    try {
      const file = join(dir, 'broken.onnx');
      writeFileSync(file, 'this is not a protobuf model, just text\n');
      await assert.rejects(acquireSession(file), (err: unknown) => err instanceof TraceocrError && err.code === 'MODEL_LOAD_FAILED');
      await assert.rejects(acquireSession(join(dir, 'missing.onnx')), (err: unknown) => err instanceof TraceocrError && err.code === 'MODEL_NOT_FOUND');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
