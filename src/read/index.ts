export { createReader } from './reader.js';
export type { Reader, ReaderOptions } from './reader.js';
export { MODEL_VERSION } from './model-version.js';
