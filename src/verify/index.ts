/**
 * Verification stage: text vs code cross-check, expectations (work order) and
 * the names of the checks put on a read.
 */
export { CHECK, PLAUSIBLE_YEARS_AFTER, PLAUSIBLE_YEARS_BEFORE } from './check-names.js';
export type { CheckName } from './check-names.js';
export { crossCheckFields, valuesAgree } from './cross-check.js';
export type { CrossCheckResult } from './cross-check.js';
export { verifyExpectations } from './expectations.js';
export { checkDateOrder } from './date-order.js';
