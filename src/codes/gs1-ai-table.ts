/**
 * The GS1 Application Identifier table (GS1 General Specifications v24, section 3.2
 * "GS1 Application Identifiers in numerical order", and Figure 7.8.5-2 for the
 * predefined-length AIs).
 *
 * Written by hand as TypeScript data: no maintained npm package ships this table
 * (bwip-js and zint embed their own copies inside the encoder), and the product
 * must not read ../shared at run time. `gs1-ai-table.test.ts` compares every
 * entry against the GS1 Barcode Syntax Dictionary, so a typo here fails the tests.
 *
 * Notation follows the GS1 General Specifications / Syntax Dictionary:
 * - format: whitespace-separated components `Type[,linter...]`, type `N` numeric,
 *   `X` CSET 82, `Y` CSET 39, `Z` CSET 64 (base64url); `N6` = exactly 6,
 *   `X..20` = 1 to 20; `[...]` = optional component.
 * - flags: `*` predefined length (no FNC1 separator after it, Figure 7.8.5-2),
 *   `?` permitted as a GS1 Digital Link data attribute.
 * - attributes: `req=a,b+c` (at least one of the comma-separated groups must be
 *   present, `+` joins AIs required together, `nn`/`n` suffix is a wildcard),
 *   `ex=...` (mutually exclusive AIs), `dlpkey[=qualifier paths]` (Digital Link primary key).
 */

import type { FieldName } from '../core/types.js';

/** One component of an AI's data field. */
export interface Gs1Component {
  /** `N` digits, `X` GS1 CSET 82, `Y` CSET 39, `Z` CSET 64. */
  readonly cset: 'N' | 'X' | 'Y' | 'Z';
  readonly minLength: number;
  readonly maxLength: number;
  readonly optional: boolean;
  /** Linter names from the GS1 Barcode Syntax Tests (`csum`, `yymmd0`, `iso3166`, ...). */
  readonly linters: readonly string[];
}

/** One Application Identifier. */
export interface Gs1AiDefinition {
  readonly ai: string;
  /** Predefined length: never followed by an FNC1 separator (GenSpecs Figure 7.8.5-2). */
  readonly predefinedLength: boolean;
  /** Permitted as a GS1 Digital Link data attribute (query parameter). */
  readonly dlDataAttribute: boolean;
  readonly components: readonly Gs1Component[];
  /** Groups of requisite AIs: at least one alternative of every group must be present. */
  readonly requires: readonly (readonly (readonly string[])[])[];
  /** AI patterns that must not appear together with this AI. */
  readonly excludes: readonly string[];
  /** Digital Link primary key; the value lists the allowed qualifier paths (`22,10,21`). */
  readonly dlPrimaryKey?: readonly (readonly string[])[];
  readonly title: string;
  /** Minimum and maximum total length of the data field. */
  readonly minLength: number;
  readonly maxLength: number;
  /** The format as written in the GenSpecs notation, e.g. `N14,csum,gcppos2`. */
  readonly format: string;
}

// [AI or range, flags, format, attributes, title]. Kept in the order of the GenSpecs table.
type Row = readonly [string, string, string, string, string];

