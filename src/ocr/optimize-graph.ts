/**
 * Rewrites a PP-OCR ONNX graph into fewer operations that compute the same function, before
 * ONNX Runtime loads it.
 *
 * Why: paddle2onnx exported PP-LCNet's hard-swish as four element-wise nodes (Add 3, Clip 0…6,
 * Mul, Div 6: opset 9 has no HardSwish) and each of PP-LCNetV3's "learnable affine blocks" as a
 * scalar Mul and Add. ONNX Runtime (1.30) fuses none of them, and every such node between two
 * convolutions also makes its NCHWc layout convert the tensor out and back. On one core these
 * element-wise nodes and the reorders they force took 45 % of the recogniser's time and a third of
 * the detector's (ORT profile of a 6×48×320 batch and a 480×864 page).
 *
 * Why by hand: no maintained JavaScript library rewrites ONNX graphs (onnxruntime's own optimiser
 * is the one that misses these patterns, and its Python tools are not on npm); `onnx-proto` reads
 * and writes the protobuf. Every rewrite below is exact up to float rounding (measured: outputs
 * within 5e-6 of the original graph's on all three models, see `optimize-graph.test.ts`):
 *
 * 1. hard-swish `Div(Mul(a, Clip(Add(a, 3), 0, 6)), 6)` → `Mul(a, HardSigmoid(a; α 1/6, β 1/2))`;
 * 2. `Conv(W, b) → Mul(s) → Add(c)` → `Conv(s·W, s·b + c)`;
 * 3. `Mul(s) → Add(c) → Conv` 1×1, unpadded, ungrouped → `Conv(s·W, b + c·ΣW)`;
 * 4. any other `Mul(s) → Add(c)` feeding convolutions → a 1×1 depthwise `Conv(s, c)`, which stays in
 *    ORT's NCHWc layout (a padded convolution cannot absorb the `c`: its zero padding would become `c`).
 *
 * A graph without these patterns comes back unchanged.
 */
import onnxProto from 'onnx-proto';
import type { onnx as Onnx } from 'onnx-proto';

const { onnx } = onnxProto;
const FLOAT = onnx.TensorProto.DataType.FLOAT;

/** Options of {@link optimizeOcrGraph}. */
export interface OptimizeGraphOptions {
  /**
   * Output classes to keep, in order (rewrite 5): a graph that ends in `Softmax(MatMul(x, W) + b)`
   * over classes (the recogniser) then computes only these columns, and its output has
   * `keepOutputClasses.length` classes. The softmax over the kept classes equals the full softmax
   * renormalised over them, which is what CTC decoding with a charset mask reads (see `decodeCtc`).
   * @defaultValue all classes
   */
  readonly keepOutputClasses?: ArrayLike<number>;
}

/** How many times each rewrite of {@link optimizeOcrGraph} applied. */
export interface OptimizeGraphResult {
  /** The rewritten model (the input's bytes when nothing applied). */
  readonly bytes: Uint8Array;
  /** Hard-swish activations rewritten (rewrite 1). */
  readonly hardSwish: number;
  /** Scalar affines folded into the convolution before them (2). */
  readonly foldedIntoConvBefore: number;
  /** Scalar affines folded into the 1×1 convolutions after them (3). */
  readonly foldedIntoConvAfter: number;
  /** Scalar affines turned into 1×1 depthwise convolutions (4). */
  readonly affineAsConv: number;
  /** Classes of the output after rewrite 5; `undefined` when the output was left as it was. */
  readonly outputClasses: number | undefined;
  /** Nodes in the graph before and after (Constant nodes included). */
  readonly nodesBefore: number;
  readonly nodesAfter: number;
}

type Long = { toNumber(): number };
const num = (v: number | Long | null | undefined, fallback = 0): number =>
  v === null || v === undefined ? fallback : typeof v === 'number' ? v : v.toNumber();

/**
 * Rewrites an ONNX model (see the module comment) and returns it serialised.
 * @throws Error when the bytes are not an ONNX model
 */
