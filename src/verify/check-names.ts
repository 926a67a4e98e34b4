/**
 * Names of the checks that extraction and verification put on a read.
 * A check is data about what was read, never an exception (DESIGN.md).
 *
 * | name | field | ok | meaning |
 * |---|---|---|---|
 * | `gtin-check-digit` | gtin | true / false | GS1 mod-10 check digit (GS1 General Specifications §7.9.1) holds; `message` says "repaired position N: a→b (p …)" when a close alternative character was chosen over the top-1 reading. `false`: no close reading has a valid check digit; the field is left out (`field-unreadable`). |
 * | `sscc-check-digit` | sscc | true / false | as above for the 18-digit SSCC. |
 * | `grammar-repair` | any | true | the chosen value (or the key in front of it) differs from the recogniser's top-1 string: a position decided by the grammar or the class prior, a key letter taken from the alternatives, separator noise dropped before a date; `message` says which. |
 * | `grammar-mismatch` | any | false | no reading close to the top-1 satisfies the field's grammar (class, length, profile pattern); the field is `low-confidence` with the top-1 text. |
 * | `date-valid` | date fields | true / false | the printed date is a real date; `false` gives the reason (day 32, month 13, week 54, 30 Feb) and the field is left out (`field-unreadable`). |
 * | `date-plausible` | date fields | false | the date is real but its year is far from the reference year (more than {@link PLAUSIBLE_YEARS_BEFORE} before or {@link PLAUSIBLE_YEARS_AFTER} after): a misread year such as `2829`; the field is `low-confidence`. |
 * | `date-ambiguous` | date fields | false | the date reads both day-first and month-first (or as several digit orders); the field is `ambiguous`, its value the first reading, `message` lists all. |
 * | `field-unreadable` | any | false | a key for the field was found but its value could not be read in contract form (a date that is not a real date, a GTIN/SSCC without a valid check digit after repair, a quantity that is not digits); the field is left out of `fields` and `message` quotes the printed line (`raw "EXP 150C28"`) and what was read. |
 * | `field-conflict` | any | false | two printed readings of the field disagree; the more confident one is kept. |
 * | `field-required` | any | false | the profile requires the field and it was not found. |
 * | `text-code-agree` | any | true | the printed value equals the barcode's (`source: 'both'`). |
 * | `text-code-mismatch` | any | false | printed and barcode values differ; the code's value is kept (`source: 'code'`). |
 * | `date-order` | expiryDate | true / false | both dates were read: `true` when the expiry date is not before the production date (compared at the precision both have: a day and a month as months, a day and a week as ISO weeks, a week and a month by the week's Thursday); `false` says one of them is misread, and both values stay as read. |
 * | `expected-value` | any | true / false | the value equals the expected one (work order); `false` when it differs or is missing. |
 */
export const CHECK = {
  gtinCheckDigit: 'gtin-check-digit',
  ssccCheckDigit: 'sscc-check-digit',
  grammarRepair: 'grammar-repair',
  grammarMismatch: 'grammar-mismatch',
  dateValid: 'date-valid',
  datePlausible: 'date-plausible',
  dateAmbiguous: 'date-ambiguous',
  fieldConflict: 'field-conflict',
  fieldUnreadable: 'field-unreadable',
  fieldRequired: 'field-required',
  textCodeAgree: 'text-code-agree',
  textCodeMismatch: 'text-code-mismatch',
  expectedValue: 'expected-value',
  dateOrder: 'date-order',
} as const;

/** Years before the reference year a printed date may lie (old machines' nameplates). */
export const PLAUSIBLE_YEARS_BEFORE = 60;
/** Years after the reference year a printed date may lie (long shelf lives, calibration due dates). */
export const PLAUSIBLE_YEARS_AFTER = 40;

/** A check name defined by extraction or verification. */
export type CheckName = (typeof CHECK)[keyof typeof CHECK];
