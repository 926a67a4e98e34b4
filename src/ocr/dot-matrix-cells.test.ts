import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RecognizedChar } from '../core/types.js';
import type { DotGrid } from './dot-grid.js';
import { armsMeet, cellsUpsideDown, fitsCharacterGenerator, gridCells, hasFullLeftStem, hasMiddleStem, hasQTail, hasRoundLeftSide, hasWholeSides, iOrOne, isMarkedZero, isNarrowZero, isPlainOval, learnPageFont, rankGlyphs, readDotCells, sOrFive } from './dot-matrix-cells.js';

// 5×7 glyphs as a coder prints them (rows top to bottom), written out here rather than taken from the module.
const GLYPHS: Record<string, string[]> = {
  I: ['.###.', '..#..', '..#..', '..#..', '..#..', '..#..', '.###.'],
  '1': ['..#..', '.##..', '..#..', '..#..', '..#..', '..#..', '.###.'],
  S: ['.####', '#....', '#....', '.###.', '....#', '....#', '####.'],
  '5': ['#####', '#....', '####.', '....#', '....#', '#...#', '.###.'],
  L: ['#....', '#....', '#....', '#....', '#....', '#....', '#####'],
  ' ': ['.....', '.....', '.....', '.....', '.....', '.....', '.....'],
  // A glyph of another coder's font: a bare vertical bar, in no 5×7 character generator table here.
  '|': ['..#..', '..#..', '..#..', '..#..', '..#..', '..#..', '..#..'],
  '4': ['...#.', '..##.', '.#.#.', '#..#.', '#####', '...#.', '...#.'],
  '0': ['.###.', '#...#', '#..##', '#.#.#', '##..#', '#...#', '.###.'],
  // Another coder's style (keys are lower case here only to tell them apart): an open 4, which is three
  // drops from the H of the HD44780 table, a narrow zero, a 1 on a full base, a round 3.
  h: ['#...#', '#...#', '#...#', '#####', '....#', '....#', '....#'],
  o: ['.##..', '#..#.', '#..#.', '#..#.', '#..#.', '#..#.', '.##..'],
  i: ['..#..', '.##..', '#.#..', '..#..', '..#..', '..#..', '#####'],
  e: ['.###.', '#...#', '....#', '..##.', '....#', '#...#', '.###.'],
  B: ['####.', '#...#', '#...#', '####.', '#...#', '#...#', '####.'],
  // The B with a stray drop inside its upper bowl.
  b: ['####.', '##..#', '#...#', '####.', '#...#', '#...#', '####.'],
  // Zeros of other coders: a backslashed one and a dotted one; and the letters and digits nearest a zero.
  z: ['.###.', '#...#', '##..#', '#.#.#', '#..##', '#...#', '.###.'],
  d: ['.###.', '#...#', '#...#', '#.#.#', '#...#', '#...#', '.###.'],
  O: ['.###.', '#...#', '#...#', '#...#', '#...#', '#...#', '.###.'],
  '8': ['.###.', '#...#', '#...#', '.###.', '#...#', '#...#', '.###.'],
  Q: ['.###.', '#...#', '#...#', '#...#', '#.#.#', '#..#.', '.##.#'],
  q: ['.###.', '#...#', '#...#', '#...#', '#.#.#', '#..##', '.####'],
  D: ['###..', '#..#.', '#...#', '#...#', '#...#', '#..#.', '###..'],
  N: ['#...#', '##..#', '##..#', '#.#.#', '#..##', '#..##', '#...#'],
  // V and Y: the HD44780 ones, a V whose arms turn inward early (meeting two rows up), a Y whose arms meet high.
  V: ['#...#', '#...#', '#...#', '#...#', '#...#', '.#.#.', '..#..'],
  Y: ['#...#', '#...#', '#...#', '.#.#.', '..#..', '..#..', '..#..'],
  v: ['#...#', '#...#', '#...#', '.#.#.', '.#.#.', '..#..', '..#..'],
  y: ['#...#', '.#.#.', '..#..', '..#..', '..#..', '..#..', '..#..'],
  X: ['#...#', '#...#', '.#.#.', '..#..', '.#.#.', '#...#', '#...#'],
  // An 8 whose waist caught a stray drop on the right: the ring but for one drop, a bar inside.
  w: ['.###.', '#...#', '#...#', '.####', '#...#', '#...#', '.###.'],
  // S and 5 of other coders: a round S with closed ends, a 5 with a tall stem, a squared 5; and glyphs near them.
  s: ['.###.', '#...#', '#....', '.###.', '....#', '#...#', '.###.'],
  f: ['#####', '#....', '#....', '####.', '....#', '#...#', '.###.'],
  g: ['#####', '#....', '####.', '....#', '....#', '....#', '####.'],
  '9': ['.###.', '#...#', '#...#', '.####', '....#', '...#.', '.##..'],
  E: ['#####', '#....', '#....', '####.', '#....', '#....', '#####'],
  '3': ['#####', '...#.', '..#..', '...#.', '....#', '#...#', '.###.'],
  // I and 1 of other coders: a fully barred I, a 1 on a full base, a 1 with its stem right of the middle; and glyphs near them.
  j: ['#####', '..#..', '..#..', '..#..', '..#..', '..#..', '#####'],
  u: ['...#.', '..##.', '.#.#.', '...#.', '...#.', '...#.', '...#.'],
  T: ['#####', '..#..', '..#..', '..#..', '..#..', '..#..', '..#..'],
  J: ['..###', '...#.', '...#.', '...#.', '...#.', '#..#.', '.##..'],
  '.': ['.....', '.....', '.....', '.....', '.....', '.##..', '.##..'],
  // A Q whose tail ends below a closed bowl, and a square-topped A (its bottom-left drop may go missing).
  k: ['.###.', '#...#', '#...#', '#...#', '#.#.#', '.###.', '....#'],
  a: ['.###.', '#...#', '#...#', '#...#', '#####', '#...#', '#...#'],
  // W with its middle stem (HD44780, and a coder's with closed bottom corners); H and M near it.
  W: ['#...#', '#...#', '#...#', '#.#.#', '#.#.#', '#.#.#', '.#.#.'],
  n: ['#...#', '#...#', '#...#', '#.#.#', '#.#.#', '##.##', '#...#'],
  H: ['#...#', '#...#', '#...#', '#####', '#...#', '#...#', '#...#'],
  M: ['#...#', '##.##', '#.#.#', '#.#.#', '#...#', '#...#', '#...#'],
  // A coder's 6 with a round top, which the HD44780 table decides nothing on.
  x: ['.###.', '#....', '#....', '####.', '#...#', '#...#', '.###.'],
  // A coder's round-topped 3.
  r: ['.###.', '#...#', '....#', '..##.', '....#', '#...#', '.###.'],
  // A backslashed zero with a stray drop in its top-left corner: no oval, so no marked zero.
  '%': ['####.', '#...#', '##..#', '#.#.#', '#..##', '#...#', '.###.'],
  // A coder's B with a pinched waist, in no HD44780 table.
  p: ['####.', '#...#', '#..#.', '###..', '#..#.', '#...#', '####.'],
};

