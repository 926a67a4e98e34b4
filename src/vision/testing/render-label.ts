/**
 * Test-image generator: renders label-like images with SVG text (sharp/librsvg
 * with the installed OCR-B and DejaVu fonts) and inkjet dot-matrix lines drawn
 * as discs on a 5×7 grid. For tests and benchmarks only; not used at run time.
 */
import sharp from 'sharp';

/** One line of a generated label. */
export interface LabelLine {
  readonly text: string;
  /** `ocrb` (OCR-B), `dejavu` (DejaVu Sans), `mono` (DejaVu Sans Mono), or `dots` (5×7 dot matrix). */
  readonly font: 'ocrb' | 'dejavu' | 'mono' | 'dots';
  /** Cap height-ish size: font size for SVG fonts, dot pitch × 7 for dot matrix. */
  readonly sizePx: number;
  /** Dot matrix only: how the drops are printed. */
  readonly dots?: DotStyle;
}

/** Drop style of a dot-matrix line (continuous-inkjet coders). */
export interface DotStyle {
  /** Drop diameter / pitch; 1 or more makes neighbouring drops touch. @defaultValue 0.76 */
  readonly dotRatio?: number;
  /** Each column struck twice, half a pitch apart (bold codes). @defaultValue false */
  readonly bold?: boolean;
  /** Leave out every n-th drop (blocked nozzle), deterministic; 0 = none. @defaultValue 0 */
  readonly dropEvery?: number;
}

/** Options of {@link renderLabel}. */
export interface RenderLabelOptions {
  /** @defaultValue 900 */
  readonly widthPx?: number;
  /** @defaultValue 500 */
  readonly heightPx?: number;
  /** Left margin, px. @defaultValue 40 */
  readonly marginPx?: number;
  /** Counter-clockwise rotation of the whole label, degrees; the canvas grows to fit. @defaultValue 0 */
  readonly rotateDeg?: number;
  /** Gaussian blur sigma, px; 0 = none. @defaultValue 0 */
  readonly blurSigma?: number;
  /** Standard deviation of added gray noise, levels. @defaultValue 0 */
  readonly noiseStd?: number;
  /** Linear lighting fall-off from left (1) to right (1 − gradient). @defaultValue 0 */
  readonly lightGradient?: number;
  /** Output JPEG of this quality instead of PNG. */
  readonly jpegQuality?: number;
  /** Seed of the noise generator. @defaultValue 1 */
  readonly seed?: number;
}

/**
 * 5×7 dot-matrix font, one string of 7 rows × 5 columns per glyph ('#' = dot), in the
 * layout of the common HD44780 character ROM.
 */
export const DOT_FONT_5X7: Readonly<Record<string, string>> = {
  '0': '.###.#...##..###.#.###..##...#.###.',
  '1': '..#...##....#....#....#....#...###.',
  '2': '.###.#...#....#...#...#...#...#####',
  '3': '#####...#...#.....#.....##...#.###.',
  '4': '...#...##..#.#.#..#.#####...#....#.',
  '5': '######....####.....#....##...#.###.',
  '6': '..##..#...#....####.#...##...#.###.',
  '7': '#####....#...#...#...#....#....#...',
  '8': '.###.#...##...#.###.#...##...#.###.',
  '9': '.###.#...##...#.####....#...#..##..',
  A: '.###.#...##...#######...##...##...#',
  B: '####.#...##...#####.#...##...#####.',
  C: '.###.#...##....#....#....#...#.###.',
  D: '###..#..#.#...##...##...##..#.###..',
  E: '######....#....####.#....#....#####',
  F: '######....#....####.#....#....#....',
  G: '.###.#...##....#.####...##...#.####',
  H: '#...##...##...#######...##...##...#',
  I: '.###...#....#....#....#....#...###.',
  J: '..###...#....#....#....#.#..#..##..',
  K: '#...##..#.#.#..##...#.#..#..#.#...#',
  L: '#....#....#....#....#....#....#####',
  M: '#...###.###.#.##.#.##...##...##...#',
  N: '#...##...###..##.#.##..###...##...#',
  O: '.###.#...##...##...##...##...#.###.',
  P: '####.#...##...#####.#....#....#....',
  Q: '.###.#...##...##...##.#.##..#..##.#',
  R: '####.#...##...#####.#.#..#..#.#...#',
  S: '.#####....#.....###.....#....#####.',
  T: '#####..#....#....#....#....#....#..',
  U: '#...##...##...##...##...##...#.###.',
  V: '#...##...##...##...##...#.#.#...#..',
  W: '#...##...##...##.#.##.#.##.#.#.#.#.',
  X: '#...##...#.#.#...#...#.#.#...##...#',
  Y: '#...##...##...#.#.#...#....#....#..',
  Z: '#####....#...#...#...#...#....#####',
  '-': '...............#####...............',
  '/': '.........#...#...#...#...#.........',
  '.': '..........................##...##..',
  ':': '......##...##........##...##.......',
  ' ': '...................................',
};

