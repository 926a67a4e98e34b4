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

/** Where {@link paintDotLines} puts its drops, px. */
export interface PaintDotLinesOptions {
  /** Centre of the first drop of the first line. */
  readonly x0: number;
  readonly y0: number;
  /** From one glyph's first column to the next's. */
  readonly advancePx: number;
  /** Between drop columns and rows of a glyph. */
  readonly colPitchPx: number;
  readonly rowPitchPx: number;
  /** From one line's top row to the next's. */
  readonly lineGapPx: number;
  /** Drop radius; a pixel is inked when its squared distance from the centre is at most `radius²` (rounded down). */
  readonly radiusPx: number;
  /** Gray level of the ink. */
  readonly ink: number;
}

/**
 * Paints dot-matrix lines (DOT_FONT_5X7 glyphs) into a gray raster as round drops, exactly placed:
 * for tests that need drops of a given size and spacing (touching, merging) without SVG antialiasing.
 */
export function paintDotLines(data: Uint8Array, width: number, lines: readonly string[], o: PaintDotLinesOptions): void {
  const reach = Math.floor(o.radiusPx);
  const r2 = Math.floor(o.radiusPx * o.radiusPx);
  lines.forEach((line, li) => [...line].forEach((ch, k) => {
    const glyph = DOT_FONT_5X7[ch] ?? DOT_FONT_5X7[' ']!;
    for (let row = 0; row < 7; row++) {
      for (let col = 0; col < 5; col++) {
        if (glyph[row * 5 + col] !== '#') continue;
        const cx = o.x0 + k * o.advancePx + col * o.colPitchPx;
        const cy = o.y0 + li * o.lineGapPx + row * o.rowPitchPx;
        for (let y = cy - reach; y <= cy + reach; y++) for (let x = cx - reach; x <= cx + reach; x++) if ((x - cx) ** 2 + (y - cy) ** 2 <= r2) data[y * width + x] = o.ink;
      }
    }
  }));
}

/** Bars of a tilted barcode for {@link paintTiltedBars}. */
export interface PaintTiltedBarsOptions {
  /** Left edge of the first bar and the band's top, px. */
  readonly x0: number;
  readonly top: number;
  readonly heightPx: number;
  readonly bars: number;
  /** Bar width: `minWidthPx` plus a random 0…`widthSpreadPx − 1`; the space after it likewise. */
  readonly minWidthPx: number;
  readonly widthSpreadPx: number;
  readonly minGapPx: number;
  readonly gapSpreadPx: number;
  /** Shear of the bars (a label photographed a little turned), degrees. */
  readonly tiltDeg: number;
  readonly ink: number;
}

/** Paints the sheared bars of a 1D barcode into a gray raster, widths and spaces drawn from `random`. */
export function paintTiltedBars(data: Uint8Array, width: number, random: () => number, o: PaintTiltedBarsOptions): void {
  let x = o.x0;
  for (let bar = 0; bar < o.bars; bar++) {
    const bw = o.minWidthPx + Math.floor(random() * o.widthSpreadPx);
    for (let y = o.top; y < o.top + o.heightPx; y++) {
      const shift = Math.round((y - o.top) * Math.tan((o.tiltDeg * Math.PI) / 180));
      data.fill(o.ink, y * width + x + shift, y * width + x + shift + bw);
    }
    x += bw + o.minGapPx + Math.floor(random() * o.gapSpreadPx);
  }
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
