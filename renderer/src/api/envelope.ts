/**
 * The contract's response envelope: `{ ok: true, result } | { ok: false, error: { code, message, details? } }`.
 * Unwraps it or throws an ApiError; anything else is a BAD_RESPONSE.
 */
import { ApiError, CLIENT_ERROR } from './errors';

export function unwrapEnvelope<T>(raw: unknown, operation: string): T {
  if (raw && typeof raw === 'object' && 'ok' in raw) {
    const env = raw as { ok: unknown; result?: unknown; error?: unknown };
    if (env.ok === true) return env.result as T;
    if (env.ok === false && env.error && typeof env.error === 'object') {
      const e = env.error as { code?: unknown; message?: unknown; details?: unknown };
      const code = typeof e.code === 'string' && e.code ? e.code : 'ERROR';
      const message = typeof e.message === 'string' && e.message ? e.message : `${operation} failed`;
      throw new ApiError(code, message, e.details);
    }
  }
  throw new ApiError(CLIENT_ERROR.badResponse, `${operation}: the host answered something that is not an API response`);
}
