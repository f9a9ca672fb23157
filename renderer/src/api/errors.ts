/** A typed error from the host (or from reaching it), shown by the UI with its code. */
export class ApiError extends Error {
  readonly code: string;
  readonly details: unknown;
  constructor(code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.details = details;
  }
}

/** Codes the client itself produces (the host's own codes come from the contract). */
export const CLIENT_ERROR = {
  /** The host could not be reached (network down, server stopped). */
  offline: 'OFFLINE',
  /** The host answered something that is not a contract envelope. */
  badResponse: 'BAD_RESPONSE',
} as const;

/** Per-field messages from a validation error's details, when the host gave them. */
export function fieldErrors(err: unknown): Record<string, string> {
  if (!(err instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  const details = err.details as unknown;
  const collect = (path: unknown, message: unknown): void => {
    const key = Array.isArray(path) ? path.map(String).join('.') : typeof path === 'string' ? path : '';
    if (key && typeof message === 'string' && !(key in out)) out[key] = message;
  };
  if (details && typeof details === 'object') {
    const d = details as Record<string, unknown>;
    const issues = Array.isArray(d.issues) ? d.issues : Array.isArray(details) ? (details as unknown[]) : null;
    if (issues) {
      for (const issue of issues) {
        if (issue && typeof issue === 'object') {
          const i = issue as Record<string, unknown>;
          collect(i.path ?? i.field, i.message);
        }
      }
    }
    if (d.fields && typeof d.fields === 'object') {
      for (const [k, v] of Object.entries(d.fields as Record<string, unknown>)) {
        collect(k, Array.isArray(v) ? v.join('; ') : v);
      }
    }
    if (typeof d.field === 'string') collect(d.field, err.message);
  }
  return out;
}
