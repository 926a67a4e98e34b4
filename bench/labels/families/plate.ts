/**
 * `plate`: an etched / engraved metal nameplate — brushed gray metal, low
 * contrast engraved text (dark groove with a light edge), a dot-peen
 * DataMatrix, fields S/N, P/N or REF, DOM/MFG, with English or German keys.
 */
import type { FieldName } from '../../../src/core/types.js';
import type { Rng } from '../rng.js';
import { FONTS, approxTextWidthPx, dataMatrixModules, dotPeenDataMatrixSvg, gs1Hri, svgText, type Gs1Pair } from '../svg.js';
import { gs1Date, isoDate, makeDate, makeGtin, makeLot, makePartNumber, makeSerial, printDate, printKey } from '../values.js';
import { pickSurface, type FamilyOptions, type LabelSpec, type LabelTruth } from './family.js';

const MAKERS = ['SIEMTEC', 'HYDRA-FLOW AG', 'KRONOS PUMPEN', 'Atlas Drives', 'VOGT & SÖHNE', 'MERIDIAN VALVES'];
// Unrelated plate text. (`PN 16` — a pressure rating, EN 1333 — is left out: `PN` is also a part-number key elsewhere, so its truth could be argued.)
const DISTRACTORS = ['Made in Germany', 'pmax 16 bar', 'DN 50', 'Tmax 120 °C', 'IP67', 'CE 0036'];