const MEASURES: readonly (readonly [string, string, string])[] = [
  ['310', '01,02', 'NET WEIGHT (kg)'], ['311', '01,02', 'LENGTH (m)'], ['312', '01,02', 'WIDTH (m)'],
  ['313', '01,02', 'HEIGHT (m)'], ['314', '01,02', 'AREA (m²)'], ['315', '01,02', 'NET VOLUME (l)'],
  ['316', '01,02', 'NET VOLUME (m³)'], ['320', '01,02', 'NET WEIGHT (lb)'], ['321', '01,02', 'LENGTH (in)'],
  ['322', '01,02', 'LENGTH (ft)'], ['323', '01,02', 'LENGTH (yd)'], ['324', '01,02', 'WIDTH (in)'],
  ['325', '01,02', 'WIDTH (ft)'], ['326', '01,02', 'WIDTH (yd)'], ['327', '01,02', 'HEIGHT (in)'],
  ['328', '01,02', 'HEIGHT (ft)'], ['329', '01,02', 'HEIGHT (yd)'], ['330', '00,01', 'GROSS WEIGHT (kg)'],
  ['331', '00,01', 'LENGTH (m), log'], ['332', '00,01', 'WIDTH (m), log'], ['333', '00,01', 'HEIGHT (m), log'],
  ['334', '00,01', 'AREA (m²), log'], ['335', '00,01', 'VOLUME (l), log'], ['336', '00,01', 'VOLUME (m³), log'],
  ['337', '01', 'KG PER m²'], ['340', '00,01', 'GROSS WEIGHT (lb)'], ['341', '00,01', 'LENGTH (in), log'],
  ['342', '00,01', 'LENGTH (ft), log'], ['343', '00,01', 'LENGTH (yd), log'], ['344', '00,01', 'WIDTH (in), log'],
  ['345', '00,01', 'WIDTH (ft), log'], ['346', '00,01', 'WIDTH (yd), log'], ['347', '00,01', 'HEIGHT (in), log'],
  ['348', '00,01', 'HEIGHT (ft), log'], ['349', '00,01', 'HEIGHT (yd), log'], ['350', '01,02', 'AREA (in²)'],
  ['351', '01,02', 'AREA (ft²)'], ['352', '01,02', 'AREA (yd²)'], ['353', '00,01', 'AREA (in²), log'],
  ['354', '00,01', 'AREA (ft²), log'], ['355', '00,01', 'AREA (yd²), log'], ['356', '01,02', 'NET WEIGHT (tr oz)'],
  ['357', '01,02', 'NET VOLUME (oz)'], ['360', '01,02', 'NET VOLUME (qt (US))'], ['361', '01,02', 'NET VOLUME (gal.)'],
  ['362', '00,01', 'VOLUME (qt (US)), log'], ['363', '00,01', 'VOLUME (gal (US)), log'],
  ['364', '01,02', 'NET VOLUME (in³)'], ['365', '01,02', 'NET VOLUME (ft³)'], ['366', '01,02', 'NET VOLUME (yd³)'],
  ['367', '00,01', 'VOLUME (in³), log'], ['368', '00,01', 'VOLUME (ft³), log'], ['369', '00,01', 'VOLUME (yd³), log'],
];

const REQ_TRADE = 'req=01,02,03,8006,8026';
const ISO_LIST = 'N3,iso3166 [N3],iso3166 [N3],iso3166 [N3],iso3166 [N3],iso3166';