export function optimizeOcrGraph(model: Uint8Array, options: OptimizeGraphOptions = {}): OptimizeGraphResult {
  const m = onnx.ModelProto.decode(model);
  const g = m.graph;
  if (!g) throw new Error('ONNX model without a graph');
  const nodesBefore = g.node?.length ?? 0;
  const graph = new GraphIndex(g);
  const hardSwish = graph.rewriteHardSwish();
  const foldedIntoConvBefore = graph.foldAffineAfterConv();
  const foldedIntoConvAfter = graph.foldAffineBeforePointwiseConv();
  const affineAsConv = graph.affineAsDepthwiseConv();
  const outputClasses = options.keepOutputClasses ? graph.keepOutputClasses(options.keepOutputClasses) : undefined;
  const changed = hardSwish + foldedIntoConvBefore + foldedIntoConvAfter + affineAsConv > 0 || outputClasses !== undefined;
  if (changed) graph.dropUnused();
  return {
    bytes: changed ? onnx.ModelProto.encode(m).finish() : model,
    hardSwish,
    foldedIntoConvBefore,
    foldedIntoConvAfter,
    affineAsConv,
    outputClasses,
    nodesBefore,
    nodesAfter: g.node?.length ?? 0,
  };
}

/** The graph with its constants and each value's consumers, rebuilt after every pass. */
class GraphIndex {
  private readonly constants = new Map<string, Onnx.ITensorProto>();
  private consumers = new Map<string, Onnx.INodeProto[]>();
  private readonly graphOutputs: Set<string>;
  private uid = 0;

  constructor(private readonly g: Onnx.IGraphProto) {
    this.g.node ??= [];
    this.g.initializer ??= [];
    for (const n of this.g.node) {
      const t = n.opType === 'Constant' ? n.attribute?.find((a) => a.name === 'value')?.t : undefined;
      if (t && n.output?.[0]) this.constants.set(n.output[0], t);
    }
    for (const t of this.g.initializer) if (t.name) this.constants.set(t.name, t);
    this.graphOutputs = new Set((this.g.output ?? []).map((o) => o.name ?? ''));
    this.reindex();
  }

  private get nodes(): Onnx.INodeProto[] {
    return this.g.node!;
  }

  private reindex(): void {
    this.consumers = new Map();
    for (const n of this.nodes) {
      for (const i of n.input ?? []) {
        const list = this.consumers.get(i);
        if (list) list.push(n);
        else this.consumers.set(i, [n]);
      }
    }
  }

  private remove(drop: ReadonlySet<Onnx.INodeProto>): void {
    if (drop.size > 0) this.g.node = this.nodes.filter((n) => !drop.has(n));
    this.reindex();
  }

  /** The one node reading `value`, when no other node and no graph output does. */
  private soleConsumer(value: string | undefined): Onnx.INodeProto | undefined {
    if (value === undefined || this.graphOutputs.has(value)) return undefined;
    const list = this.consumers.get(value);
    return list?.length === 1 ? list[0] : undefined;
  }

  private floats(name: string | undefined): Float32Array | undefined {
    const t = name === undefined ? undefined : this.constants.get(name);
    if (!t || t.dataType !== FLOAT) return undefined;
    if (t.floatData && t.floatData.length > 0) return Float32Array.from(t.floatData);
    const raw = t.rawData;
    if (!raw) return new Float32Array(0);
    // A copy: rawData may sit at an offset of the model's buffer that is not 4-byte aligned (and on a
    // Buffer, `slice` would be a view, not a copy).
    const copy = new Uint8Array(raw.byteLength);
    copy.set(raw);
    return new Float32Array(copy.buffer);
  }

  private scalar(name: string | undefined): number | undefined {
    const t = name === undefined ? undefined : this.constants.get(name);
    if (!t || t.dataType !== FLOAT) return undefined;
    if (t.floatData && t.floatData.length > 0) return t.floatData.length === 1 ? t.floatData[0] : undefined;
    const raw = t.rawData;
    return raw?.byteLength === 4 ? new DataView(raw.buffer, raw.byteOffset, 4).getFloat32(0, true) : undefined;
  }

