/**
 * Typed errors of the host and their mapping to the contract's ApiError and to HTTP
 * statuses. Any error with a string `code` (FitsError, AnalysisError, PoolError, source
 * and store errors) keeps its code; anything else becomes INTERNAL with no stack.
 */
import type { ApiError } from './api.js';

export class HostError extends Error {
  readonly code: string;
  readonly details?: unknown;
  constructor(code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'HostError';
    this.code = code;
    this.details = details;
  }
}

/** Codes that mean "the client asked for something wrong" (HTTP 400). */
const CLIENT_ERROR_CODES = new Set([
  'BAD_REQUEST',
  'BAD_REGION',
  'BAD_ARGUMENT',
  'EMPTY_DATA',
  'INVALID_FPLANE',
  'INVALID_SOURCES',
  'BAD_REGION_FILE',
  'NO_WCS',
  'PATH_OUTSIDE_ROOT',
  'USAGE',
  // FITS core: the file the client pointed at is not a readable image
  'NOT_FITS',
  'TRUNCATED',
  'BAD_HEADER',
  'BAD_VALUE',
  'UNSUPPORTED_COMPRESSION',
  'UNSUPPORTED',
  'NO_IMAGE',
  'BAD_HDU',
  'CORRUPT_DATA',
]);

const STATUS_BY_CODE: Record<string, number> = {
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  METHOD_NOT_ALLOWED: 405,
  UNAVAILABLE: 503,
  TOO_LARGE: 413,
  PAYLOAD_TOO_LARGE: 413,
  SAMP_DISABLED: 403,
  SAMP_NOT_CONNECTED: 409,
  SAMP_HUB_ERROR: 502,
  HUB_TIMEOUT: 504,
};

export function httpStatusFor(code: string): number {
  if (CLIENT_ERROR_CODES.has(code)) return 400;
  return STATUS_BY_CODE[code] ?? 500;
}

function codeOf(err: unknown): string | null {
  if (err && typeof err === 'object' && 'code' in err) {
    const code = (err as { code: unknown }).code;
    // Node's own codes (ENOENT, ERR_...) carry paths and internals: they are not API errors.
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]*$/.test(code) && !/^E[A-Z]+$/.test(code) && !code.startsWith('ERR_')) {
      return code;
    }
  }
  return null;
}

/** Extra, safe-to-show details some errors carry (fplane problems, zod issues). */
function detailsOf(err: unknown): unknown {
  if (err instanceof HostError) return err.details;
  if (err && typeof err === 'object') {
    const e = err as { problems?: unknown; details?: unknown };
    if (Array.isArray(e.problems)) return { problems: e.problems };
    if (e.details !== undefined && typeof e.details !== 'function') return e.details;
  }
  return undefined;
}

/**
 * The ApiError a client sees. Unknown failures (no code, or Node's own codes like ENOENT)
 * become INTERNAL with a neutral message: no stack, no paths.
 */
export function toApiError(err: unknown): ApiError {
  const code = codeOf(err);
  if (code) {
    const message = err instanceof Error ? err.message : String((err as { message?: unknown }).message ?? code);
    const details = detailsOf(err);
    return details === undefined ? { code, message } : { code, message, details };
  }
  return { code: 'INTERNAL', message: 'internal error (see the host log)' };
}

/** True for failures worth logging at error level (not the client's fault). */
export function isInternal(apiError: ApiError): boolean {
  return httpStatusFor(apiError.code) >= 500;
}
