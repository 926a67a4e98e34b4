/**
 * Photographic degradations applied to a rendered label: rotation (any angle,
 * exact right angles included, canvas padded so nothing is cut), slight
 * shear as a stand-in for perspective, uneven light, blur, sensor noise and
 * JPEG compression.
 */
import sharp from 'sharp';
import type { OutputInfo, Sharp } from 'sharp';
import type { Rng } from './rng.js';
import type { LabelSpec } from './families/family.js';

/** The degradations chosen for one image (recorded in `truth.jsonl` for debugging). */
export interface Degradation {
  /** Rotation, degrees clockwise as sharp applies it. */
  readonly rotationDeg: number;
  /** Horizontal shear factor (slight perspective stand-in; sharp has no projective warp). */
  readonly shear: number;
  /** Margin of surface around the label before rotation, px. */
  readonly marginPx: number;
  readonly light: 'none' | 'gradient' | 'vignette';
  /** Darkening at the darkest point, 0..1. */
  readonly lightStrength: number;
  /** Gaussian blur sigma in px; 0 = none. */
  readonly blurSigma: number;
  /** Gaussian noise standard deviation in 8-bit levels. */
  readonly noiseSigma: number;
  /** JPEG quality, or `null` for lossless PNG. */
  readonly jpegQuality: number | null;
}

/** Draws a realistic mix of degradations. */
export function pickDegradation(rng: Rng): Degradation {
  const rotationDeg = rng.weighted<() => number>([
    [() => rng.range(-4, 4), 0.4],
    [() => rng.pick([90, 180, 270]), 0.25],
    [() => rng.range(-180, 180), 0.35],
  ])();
  return {
    rotationDeg: Math.round(rotationDeg * 10) / 10,
    shear: rng.chance(0.3) ? rng.range(-0.08, 0.08) : 0,
    marginPx: rng.int(0, 40),
    light: rng.weighted([['none', 0.3], ['gradient', 0.4], ['vignette', 0.3]] as const),
    lightStrength: rng.range(0.15, 0.45),
    blurSigma: rng.chance(0.5) ? 0 : rng.range(0.4, 1.4),
    noiseSigma: rng.range(0, 10),
    jpegQuality: rng.chance(0.75) ? rng.int(40, 90) : null,
  };
}

/** An encoded label image. */
export interface RenderedImage {
  readonly bytes: Buffer;
  readonly ext: 'jpg' | 'png';
  readonly widthPx: number;
  readonly heightPx: number;
}

function parseRgb(css: string): { r: number; g: number; b: number } {
  const m = /rgb\((\d+),(\d+),(\d+)\)/.exec(css);
  return m ? { r: Number(m[1]), g: Number(m[2]), b: Number(m[3]) } : { r: 128, g: 128, b: 128 };
}

/** Renders the label's SVG and applies the degradations; deterministic for a given rng state. */
export async function renderDegraded(rng: Rng, spec: LabelSpec, d: Degradation): Promise<RenderedImage> {
  const surface = { ...parseRgb(spec.surface), alpha: 1 };
  let img = await sharp(Buffer.from(spec.svg)).flatten({ background: surface })
    .extend({ top: d.marginPx, bottom: d.marginPx, left: d.marginPx, right: d.marginPx, background: surface })
    .raw().toBuffer({ resolveWithObject: true });
  const fromRaw = (x: { data: Buffer; info: OutputInfo }): Sharp =>
    sharp(x.data, { raw: { width: x.info.width, height: x.info.height, channels: x.info.channels as 3 } });
  if (d.shear !== 0) img = await fromRaw(img).affine([[1, d.shear], [0, 1]], { background: surface }).raw().toBuffer({ resolveWithObject: true });
  if (d.rotationDeg !== 0) img = await fromRaw(img).rotate(d.rotationDeg, { background: surface }).raw().toBuffer({ resolveWithObject: true });

  const { width, height, channels } = img.info;
  const data = img.data;
  if (d.light !== 'none') {
    // Multiplicative illumination field: a linear ramp at a random angle, or a radial fall-off.
    const a = rng.range(0, 2 * Math.PI);
    const ux = Math.cos(a);
    const uy = Math.sin(a);
    const cx = width * rng.range(0.3, 0.7);
    const cy = height * rng.range(0.3, 0.7);
    const rMax = Math.hypot(width, height) / 2;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const t = d.light === 'gradient'
          ? ((x - width / 2) * ux + (y - height / 2) * uy) / (Math.abs(width * ux) / 2 + Math.abs(height * uy) / 2) * 0.5 + 0.5
          : Math.min(1, Math.hypot(x - cx, y - cy) / rMax);
        const f = 1 - d.lightStrength * Math.min(1, Math.max(0, t));
        const i = (y * width + x) * channels;
        for (let c = 0; c < 3; c++) data[i + c] = Math.round((data[i + c] ?? 0) * f);
      }
    }
  }
  let out = { data, info: img.info };
  if (d.blurSigma >= 0.3) out = await fromRaw(out).blur(d.blurSigma).raw().toBuffer({ resolveWithObject: true });
  if (d.noiseSigma > 0.5) {
    const px = out.data;
    for (let i = 0; i < px.length; i++) px[i] = Math.max(0, Math.min(255, Math.round((px[i] ?? 0) + rng.normal() * d.noiseSigma)));
  }
  // 72 dpi like a camera JPEG (without it PNGs carry no density and tesseract warns about 25 dpi).
  const enc = fromRaw(out).withDensity(72);
  const bytes = d.jpegQuality === null ? await enc.png({ compressionLevel: 6 }).toBuffer() : await enc.jpeg({ quality: d.jpegQuality }).toBuffer();
  return { bytes, ext: d.jpegQuality === null ? 'png' : 'jpg', widthPx: out.info.width, heightPx: out.info.height };
}
