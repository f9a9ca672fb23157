/** Turns S3 / network failures into a short code and a reason an observer can act on. */

export interface ReadableError {
  code: string;
  message: string;
  /** Credentials or permissions: retrying will not help until someone changes something. */
  needsAttention: boolean;
}

const REASONS: Record<string, [string, boolean]> = {
  InvalidAccessKeyId: ['the access key is not known to the server', true],
  SignatureDoesNotMatch: ['the secret key does not match the access key', true],
  ExpiredToken: ['the session credentials have expired; renew them (e.g. aws sso login)', true],
  TokenRefreshRequired: ['the session credentials have expired; renew them (e.g. aws sso login)', true],
  InvalidToken: ['the session token is malformed or invalid', true],
  AccessDenied: ['access denied: the credentials may not list or read this bucket/prefix (or the bucket is requester-pays)', true],
  AllAccessDisabled: ['all access to this bucket has been disabled', true],
  NoSuchBucket: ['the bucket does not exist', true],
  PermanentRedirect: ['the bucket is in another region: set the region', true],
  AuthorizationHeaderMalformed: ['the region or credentials are wrong for this bucket', true],
  CredentialsProviderError: ['no AWS credentials found: set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, run aws sso login, or use anonymous access for a public bucket', true],
  SlowDown: ['the server asks us to slow down (throttling)', false],
  ThrottlingException: ['the server asks us to slow down (throttling)', false],
  RequestTimeout: ['the request timed out', false],
  InternalError: ['the server reported an internal error', false],
  ServiceUnavailable: ['the service is unavailable', false],
  ECONNREFUSED: ['cannot connect to the endpoint (connection refused)', false],
  ECONNRESET: ['the connection was reset', false],
  ENOTFOUND: ['the endpoint host name does not resolve', false],
  ETIMEDOUT: ['the connection timed out', false],
  EAI_AGAIN: ['the endpoint host name does not resolve (DNS temporarily unavailable)', false],
};

interface SdkLikeError {
  name?: string;
  Code?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  cause?: unknown;
  errors?: unknown[];
}

function codeOf(err: SdkLikeError): string {
  const direct = err.Code ?? (err.name && err.name !== 'Error' ? err.name : undefined) ?? err.code;
  if (direct && REASONS[direct]) return direct;
  // Node's fetch / http errors put the system code on the error or its cause (AggregateError for many addresses).
  for (const inner of [err.cause, ...(err.errors ?? [])] as SdkLikeError[]) {
    if (inner && typeof inner === 'object' && (inner.code || inner.name)) {
      const c = codeOf(inner);
      if (REASONS[c]) return c;
    }
  }
  if (err.code && REASONS[err.code]) return err.code;
  return direct ?? 'UnknownError';
}

export function describeS3Error(error: unknown): ReadableError {
  if (!error || typeof error !== 'object') return { code: 'UnknownError', message: String(error), needsAttention: false };
  const err = error as SdkLikeError;
  const code = codeOf(err);
  const known = REASONS[code];
  const status = err.$metadata?.httpStatusCode;
  if (known) return { code, message: `${code}: ${known[0]}`, needsAttention: known[1] };
  if (status === 403) return { code, message: `${code}: access refused by the server (HTTP 403)`, needsAttention: true };
  if (status === 404) return { code, message: `${code}: not found (HTTP 404)`, needsAttention: true };
  if (status === 429 || status === 503) return { code, message: `${code}: throttled (HTTP ${status})`, needsAttention: false };
  if (status !== undefined && status >= 500) return { code, message: `${code}: server error (HTTP ${status})`, needsAttention: false };
  return { code, message: `${code}: ${err.message ?? 'request failed'}`, needsAttention: false };
}

export function isNotFound(error: unknown): boolean {
  const err = error as SdkLikeError | null;
  if (!err || typeof err !== 'object') return false;
  return err.name === 'NoSuchKey' || err.name === 'NotFound' || err.Code === 'NoSuchKey' || err.$metadata?.httpStatusCode === 404;
}

const TRANSPORT_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EAI_AGAIN', 'EPIPE', 'UND_ERR_SOCKET']);

/** True for failures of the server or the network (retry later), false for problems of the content. */
export function isTransportError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const err = error as SdkLikeError;
  if (err.$metadata !== undefined) return true;
  if (err.name === 'AbortError' || err.name === 'TimeoutError' || err.name === 'CredentialsProviderError') return true;
  if (err.code && TRANSPORT_CODES.has(err.code)) return true;
  return err.cause !== undefined && err.cause !== error && isTransportError(err.cause);
}