/** The drop grid of `text` printed in GLYPHS (first column of the first cell at column `lead`), drops `missing` ("cell,row,col") left out. */
function gridOf(text: string, options: { bold?: boolean; lead?: number; missing?: string[] } = {}): DotGrid {
  const step = options.bold ? 2 : 1;
  const nodes: [number, number][] = [];
  [...text].forEach((ch, k) => GLYPHS[ch]!.forEach((row, r) => [...row].forEach((dot, c) => {
    if (dot !== '#' || options.missing?.includes(`${k},${r},${c}`)) return;
    for (let s = 0; s < step; s++) nodes.push([(options.lead ?? 0) + (k * 6 + c) * step + s, r]);
  })));
  const minCol = Math.min(...nodes.map(([c]) => c));
  const shifted = nodes.map(([c, r]): [number, number] => [c - minCol, r]);
  return { nodes: shifted, columns: Math.max(...shifted.map(([c]) => c)) + 1, aspect: options.bold ? 0.5 : 1, bold: options.bold ?? false };
}

/** Characters of `text` as the recogniser gives them: each with its confidence and `alts` as further alternatives. */
function read(text: string, alts: Record<number, string> = {}): RecognizedChar[] {
  return [...text].map((char, i) => ({ char, confidence: 0.9, alternatives: [{ char, p: 0.9 }, ...(alts[i] ? [{ char: alts[i]!, p: 0.05 }] : [])] }));
}
const text = (cs: readonly RecognizedChar[]): string => cs.map((c) => c.char).join('');
/** `L3` read clearly, then `char` at 0.6 with `alts` behind it at 0.3, 0.15, 0.1, …: a third cell the recogniser was unsure of. */
const at2 = (char: string, alts: string[]): RecognizedChar[] => [
  ...read('L3'),
  { char, confidence: 0.6, alternatives: [{ char, p: 0.6 }, ...alts.map((a, k) => ({ char: a, p: 0.3 / (k + 1) }))] },
];
const best = (grid: DotGrid): string => (gridCells(grid) ?? []).map((cell) => rankGlyphs(cell)[0]!.char).join('');

describe('gridCells', () => {
  test('cuts a line into its glyph cells whatever column its first drop is in, spaces left out', () => {
    assert.equal(best(gridOf('I1 S5')), 'I1S5');
    assert.equal(best(gridOf('1L', { lead: 0 })), '1L'); // the `1` starts in its cell's second column
  });

  test('reads bold print (each column struck twice) as the same cells', () => {
    assert.equal(best(gridOf('S5I1', { bold: true })), 'S5I1');
  });

  test('refuses a grid whose drops fall in the gaps between cells', () => {
    const grid = gridOf('LL');
    const crowded: DotGrid = { ...grid, nodes: [...grid.nodes, [5, 0], [5, 2], [5, 4], [5, 6], [11, 1], [11, 3]] };
    assert.equal(gridCells(crowded), undefined);
  });

  test('leaves out gap nodes sampled from the page, not found drops, and still refuses a lattice they crowd', () => {
    const grid = gridOf('LSLS');
    const extra: [number, number][] = [[5, 0], [11, 2], [17, 6]];
    const sampled: DotGrid = { ...grid, nodes: [...grid.nodes, ...extra], sampled: [...grid.nodes.map(() => false), ...extra.map(() => true)] };
    assert.equal(best(sampled), 'LSLS');
    assert.equal(gridCells({ ...sampled, sampled: undefined }), undefined, 'the same nodes as found drops');
    // Nodes sampled in every gap row of every gap: a lattice of the wrong pitch, not one line of cells.
    const gaps = [5, 11, 17].flatMap((c) => [0, 1, 2, 3, 4, 5, 6].map((r): [number, number] => [c, r]));
    const flooded: DotGrid = { ...grid, nodes: [...grid.nodes, ...gaps], sampled: [...grid.nodes.map(() => false), ...gaps.map(() => true)] };
    assert.equal(gridCells(flooded), undefined);
  });
});