  private dims(name: string | undefined): number[] | undefined {
    const t = name === undefined ? undefined : this.constants.get(name);
    return t?.dims?.map((d) => num(d as number | Long));
  }

  private addConstant(prefix: string, data: Float32Array, dims: readonly number[]): string {
    const name = `traceocr_${prefix}_${this.uid++}`;
    const t = onnx.TensorProto.create({ name, dataType: FLOAT, dims: [...dims], rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) });
    this.g.initializer!.push(t);
    this.constants.set(name, t);
    return name;
  }

  /** `Mul(x, s)` with a scalar constant `s` (either side): `[x, s]`. */
  private scalarMul(n: Onnx.INodeProto | undefined, op = 'Mul'): [string, number] | undefined {
    if (n?.opType !== op || n.input?.length !== 2) return undefined;
    const [a, b] = n.input as [string, string];
    const sb = this.scalar(b);
    if (sb !== undefined) return [a, sb];
    const sa = this.scalar(a);
    return sa !== undefined ? [b, sa] : undefined;
  }

  /** The weights, bias and output channels of a convolution with constant weights. */
  private convWeights(conv: Onnx.INodeProto): { w: Float32Array; dims: number[]; bias: Float32Array; group: number } | undefined {
    if (conv.opType !== 'Conv') return undefined;
    const w = this.floats(conv.input?.[1]);
    const dims = this.dims(conv.input?.[1]);
    if (!w || !dims || dims.length !== 4 || w.length === 0) return undefined;
    const outChannels = dims[0]!;
    const bias = conv.input?.[2] ? this.floats(conv.input[2]) : new Float32Array(outChannels);
    if (!bias || bias.length !== outChannels) return undefined;
    const group = num(attribute(conv, 'group')?.i as number | Long | undefined, 1);
    return { w, dims, bias, group };
  }

  rewriteHardSwish(): number {
    const drop = new Set<Onnx.INodeProto>();
    let count = 0;
    for (const add of this.nodes) {
      const plus = this.scalarMul(add, 'Add');
      if (!plus || plus[1] !== 3) continue;
      const a = plus[0];
      const clip = this.soleConsumer(add.output?.[0]);
      if (clip?.opType !== 'Clip' || !clip.input || clip.input[0] !== add.output?.[0]) continue;
      // Clip's bounds are attributes up to opset 10, inputs from opset 11.
      const lo = clip.input.length > 1 ? this.scalar(clip.input[1]) : attribute(clip, 'min')?.f;
      const hi = clip.input.length > 2 ? this.scalar(clip.input[2]) : attribute(clip, 'max')?.f;
      if (lo !== 0 || hi !== 6) continue;
      const mul = this.soleConsumer(clip.output?.[0]);
      if (mul?.opType !== 'Mul' || mul.input?.length !== 2 || !mul.input.includes(a) || !mul.input.includes(clip.output![0]!)) continue;
      const div = this.soleConsumer(mul.output?.[0]);
      if (div?.opType !== 'Div' || div.input?.[0] !== mul.output?.[0] || this.scalar(div.input?.[1]) !== 6) continue;
      const gate = `traceocr_hardsigmoid_${this.uid++}`;
      Object.assign(add, {
        opType: 'HardSigmoid',
        input: [a],
        output: [gate],
        attribute: [floatAttribute('alpha', 1 / 6), floatAttribute('beta', 0.5)],
      });
      Object.assign(mul, { input: [a, gate], output: [...div.output!] });
      drop.add(clip).add(div);
      count++;
    }
    this.remove(drop);
    return count;
  }

  foldAffineAfterConv(): number {
    const drop = new Set<Onnx.INodeProto>();
    let count = 0;
    for (const conv of this.nodes) {
      if (drop.has(conv)) continue;
      const mul = this.soleConsumer(conv.output?.[0]);
      const times = this.scalarMul(mul);
      if (conv.opType !== 'Conv' || !mul || !times || times[0] !== conv.output?.[0]) continue;
      const weights = this.convWeights(conv);
      if (!weights) continue;
      const s = times[1];
      const add = this.soleConsumer(mul.output?.[0]);
      const plus = this.scalarMul(add, 'Add');
      const c = plus && plus[0] === mul.output?.[0] ? plus[1] : undefined;
      conv.input = [conv.input![0]!, this.addConstant('w', weights.w.map((v) => v * s), weights.dims), this.addConstant('b', weights.bias.map((v) => v * s + (c ?? 0)), [weights.dims[0]!])];
      conv.output = [...(c !== undefined ? add! : mul).output!];
      drop.add(mul);
      if (c !== undefined) drop.add(add!);
      count++;
    }
    this.remove(drop);
    return count;
  }

  /** The scalar `Mul → Add` pairs (`x·s + c`) whose result only convolutions read. */
  private affinesBeforeConv(): { mul: Onnx.INodeProto; add: Onnx.INodeProto; x: string; s: number; c: number; convs: Onnx.INodeProto[] }[] {
    const found = [];
    for (const mul of this.nodes) {
      const times = this.scalarMul(mul);
      if (!times) continue;
      const add = this.soleConsumer(mul.output?.[0]);
      const plus = this.scalarMul(add, 'Add');
      if (!add || !plus || plus[0] !== mul.output?.[0]) continue;
      const out = add.output?.[0];
      const convs = out === undefined || this.graphOutputs.has(out) ? [] : (this.consumers.get(out) ?? []);
      if (convs.length === 0 || !convs.every((n) => n.opType === 'Conv' && n.input?.[0] === out && this.dims(n.input?.[1])?.length === 4)) continue;
      found.push({ mul, add, x: times[0], s: times[1], c: plus[1], convs });
    }
    return found;
  }

  foldAffineBeforePointwiseConv(): number {
    const drop = new Set<Onnx.INodeProto>();
    for (const { mul, add, x, s, c, convs } of this.affinesBeforeConv()) {
      const pointwise = convs.every((n) => {
        const k = this.convWeights(n);
        const pads = (attribute(n, 'pads')?.ints ?? []).map((v) => num(v as number | Long));
        return k !== undefined && k.group === 1 && k.dims[2] === 1 && k.dims[3] === 1 && pads.every((p) => p === 0);
      });
      if (!pointwise) continue;
      for (const conv of convs) {
        const { w, dims, bias } = this.convWeights(conv)!;
        const out = dims[0]!;
        const per = w.length / out;
        const b = new Float32Array(out);
        for (let o = 0; o < out; o++) {
          let sum = 0;
          for (let i = 0; i < per; i++) sum += w[o * per + i]!;
          b[o] = bias[o]! + c * sum;
        }
        conv.input = [x, this.addConstant('w', w.map((v) => v * s), dims), this.addConstant('b', b, [out])];
      }
      drop.add(mul).add(add);
    }
    this.remove(drop);
    return drop.size / 2;
  }

  affineAsDepthwiseConv(): number {
    const drop = new Set<Onnx.INodeProto>();
    for (const { mul, add, x, s, c, convs } of this.affinesBeforeConv()) {
      const channels = new Set(convs.map((n) => this.dims(n.input![1])![1]! * num(attribute(n, 'group')?.i as number | Long | undefined, 1)));
      if (channels.size !== 1) continue;
      const [ch] = channels as unknown as [number];
      Object.assign(mul, {
        opType: 'Conv',
        input: [x, this.addConstant('w', new Float32Array(ch).fill(s), [ch, 1, 1, 1]), this.addConstant('b', new Float32Array(ch).fill(c), [ch])],
        output: [...add.output!],
        attribute: [intAttribute('group', ch), intsAttribute('kernel_shape', [1, 1])],
      });
      drop.add(add);
    }
    this.remove(drop);
    return drop.size;
  }

  /**
   * Rewrite 5: the graph's one output `Softmax(Add(MatMul(x, W[K×N]), b[N]))` keeps the columns
   * `keep` of `W` and `b`. Returns the new class count, or `undefined` when the graph does not end so.
   */
  keepOutputClasses(keep: ArrayLike<number>): number | undefined {
    const outputs = this.g.output ?? [];
    if (outputs.length !== 1 || keep.length === 0) return undefined;
    const out = outputs[0]!;
    const producer = (value: string | null | undefined): Onnx.INodeProto | undefined => this.nodes.find((n) => n.output?.[0] === value);
    const softmax = producer(out.name);
    if (softmax?.opType !== 'Softmax') return undefined;
    const add = producer(softmax.input?.[0]);
    if (add?.opType !== 'Add' || this.soleConsumer(add.output?.[0]) !== softmax) return undefined;
    const matmul = producer(add.input?.[0]);
    if (matmul?.opType !== 'MatMul' || this.soleConsumer(matmul.output?.[0]) !== add) return undefined;
    const wDims = this.dims(matmul.input?.[1]);
    const w = this.floats(matmul.input?.[1]);
    const b = this.floats(add.input?.[1]);
    if (wDims?.length !== 2 || !w || !b) return undefined;
    const [rows, classes] = wDims as [number, number];
    if (b.length !== classes) return undefined;
    // The softmax must run over the class axis, the last one (before opset 13 the axes from `axis`
    // on are flattened into one, which is the same for the last axis).
    const rank = out.type?.tensorType?.shape?.dim?.length;
    const axis = num(attribute(softmax, 'axis')?.i as number | Long | undefined, 1);
    if (axis !== -1 && (rank === undefined || axis !== rank - 1)) return undefined;
    for (let j = 0; j < keep.length; j++) {
      const k = keep[j]!;
      if (!Number.isInteger(k) || k < 0 || k >= classes) return undefined;
    }
    const m = keep.length;
    const w2 = new Float32Array(rows * m);
    for (let r = 0; r < rows; r++) for (let j = 0; j < m; j++) w2[r * m + j] = w[r * classes + keep[j]!]!;
    const b2 = Float32Array.from({ length: m }, (_, j) => b[keep[j]!]!);
    matmul.input = [matmul.input![0]!, this.addConstant('w', w2, [rows, m])];
    add.input = [add.input![0]!, this.addConstant('b', b2, [m])];
    const last = out.type?.tensorType?.shape?.dim?.at(-1);
    if (last && num(last.dimValue as number | Long | null | undefined, -1) === classes) last.dimValue = m;
    this.reindex();
    return m;
  }

  /** Drops the constants (initializers and Constant nodes) no node reads any more. */
  dropUnused(): void {
    const used = (name: string | null | undefined): boolean => name != null && (this.consumers.has(name) || this.graphOutputs.has(name));
    this.g.node = this.nodes.filter((n) => n.opType !== 'Constant' || used(n.output?.[0]));
    this.g.initializer = this.g.initializer!.filter((t) => used(t.name));
  }
}

function attribute(n: Onnx.INodeProto, name: string): Onnx.IAttributeProto | undefined {
  return n.attribute?.find((a) => a.name === name);
}

function floatAttribute(name: string, f: number): Onnx.AttributeProto {
  return onnx.AttributeProto.create({ name, f, type: onnx.AttributeProto.AttributeType.FLOAT });
}

function intAttribute(name: string, i: number): Onnx.AttributeProto {
  return onnx.AttributeProto.create({ name, i, type: onnx.AttributeProto.AttributeType.INT });
}

function intsAttribute(name: string, ints: number[]): Onnx.AttributeProto {
  return onnx.AttributeProto.create({ name, ints, type: onnx.AttributeProto.AttributeType.INTS });
}
