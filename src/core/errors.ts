/**
 * The one registry of error codes thrown by traceocr, and the one error class.
 *
 * Faults of the system or of the call (model missing, image undecodable, bad
 * arguments, database down) are thrown as {@link TraceocrError}. Defects in what
 * was *read* (check digit wrong, impossible date, low confidence) are never
 * thrown: they are `checks` on the result.
 *
 * Every code is documented in `docs/errors.md` (kept in sync by
 * `src/core/errors.test.ts`).
 */

/** Definition of one error code: default message, HTTP status, whether a retry may help. */
export interface ErrorCodeDefinition {
  readonly status: number;
  readonly retryable: boolean;
  readonly message: string;
}

/** Every error code traceocr throws. Add new codes here and in docs/errors.md. */
export const ERROR_CODES = {
  // --- input files / images
  FILE_NOT_FOUND: { status: 404, retryable: false, message: 'File not found' },
  FILE_UNREADABLE: { status: 400, retryable: false, message: 'File cannot be read' },
  FILE_EMPTY: { status: 400, retryable: false, message: 'File is empty' },
  IMAGE_UNSUPPORTED_FORMAT: { status: 415, retryable: false, message: 'Not a supported image format (PNG, JPEG, TIFF, BMP, WebP)' },
  IMAGE_DECODE_FAILED: { status: 422, retryable: false, message: 'Image data is corrupt or truncated' },
  IMAGE_TOO_LARGE: { status: 413, retryable: false, message: 'Image exceeds the pixel limit' },
  IMAGE_TOO_SMALL: { status: 422, retryable: false, message: 'Image is too small to hold a readable label' },
  // --- models / engines
  MODEL_NOT_FOUND: { status: 500, retryable: false, message: 'OCR model file not found' },
  MODEL_LOAD_FAILED: { status: 500, retryable: false, message: 'OCR model could not be loaded' },
  OCR_INFERENCE_FAILED: { status: 500, retryable: true, message: 'OCR inference failed' },
  BARCODE_ENGINE_FAILED: { status: 500, retryable: true, message: 'Barcode engine failed' },
  // --- usage / config
  USAGE: { status: 400, retryable: false, message: 'Invalid command-line usage' },
  CONFIG_INVALID: { status: 400, retryable: false, message: 'Configuration is invalid' },
  PROFILE_NOT_FOUND: { status: 400, retryable: false, message: 'Label profile not found' },
  PROFILE_INVALID: { status: 400, retryable: false, message: 'Label profile is invalid' },
  INPUT_INVALID: { status: 400, retryable: false, message: 'Input is invalid' },
  // --- store
  STORE_UNAVAILABLE: { status: 503, retryable: true, message: 'Record store is unavailable' },
  STORE_URL_INVALID: { status: 400, retryable: false, message: 'Store location is not a file path or postgres:// URL' },
  STORE_MIGRATION_FAILED: { status: 500, retryable: false, message: 'Store schema migration failed' },
  STORE_CONFLICT: { status: 409, retryable: false, message: 'Record conflicts with an existing one' },
  NOT_FOUND: { status: 404, retryable: false, message: 'Not found' },
  AUDIT_CHAIN_BROKEN: { status: 500, retryable: false, message: 'Audit hash chain does not verify' },
  IMPORT_ROW_INVALID: { status: 400, retryable: false, message: 'Import row is invalid' },
  // --- service (src/integrate)
  AUTH_REQUIRED: { status: 401, retryable: false, message: 'An API key is required' },
  AUTH_FORBIDDEN: { status: 403, retryable: false, message: 'The API key\'s role may not do this' },
  RATE_LIMITED: { status: 429, retryable: true, message: 'Too many requests for this API key' },
  PAYLOAD_TOO_LARGE: { status: 413, retryable: false, message: 'Request body exceeds the configured limit' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, retryable: false, message: 'Request content type is not accepted here' },
  EPCIS_INVALID: { status: 400, retryable: false, message: 'EPCIS document is invalid' },
  DELIVERY_FAILED: { status: 502, retryable: true, message: 'Outbound delivery (webhook, MQTT) failed' },
  INTERNAL: { status: 500, retryable: false, message: 'Internal error' },
} as const satisfies Record<string, ErrorCodeDefinition>;

/** A code from {@link ERROR_CODES}. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** Prefix used when an error code is shown with its namespace (logs, HTTP). */
export const ERROR_CODE_PREFIX = 'TRACEOCR_E_';

/**
 * The one error class of traceocr: a stable `code`, HTTP `status`, `retryable`, and the `cause`.
 *
 * @example
 * throw new TraceocrError('IMAGE_DECODE_FAILED', `cannot decode ${file}`, { cause: err });
 */
export class TraceocrError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly retryable: boolean;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ErrorCode, message?: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    const def = ERROR_CODES[code];
    super(message ?? def.message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TraceocrError';
    this.code = code;
    this.status = def.status;
    this.retryable = def.retryable;
    this.details = options?.details;
  }

  /** `{code, message}` as the CLI and API print it. */
  toJSON(): { code: ErrorCode; message: string } {
    return { code: this.code, message: this.message };
  }
}

/** Is this a {@link TraceocrError} (optionally with the given code)? */
export function isTraceocrError(err: unknown, code?: ErrorCode): err is TraceocrError {
  return err instanceof TraceocrError && (code === undefined || err.code === code);
}

/** Wraps any thrown value as a {@link TraceocrError}, keeping the original as `cause`. */
export function toTraceocrError(err: unknown, fallback: ErrorCode = 'INTERNAL'): TraceocrError {
  if (err instanceof TraceocrError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new TraceocrError(fallback, message, { cause: err });
}