describe('readDotCells', () => {
  test('the cells settle letters and digits the recogniser confused, and lead the alternatives', () => {
    const out = readDotCells(read('1S 5I', { 0: 'I' }), gridCells(gridOf('IS 5I'))!);
    assert.equal(text(out), 'IS 5I');
    assert.equal(out[0]!.alternatives[0]!.char, 'I');
    assert.ok(out[0]!.alternatives.some((a) => a.char === '1' && a.p < 0.1), 'the reading stays as a weak alternative');
  });

  test('a glyph with two drops missing still decides when no other glyph comes close', () => {
    const grid = gridOf('S5', { missing: ['0,0,4', '1,6,2'] });
    assert.equal(text(readDotCells(read('55'), gridCells(grid)!)), 'S5');
  });

  test('a separator read into a gap is dropped and a missed glyph added when the cells decide the line', () => {
    assert.equal(text(readDotCells(read('LS:5I'), gridCells(gridOf('LS5I'))!)), 'LS5I');
    // The missed S has no empty cell before it: it ends the word before the space read (`MA 2025` is `MAY 2025`).
    assert.equal(text(readDotCells(read('L 5I'), gridCells(gridOf('LS5I'))!)), 'LS 5I');
    assert.equal(text(readDotCells(read('LS 55'), gridCells(gridOf('LSI 55'))!)), 'LSI 55');
    assert.equal(text(readDotCells(read('LS55'), gridCells(gridOf('LS I55'))!)), 'LS I55', 'after an empty cell, a space of its own');
  });

  test('an empty cell the reading ran over becomes a space; characters beyond the grid stay', () => {
    assert.equal(text(readDotCells(read('LS5I'), gridCells(gridOf('LS 5I'))!)), 'LS 5I');
    assert.equal(text(readDotCells(read('LS5I 55'), gridCells(gridOf('LS5I'))!)), 'LS5I 55');
  });

  test('a grid whose cells mostly fit no glyph settles nothing, not even the cell that fits one', () => {
    // Two cells of a foreign glyph and one `S`: a third of the cells decided, under half.
    assert.equal(text(readDotCells(read('||5'), gridCells(gridOf('||S'))!)), '||5');
    assert.equal(text(readDotCells(read('|55'), gridCells(gridOf('|SS'))!)), '|SS');
  });

  test('a full stop read next to a letter that no cell holds is dropped, though the cells decide nothing else', () => {
    // Foreign glyphs read as letters: one cell of three decided, too few to settle any character.
    assert.equal(text(readDotCells(read('L.AA'), gridCells(gridOf('L||'))!)), 'LAA');
    assert.equal(text(readDotCells(read('L.AA'), gridCells(gridOf('L.||'))!)), 'L.AA', 'a stop printed in a cell of its own stays');
    assert.equal(text(readDotCells(read('4.44'), gridCells(gridOf('L||'))!)), '4.44', 'not between two digits');
    assert.equal(text(readDotCells(read('L.AAA'), gridCells(gridOf('L||'))!)), 'L.AAA', 'nor when the cells do not account for the rest');
  });

  test('a letter read next to a full stop the reading lacks is not taken for a misread stop', () => {
    // `L|T|O.3`: two cells no glyph decides (too few decided for the cells to add the stop), and the O
    // read as C beside the stop's cell. Moving the C onto the stop costs as much as onto the O, but a
    // letter read is rather the O's than a misread stop.
    assert.equal(text(readDotCells(read('LITHC3'), gridCells(gridOf('L|T|O.3'))!)), 'LITHO3');
  });

  test("a glyph outside the reader's charset decides nothing", () => {
    const cells = gridCells(gridOf('IS'))!;
    assert.equal(text(readDotCells(read('15'), cells)), 'IS');
    assert.equal(text(readDotCells(read('15'), cells, { allowedChars: '0123456789' })), '15');
    assert.equal(text(readDotCells(read('5555'), gridCells(gridOf('55 55'))!, { allowedChars: '0123456789' })), '5555', 'no space either');
  });

  test("a glyph of another font decides nothing: the recogniser's reading stays", () => {
    assert.equal(text(readDotCells(read('1L'), gridCells(gridOf('|L'))!)), '1L');
    assert.equal(text(readDotCells(read('I|L'), gridCells(gridOf('I|L'))!)), 'I|L');
  });
});

