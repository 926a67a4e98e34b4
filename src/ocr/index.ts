/**
 * OCR stage: PP-OCRv4 text detection, page orientation, batched recognition
 * and charset-masked CTC decoding with per-character alternatives, around raw
 * ONNX Runtime sessions.
 */
export { createTextReader, defaultModelDir } from './text-reader.js';
export type { TextReader, TextReaderOptions, TextReadResult } from './text-reader.js';
export { DEFAULT_ALLOWED_CHARS, createCharsetMask, parseDictionary } from './charset.js';
export type { CharsetMask } from './charset.js';
export { decodeCtc } from './ctc-decode.js';
export type { DecodeCtcOptions, DecodeCtcResult } from './ctc-decode.js';
export { detectText, postprocessDb } from './detect-text.js';
export type { DetectTextOptions, DetectTextResult, DetectedText } from './detect-text.js';
export { recognizeLines, REC_HEIGHT_PX } from './recognize-lines.js';
export type { RecognizeLinesOptions } from './recognize-lines.js';
export { cropLine, rotateCrop180 } from './crop-line.js';
export type { LineCrop } from './crop-line.js';
export { minAreaRect, convexHull } from './geometry.js';
export type { RotatedRect, Vec } from './geometry.js';
export { harmonizeCase } from './harmonize-case.js';
export { tidyDotMatrixLine } from './tidy-dot-matrix-line.js';
export type { TidyDotMatrixLineOptions } from './tidy-dot-matrix-line.js';
export { fuseReadings } from './fuse-readings.js';
export { splitStackedLines } from './split-stacked-lines.js';
export type { LineQuad, SplitStackedLinesOptions } from './split-stacked-lines.js';
