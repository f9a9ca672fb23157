/** Every way a FITS file can be refused. Callers switch on `code`, never on the message. */
export type FitsErrorCode =
  | 'NOT_FITS' // the bytes are not FITS (or not a container we know)
  | 'TRUNCATED' // the file ends before a header or data unit does
  | 'BAD_HEADER' // a card or header structure breaks the standard
  | 'BAD_VALUE' // a keyword has a value of the wrong type or out of range
  | 'UNSUPPORTED_COMPRESSION' // a tile compression algorithm we do not decode
  | 'UNSUPPORTED' // a valid FITS feature we do not handle (random groups, ...)
  | 'TOO_LARGE' // the declared size exceeds the configured limit
  | 'NO_IMAGE' // no HDU holds image data
  | 'BAD_HDU' // the requested HDU index does not exist or is not an image
  | 'BAD_ARGUMENT' // a request the file cannot answer (a plane beyond the cube's last)
  | 'CORRUPT_DATA'; // compressed data does not decode

export interface FitsErrorDetails {
  /** 0-based HDU index (primary = 0), where known. */
  hduIndex?: number;
  /** Byte offset in the (decompressed) FITS stream, where known. */
  offset?: number;
  /** The keyword the error is about, where there is one. */
  keyword?: string;
}

export class FitsError extends Error {
  readonly code: FitsErrorCode;
  readonly hduIndex?: number;
  readonly offset?: number;
  readonly keyword?: string;

  constructor(code: FitsErrorCode, message: string, details: FitsErrorDetails = {}) {
    const where: string[] = [];
    if (details.hduIndex !== undefined) where.push(`HDU ${details.hduIndex}`);
    if (details.keyword !== undefined) where.push(`keyword ${details.keyword}`);
    if (details.offset !== undefined) where.push(`byte ${details.offset}`);
    super(where.length ? `${message} (${where.join(', ')})` : message);
    this.name = 'FitsError';
    this.code = code;
    this.hduIndex = details.hduIndex;
    this.offset = details.offset;
    this.keyword = details.keyword;
  }

  toJSON(): { code: FitsErrorCode; message: string; details: FitsErrorDetails } {
    return {
      code: this.code,
      message: this.message,
      details: { hduIndex: this.hduIndex, offset: this.offset, keyword: this.keyword },
    };
  }
}

export function isFitsError(err: unknown): err is FitsError {
  return err instanceof FitsError;
}
