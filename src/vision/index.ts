/**
 * Vision stage: decoding, quality figures, enhancement before OCR
 * (background flattening, contrast, dot-matrix merging).
 */
export { decodeImage, toGray } from './decode-image.js';
export type { DecodeImageOptions } from './decode-image.js';
export { decodeBmp } from './bmp.js';
export { measureQuality } from './measure-quality.js';
export type { QualityMeasures } from './measure-quality.js';
export { flattenBackground } from './flatten-background.js';
export type { FlattenBackgroundResult } from './flatten-background.js';
export { detectDotMatrix, mergeDots, mergeDotsClosing } from './dot-matrix.js';
export type { DotMatrixDetection, DetectDotMatrixOptions, MergeDotsOptions } from './dot-matrix.js';
export { enhanceForOcr, median3 } from './enhance-for-ocr.js';
export type { EnhanceForOcrOptions, EnhanceForOcrResult } from './enhance-for-ocr.js';
export { estimateSkewAngle } from './estimate-skew-angle.js';
export type { SkewEstimate } from './estimate-skew-angle.js';
export { deskewForText } from './deskew.js';
export type { DeskewedPage, DeskewOptions } from './deskew.js';