describe('isMarkedZero', () => {
  const cellOf = (ch: string, missing: string[] = []): Parameters<typeof isMarkedZero>[0] => gridCells(gridOf(ch, { missing }))![0]!;

  test('a zero marked by a slash, a backslash or a centre dot, also with a drop of its ring or mark missing', () => {
    for (const ch of ['0', 'z', 'd']) assert.ok(isMarkedZero(cellOf(ch)), ch);
    assert.ok(isMarkedZero(cellOf('z', ['0,0,2'])), 'a ring drop missing');
    assert.ok(isMarkedZero(cellOf('z', ['0,2,1'])), 'a mark drop missing');
  });

  test('the letter O, an 8, Q tails, D, N and an 8 with a stray drop are not marked zeros', () => {
    for (const ch of ['O', '8', 'Q', 'q', 'D', 'N', 'w']) assert.ok(!isMarkedZero(cellOf(ch)), ch);
    assert.ok(!isMarkedZero(cellOf('z', ['0,0,2', '0,6,2'])), 'two ring drops missing');
  });

  test('a marked zero read as 8 or 9 is a zero, with the HD44780 table or a learned one', () => {
    const cells = gridCells(gridOf('L5z'))!;
    assert.equal(text(readDotCells(read('L58'), cells)), 'L50');
    const learned = learnPageFont([{ chars: read('L59').map((c) => ({ ...c, confidence: 0.95 })), cells }]);
    assert.equal(learned['9'], undefined, 'a marked zero read as 9 teaches no 9');
    assert.equal(text(readDotCells(read('L59'), cells, { table: learned, maxCost: 2 })), 'L50');
  });
});

describe('isPlainOval', () => {
  test("the letter O's oval, also with a drop missing; not a marked zero, an 8, a Q, a D", () => {
    assert.ok(isPlainOval(gridCells(gridOf('O'))![0]!));
    assert.ok(isPlainOval(gridCells(gridOf('O', { missing: ['0,3,4'] }))![0]!));
    for (const ch of ['z', '0', '8', 'Q', 'D']) assert.ok(!isPlainOval(gridCells(gridOf(ch))![0]!), ch);
  });

  test('on a page whose zeros are marked, a plain oval read as 0 is the letter O; elsewhere it stays as read', () => {
    const cells = gridCells(gridOf('L5Oz'))!;
    const table = learnPageFont([{ chars: read('L5').map((c) => ({ ...c, confidence: 0.95 })), cells: cells.slice(0, 2) }]);
    assert.equal(text(readDotCells(read('L500'), cells, { table, maxCost: 2, zeroMarked: true })), 'L5O0');
    assert.equal(text(readDotCells(read('L500'), cells, { table, maxCost: 2 })), 'L500');
  });
});

describe('isNarrowZero', () => {
  test('a ring four columns wide, also with a drop missing; not the full-width O, a marked zero, D, U, 8, Q', () => {
    const cellOf = (ch: string, missing: string[] = []) => gridCells(gridOf(`L${ch}`, { missing }))![1]!;
    assert.ok(isNarrowZero(cellOf('o')));
    assert.ok(isNarrowZero(cellOf('o', ['1,2,3'])), 'a drop of its side missing');
    assert.ok(!isNarrowZero(cellOf('o', ['1,2,3', '1,0,1'])), 'two drops missing');
    for (const ch of ['O', '0', 'z', 'd', 'D', '8', 'Q', 'L', '1', 'I']) assert.ok(!isNarrowZero(cellOf(ch)), ch);
  });

  test('a narrow zero read as 6 is a zero, and on its page a plain oval read as 0 is the letter O', () => {
    // An empty table stands for a page font that learned no glyph: the shapes alone decide.
    assert.equal(text(readDotCells(read('L6', { 1: '0' }), gridCells(gridOf('Lo'))!, { table: {} })), 'L0');
    assert.equal(text(readDotCells(read('L00'), gridCells(gridOf('LOo'))!, { table: {}, zeroMarked: true })), 'LO0');
  });
});

describe('hasQTail', () => {
  test('a Q in three fonts, also with a side drop missing; not an O, a zero, G, D, 8, nor an A lacking a drop', () => {
    const cellOf = (ch: string, missing: string[] = []) => gridCells(gridOf(`L${ch}`, { missing }))![1]!;
    for (const ch of ['Q', 'q', 'k']) assert.ok(hasQTail(cellOf(ch)), ch);
    assert.ok(hasQTail(cellOf('q', ['1,1,4'])), 'a side drop missing');
    for (const ch of ['O', '0', 'z', 'o', 'd', 'D', '8', 'a', 'B']) assert.ok(!hasQTail(cellOf(ch)), ch);
    assert.ok(!hasQTail(cellOf('a', ['1,6,0'])), 'an A without its bottom-left drop');
  });

  test('a Q read as 0 or G is a Q, in a font the table does not fit', () => {
    assert.equal(text(readDotCells(read('L0G'), gridCells(gridOf('Lqk'))!, { table: {} })), 'LQQ');
  });
});

describe('hasMiddleStem', () => {
  test('a W in two fonts, also with a side drop missing; not N, M, H, U-like V, Y, X', () => {
    const cellOf = (ch: string, missing: string[] = []) => gridCells(gridOf(`L${ch}`, { missing }))![1]!;
    for (const ch of ['W', 'n']) assert.ok(hasMiddleStem(cellOf(ch)), ch);
    assert.ok(hasMiddleStem(cellOf('W', ['1,1,0'])), 'a side drop missing');
    assert.ok(!hasMiddleStem(cellOf('W', ['1,1,0', '1,2,4'])), 'two side drops missing');
    for (const ch of ['N', 'M', 'H', 'V', 'Y', 'X', 'O', 'h']) assert.ok(!hasMiddleStem(cellOf(ch)), ch);
  });

  test('a W read as N or H is a W, in a font the table does not fit', () => {
    assert.equal(text(readDotCells(read('LNH'), gridCells(gridOf('LWn'))!, { table: {} })), 'LWW');
  });
});

