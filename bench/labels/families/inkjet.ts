/**
 * `inkjet`: a corrugated carton with a continuous-inkjet dot-matrix code —
 * 2–3 lines such as `LOT L24B1187`, `EXP 15APR26`, `MFG 2026-04-15 14:32` —
 * on brown board with flexo-printed artwork around it, in one of the coder
 * fonts of `dot-matrix.ts` (the label's `variant`).
 */
import type { FieldName } from '../../../src/core/types.js';
import type { Rng } from '../rng.js';
import { DOT_MATRIX_FONT_NAMES, renderDotMatrixText, dotMatrixWidthPx } from '../dot-matrix.js';
import { FONTS, svgText } from '../svg.js';
import { isoDate, makeDate, makeLot, printDate, type DateFormat } from '../values.js';
import { pickSurface, type FamilyOptions, type LabelSpec, type LabelTruth } from './family.js';

const BRANDS = ['FRESHFIELD', 'NORDIC DAIRY', 'Alpine Snacks', 'SUNCREST', 'BAKER & CO', 'VITALIS'];
// Date forms coders print: day forms with a month name or digits, and month forms.
const INKJET_DATE_FORMATS: readonly DateFormat[] = ['iso', 'dots', 'dmmmyy', 'slash-ymd', 'd mmm yyyy', 'mm/yyyy', 'mmm yyyy', 'yyyy-mm', 'mm.yyyy'];

/** Draws one carton with an inkjet code. */
export async function renderInkjetLabel(rng: Rng, options: FamilyOptions): Promise<LabelSpec> {
  const style = options.style ?? 'normal';
  const W = 900;
  const H = 500;
  const r = rng.int(160, 200);
  const g = Math.round(r * rng.range(0.74, 0.8));
  const b = Math.round(r * rng.range(0.5, 0.58));
  const parts: string[] = [`<rect width="${W}" height="${H}" fill="rgb(${r},${g},${b})"/>`];
  // Board texture: faint fibres and the flute shadow of corrugated board.
  for (let i = 0; i < 260; i++) {
    const x = rng.range(0, W);
    const y = rng.range(0, H);
    const len = rng.range(4, 18);
    const a = rng.range(0, Math.PI);
    parts.push(`<line x1="${x.toFixed(0)}" y1="${y.toFixed(0)}" x2="${(x + Math.cos(a) * len).toFixed(0)}" y2="${(y + Math.sin(a) * len).toFixed(0)}" stroke="${rng.chance(0.5) ? '#3a2510' : '#f0d8b0'}" stroke-opacity="${rng.range(0.05, 0.2).toFixed(2)}" stroke-width="1"/>`);
  }
  for (let y = rng.range(0, 14); y < H; y += 14) parts.push(`<rect x="0" y="${y.toFixed(1)}" width="${W}" height="6" fill="#000" fill-opacity="0.025"/>`);
  // Flexo print on the carton, away from the code area.
  const flexo = rng.pick(['#2b4a7a', '#7a2020', '#1f5a2e', '#222']);
  parts.push(svgText(40, 70, rng.pick(BRANDS), { font: FONTS.dejavuSans, sizePx: rng.range(36, 52), fill: flexo, weight: 'bold' }));
  if (rng.chance(0.6)) parts.push(svgText(W - 40, H - 30, rng.pick(['THIS SIDE UP', 'KEEP DRY', '12 x 500 g', 'RECYCLABLE']), { font: FONTS.liberationSans, sizePx: 26, fill: flexo, anchor: 'end' }));

  const values: Partial<Record<FieldName, string>> = {};
  const lines: string[] = [];
  const hasLot = rng.chance(0.85);
  const exp = rng.chance(0.8) ? makeDate(rng, 2026, 2030, rng.chance(0.4)) : undefined;
  const prod = !exp || rng.chance(0.4) ? makeDate(rng, 2024, 2026, rng.chance(0.15)) : undefined;
  if (hasLot || (!exp && !prod)) {
    const lot = makeLot(rng, style).replace(/[^0-9A-Z/.\-]/g, '');
    values.lot = lot;
    lines.push(`${rng.pick(['LOT', 'LOT:', 'BATCH', 'L/N', 'LOT NO.'])} ${lot}`);
  }
  if (exp) {
    values.expiryDate = isoDate(exp);
    lines.push(`${rng.pick(['EXP', 'EXP:', 'BB', 'BEST BEFORE', 'USE BY', 'BBE'])} ${printDate(rng, exp, INKJET_DATE_FORMATS)}`);
  }
  if (prod) {
    values.productionDate = isoDate(prod);
    const time = prod.day !== undefined && rng.chance(0.4) ? ` ${String(rng.int(0, 23)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}` : '';
    lines.push(`${rng.pick(['MFG', 'MFD', 'PROD', 'MFG:', 'PRD'])} ${printDate(rng, prod, INKJET_DATE_FORMATS)}${time}`);
  }
  if (rng.chance(0.5)) lines.reverse();

  const ink = rng.pick(['#101010', '#1b1b22', '#222', '#15152a']);
  const longest = Math.max(...lines.map((l) => l.length));
  const stretchX = rng.range(0.9, 1.25);
  let pitch = rng.range(5, 8.5);
  pitch = Math.min(pitch, (W - 100) / (longest * 6 * stretchX));
  const lineGap = pitch * rng.range(8.5, 10.5);
  const blockW = dotMatrixWidthPx(' '.repeat(longest), pitch, stretchX);
  const x0 = rng.range(40, Math.max(41, W - blockW - 40));
  const y0 = rng.range(120, Math.max(121, H - 60 - lines.length * lineGap));
  const dotRatio = rng.range(0.55, 0.9);
  const jitterPx = rng.range(0.2, 0.9);
  const missingRate = rng.range(0, 0.06);
  const bold = rng.chance(0.2);
  const font = rng.pick(DOT_MATRIX_FONT_NAMES);
  lines.forEach((l, i) => {
    parts.push(renderDotMatrixText(rng, l, { x: x0, y: y0 + i * lineGap, pitchPx: pitch, dotRatio, jitterPx, missingRate, color: ink, bold, stretchX, font }));
  });

  const truth: LabelTruth = { ...values };
  return {
    family: 'inkjet',
    variant: `font ${font}`,
    svg: `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">${parts.join('')}</svg>`,
    widthPx: W,
    heightPx: H,
    fields: truth,
    surface: pickSurface(rng),
  };
}
