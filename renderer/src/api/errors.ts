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