describe('readDotCells: 5 and 6', () => {
  test('a 5 read on an undecided cell with round top corners and a closed lower left is a 6, and back', () => {
    assert.equal(text(readDotCells(read('LS5'), gridCells(gridOf('LSx'))!)), 'LS6');
    // A tall-stemmed 5 lacking a stem drop: no shape rule or glyph decides it, its corners and lower left still show a 5.
    assert.equal(text(readDotCells(read('LS6'), gridCells(gridOf('LSf', { missing: ['2,2,0'] }))!)), 'LS5');
    assert.equal(text(readDotCells(read('LS6'), gridCells(gridOf('LSx'))!)), 'LS6', 'a 6 read as 6 stays');
  });

  test('a 6 lacking the left drops of its bowl still shows its round top and a waist from the left edge', () => {
    assert.equal(text(readDotCells(read('LS5'), gridCells(gridOf('LSx', { missing: ['2,2,0', '2,4,0'] }))!)), 'LS6');
    // A round-topped 3 read as 5: its waist starts inside, no 6.
    assert.notEqual(text(readDotCells(read('LS5'), gridCells(gridOf('LSr'))!)), 'LS6');
    // A square-topped 5 lacking one top corner is no round top.
    assert.equal(text(readDotCells(read('LS5'), gridCells(gridOf('LSf', { missing: ['2,0,0'] }))!)), 'LS5');
  });
});

describe('hasRoundLeftSide', () => {
  const cellOf = (ch: string, missing: string[] = []) => gridCells(gridOf(ch, { missing }))![0]!;

  test('a 6, 0, 8, O or S of any coder is round at both left corners; a letter on a full left stem is not, nor a glyph cut a column off', () => {
    for (const ch of ['x', 'O', 'o', '8', 'z', 's']) assert.ok(hasRoundLeftSide(cellOf(ch)), ch);
    for (const ch of ['E', 'B', 'D', 'N', 'H', 'M', 'L', 'b']) assert.ok(!hasRoundLeftSide(cellOf(ch)), ch);
    // An E lacking its top-left drop keeps its square bottom-left corner.
    assert.ok(!hasRoundLeftSide(cellOf('E', ['0,0,0'])), 'one corner drop missing');
    // A 5×7 cell cut one column right of a B: its stem is out of the cell, the left column empty.
    const shifted = gridCells(gridOf('LB', { missing: ['1,0,0', '1,1,0', '1,2,0', '1,3,0', '1,4,0', '1,5,0', '1,6,0'] }))![1]!;
    assert.ok(!hasRoundLeftSide(shifted));
  });

  test('an E read on a round 6 yields to the next reading the cell does not rule out, and a 5 there is a 6', () => {
    // Undecided cells (a font the table does not fit, no glyph learned): the recogniser's E and its alternatives.
    const e6 = (alts: string[]): RecognizedChar[] => at2('E', alts);
    const cells = gridCells(gridOf('L3x'))!;
    assert.equal(text(readDotCells(e6(['5', '6']), cells, { table: {} })), 'L36');
    assert.equal(text(readDotCells(e6(['B', '6']), cells, { table: {} })), 'L36', 'a B is ruled out too');
    assert.equal(text(readDotCells(e6(['6']), cells)), 'L36', 'with the HD44780 table');
    // An E on an E cell stays; an E with no alternative stays as read.
    assert.equal(text(readDotCells(read('L3E', { 2: '6' }), gridCells(gridOf('L3E'))!, { table: {} })), 'L3E');
    assert.equal(text(readDotCells(e6([]), cells, { table: {} })), 'L3E');
    // A learned E does not decide a round cell.
    const learned = { E: GLYPHS.x!.join('') };
    assert.equal(text(readDotCells(e6(['6']), cells, { table: learned, maxCost: 2 })), 'L36');
  });
});

describe('hasFullLeftStem', () => {
  const cellOf = (ch: string, missing: string[] = []) => gridCells(gridOf(ch, { missing }))![0]!;

  test('B, D, E, H, L, M, N stand on a full left stem, one drop between the corners possibly missing; round glyphs, A, W do not', () => {
    for (const ch of ['B', 'D', 'E', 'H', 'L', 'M', 'N', 'b']) assert.ok(hasFullLeftStem(cellOf(ch)), ch);
    assert.ok(hasFullLeftStem(cellOf('B', ['0,3,0'])), 'a B lacking its waist drop');
    for (const ch of ['8', 'O', '0', 'x', 'a', 'W', 's', 'r']) assert.ok(!hasFullLeftStem(cellOf(ch)), ch);
    assert.ok(!hasFullLeftStem(cellOf('B', ['0,0,0'])), 'a corner missing: no verdict');
  });

  test('an 8 or 6 read on a B is the B; a T read on an L is the L; a B ruled out by a poor learned glyph alone stays', () => {
    const cells = gridCells(gridOf('L3p'))!;
    assert.equal(text(readDotCells(at2('8', ['6', 'B']), cells, { table: {} })), 'L3B');
    assert.equal(text(readDotCells(at2('8', ['B']), cells)), 'L3B', 'with the HD44780 table');
    // An L lacking the end of its foot (no HD44780 glyph shown plainly).
    assert.equal(text(readDotCells(at2('T', ['7', 'L']), gridCells(gridOf('L3L', { missing: ['2,6,3', '2,6,4'] }))!, { table: {} })), 'L3L');
    // The page learned its B from a cell lacking drops: it rules the B out (cost 4 or more), the shape does not.
    const poorB = { B: ['.###.', '#...#', '#....', '.###.', '....#', '#...#', '####.'].join('') };
    assert.equal(text(readDotCells(at2('B', ['6', '8', '3']), cells, { table: poorB, maxCost: 2, excludeCost: 4 })), 'L3B');
  });
});

