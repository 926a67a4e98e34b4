/**
 * Small SVG helpers shared by the label families (sharp renders the SVG with
 * librsvg, which finds the fonts through fontconfig).
 */
import bwipjs from 'bwip-js';
import type { Rng } from './rng.js';

/** Font families installed from Debian (fonts-ocr-b, fonts-dejavu-core, fonts-liberation2), as fontconfig names them. */
export const FONTS = {
  ocrB: 'OCR B',
  dejavuSans: 'DejaVu Sans',
  dejavuMono: 'DejaVu Sans Mono',
  liberationSans: 'Liberation Sans',
} as const;

/** Escapes text for SVG content and attributes. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Options of {@link svgText}. */
export interface SvgTextOptions {
  readonly font: string;
  readonly sizePx: number;
  readonly fill: string;
  readonly weight?: 'normal' | 'bold';
  readonly anchor?: 'start' | 'middle' | 'end';
  readonly extra?: string;
}

/** One `<text>` element with the baseline at (x, y). */
export function svgText(x: number, y: number, text: string, o: SvgTextOptions): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" font-family="${esc(o.font)}" font-size="${o.sizePx.toFixed(1)}" font-weight="${o.weight ?? 'normal'}" fill="${o.fill}"${o.anchor ? ` text-anchor="${o.anchor}"` : ''}${o.extra ? ' ' + o.extra : ''}>${esc(text)}</text>`;
}

/** Rough advance width of text in px (for layout only: mono/OCR-B ≈ 0.6 em, proportional ≈ 0.58 em for caps/digits). */
export function approxTextWidthPx(text: string, sizePx: number, font: string): number {
  const em = font === FONTS.ocrB ? 0.72 : font === FONTS.dejavuMono ? 0.61 : 0.64;
  return text.length * sizePx * em;
}

/** A GS1 element to encode: Application Identifier and value. */
export interface Gs1Pair {
  readonly ai: string;
  readonly value: string;
}

/** The bracketed GS1 human-readable form, e.g. `(01)09506000134352(10)L24B1187` (GS1 General Specifications §4.15). */
export function gs1Hri(pairs: readonly Gs1Pair[]): string {
  return pairs.map((p) => `(${p.ai})${p.value}`).join('');
}


/** PNG of a barcode rendered by bwip-js (BWIPP), as a data URI for an SVG `<image>`. */
export async function barcodeDataUri(bcid: string, text: string, scale: number, heightMm?: number): Promise<{ uri: string; widthPx: number; heightPx: number }> {
  const png = await bwipjs.toBuffer({ bcid, text, scale, ...(heightMm ? { height: heightMm } : {}), includetext: false, paddingwidth: 0, paddingheight: 0 });
  // PNG IHDR: width and height are big-endian u32 at bytes 16 and 20.
  const widthPx = png.readUInt32BE(16);
  const heightPx = png.readUInt32BE(20);
  return { uri: `data:image/png;base64,${png.toString('base64')}`, widthPx, heightPx };
}

/** Module matrix of a DataMatrix (true = dark), from bwip-js's raw encoder. */
export function dataMatrixModules(bcid: 'datamatrix' | 'gs1datamatrix', text: string): boolean[][] {
  const raw = bwipjs.raw(bcid, text, {}) as unknown as { pixs: number[]; pixx: number; pixy: number }[];
  const sym = raw[0];
  if (!sym) throw new RangeError('bwip-js returned no symbol');
  const rows: boolean[][] = [];
  for (let y = 0; y < sym.pixy; y++) {
    const row: boolean[] = [];
    for (let x = 0; x < sym.pixx; x++) row.push(sym.pixs[y * sym.pixx + x] === 1);
    rows.push(row);
  }
  return rows;
}

/**
 * A dot-peen DataMatrix as SVG: every dark module is a separate round crater
 * (a dark core with a lighter rim, lit from the top-left), as a pin marker
 * leaves on metal.
 */
export function dotPeenDataMatrixSvg(rng: Rng, modules: boolean[][], x: number, y: number, sizePx: number, id: string): string {
  const n = modules.length;
  const pitch = sizePx / n;
  const r = pitch * rng.range(0.33, 0.45);
  const parts = [`<defs><radialGradient id="${id}" cx="0.6" cy="0.62" r="0.6"><stop offset="0" stop-color="#2a2a2a"/><stop offset="0.65" stop-color="#505050"/><stop offset="1" stop-color="#b8b8b8"/></radialGradient></defs>`];
  for (let j = 0; j < n; j++) {
    const row = modules[j] ?? [];
    for (let i = 0; i < row.length; i++) {
      if (!row[i]) continue;
      const cx = x + (i + 0.5) * pitch + rng.normal() * pitch * 0.04;
      const cy = y + (j + 0.5) * pitch + rng.normal() * pitch * 0.04;
      parts.push(`<circle cx="${cx.toFixed(2)}" cy="${cy.toFixed(2)}" r="${(r * rng.range(0.9, 1.08)).toFixed(2)}" fill="url(#${id})"/>`);
    }
  }
  return parts.join('');
}
