import sharp from 'sharp';
import type { Metadata } from 'sharp';
import { TraceocrError } from '../core/errors.js';
import type { DecodedImage, Raster } from '../core/types.js';
import { decodeBmp, isBmp } from './bmp.js';

/** Options of {@link decodeImage}. */
export interface DecodeImageOptions {
  /** Largest accepted image, in pixels (width × height); checked on the header before decoding. @defaultValue 50_000_000 */
  readonly maxPixels?: number;
  /** Smallest accepted side, in pixels. @defaultValue 16 */
  readonly minSidePx?: number;
}

/** Formats accepted from sharp; SVG, PDF, GIF and others it may know are refused on purpose (SVG can reference files). */
const SHARP_FORMATS = new Set(['png', 'jpeg', 'tiff', 'webp']);

const DEFAULT_MAX_PIXELS = 50_000_000;
const DEFAULT_MIN_SIDE_PX = 16;

/**
 * Decodes PNG, JPEG, TIFF (first page), WebP or BMP bytes to RGB and gray rasters, EXIF orientation applied,
 * alpha flattened onto white.
 *
 * The size limit is checked on the header (sharp `metadata()`, which does not
 * decode pixels) before any pixel buffer is allocated, and again by sharp's
 * `limitInputPixels` while decoding.
 *
 * @throws TraceocrError FILE_EMPTY, IMAGE_UNSUPPORTED_FORMAT, IMAGE_DECODE_FAILED, IMAGE_TOO_LARGE, IMAGE_TOO_SMALL
 * @example
 * const image = await decodeImage(await readFile('label.png'));
 */
export async function decodeImage(bytes: Uint8Array, options: DecodeImageOptions = {}): Promise<DecodedImage> {
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const minSidePx = options.minSidePx ?? DEFAULT_MIN_SIDE_PX;
  if (bytes.length === 0) throw new TraceocrError('FILE_EMPTY', 'image is empty (0 bytes)');

  let rgb: Raster;
  let format: string;
  if (isBmp(bytes)) {
    format = 'bmp';
    rgb = decodeBmp(bytes, maxPixels);
  } else {
    let meta: Metadata;
    try {
      meta = await sharp(bytes, { limitInputPixels: false }).metadata();
    } catch (err) {
      throw new TraceocrError('IMAGE_UNSUPPORTED_FORMAT', `not a supported image: ${(err as Error).message}`, { cause: err });
    }
    format = meta.format;
    if (!SHARP_FORMATS.has(format)) throw new TraceocrError('IMAGE_UNSUPPORTED_FORMAT', `image format ${format} is not supported`);
    const w = meta.width;
    const h = meta.height;
    if (!(w > 0 && h > 0)) throw new TraceocrError('IMAGE_DECODE_FAILED', 'image header has no size');
    if (w * h > maxPixels) {
      throw new TraceocrError('IMAGE_TOO_LARGE', `image is ${w}x${h}, more than ${maxPixels} pixels`, { details: { width: w, height: h } });
    }
    try {
      const { data, info } = await sharp(bytes, { limitInputPixels: maxPixels, failOn: 'error', pages: 1 })
        .rotate() // applies EXIF orientation
        .flatten({ background: '#ffffff' })
        .toColourspace('srgb')
        .removeAlpha()
        .raw({ depth: 'uchar' })
        .toBuffer({ resolveWithObject: true });
      if (info.channels !== 3) throw new Error(`unexpected ${info.channels} channels`);
      rgb = { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height, channels: 3 };
    } catch (err) {
      throw new TraceocrError('IMAGE_DECODE_FAILED', `cannot decode ${format} image: ${(err as Error).message}`, { cause: err });
    }
  }
  if (rgb.width < minSidePx || rgb.height < minSidePx) {
    throw new TraceocrError('IMAGE_TOO_SMALL', `image is ${rgb.width}x${rgb.height}; both sides must be at least ${minSidePx} px`);
  }
  return { format, width: rgb.width, height: rgb.height, rgb, gray: toGray(rgb) };
}

/** Converts an RGB raster to gray with the ITU-R BT.601 luma weights (integer approximation). */
export function toGray(rgb: Raster): Raster {
  if (rgb.channels === 1) return rgb;
  const n = rgb.width * rgb.height;
  const out = new Uint8Array(n);
  const d = rgb.data;
  for (let i = 0, j = 0; i < n; i++, j += 3) {
    // 0.299 R + 0.587 G + 0.114 B, scaled by 1024.
    out[i] = (306 * d[j]! + 601 * d[j + 1]! + 117 * d[j + 2]! + 512) >> 10;
  }
  return { data: out, width: rgb.width, height: rgb.height, channels: 1 };
}
