/** Typed errors of the WCS module: callers map `code` onto their own error values. */
export type WcsErrorCode = 'BAD_WCS' | 'NO_WCS';

export class WcsError extends Error {
  readonly code: WcsErrorCode;
  constructor(code: WcsErrorCode, message: string) {
    super(message);
    this.name = 'WcsError';
    this.code = code;
  }
}