const ROWS: readonly Row[] = [
  ['00', '*?', 'N18,csum,gcppos2', 'dlpkey', 'SSCC'],
  ['01', '*?', 'N14,csum,gcppos2', 'ex=255,37 dlpkey=22,10,21|235', 'GTIN'],
  ['02', '*?', 'N14,csum,gcppos2', 'ex=01,03 req=37', 'CONTENT'],
  ['03', '*', 'N14,csum,gcppos2', 'ex=01,02,37', 'MTO GTIN'],
  ['10', '?', 'X..20', REQ_TRADE, 'BATCH/LOT'],
  ['11', '*?', 'N6,yymmd0', REQ_TRADE, 'PROD DATE'],
  ['12', '*?', 'N6,yymmd0', 'req=8020', 'DUE DATE'],
  ['13', '*?', 'N6,yymmd0', REQ_TRADE, 'PACK DATE'],
  ['15', '*?', 'N6,yymmd0', REQ_TRADE, 'BEST BEFORE or BEST BY'],
  ['16', '*?', 'N6,yymmd0', REQ_TRADE, 'SELL BY'],
  ['17', '*?', 'N6,yymmd0', 'req=01,02,03,255,8006,8026', 'USE BY or EXPIRY'],
  ['20', '*?', 'N2', 'req=01,02,8006,8026', 'VARIANT'],
  ['21', '', 'X..20', 'req=01,03,8006 ex=235', 'SERIAL'],
  ['22', '', 'X..20', 'req=01', 'CPV'],
  ['235', '', 'X..28', 'req=01', 'TPX'],
  ['240', '?', 'X..30', 'req=01,02,8006,8026', 'ADDITIONAL ID'],
  ['241', '?', 'X..30', 'req=01,02,8006,8026', 'CUST. PART No.'],
  ['242', '?', 'N..6', 'req=01,02,8006,8026', 'MTO VARIANT'],
  ['243', '?', 'X..20', 'req=01', 'PCN'],
  ['250', '?', 'X..30', 'req=01,8006 req=21', 'SECONDARY SERIAL'],
  ['251', '?', 'X..30', 'req=01,8006', 'REF. TO SOURCE'],
  ['253', '?', 'N13,csum,gcppos1 [X..17]', 'dlpkey', 'GDTI'],
  ['254', '', 'X..20', 'req=414', 'GLN EXTENSION COMPONENT'],
  ['255', '?', 'N13,csum,gcppos1 [N..12]', 'dlpkey ex=01,02,415,8006,8020,8026', 'GCN'],
  ['30', '?', 'N..8', 'req=01,02', 'VAR. COUNT'],
  // 31nn-36nn trade and logistic measures are expanded from MEASURES below.
  ['37', '?', 'N..8', 'req=00 req=02,8026', 'COUNT'],
  ['3900-3909', '?', 'N..15', 'req=255,8020 ex=390n,391n,394n,8111', 'AMOUNT'],
  ['3910-3919', '?', 'N3,iso4217 N..15', 'req=8020 ex=391n', 'AMOUNT'],
  ['3920-3929', '?', 'N..15', 'req=01 req=30,31nn,32nn,35nn,36nn ex=392n,393n', 'PRICE'],
  ['3930-3939', '?', 'N3,iso4217 N..15', 'req=30,31nn,32nn,35nn,36nn ex=393n', 'PRICE'],
  ['3940-3943', '?', 'N4', 'req=255 ex=394n,8111', 'PRCNT OFF'],
  ['3950-3955', '?', 'N6', 'req=30,31nn,32nn,35nn,36nn ex=392n,393n,395n,8005', 'PRICE/UoM'],
  ['400', '?', 'X..30', '', 'ORDER NUMBER'],
  ['401', '?', 'X..30,gcppos1', 'dlpkey', 'GINC'],
  ['402', '?', 'N17,csum,gcppos1', 'dlpkey', 'GSIN'],
  ['403', '?', 'X..30', 'req=00', 'ROUTE'],
  ['410', '*?', 'N13,csum,gcppos1', '', 'SHIP TO LOC'],
  ['411', '*?', 'N13,csum,gcppos1', '', 'BILL TO'],
  ['412', '*?', 'N13,csum,gcppos1', '', 'PURCHASE FROM'],
  ['413', '*?', 'N13,csum,gcppos1', '', 'SHIP FOR LOC'],
  ['414', '*?', 'N13,csum,gcppos1', 'dlpkey=254|7040', 'LOC No.'],
  ['415', '*?', 'N13,csum,gcppos1', 'req=8020 dlpkey=8020', 'PAY TO'],
  ['416', '*?', 'N13,csum,gcppos1', '', 'PROD/SERV LOC'],
  ['417', '*?', 'N13,csum,gcppos1', 'dlpkey=7040', 'PARTY'],
  ['420', '?', 'X..20', 'ex=421', 'SHIP TO POST'],
  ['421', '?', 'N3,iso3166 X..9', 'ex=4307', 'SHIP TO POST'],
  ['422', '?', 'N3,iso3166', 'req=01,02,8006,8026 ex=426', 'ORIGIN'],
  ['423', '?', ISO_LIST, 'req=01,02 ex=426', 'COUNTRY - INITIAL PROCESS'],
  ['424', '?', 'N3,iso3166', 'req=01,02 ex=426', 'COUNTRY - PROCESS'],
  ['425', '?', ISO_LIST, 'req=01,02 ex=426', 'COUNTRY - DISASSEMBLY'],
  ['426', '?', 'N3,iso3166', 'req=01,02', 'COUNTRY - FULL PROCESS'],
  ['427', '?', 'X..3', 'req=01,02 req=422', 'ORIGIN SUBDIVISION'],
  ['4300', '?', 'X..35,pcenc', 'req=00', 'SHIP TO COMP'],
  ['4301', '?', 'X..35,pcenc', 'req=00', 'SHIP TO NAME'],
  ['4302', '?', 'X..70,pcenc', 'req=00', 'SHIP TO ADD1'],
  ['4303', '?', 'X..70,pcenc', 'req=4302', 'SHIP TO ADD2'],
  ['4304', '?', 'X..70,pcenc', 'req=00', 'SHIP TO SUB'],
  ['4305', '?', 'X..70,pcenc', 'req=00', 'SHIP TO LOC'],
  ['4306', '?', 'X..70,pcenc', 'req=00', 'SHIP TO REG'],
  ['4307', '?', 'X2,iso3166alpha2', 'req=00', 'SHIP TO COUNTRY'],
  ['4308', '?', 'X..30', 'req=00', 'SHIP TO PHONE'],
  ['4309', '?', 'N10,latitude N10,longitude', 'req=00', 'SHIP TO GEO'],
  ['4310', '?', 'X..35,pcenc', 'req=00', 'RTN TO COMP'],
  ['4311', '?', 'X..35,pcenc', 'req=00', 'RTN TO NAME'],
  ['4312', '?', 'X..70,pcenc', 'req=00', 'RTN TO ADD1'],
  ['4313', '?', 'X..70,pcenc', 'req=4312', 'RTN TO ADD2'],
  ['4314', '?', 'X..70,pcenc', 'req=00', 'RTN TO SUB'],
  ['4315', '?', 'X..70,pcenc', 'req=00', 'RTN TO LOC'],
  ['4316', '?', 'X..70,pcenc', 'req=00', 'RTN TO REG'],
  ['4317', '?', 'X2,iso3166alpha2', 'req=00', 'RTN TO COUNTRY'],
  ['4318', '?', 'X..20', 'req=00', 'RTN TO POST'],
  ['4319', '?', 'X..30', 'req=00', 'RTN TO PHONE'],
  ['4320', '?', 'X..35,pcenc', 'req=00', 'SRV DESCRIPTION'],
  ['4321', '?', 'N1,yesno', 'req=00', 'DANGEROUS GOODS'],
  ['4322', '?', 'N1,yesno', 'req=00', 'AUTH TO LEAVE'],
  ['4323', '?', 'N1,yesno', 'req=00', 'SIG REQUIRED'],
  ['4324', '?', 'N6,yymmd0 N4,hhmi', 'req=00', 'NOT BEF DEL DT'],
  ['4325', '?', 'N6,yymmd0 N4,hhmi', 'req=00', 'NOT AFT DEL DT'],
  ['4326', '?', 'N6,yymmdd', 'req=00', 'REL DATE'],
  ['4330', '?', 'N6 [X1],hyphen', 'req=00 ex=4331', 'MAX TEMP F.'],
  ['4331', '?', 'N6 [X1],hyphen', 'req=00 ex=4330', 'MAX TEMP C.'],
  ['4332', '?', 'N6 [X1],hyphen', 'req=00 ex=4333', 'MIN TEMP F.'],
  ['4333', '?', 'N6 [X1],hyphen', 'req=00 ex=4332', 'MIN TEMP C.'],
  ['7001', '?', 'N13', 'req=01,02,8006,8026', 'NSN'],
  ['7002', '?', 'X..30', 'req=01,02', 'MEAT CUT'],
  ['7003', '?', 'N6,yymmdd N4,hhmi', 'req=01,02', 'EXPIRY TIME'],
  ['7004', '?', 'N..4', 'req=01+10', 'ACTIVE POTENCY'],
  ['7005', '?', 'X..12', 'req=01,02', 'CATCH AREA'],
  ['7006', '?', 'N6,yymmdd', 'req=01,02', 'FIRST FREEZE DATE'],
  ['7007', '?', 'N6,yymmdd [N6],yymmdd', 'req=01,02', 'HARVEST DATE'],
  ['7008', '?', 'X..3', 'req=01,02', 'AQUATIC SPECIES'],
  ['7009', '?', 'X..10', 'req=01,02', 'FISHING GEAR TYPE'],
  ['7010', '?', 'X..2', 'req=01,02', 'PROD METHOD'],
  ['7011', '?', 'N6,yymmdd [N4],hhmi', 'req=01,02', 'TEST BY DATE'],
  ['7020', '?', 'X..20', 'req=01,8006 req=416', 'REFURB LOT'],
  ['7021', '?', 'X..20', 'req=01,8006', 'FUNC STAT'],
  ['7022', '?', 'X..20', 'req=7021', 'REV STAT'],
  ['7023', '?', 'X..30,gcppos1', '', 'GIAI - ASSEMBLY'],
  ['7030-7039', '?', 'N3,iso3166999 X..27', 'req=01,02', 'PROCESSOR # n'],
  ['7040', '', 'N1 X1 X1 X1,importeridx', '', 'UIC+EXT'],
  ['7041', '', 'X..4,packagetype', 'req=00', 'UFRGT UNIT TYPE'],
  ['710', '?', 'X..20', 'req=01', 'NHRN PZN'],
  ['711', '?', 'X..20', 'req=01', 'NHRN CIP'],
  ['712', '?', 'X..20', 'req=01', 'NHRN CN'],
  ['713', '?', 'X..20', 'req=01', 'NHRN DRN'],
  ['714', '?', 'X..20', 'req=01', 'NHRN AIM'],
  ['715', '?', 'X..20', 'req=01', 'NHRN NDC'],
  ['716', '?', 'X..20', 'req=01', 'NHRN AIC'],
  ['717', '?', 'X..20', 'req=01', 'NHRN SRN'],
  ['7230-7239', '?', 'X2 X..28', 'req=01,8004', 'CERT # n'],
  ['7240', '?', 'X..20', 'req=01,8006', 'PROTOCOL'],
  ['7241', '?', 'N2,mediatype', 'req=8017,8018', 'AIDC MEDIA TYPE'],
  ['7242', '?', 'X..25', 'req=8017,8018', 'VCN'],
  ['7250', '?', 'N8,yyyymmdd', 'req=8018 ex=7251', 'DOB'],
  ['7251', '?', 'N8,yyyymmdd N4,hhmi', 'req=8018 ex=7250', 'DOB TIME'],
  ['7252', '?', 'N1,iso5218', 'req=8018', 'BIO SEX'],
  ['7253', '?', 'X..40,pcenc', 'req=8017,8018 ex=7256,7259', 'FAMILY NAME'],
  ['7254', '?', 'X..40,pcenc', 'req=8017,8018 ex=7256,7259', 'GIVEN NAME'],
  ['7255', '?', 'X..10', 'req=8017,8018 ex=7256,7259', 'SUFFIX'],
  ['7256', '?', 'X..90,pcenc', 'req=8017,8018', 'FULL NAME'],
  ['7257', '?', 'X..70,pcenc', 'req=8018', 'PERSON ADDR'],
  ['7258', '?', 'X3,posinseqslash', 'req=8018+7259', 'BIRTH SEQUENCE'],
  ['7259', '?', 'X..40,pcenc', 'req=8018 ex=7256', 'BABY'],
  ['8001', '?', 'N4,nonzero N5,nonzero N3,nonzero N1,winding N1', 'req=01', 'DIMENSIONS'],
  ['8002', '?', 'X..20', '', 'CMT No.'],
  ['8003', '?', 'N1,zero N13,csum,gcppos1 [X..16]', 'dlpkey', 'GRAI'],
  ['8004', '?', 'X..30,gcppos1', 'dlpkey=7040', 'GIAI'],
  ['8005', '?', 'N6', 'req=01,02', 'PRICE PER UNIT'],
  ['8006', '?', 'N14,csum,gcppos2 N4,pieceoftotal', 'ex=01,37 dlpkey=22,10,21', 'ITIP'],
  ['8007', '?', 'X..34,iban', 'req=415', 'IBAN'],
  ['8008', '?', 'N6,yymmdd N2,hh [N2],mi [N2],ss', 'req=01,02', 'PROD TIME'],
  ['8009', '?', 'X..50', 'req=00,01', 'OPTSEN'],
  ['8010', '?', 'Y..30,gcppos1', 'dlpkey=8011', 'CPID'],
  ['8011', '', 'N..12,nozeroprefix', 'req=8010', 'CPID SERIAL'],
  ['8012', '?', 'X..20', 'req=01,8006', 'VERSION'],
  ['8013', '?', 'X..25,csumalpha,gcppos1', 'dlpkey', 'GMN'],
  ['8014', '', 'X..25,csumalpha,gcppos1,hasnondigit', 'req=01', 'MUDI'],
  ['8017', '?', 'N18,csum,gcppos1', 'ex=8018 dlpkey=8019', 'GSRN - PROVIDER'],
  ['8018', '?', 'N18,csum,gcppos1', 'ex=8017 dlpkey=8019', 'GSRN - RECIPIENT'],
  ['8019', '', 'N..10', 'req=8017,8018', 'SRIN'],
  ['8020', '', 'X..25', 'req=415', 'REF No.'],
  ['8026', '?', 'N14,csum,gcppos2 N4,pieceoftotal', 'req=37 ex=02,8006', 'ITIP CONTENT'],
  ['8030', '?', 'Z..90', 'req=00,01+21,253,255,8003,8004,8006+21,8010+8011,8017,8018', 'DIGSIG'],
  ['8040', '', 'N15', 'req=01+21', 'IMEI'],
  ['8041', '', 'N15', 'req=01+21+8040', 'IMEI2'],
  ['8042', '', 'N32', 'req=01+21+8040', 'ESIM'],
  ['8043', '', 'N18 [N..2]', 'req=01+21+8040', 'PSIM'],
  ['8110', '?', 'X..70,couponcode', '', 'COUPON'],
  ['8111', '?', 'N4', 'req=255', 'POINTS'],
  ['8112', '?', 'X..70,couponposoffer', '', 'COUPON (POS)'],
  ['8200', '', 'X..70', 'req=01', 'PRODUCT URL'],
  ['90', '?', 'X..30', '', 'INTERNAL'],
  ['91-99', '?', 'X..90', '', 'INTERNAL'],
];