describe('hasWholeSides', () => {
  const cellOf = (ch: string, missing: string[] = []) => gridCells(gridOf(ch, { missing }))![0]!;

  test('a zero, marked or not, and an O are rings with whole sides; an 8, 6, 9, 3, 5 are not, nor an 8 whose waist reaches a side', () => {
    for (const ch of ['0', 'z', 'd', 'O']) assert.ok(hasWholeSides(cellOf(ch)), ch);
    assert.ok(hasWholeSides(cellOf('0', ['0,2,0'])), 'one side drop missing');
    for (const ch of ['8', 'x', '9', 'r', '5', 'f', 's']) assert.ok(!hasWholeSides(cellOf(ch)), ch);
    assert.ok(!hasWholeSides(cellOf('w')), 'an 8 with a stray drop at the end of its waist');
  });

  test('a 6 or 9 read on a marked zero is the zero', () => {
    // A backslashed zero with a stray drop in a corner: no zero shape, no table glyph decides it.
    const cells = gridCells(gridOf('L3%'))!;
    assert.equal(text(readDotCells(at2('6', ['8', '0']), cells, { table: {} })), 'L30');
    assert.equal(text(readDotCells(at2('9', ['0']), cells, { table: {} })), 'L30');
  });
});

describe('armsMeet', () => {
  test('a V meets at the bottom, a Y at mid-height with a stem below; other glyphs and a missing drop decide nothing', () => {
    const cellOf = (ch: string, missing: string[] = []) => gridCells(gridOf(ch, { missing }))![0]!;
    assert.equal(armsMeet(cellOf('V')), 'V');
    assert.equal(armsMeet(cellOf('v')), 'V');
    assert.equal(armsMeet(cellOf('Y')), 'Y');
    assert.equal(armsMeet(cellOf('y')), 'Y');
    for (const ch of ['X', 'O', 'L', '1', '4']) assert.equal(armsMeet(cellOf(ch)), undefined, ch);
    assert.equal(armsMeet(cellOf('Y', ['0,4,2'])), undefined, 'a Y with a stem drop missing');
  });

  test('a V read as Y is a V', () => {
    assert.equal(text(readDotCells(read('L5Y', { 2: 'V' }), gridCells(gridOf('L5v'))!)), 'L5V');
  });
});

describe('sOrFive', () => {
  test('an S rounds its corner and frees its waist, a 5 squares both, in three fonts; near glyphs and a missing corner decide nothing', () => {
    const cellOf = (ch: string, missing: string[] = []) => gridCells(gridOf(ch, { missing }))![0]!;
    for (const ch of ['S', 's']) assert.equal(sOrFive(cellOf(ch)), 'S', ch);
    for (const ch of ['5', 'f', 'g']) assert.equal(sOrFive(cellOf(ch)), '5', ch);
    for (const ch of ['8', '9', 'E', '3', 'B', 'O', 'L']) assert.equal(sOrFive(cellOf(ch)), undefined, ch);
    assert.equal(sOrFive(cellOf('5', ['0,0,0'])), undefined, 'a 5 without its corner drop');
  });

  test('a coder S read as 5 is an S, in a font the table does not fit', () => {
    // An empty table stands for a page font that learned no glyph: the shapes alone decide.
    assert.equal(text(readDotCells(read('L55'), gridCells(gridOf('Ls5'))!, { table: {} })), 'LS5');
  });
});

describe('iOrOne', () => {
  test('an I bars both ends of its stem, a 1 flags its top, in three fonts; near glyphs and a stray drop decide nothing', () => {
    // After an L, which fixes the cells' phase (a narrow glyph alone could sit anywhere in its cell).
    const cellOf = (ch: string, missing: string[] = []) => gridCells(gridOf(`L${ch}`, { missing }))![1]!;
    for (const ch of ['I', 'j']) assert.equal(iOrOne(cellOf(ch)), 'I', ch);
    for (const ch of ['1', 'i', 'u']) assert.equal(iOrOne(cellOf(ch)), '1', ch);
    for (const ch of ['T', 'J', '|', 'L', '4']) assert.equal(iOrOne(cellOf(ch)), undefined, ch);
    assert.equal(iOrOne(cellOf('I', ['1,6,1'])), undefined, 'an I without a bar end');
  });

  test('a coder I read as 1 is an I, in a font the table does not fit', () => {
    assert.equal(text(readDotCells(read('L11'), gridCells(gridOf('Lji'))!, { table: {} })), 'LI1');
  });
});

