/**
 * Typed errors of the store. Codes match the host's API error codes so they map to
 * HTTP statuses unchanged (BAD_ARGUMENT/INVALID_FPLANE → 400, NOT_FOUND → 404, ...).
 */
export type StoreErrorCode =
  | 'INVALID_FPLANE' // fplane text or update body is wrong: `problems` lists every issue
  | 'BAD_ARGUMENT' // a date string, username, role, ... that cannot be used
  | 'NOT_FOUND' // no such user / no fplane configuration for that date
  | 'CONFLICT' // the username already exists
  | 'SCHEMA_TOO_NEW' // the database was written by a newer NightDeck
  | 'DB_ERROR'; // the database file cannot be opened or is not a NightDeck database

export class StoreError extends Error {
  readonly code: StoreErrorCode;
  /** Every problem found (INVALID_FPLANE), so the caller can fix them all at once. */
  readonly problems?: string[];

  constructor(code: StoreErrorCode, message: string, problems?: string[]) {
    super(message);
    this.name = 'StoreError';
    this.code = code;
    if (problems) this.problems = problems;
  }
}

export function isStoreError(err: unknown): err is StoreError {
  return err instanceof StoreError;
}
