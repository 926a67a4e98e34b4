/**
 * Test helper: decodes an image file or buffer into the {@link DecodedImage} the
 * recognition stages receive (sharp, EXIF orientation applied), without depending
 * on the vision stage's implementation.
 */
import sharp from 'sharp';
import type { DecodedImage } from '../../core/types.js';

/** Decodes `input` (path or encoded bytes) to RGB + gray rasters. */
export async function decodeForTest(input: string | Buffer): Promise<DecodedImage> {
  const img = sharp(input).rotate();
  const meta = await img.metadata();
  const rgb = await img.clone().removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  const gray = await img.clone().grayscale().raw().toBuffer({ resolveWithObject: true });
  return {
    format: meta.format ?? 'unknown',
    width: rgb.info.width,
    height: rgb.info.height,
    rgb: { data: rgb.data, width: rgb.info.width, height: rgb.info.height, channels: 3 },
    gray: { data: gray.data, width: gray.info.width, height: gray.info.height, channels: 1 },
  };
}