function parseComponent(text: string): Gs1Component {
  const [typePart = '', ...linters] = text.split(',');
  const optional = typePart.startsWith('[');
  const m = /^\[?([NXYZ])(\.\.)?(\d+)\]?$/.exec(typePart);
  if (!m) throw new Error(`bad AI component ${text}`);
  const max = Number(m[3]);
  return {
    cset: m[1] as Gs1Component['cset'],
    minLength: m[2] ? 1 : max,
    maxLength: max,
    optional,
    linters,
  };
}

function expandRange(spec: string): string[] {
  const [lo, hi] = spec.split('-');
  if (hi === undefined) return [spec];
  const out: string[] = [];
  for (let n = Number(lo); n <= Number(hi); n++) out.push(String(n).padStart(lo!.length, '0'));
  return out;
}

function buildRows(): Row[] {
  const rows: Row[] = [];
  for (const row of ROWS) {
    rows.push(row);
    // The 31nn-36nn measures sit between AI 30 and AI 37 in the GenSpecs table.
    if (row[0] === '30') {
      for (const [p, req, title] of MEASURES) rows.push([`${p}0-${p}5`, '*?', 'N6', `req=${req} ex=${p}n`, title]);
    }
  }
  return rows;
}

function buildTable(): ReadonlyMap<string, Gs1AiDefinition> {
  const table = new Map<string, Gs1AiDefinition>();
  for (const [range, flags, format, attrs, title] of buildRows()) {
    const components = format.split(/\s+/).map(parseComponent);
    const requires: string[][][] = [];
    const excludes: string[] = [];
    let dlPrimaryKey: string[][] | undefined;
    for (const attr of attrs.split(/\s+/).filter(Boolean)) {
      const [key, value] = attr.split('=');
      if (key === 'req') requires.push(value!.split(',').map((alt) => alt.split('+')));
      else if (key === 'ex') excludes.push(...value!.split(','));
      else if (key === 'dlpkey') dlPrimaryKey = value === undefined ? [] : value.split('|').map((p) => p.split(','));
    }
    const minLength = components.filter((c) => !c.optional).reduce((s, c) => s + c.minLength, 0);
    const maxLength = components.reduce((s, c) => s + c.maxLength, 0);
    for (const ai of expandRange(range)) {
      table.set(ai, {
        ai,
        predefinedLength: flags.includes('*'),
        dlDataAttribute: flags.includes('?'),
        components,
        requires,
        excludes,
        ...(dlPrimaryKey === undefined ? {} : { dlPrimaryKey }),
        // Numbered ranges: PROCESSOR # 0-9 (7030-7039), CERT # 1-10 (7230-7239).
        title: title.replace(' n', ` ${Number(ai.slice(-1)) + (ai.startsWith('723') ? 1 : 0)}`),
        minLength,
        maxLength,
        format,
      });
    }
  }
  return table;
}

