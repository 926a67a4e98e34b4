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
}

/**
 * Recognises line crops (height {@link REC_HEIGHT_PX}) in batches: sorted by
 * width as PaddleOCR `predict_rec.py` does so each batch pads little, padded
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
  const H = REC_HEIGHT_PX;
  for (let start = 0; start < order.length; start += batchSize) {
    const ids = order.slice(start, start + batchSize);
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
