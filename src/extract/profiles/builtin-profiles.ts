/**
 * Built-in label profiles, as plain data: they pass through the same zod
 * validation as a user's JSON/YAML profile (see `../label-profile.ts`).
 */

/** Raw data of the built-in profiles, by name. */
export const BUILTIN_PROFILE_DATA: Readonly<Record<string, unknown>> = {
  /** Used when no profile is given: every field, built-in keys, GS1 check digits. */
  default: {
    name: 'default',
    description: 'Every field with the built-in keys; GTIN and SSCC with GS1 mod-10 check digits.',
    fields: {
      gtin: { grammar: { charClass: 'digits', checkDigit: 'gs1-mod10' } },
      lot: {},
      serial: {},
      partNumber: {},
      productionDate: {},
      expiryDate: {},
      quantity: { grammar: { charClass: 'digits' } },
      supplier: {},
      sscc: { grammar: { charClass: 'digits', length: 18, checkDigit: 'gs1-mod10' } },
    },
  },
  /** GS1 logistic label (GS1 Logistic Label Guideline; GS1 General Specifications §6.6). */
  'gs1-logistics': {
    name: 'gs1-logistics',
    description: 'GS1 logistic label: SSCC, content GTIN, count, batch, dates (dd.mm.yy in European print).',
    fields: {
      sscc: { required: true, keys: ['SSCC (00)', 'Serial Shipping Container Code'], grammar: { charClass: 'digits', length: 18, checkDigit: 'gs1-mod10' } },
      gtin: { keys: ['CONTENT', 'Content GTIN'], grammar: { charClass: 'digits', checkDigit: 'gs1-mod10' } },
      quantity: { keys: ['COUNT', 'Count'], grammar: { charClass: 'digits' } },
      lot: { keys: ['BATCH/LOT'] },
      productionDate: { keys: ['PROD. DATE'], date: { dayFirst: true } },
      expiryDate: { keys: ['BEST BEFORE', 'USE BY', 'SELL BY'], date: { dayFirst: true } },
      serial: {},
      supplier: {},
    },
  },
  /** UDI medical device label (EU MDR Art. 27, FDA 21 CFR 801.20; symbols per ISO 15223-1). */
  'udi-medical': {
    name: 'udi-medical',
    description: 'UDI medical device label: UDI-DI (GTIN) required, REF, LOT, SN, dates in ISO 8601 (ISO 15223-1 recommends YYYY-MM-DD).',
    fields: {
      gtin: { required: true, keys: ['UDI-DI', 'DI'], grammar: { charClass: 'digits', checkDigit: 'gs1-mod10' } },
      partNumber: { keys: ['Catalogue No.', 'Catalog No.'] },
      lot: {},
      serial: {},
      expiryDate: {},
      productionDate: {},
      quantity: { grammar: { charClass: 'digits' } },
      supplier: {},
    },
  },
  /** Electronic component reel label (ECIA EIGP 114): date codes are YYWW. */
  'ecia-reel': {
    name: 'ecia-reel',
    description: 'Component reel/bag label (ECIA EIGP 114): MPN, CPN, QTY, LOT CODE, D/C as YYWW.',
    fields: {
      partNumber: { keys: ['MPN', 'MFR P/N', 'MFG P/N', 'Mfr Part', 'CPN', 'Customer P/N', '1P'] },
      quantity: { keys: ['Q'], grammar: { charClass: 'digits' } },
      lot: { keys: ['LOT CODE', 'L/C', '1T'] },
      productionDate: { keys: ['D/C', 'DC', 'Date Code', '9D', '10D'], date: { digitFormats: ['YYWW'] } },
      supplier: { keys: ['MFG'] },
      serial: {},
      gtin: { grammar: { charClass: 'digits', checkDigit: 'gs1-mod10' } },
    },
  },
  /** Machine nameplate (EN 60204-1 §16.4 / Machinery Directive marking): serial, type/order number, year. */
  'generic-nameplate': {
    name: 'generic-nameplate',
    description: 'Machine or device nameplate: serial, order/part number, production date, manufacturer; European dates. `Type` is not a part key: it names the model.',
    fields: {
      serial: { keys: ['Masch.-Nr.', 'Machine No.'] },
      partNumber: { keys: ['Order No.', 'Bestell-Nr.', 'Best.-Nr.', 'Model No.'] },
      // A year alone ("Baujahr 2024") has no form in the output contract, so it is not a key here.
      productionDate: { date: { dayFirst: true } },
      supplier: {},
      lot: {},
    },
  },
};
