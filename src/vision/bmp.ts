import { TraceocrError } from '../core/errors.js';
import type { Raster } from '../core/types.js';

/**
 * Decodes an uncompressed Windows BMP (24/32-bit BI_RGB or BI_BITFIELDS, 8-bit paletted BI_RGB) to RGB.
 *
 * Hand-written because sharp (libvips) has no BMP loader, and the formats
 * label printers and old scanner software write are this simple subset.
 * Layout from Microsoft's "BITMAPINFOHEADER structure" documentation.
 * RLE-compressed and 1/4/16-bit files throw IMAGE_UNSUPPORTED_FORMAT.
 *
 * @param maxPixels - dimensions are checked before the pixel buffer is allocated
 */
export function decodeBmp(bytes: Uint8Array, maxPixels: number): Raster {
  if (bytes.length < 26 || bytes[0] !== 0x42 || bytes[1] !== 0x4d) {
    throw new TraceocrError('IMAGE_UNSUPPORTED_FORMAT', 'not a BMP file');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 54) throw new TraceocrError('IMAGE_DECODE_FAILED', 'BMP header is truncated');
  const dataOffset = view.getUint32(10, true);
  const headerSize = view.getUint32(14, true);
  if (headerSize < 40) throw new TraceocrError('IMAGE_UNSUPPORTED_FORMAT', 'OS/2 BMP headers are not supported');
  const width = view.getInt32(18, true);
  const rawHeight = view.getInt32(22, true);
  const bitCount = view.getUint16(28, true);
  const compression = view.getUint32(30, true);
  // Negative height means rows are stored top-down (BITMAPINFOHEADER, biHeight).
  const topDown = rawHeight < 0;
  const height = Math.abs(rawHeight);
  if (width <= 0 || height <= 0) throw new TraceocrError('IMAGE_DECODE_FAILED', `BMP has invalid size ${width}x${rawHeight}`);
  if (width * height > maxPixels) {
    throw new TraceocrError('IMAGE_TOO_LARGE', `BMP is ${width}x${height}, more than ${maxPixels} pixels`);
  }
  const BI_RGB = 0;
  const BI_BITFIELDS = 3;
  if (!(compression === BI_RGB || (compression === BI_BITFIELDS && bitCount === 32))) {
    throw new TraceocrError('IMAGE_UNSUPPORTED_FORMAT', `BMP compression ${compression} is not supported`);
  }
  if (bitCount !== 8 && bitCount !== 24 && bitCount !== 32) {
    throw new TraceocrError('IMAGE_UNSUPPORTED_FORMAT', `BMP with ${bitCount} bits per pixel is not supported`);
  }
  // Rows are padded to 4 bytes.
  const stride = Math.ceil((width * bitCount) / 32) * 4;
  if (dataOffset + stride * height > bytes.length) {
    throw new TraceocrError('IMAGE_DECODE_FAILED', 'BMP pixel data is truncated');
  }
  let palette: Uint8Array | undefined;
  if (bitCount === 8) {
    const colorsUsed = view.getUint32(46, true) || 256;
    const paletteStart = 14 + headerSize;
    if (paletteStart + colorsUsed * 4 > dataOffset) throw new TraceocrError('IMAGE_DECODE_FAILED', 'BMP palette is truncated');
    palette = new Uint8Array(256 * 3);
    for (let i = 0; i < colorsUsed && i < 256; i++) {
      // Palette entries are BGRA (RGBQUAD).
      palette[i * 3] = bytes[paletteStart + i * 4 + 2]!;
      palette[i * 3 + 1] = bytes[paletteStart + i * 4 + 1]!;
      palette[i * 3 + 2] = bytes[paletteStart + i * 4]!;
    }
  }
  const out = new Uint8Array(width * height * 3);
  const bpp = bitCount / 8;
  for (let y = 0; y < height; y++) {
    const srcRow = dataOffset + (topDown ? y : height - 1 - y) * stride;
    let o = y * width * 3;
    for (let x = 0; x < width; x++) {
      const s = srcRow + x * bpp;
      if (palette) {
        const idx = bytes[s]! * 3;
        out[o++] = palette[idx]!;
        out[o++] = palette[idx + 1]!;
        out[o++] = palette[idx + 2]!;
      } else {
        // 24/32-bit pixels are stored BGR(A); BI_BITFIELDS 32-bit files use the same byte order in practice.
        out[o++] = bytes[s + 2]!;
        out[o++] = bytes[s + 1]!;
        out[o++] = bytes[s]!;
      }
    }
  }
  return { data: out, width, height, channels: 3 };
}

/** Is this buffer a BMP file (starts with `BM`)? */
export function isBmp(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x42 && bytes[1] === 0x4d;
}
