/** Typed errors of the image sources. Callers switch on `code`, never on the message. */
export type SourceErrorCode =
  | 'NOT_FOUND' // the frame / object / source does not exist
  | 'PATH_OUTSIDE_ROOT' // a path resolves outside the folder root ('..' or a symlink pointing out)
  | 'BAD_CONFIG' // a source configuration is invalid
  | 'INTEGRITY' // a download's length or MD5 does not match the object
  | 'ABORTED' // the caller gave up (signal) or the manager stopped
  | 'DOWNLOAD_FAILED' // the download failed after its retries
  | 'S3_ERROR'; // the S3 server refused a request

export class SourceError extends Error {
  readonly code: SourceErrorCode;
  readonly details?: Record<string, unknown>;

  constructor(code: SourceErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'SourceError';
    this.code = code;
    this.details = details;
  }

  toJSON(): { code: SourceErrorCode; message: string; details?: Record<string, unknown> } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

export function isSourceError(err: unknown): err is SourceError {
  return err instanceof SourceError;
}

/** A short, log-safe description of any thrown value. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

export function abortError(message = 'the operation was aborted'): SourceError {
  return new SourceError('ABORTED', message);
}