/** Draws one engraved metal plate. */
export async function renderPlateLabel(rng: Rng, options: FamilyOptions): Promise<LabelSpec> {
  const style = options.style ?? 'normal';
  const W = 900;
  const H = 500;
  const base = rng.int(140, 200);
  const german = rng.chance(0.4);
  const font = rng.pick([FONTS.dejavuSans, FONTS.liberationSans, FONTS.ocrB, FONTS.dejavuMono]);
  // Engraving is only slightly darker than the metal: this is the hard part of plates.
  const groove = Math.max(30, base - rng.int(55, 100));
  const grooveColor = `rgb(${groove},${groove},${groove + 4})`;
  const edgeColor = `rgb(${Math.min(255, base + 45)},${Math.min(255, base + 45)},${Math.min(255, base + 48)})`;

  const parts: string[] = [
    `<defs><linearGradient id="metal" x1="0" y1="0" x2="1" y2="${rng.range(0.2, 1).toFixed(2)}">` +
    `<stop offset="0" stop-color="rgb(${base - 20},${base - 20},${base - 16})"/>` +
    `<stop offset="${rng.range(0.3, 0.6).toFixed(2)}" stop-color="rgb(${base + 30},${base + 30},${base + 33})"/>` +
    `<stop offset="1" stop-color="rgb(${base - 30},${base - 30},${base - 26})"/></linearGradient></defs>`,
    `<rect width="${W}" height="${H}" rx="18" fill="url(#metal)"/>`,
  ];
  // Brushed finish: many faint horizontal scratches.
  for (let i = 0; i < 160; i++) {
    const y = rng.range(0, H);
    const x = rng.range(-100, W);
    const light = rng.chance(0.5);
    parts.push(`<line x1="${x.toFixed(0)}" y1="${y.toFixed(1)}" x2="${(x + rng.range(80, 500)).toFixed(0)}" y2="${(y + rng.range(-1.5, 1.5)).toFixed(1)}" stroke="${light ? '#fff' : '#000'}" stroke-opacity="${rng.range(0.03, 0.12).toFixed(2)}" stroke-width="${rng.range(0.5, 1.5).toFixed(1)}"/>`);
  }
  for (const [cx, cy] of [[28, 28], [W - 28, 28], [28, H - 28], [W - 28, H - 28]] as const) {
    parts.push(`<circle cx="${cx}" cy="${cy}" r="11" fill="rgb(${base - 60},${base - 60},${base - 60})"/><circle cx="${cx}" cy="${cy}" r="7" fill="#333"/>`);
  }

  const values: Partial<Record<FieldName, string>> = {};
  values.serial = makeSerial(rng, style);
  if (rng.chance(0.85)) values.partNumber = makePartNumber(rng, style);
  const prodDate = rng.chance(0.75) ? makeDate(rng, 2019, 2026, rng.chance(0.55)) : undefined;
  if (prodDate) values.productionDate = isoDate(prodDate);
  if (rng.chance(0.15)) values.lot = makeLot(rng, style);

  const keys: Partial<Record<FieldName, readonly string[]>> = german
    ? { serial: ['Ser.-Nr.', 'Serien-Nr.', 'S/N'], partNumber: ['Art.-Nr.', 'Mat.-Nr.', 'Teile-Nr.'], productionDate: ['Herst.-Dat.', 'Baudatum', 'DOM'], lot: ['Charge', 'Ch.-B.'] }
    : { serial: ['S/N', 'SERIAL', 'Serial No.', 'SER'], partNumber: ['P/N', 'REF', 'Part No.'], productionDate: ['DOM', 'MFG', 'Mfd', 'Date of mfg.'], lot: ['LOT', 'Batch'] };

  const lines: string[] = [];
  for (const f of ['partNumber', 'serial', 'lot', 'productionDate'] as const) {
    const v = values[f];
    if (v === undefined) continue;
    lines.push(printKey(rng, f, keys[f]) + (f === 'productionDate' && prodDate ? printDate(rng, prodDate) : v));
  }
  if (rng.chance(0.5)) lines.push('#' + rng.pick(DISTRACTORS));

  const hasDm = rng.chance(0.6);
  const dmSize = rng.range(140, 180);
  const leftMax = hasDm ? W - dmSize - 90 : W - 60;
  const top = 120;
  let size = rng.range(26, 36);
  const longest = Math.max(...lines.map((l) => approxTextWidthPx(l, 1, font)));
  size = Math.min(size, (leftMax - 50) / longest, (H - top - 40) / (lines.length * 1.4));
  const step = Math.min(size * 1.6, (H - top - 40) / lines.length);

  // Engraving: a light edge one or two pixels below-right of the dark groove.
  const engraved = (x: number, y: number, text: string, sizePx: number, weight: 'normal' | 'bold'): string => {
    const off = rng.range(0.8, 1.8);
    return svgText(x + off, y + off, text, { font, sizePx, fill: edgeColor, weight }) + svgText(x, y, text, { font, sizePx, fill: grooveColor, weight });
  };
  parts.push(engraved(60, 78, rng.pick(MAKERS), rng.range(30, 40), 'bold'));
  lines.forEach((l, i) => {
    parts.push(engraved(60, top + size + i * step, l.startsWith('#') ? l.slice(1) : l, size, 'normal'));
  });

  if (hasDm) {
    // GS1 DataMatrix with the plate's identity (AI 01 GTIN, 11 production date, 240 part, 21 serial).
    // GS1 requires AI 01 with 11/240/10/21 (GenSpecs §4.14 requisite AIs), as on UDI device plates.
    values.gtin = makeGtin(rng);
    const pairs: Gs1Pair[] = [{ ai: '01', value: values.gtin }];
    if (prodDate) pairs.push({ ai: '11', value: gs1Date(prodDate) });
    if (values.partNumber) pairs.push({ ai: '240', value: values.partNumber });
    if (values.lot) pairs.push({ ai: '10', value: values.lot });
    pairs.push({ ai: '21', value: values.serial });
    const modules = dataMatrixModules('gs1datamatrix', gs1Hri(pairs));
    parts.push(dotPeenDataMatrixSvg(rng, modules, W - dmSize - 60, rng.range(110, H - dmSize - 50), dmSize, 'peen'));
  }

  const truth: LabelTruth = { ...values };
  return {
    family: 'plate',
    svg: `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">${parts.join('')}</svg>`,
    widthPx: W,
    heightPx: H,
    fields: truth,
    surface: pickSurface(rng),
  };
}
