/**
 * `logistics`: a GS1 logistics / product label — key/value lines (GTIN, LOT,
 * S/N, EXP, MFG, QTY, P/N, supplier), a GS1 DataMatrix and/or a GS1-128 with
 * the same data, and often the bracketed GS1 human-readable line.
 */
import type { FieldName } from '../../../src/core/types.js';
import type { Rng } from '../rng.js';
import { FONTS, barcodeDataUri, approxTextWidthPx, gs1Hri, svgText, type Gs1Pair } from '../svg.js';
import {
  gs1Date, isoDate, makeDate, makeGtin, makeLot, makePartNumber, makeQuantity, makeSerial, makeSupplier, printDate, printKey,
  type LabelDate,
} from '../values.js';
import { pickSurface, type FamilyOptions, type LabelSpec, type LabelTruth } from './family.js';

const COMPANIES = ['ACME Components GmbH', 'Nordwerk Industrial', 'Polaris Medical Ltd', 'Kestrel Foods B.V.', 'HELIOS PHARMA', 'Brightline Logistics', 'Würth-Müller KG', 'Orion Fasteners Inc.'];
const PRODUCTS = ['Ball bearing deep groove', 'Sterile syringe 5 ml', 'Hydraulic seal kit', 'Cable tie 200 mm black', 'Adhesive cartridge', 'Infusion set', 'Hex bolt M8 x 40', 'Frozen peas 2.5 kg'];
const DISTRACTORS = ['Made in Germany', 'Store at 5-25 °C', 'Keep dry', 'Rev. 03', 'Net wt 12.5 kg', 'Country of origin: NL', 'Handle with care'];

