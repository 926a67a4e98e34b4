/**
 * `nameplate`: an equipment rating plate with a TABLE — a header row of keys
 * (`Type | P/N | S/N | Date`, or German `Typ | Art.-Nr. | Ser.-Nr. | Datum`)
 * and the values in the row below — plus `key: value` lines (ratings, and
 * sometimes a lot or production date).
 */
import type { FieldName } from '../../../src/core/types.js';
import type { Rng } from '../rng.js';
import { FONTS, approxTextWidthPx, svgText } from '../svg.js';
import { fillTemplate, isoDate, makeDate, makeLot, makePartNumber, makeSerial, printDate, printKey, type DateFormat } from '../values.js';
import { pickSurface, type FamilyOptions, type LabelSpec, type LabelTruth } from './family.js';

const MAKERS = ['ELEKTRA Antriebe GmbH', 'Borealis Motors', 'TECHNIPUMP S.A.', 'Lindqvist Electric AB', 'Rhein Kompressoren'];
const TABLE_DATE_FORMATS: readonly DateFormat[] = ['mm/yyyy', 'yyyy-mm', 'mmm yyyy', 'mm.yyyy', 'dots', 'iso'];

/** Draws one equipment nameplate. */
export async function renderNameplateLabel(rng: Rng, options: FamilyOptions): Promise<LabelSpec> {
  const style = options.style ?? 'normal';
  const W = 900;
  const H = 500;
  const dark = rng.chance(0.25);
  const bg = dark ? rng.pick(['#1d3557', '#222', '#2b2b3a']) : rng.pick(['#e8e8e4', '#f2f2f2', '#d9dcdf', '#f6f1e2']);
  const ink = dark ? rng.pick(['#f5f5f5', '#e0e0e0']) : rng.pick(['#111', '#1a1a2a', '#2a2a2a']);
  const german = rng.chance(0.45);
  const font = rng.pick([FONTS.dejavuSans, FONTS.liberationSans, FONTS.dejavuMono]);
  const parts: string[] = [`<rect width="${W}" height="${H}" rx="10" fill="${bg}"/>`, `<rect x="10" y="10" width="${W - 20}" height="${H - 20}" rx="6" fill="none" stroke="${ink}" stroke-width="2"/>`];
  parts.push(svgText(30, 58, rng.pick(MAKERS), { font: FONTS.dejavuSans, sizePx: rng.range(26, 34), fill: ink, weight: 'bold' }));
  if (rng.chance(0.6)) parts.push(svgText(W - 30, 58, german ? 'Made in Germany' : rng.pick(['Made in EU', 'Made in Sweden', 'CE']), { font, sizePx: 18, fill: ink, anchor: 'end' }));

  const values: Partial<Record<FieldName, string>> = {};
  const typeValue = fillTemplate(rng, rng.pick(['AA-ddd', 'AAA ddd-d', 'AAdd.d', 'Addd-AA']));
  values.partNumber = makePartNumber(rng, style);
  values.serial = makeSerial(rng, style);
  const date = makeDate(rng, 2018, 2026, rng.chance(0.65));
  values.productionDate = isoDate(date);

  // The table: header keys above, values below (pairing is by column, not by line).
  const headers = german
    ? [rng.pick(['Typ', 'Type']), rng.pick(['Art.-Nr.', 'Mat.-Nr.', 'Best.-Nr.']), rng.pick(['Ser.-Nr.', 'Serien-Nr.', 'S/N']), rng.pick(['Datum', 'Herst.-Dat.', 'Baudatum'])]
    : [rng.pick(['Type', 'Model']), rng.pick(['P/N', 'REF', 'Part No.']), rng.pick(['S/N', 'Serial No.', 'SN']), rng.pick(['Date', 'DOM', 'Mfd'])];
  const cells = [typeValue, values.partNumber, values.serial, printDate(rng, date, TABLE_DATE_FORMATS)];
  let order = [0, 1, 2, 3];
  if (rng.chance(0.3)) order = [0, 2, 1, 3];
  const tableX = 30;
  const tableY = rng.range(85, 110);
  const tableW = W - 60;
  const keySize = rng.range(15, 20);
  const valueSize = rng.range(21, 27);
  const weights = order.map((i) => Math.max(approxTextWidthPx(cells[i] ?? '', valueSize, font), approxTextWidthPx(headers[i] ?? '', keySize, font)) + 30);
  const scale = tableW / weights.reduce((a, b) => a + b, 0);
  const headH = keySize * 1.9;
  const rowH = valueSize * 1.9;
  parts.push(`<rect x="${tableX}" y="${tableY.toFixed(1)}" width="${tableW}" height="${(headH + rowH).toFixed(1)}" fill="none" stroke="${ink}" stroke-width="2"/>`);
  parts.push(`<line x1="${tableX}" y1="${(tableY + headH).toFixed(1)}" x2="${tableX + tableW}" y2="${(tableY + headH).toFixed(1)}" stroke="${ink}" stroke-width="1.5"/>`);
  let cx = tableX;
  order.forEach((ci, k) => {
    const w = (weights[k] ?? 0) * scale;
    if (k > 0) parts.push(`<line x1="${cx.toFixed(1)}" y1="${tableY.toFixed(1)}" x2="${cx.toFixed(1)}" y2="${(tableY + headH + rowH).toFixed(1)}" stroke="${ink}" stroke-width="1.5"/>`);
    parts.push(svgText(cx + 12, tableY + headH * 0.68, headers[ci] ?? '', { font, sizePx: keySize, fill: ink }));
    parts.push(svgText(cx + 12, tableY + headH + rowH * 0.68, cells[ci] ?? '', { font, sizePx: valueSize, fill: ink, weight: rng.chance(0.3) ? 'bold' : 'normal' }));
    cx += w;
  });

  // Rating lines below the table (not fields), and sometimes a lot line.
  const ratings = [
    `U: ${rng.pick(['230', '400', '690', '24'])} V${rng.pick(['', ' 3~', ' ~'])}`,
    `f: ${rng.pick(['50', '60', '50/60'])} Hz`,
    `I: ${rng.int(1, 40)}.${rng.int(0, 9)} A`,
    `P: ${rng.int(1, 90)}.${rng.int(0, 9)} kW`,
    `${rng.pick(['IP54', 'IP55', 'IP65', 'IP20'])}  ${rng.pick(['Iso.Kl. F', 'Ins.Cl. F', 'S1'])}`,
    `n: ${rng.int(700, 3000)} min-1`,
  ];
  const lines = ratings.filter(() => rng.chance(0.6)).slice(0, 4);
  if (rng.chance(0.3)) {
    values.lot = makeLot(rng, style);
    lines.push(printKey(rng, 'lot', german ? ['Charge', 'Ch.-B.', 'Los-Nr.'] : ['LOT', 'Lot No.', 'Batch'])+ values.lot);
  }
  if (lines.length === 0) lines.push(ratings[0] ?? '');
  const top = tableY + headH + rowH + 35;
  const lineSize = Math.min(rng.range(19, 24), (H - top - 20) / (Math.ceil(lines.length / 2) * 1.5));
  lines.forEach((l, i) => {
    const col = i % 2;
    const row = Math.floor(i / 2);
    parts.push(svgText(40 + col * 420, top + lineSize + row * lineSize * 1.5, l, { font, sizePx: lineSize, fill: ink }));
  });

  const truth: LabelTruth = { ...values };
  return {
    family: 'nameplate',
    svg: `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">${parts.join('')}</svg>`,
    widthPx: W,
    heightPx: H,
    fields: truth,
    surface: pickSurface(rng),
  };
}