/** Every AI of the GS1 General Specifications, keyed by AI (ranges expanded). */
export const GS1_AI_TABLE: ReadonlyMap<string, Gs1AiDefinition> = buildTable();

/**
 * Predefined-length prefixes (GenSpecs Figure 7.8.5-2): the first two digits of an
 * AI fix its total length even for AIs not yet allocated, so a parser can skip an
 * unknown AI in these ranges without an FNC1 separator.
 */
export const GS1_PREDEFINED_LENGTH_BY_PREFIX: ReadonlyMap<string, number> = new Map([
  ['00', 20], ['01', 16], ['02', 16], ['03', 16], ['04', 18], ['11', 8], ['12', 8], ['13', 8], ['14', 8],
  ['15', 8], ['16', 8], ['17', 8], ['18', 8], ['19', 8], ['20', 4], ['31', 10], ['32', 10], ['33', 10],
  ['34', 10], ['35', 10], ['36', 10], ['41', 16],
]);

/** Looks up an AI definition. */
export function getGs1Ai(ai: string): Gs1AiDefinition | undefined {
  return GS1_AI_TABLE.get(ai);
}

/**
 * Finds the AI at the start of `data` (AIs are prefix-free: 2, 3 or 4 digits).
 * Returns undefined when no known AI starts the string.
 */
export function matchGs1AiPrefix(data: string): Gs1AiDefinition | undefined {
  for (let len = 2; len <= 4; len++) {
    const def = GS1_AI_TABLE.get(data.slice(0, len));
    if (def) return def;
  }
  return undefined;
}

/** The read-contract field an AI fills (DESIGN.md field table). */
export const GS1_AI_FIELDS: Readonly<Record<string, FieldName>> = {
  '00': 'sscc', '01': 'gtin', '10': 'lot', '21': 'serial', '240': 'partNumber', '241': 'partNumber',
  '11': 'productionDate', '17': 'expiryDate', '15': 'expiryDate', '30': 'quantity', '37': 'quantity',
};