describe('fitsCharacterGenerator', () => {
  test('print of the HD44780 table fits, a few missing drops included', () => {
    assert.ok(fitsCharacterGenerator(gridCells(gridOf('LS 5I 104', { missing: ['0,0,0', '3,6,2', '5,4,0'] }))!));
  });

  test("another coder's font does not fit, though some of its glyphs are the table's and one is near another glyph", () => {
    const cells = gridCells(gridOf('h0io eh L5'))!;
    assert.equal(rankGlyphs(cells[0]!)[0]!.char, 'H', 'the open 4 alone would be read as H');
    assert.ok(!fitsCharacterGenerator(cells));
  });

  test('no cells: nothing to fit', () => {
    assert.ok(!fitsCharacterGenerator([]));
  });
});

describe('cellsUpsideDown', () => {
  /** The grid turned by 180°: the last column first, the bottom row at the top. */
  const turn = (g: DotGrid): DotGrid => ({ ...g, nodes: g.nodes.map(([c, r]) => [g.columns - 1 - c, 6 - r] as const) });

  test('lines as printed are upright, turned lines upside down, in the table\'s font and in another coder\'s', () => {
    const table = [gridOf('LOT 5I041'), gridOf('BEST 30 I0 48')];
    const coder = [gridOf('h0io eh L5'), gridOf('5s 9f 3j')];
    for (const grids of [table, coder]) {
      assert.equal(cellsUpsideDown(grids), false);
      assert.equal(cellsUpsideDown(grids.map(turn)), true);
    }
  });

  test('glyphs that read the same either way, or too few cells, leave the page to the reader', () => {
    assert.equal(cellsUpsideDown([gridOf('0OXI8 X0O8I')]), undefined, 'symmetric glyphs');
    assert.equal(cellsUpsideDown([gridOf('LS5')]), undefined, 'three cells');
    assert.equal(cellsUpsideDown([]), undefined);
  });
});