/** Draws one GS1 logistics label. */
export async function renderLogisticsLabel(rng: Rng, options: FamilyOptions): Promise<LabelSpec> {
  const style = options.style ?? 'normal';
  const W = 900;
  const H = 500;
  const font = rng.pick([FONTS.dejavuSans, FONTS.liberationSans, FONTS.dejavuMono, FONTS.ocrB]);
  const ink = rng.pick(['#000', '#111', '#1a1a1a', '#202830']);
  const paper = rng.pick(['#ffffff', '#fbfbf7', '#f4f4ee', '#fffdf0']);

  // Which fields this label carries (GTIN and lot are the core of a GS1 logistics label).
  const values: Partial<Record<FieldName, string>> = {};
  const dates: Partial<Record<'productionDate' | 'expiryDate', LabelDate>> = {};
  if (rng.chance(0.85)) values.gtin = makeGtin(rng);
  if (rng.chance(0.9)) values.lot = makeLot(rng, style);
  if (rng.chance(0.5)) values.serial = makeSerial(rng, style);
  if (rng.chance(0.7)) dates.expiryDate = makeDate(rng, 2026, 2030, rng.chance(0.35));
  if (rng.chance(0.45)) dates.productionDate = makeDate(rng, 2023, 2026, rng.chance(0.2));
  if (rng.chance(0.45)) values.quantity = makeQuantity(rng);
  if (rng.chance(0.35)) values.partNumber = makePartNumber(rng, style);
  if (rng.chance(0.2)) values.supplier = makeSupplier(rng);
  if (dates.expiryDate) values.expiryDate = isoDate(dates.expiryDate);
  if (dates.productionDate) values.productionDate = isoDate(dates.productionDate);
  if (Object.keys(values).length === 0) values.lot = makeLot(rng, style);

  // GS1 elements in a sensible order: fixed-length AIs first, variable ones last (GS1 GenSpecs §5.4.7.5).
  const pairs: Gs1Pair[] = [];
  if (values.gtin) pairs.push({ ai: '01', value: values.gtin });
  if (dates.productionDate) pairs.push({ ai: '11', value: gs1Date(dates.productionDate) });
  if (dates.expiryDate) pairs.push({ ai: '17', value: gs1Date(dates.expiryDate) });
  if (values.quantity) pairs.push({ ai: '30', value: values.quantity });
  if (values.partNumber) pairs.push({ ai: '240', value: values.partNumber });
  if (values.lot) pairs.push({ ai: '10', value: values.lot });
  if (values.serial) pairs.push({ ai: '21', value: values.serial });

  // Every other AI here requires AI 01 (GS1 GenSpecs §4.14), so codes appear only with a GTIN.
  const hasDm = values.gtin !== undefined && rng.chance(0.6);
  const lin = values.gtin ? pairs.filter((p) => p.ai === '01' || ((p.ai === '17' || p.ai === '10') && rng.chance(0.7))).slice(0, 3) : [];
  const has128 = lin.length > 0 && rng.chance(0.5);
  const hriOnly = !has128 && lin.length > 0 && rng.chance(0.3);

  const parts: string[] = [`<rect width="${W}" height="${H}" fill="${paper}"/>`];
  if (rng.chance(0.6)) parts.push(`<rect x="8" y="8" width="${W - 16}" height="${H - 16}" fill="none" stroke="${ink}" stroke-width="${rng.int(2, 4)}"/>`);
  parts.push(svgText(30, 50, rng.pick(COMPANIES), { font: FONTS.dejavuSans, sizePx: rng.range(24, 32), fill: ink, weight: 'bold' }));
  parts.push(svgText(30, 82, rng.pick(PRODUCTS), { font, sizePx: rng.range(17, 21), fill: ink }));
  parts.push(`<line x1="20" y1="96" x2="${W - 20}" y2="96" stroke="${ink}" stroke-width="2"/>`);

  const bottomReserved = has128 ? 150 : hriOnly ? 60 : 20;
  const leftMaxPx = hasDm ? 610 : W - 50;

  // DataMatrix top right, carrying every GS1-encodable printed field.
  if (hasDm) {
    const dm = await barcodeDataUri('gs1datamatrix', gs1Hri(pairs), rng.int(4, 6));
    const size = rng.range(150, 185);
    parts.push(`<image x="${W - size - 40}" y="${112}" width="${size.toFixed(1)}" height="${size.toFixed(1)}" preserveAspectRatio="none" href="${dm.uri}"/>`);
  }
  if (has128) {
    const bc = await barcodeDataUri('gs1-128', gs1Hri(lin), 3, 12);
    const maxW = W - 80;
    const w = Math.min(maxW, bc.widthPx);
    const x = (W - w) / 2;
    parts.push(`<image x="${x.toFixed(1)}" y="${H - 140}" width="${w.toFixed(1)}" height="85" preserveAspectRatio="none" href="${bc.uri}"/>`);
  }
  if (has128 || hriOnly) {
    const hriFont = rng.pick([FONTS.ocrB, FONTS.dejavuMono, FONTS.dejavuSans]);
    const text = gs1Hri(lin);
    const size = Math.min(22, (W - 80) / (text.length * (hriFont === FONTS.ocrB ? 0.72 : 0.62)));
    parts.push(svgText(W / 2, H - 25, text, { font: hriFont, sizePx: size, fill: ink, anchor: 'middle' }));
  }

  // Key/value lines, in a shuffled but natural order, plus unrelated lines.
  const order: FieldName[] = ['gtin', 'lot', 'serial', 'partNumber', 'expiryDate', 'productionDate', 'quantity', 'supplier'];
  const lines: string[] = [];
  for (const f of order) {
    const v = values[f];
    if (v === undefined) continue;
    const printed = f === 'expiryDate' && dates.expiryDate ? printDate(rng, dates.expiryDate)
      : f === 'productionDate' && dates.productionDate ? printDate(rng, dates.productionDate)
        : v;
    lines.push(printKey(rng, f) + printed);
  }
  if (rng.chance(0.3)) lines.splice(rng.int(1, lines.length), 0, '#' + rng.pick(DISTRACTORS));
  if (rng.chance(0.5)) [lines[1], lines[2]] = [lines[2] ?? lines[1] ?? '', lines[1] ?? ''];
  const clean = lines.filter((l) => l !== '');
  const top = 130;
  const avail = H - bottomReserved - top;
  let size = rng.range(20, 29);
  size = Math.min(size, avail / (clean.length * 1.35));
  const longest = Math.max(...clean.map((l) => approxTextWidthPx(l, 1, font)));
  size = Math.min(size, (leftMaxPx - 30) / longest);
  const step = Math.min(size * 1.55, avail / clean.length);
  clean.forEach((l, i) => {
    const isDistractor = l.startsWith('#');
    parts.push(svgText(30, top + size + i * step - size * 0.3, isDistractor ? l.slice(1) : l, { font, sizePx: size, fill: ink, ...(isDistractor ? {} : { weight: rng.chance(0.2) ? 'bold' : 'normal' }) }));
  });

  const truth: LabelTruth = { ...values };
  return {
    family: 'logistics',
    svg: `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">${parts.join('')}</svg>`,
    widthPx: W,
    heightPx: H,
    fields: truth,
    surface: pickSurface(rng),
  };
}

