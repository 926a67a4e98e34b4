import type ort from 'onnxruntime-node';
import type { LineCrop } from './crop-line.js';
import { runSession } from './onnx-session.js';

/** Input size of the PP-OCR mobile v2.0 direction classifier (`cls_image_shape` 3,48,192). */
const CLS_HEIGHT_PX = 48;
const CLS_WIDTH_PX = 192;

/**
 * Probability that each crop is upside down, from the PP-OCR text direction
 * classifier (labels `0`, `180`). Crops must be {@link CLS_HEIGHT_PX} high;
 * wider crops are squeezed to 192 px as PaddleOCR `predict_cls.py` does.
 */
export async function classifyUpsideDown(session: ort.InferenceSession, crops: readonly LineCrop[]): Promise<number[]> {
  if (crops.length === 0) return [];
  const H = CLS_HEIGHT_PX;
  const W = CLS_WIDTH_PX;
  const plane = H * W;
  const input = new Float32Array(crops.length * 3 * plane);
  crops.forEach((c, b) => {
    const cw = Math.min(W, c.width);
    const base = b * 3 * plane;
    for (let y = 0; y < H; y++) {
      const sy = Math.min(c.height - 1, Math.floor(((y + 0.5) * c.height) / H));
      for (let x = 0; x < cw; x++) {
        const sx = Math.min(c.width - 1, Math.floor(((x + 0.5) * c.width) / cw));
        const v = c.data[sy * c.width + sx]! / 127.5 - 1;
        const o = base + y * W + x;
        input[o] = v;
        input[o + plane] = v;
        input[o + 2 * plane] = v;
      }
    }
  });
  const out = await runSession(session, input, [crops.length, 3, H, W]);
  return crops.map((_, b) => out.data[b * 2 + 1]!);
}