describe('learnPageFont', () => {
  /** Characters as read, each with `conf` (default 0.95) and the alternatives `alts` gives. */
  const readAs = (text: string, conf: Record<number, number> = {}, alts: Record<number, string> = {}): RecognizedChar[] =>
    [...text].map((char, i) => ({ char, confidence: conf[i] ?? 0.95, alternatives: [{ char, p: conf[i] ?? 0.95 }, ...(alts[i] ? [...alts[i]!].map((a) => ({ char: a, p: 0.02 })) : [])] }));
  // The other coder's narrow zero (o) and open 4 (h), as a page prints them in a date and a lot.
  const date = gridCells(gridOf('1o1h'))!;
  const lot = gridCells(gridOf('Loh5'))!;

  test('confidently read characters on lines with as many characters as cells teach their cells as glyphs', () => {
    const table = learnPageFont([{ chars: readAs('1014'), cells: date }]);
    assert.deepEqual(Object.keys(table).sort(), ['0', '1', '4']);
    assert.equal(table['0'], GLYPHS['o']!.join(''));
    assert.equal(table['4'], GLYPHS['h']!.join(''));
    assert.deepEqual(learnPageFont([{ chars: readAs('1014', { 1: 0.5 }), cells: date }])['0'], undefined, 'an unsure character teaches nothing');
    assert.deepEqual(learnPageFont([{ chars: readAs('10 14.'), cells: date }]), {}, 'a line read with another count of characters teaches nothing');
  });

  test('a drop missing from one of three cells of a character stays in its glyph; cells that disagree teach nothing', () => {
    const faint = gridCells(gridOf('ooo', { missing: ['1,0,1'] }))!;
    assert.equal(learnPageFont([{ chars: readAs('000'), cells: faint }])['0'], GLYPHS['o']!.join(''));
    const mixed = gridCells(gridOf('o0'))!; // the narrow zero and the HD44780 zero, both read 0
    assert.equal(learnPageFont([{ chars: readAs('00'), cells: mixed }])['0'], undefined);
  });

  test('the cells of a character that agree teach when they are most and two or more; the one far from them was another character', () => {
    // Three narrow zeros of a date and a lot's letter O, all read 0.
    const page = gridCells(gridOf('oooO'))!;
    assert.equal(learnPageFont([{ chars: readAs('0000'), cells: page }])['0'], GLYPHS['o']!.join(''));
    assert.equal(learnPageFont([{ chars: readAs('00'), cells: gridCells(gridOf('oO'))! }])['0'], undefined, 'one against one: nothing');
  });

  test('on a page whose zero is marked, a plain oval read 0 (the letter O) teaches no zero; a narrow zero read 0 does', () => {
    const oval = gridCells(gridOf('1O'))!;
    assert.equal(learnPageFont([{ chars: readAs('10'), cells: oval }])['0'], GLYPHS['O']!.join(''), 'unmarked font: the oval is its zero');
    assert.equal(learnPageFont([{ chars: readAs('10'), cells: oval }], { zeroMarked: true })['0'], undefined);
    assert.equal(learnPageFont([{ chars: readAs('1014'), cells: date }], { zeroMarked: true })['0'], GLYPHS['o']!.join(''));
  });

  test("a plain oval is the letter O on a page whose learned zero is no plain oval", () => {
    const table = learnPageFont([{ chars: readAs('1010'), cells: gridCells(gridOf('1o1o'))! }]);
    assert.equal(text(readDotCells(readAs('L10', { 2: 0.6 }), gridCells(gridOf('L1O'))!, { table, maxCost: 2, excludeCost: 4 })), 'L1O');
    // A page whose zero is learned as a plain oval (a font without a mark) leaves it as read.
    const plain = learnPageFont([{ chars: readAs('1010'), cells: gridCells(gridOf('1O1O'))! }]);
    assert.equal(text(readDotCells(readAs('L10', { 2: 0.6 }), gridCells(gridOf('L1O'))!, { table: plain, maxCost: 2, excludeCost: 4 })), 'L10');
  });

  test("a glyph learned with a drop or two fewer than the table's glyph of its character is the table's", () => {
    const key = gridCells(gridOf('BL1', { missing: ['0,1,0'] }))!; // the key's B lacks a drop
    const table = learnPageFont([{ chars: readAs('BL1'), cells: key }]);
    assert.equal(table['B'], GLYPHS['B']!.join(''));
    assert.equal(table['1'], GLYPHS['1']!.join(''), 'a glyph learned whole stays');
    // The lot's B has a stray drop: against the glyph as learned it would cost 4 and be ruled out.
    const lot = readDotCells(readAs('E1', { 0: 0.3 }, { 0: 'B' }), gridCells(gridOf('b1'))!, { table, maxCost: 2, excludeCost: 4 });
    assert.equal(text(lot), 'B1');
    const narrow = learnPageFont([{ chars: readAs('1014'), cells: date }]);
    assert.equal(narrow['0'], GLYPHS['o']!.join(''), "a glyph with drops the table's lacks stays as learned");
  });

  test("a cell that plainly shows an HD44780 glyph is that character on a page of another font, and teaches no misreading", () => {
    // A date's 8 read confidently as 3: the page shows no other 3 or 8, so the 3 would teach the 8's cell.
    const cells = gridCells(gridOf('1o8h'))!;
    const table = learnPageFont([{ chars: readAs('1034'), cells }]);
    assert.equal(table['3'], undefined);
    assert.equal(text(readDotCells(readAs('1034'), cells, { table, maxCost: 2, excludeCost: 4 })), '1084');
    const faint = gridCells(gridOf('1o8h', { missing: ['2,3,2'] }))!;
    assert.equal(text(readDotCells(readAs('1034'), faint, { table, maxCost: 2, excludeCost: 4 })), '1084', 'also with a drop of the 8 missing');
    // A redrawn glyph three drops from another character's (a round 3 from 8, an open 4 from H) decides nothing by it.
    assert.equal(text(readDotCells(readAs('13'), gridCells(gridOf('1e'))!, { table: {}, maxCost: 2 })), '13');
    assert.equal(text(readDotCells(readAs('14'), gridCells(gridOf('1h'))!, { table: {}, maxCost: 2 })), '14');
  });

  test("the page's glyphs settle a lot's characters the recogniser confused, and rule out a reading they contradict", () => {
    const table = learnPageFont([{ chars: readAs('1014'), cells: date }]);
    // The lot L, 0, 4, 5 read as L, 8 (unsure, 0 an alternative), H (unsure, 4 an alternative), S (5 an alternative).
    const out = readDotCells(readAs('L8HS', { 1: 0.6, 2: 0.5, 3: 0.6 }, { 1: '0', 2: '4', 3: '5' }), lot, { table, maxCost: 2, excludeCost: 4 });
    assert.equal(text(out), 'L045', 'the learned zero and open 4 decide; the 5, which has no learned glyph, by its corner and waist (sOrFive)');
    const ruled = readDotCells(readAs('L004', { 3: 0.6 }, { 3: '5' }), lot, { table, maxCost: 2, excludeCost: 4 });
    assert.equal(text(ruled), 'L045', 'a 4 read on a cell the learned 4 misses is ruled out: its next alternative leads');
    const five = ruled[3]!;
    assert.deepEqual(five.alternatives.map((a) => a.char), ['5', '4'], 'the alternatives lead with the new reading');
    assert.ok(five.alternatives[1]!.p < five.alternatives[0]!.p, 'the ruled-out 4 keeps less probability than the 5 (field decoding ranks by it)');
  });

  test('a character ruled out by its learned glyph alone yields only to an alternative the recogniser gave some weight', () => {
    const table = learnPageFont([{ chars: readAs('1014'), cells: date }]);
    // Another coder's round 3 read as 0: the learned narrow zero misses it by 4 drops or more.
    const three = gridCells(gridOf('1e'))!;
    const withAlts = (alts: [string, number][]): RecognizedChar[] => [
      { char: '1', confidence: 0.95, alternatives: [{ char: '1', p: 0.95 }] },
      { char: '0', confidence: 0.7, alternatives: [{ char: '0', p: 0.7 }, ...alts.map(([char, p]) => ({ char, p }))] },
    ];
    assert.equal(text(readDotCells(withAlts([['8', 0.01], ['3', 0.2]]), three, { table, maxCost: 2, excludeCost: 4 })), '13', 'the 3 at 0.2, not the 8 at 0.01');
    assert.equal(text(readDotCells(withAlts([['8', 0.01]]), three, { table, maxCost: 2, excludeCost: 4 })), '10', 'no alternative with weight: the reading stays');
  });
});
