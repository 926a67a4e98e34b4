import type ort from 'onnxruntime-node';
import type { CharsetMask } from './charset.js';
import type { LineCrop } from './crop-line.js';
import { decodeCtc } from './ctc-decode.js';
import type { DecodeCtcResult } from './ctc-decode.js';
import { runSession } from './onnx-session.js';

/** Input height of the PP-OCRv4 recogniser (`rec_image_shape` 3,48,320). */
export const REC_HEIGHT_PX = 48;

/** Options of {@link recognizeLines}. */
export interface RecognizeLinesOptions {
  /** Crops per ONNX run. @defaultValue 6 (PaddleOCR `rec_batch_num`) */
  readonly batchSize?: number;
  /** Alternatives per character. @defaultValue 4 */
  readonly topK?: number;
  /**
   * Most padding a batch may carry, as a share of its crops' own columns: a crop that would
   * pad its batch more starts the next one. Recognition time grows with the padded width, and
   * a page's few lines differ widely in width (a 3-glyph key beside a 30-glyph line), so batches
   * of 6 by width order were more than half padding. Measured on generated seeds 810001/810003
   * (160 labels, one core): crops one by one took 16 % less CPU per label than batches of 6.
   * @defaultValue 0.1
   */
  readonly maxPaddingShare?: number;
}

/**
 * Recognises line crops (height {@link REC_HEIGHT_PX}) in batches: sorted by
 * width as PaddleOCR `predict_rec.py` does, and a batch closed before it would pad
 * more than `maxPaddingShare` of its columns, padded
 * right to the batch's widest crop with 0 (= mid-gray after normalisation, as
 * PaddleOCR pads), normalised `(v/255 − 0.5)/0.5`, then CTC-decoded with the
 * charset mask. Results come back in input order.
 */
export async function recognizeLines(
  session: ort.InferenceSession,
  crops: readonly LineCrop[],
  mask: CharsetMask,
  options: RecognizeLinesOptions = {},
): Promise<DecodeCtcResult[]> {
  const batchSize = Math.max(1, options.batchSize ?? 6);
  const topK = options.topK ?? 4;
  const order = crops.map((_, i) => i).sort((a, b) => crops[a]!.width - crops[b]!.width);
  const results: DecodeCtcResult[] = new Array(crops.length);
  const maxPadding = options.maxPaddingShare ?? 0.1;
  const H = REC_HEIGHT_PX;
  // Batches in width order, each closed when full or when the next (wider) crop would pad it too much.
  const batches: number[][] = [];
  let batch: number[] = [];
  let columns = 0;
  for (const i of order) {
    const w = crops[i]!.width;
    if (batch.length > 0 && (batch.length >= batchSize || (batch.length + 1) * w > (1 + maxPadding) * (columns + w))) {
      batches.push(batch);
      batch = [];
      columns = 0;
    }
    batch.push(i);
    columns += w;
  }
  if (batch.length > 0) batches.push(batch);
  for (const ids of batches) {
    const W = Math.max(...ids.map((i) => crops[i]!.width));
    const plane = H * W;
    const input = new Float32Array(ids.length * 3 * plane);
    ids.forEach((id, b) => {
      const c = crops[id]!;
      const base = b * 3 * plane;
      for (let y = 0; y < H; y++) {
        for (let x = 0; x < c.width; x++) {
          const v = c.data[y * c.width + x]! / 127.5 - 1;
          const o = base + y * W + x;
          input[o] = v;
          input[o + plane] = v;
          input[o + 2 * plane] = v;
        }
      }
    });
    const out = await runSession(session, input, [ids.length, 3, H, W]);
    const [, T = 0, C = 0] = out.dims;
    if (C !== mask.classCount) {
      throw new Error(`recogniser outputs ${C} classes but the dictionary has ${mask.classCount}`);
    }
    ids.forEach((id, b) => {
      results[id] = decodeCtc(out.data.subarray(b * T * C, (b + 1) * T * C), T, mask, { topK, probabilities: true });
    });
  }
  return results;
}