/** Renders a label with the given lines stacked top to bottom; returns PNG (or JPEG) bytes. */
export async function renderLabel(lines: readonly LabelLine[], options: RenderLabelOptions = {}): Promise<Buffer> {
  const W = options.widthPx ?? 900;
  const H = options.heightPx ?? 500;
  const margin = options.marginPx ?? 40;
  const gap = (H - 2 * margin - lines.reduce((s, l) => s + l.sizePx, 0)) / Math.max(1, lines.length - 1);
  let y = margin;
  const parts: string[] = [];
  for (const l of lines) {
    if (l.font === 'dots') {
      parts.push(dotMatrixSvg(l.text, margin, y, l.sizePx / 7, l.dots));
    } else {
      const family = l.font === 'ocrb' ? 'OCR B' : l.font === 'mono' ? 'DejaVu Sans Mono' : 'DejaVu Sans';
      parts.push(`<text x="${margin}" y="${y + l.sizePx * 0.8}" font-family="${family}" font-size="${l.sizePx}" fill="#111">${escapeXml(l.text)}</text>`);
    }
    y += l.sizePx + Math.max(8, gap);
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><rect width="100%" height="100%" fill="#fbfaf5"/>${parts.join('')}</svg>`;
  let img = sharp(Buffer.from(svg)).flatten({ background: '#fbfaf5' });
  const rot = options.rotateDeg ?? 0;
  // sharp rotates clockwise; the option is counter-clockwise like angleDeg.
  if (rot !== 0) img = sharp(await img.png().toBuffer()).rotate(-rot, { background: '#fbfaf5' });
  let { data, info } = await img.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const grad = options.lightGradient ?? 0;
  const noise = options.noiseStd ?? 0;
  if (grad > 0 || noise > 0) {
    let s = (options.seed ?? 1) >>> 0 || 1;
    const rand = (): number => {
      // xorshift32: deterministic noise so a failure can be reproduced.
      s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
      return s / 4294967296;
    };
    const out = Buffer.from(data);
    for (let yy = 0; yy < info.height; yy++) {
      for (let xx = 0; xx < info.width; xx++) {
        const f = 1 - (grad * xx) / info.width;
        // Box-Muller normal sample.
        const n = noise > 0 ? Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand()) * noise : 0;
        for (let c = 0; c < info.channels; c++) {
          const i = (yy * info.width + xx) * info.channels + c;
          out[i] = Math.max(0, Math.min(255, Math.round(data[i]! * f + n)));
        }
      }
    }
    data = out;
  }
  let pipeline = sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
  const blur = options.blurSigma ?? 0;
  if (blur >= 0.3) pipeline = pipeline.blur(blur);
  return options.jpegQuality ? pipeline.jpeg({ quality: options.jpegQuality }).toBuffer() : pipeline.png().toBuffer();
}

/** SVG discs for a dot-matrix text line, top-left at (x, y), one dot pitch between dot centres. */
export function dotMatrixSvg(text: string, x: number, y: number, pitchPx: number, style: DotStyle = {}): string {
  const r = (pitchPx * (style.dotRatio ?? 0.76)) / 2;
  const strikes = style.bold ? [0, 0.5] : [0];
  const every = style.dropEvery ?? 0;
  let n = 0;
  const out: string[] = [];
  let cx = x;
  for (const ch of text.toUpperCase()) {
    const g = DOT_FONT_5X7[ch] ?? DOT_FONT_5X7[' ']!;
    for (let row = 0; row < 7; row++) {
      for (let col = 0; col < 5; col++) {
        if (g[row * 5 + col] !== '#') continue;
        for (const dx of strikes) {
          if (every > 0 && ++n % every === 0) continue;
          out.push(`<circle cx="${(cx + (col + dx) * pitchPx + pitchPx / 2).toFixed(1)}" cy="${(y + row * pitchPx + pitchPx / 2).toFixed(1)}" r="${r.toFixed(1)}" fill="#1a1a1a"/>`);
        }
      }
    }
    cx += 6 * pitchPx;
  }
  return out.join('');
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
