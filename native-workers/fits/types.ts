/**
 * Types shared by the FITS reader, the writer, the analysis kernels and the host.
 * Pixel arrays are row-major: index = y * width + x, x along NAXIS1 (fastest).
 */
export type Bitpix = 8 | 16 | 32 | 64 | -32 | -64;

/** A card value as read: integers beyond 2^53 stay exact as bigint. */
export type CardValue = string | number | bigint | boolean | null;

export interface Card {
  /** Upper-case keyword; for HIERARCH cards the part after 'HIERARCH ' (e.g. 'ESO DET CHIP'). */
  key: string;
  /** Parsed value; null for an undefined value or a commentary card (COMMENT/HISTORY/blank). */
  value: CardValue;
  /** Comment text after the '/', or the text of a COMMENT/HISTORY/blank card. */
  comment?: string;
  /** True when the value was written as a FITS string (so '123' stays a string). */
  isString?: boolean;
}

/**
 * Pixel storage, chosen as astropy chooses it so values compare exactly:
 * BITPIX 8 → Uint8Array; 16 → Int16Array (Uint16Array for BZERO=32768, BSCALE=1);
 * 32 → Int32Array (Uint32Array for BZERO=2^31); 64 → Float64Array (values beyond 2^53 rounded);
 * −32 → Float32Array; −64 → Float64Array; integer data with other BSCALE/BZERO → Float32Array
 * for BITPIX 8/16 and Float64Array for 32/64, like astropy.
 */
export type PixelArray =
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array;

/** A decoded image: physical values (BSCALE/BZERO applied). */
export interface FitsImage {
  /** NAXIS1 (x, columns). */
  width: number;
  /** NAXIS2 (y, rows); 1 for a 1-D image. */
  height: number;
  /** Full shape, NAXIS1 first (as the CLI prints it). Planes beyond the first two multiply `depth`. */
  shape: number[];
  /** Product of NAXIS3.. (1 for a 2-D image). `pixels.length = width * height * depth`. */
  depth: number;
  /** BITPIX of the stored (or, for compressed images, ZBITPIX of the original) data. */
  bitpix: Bitpix;
  bscale: number;
  bzero: number;
  pixels: PixelArray;
  /**
   * Set when one plane of the HDU was read (ReadImageOptions.plane): its 0-based index over
   * the axes above the second (see planes.ts). `shape`, `depth` and `pixels` then describe
   * that plane alone, and `hduShape` the whole HDU.
   */
  plane?: number;
  hduShape?: number[];
  /**
   * For integer images with BLANK: the physical value that marks a missing pixel
   * (BLANK * BSCALE + BZERO), to be excluded by the kernels. Float images mark
   * missing pixels as NaN instead, and leave this undefined. As in astropy, a plain
   * integer image with BLANK is returned as floats with NaN (float32 for BITPIX 8/16,
   * float64 for 32/64); only pseudo-unsigned data (Uint16Array/Uint32Array) keeps integers and sets this.
   */
  blank?: number;
}

export type HduKind = 'image' | 'compressed-image' | 'table' | 'ascii-table' | 'unknown';

/** What `nightdeck info` prints for one HDU. */
export interface HduInfo {
  index: number;
  extname: string | null;
  kind: HduKind;
  bitpix: Bitpix | null;
  /** NAXIS1 first; for a compressed image its ZNAXISn. Empty for an HDU without data. */
  shape: number[];
  bzero: number | null;
  bscale: number | null;
  /** ZCMPTYPE for compressed images, else null. */
  compression: string | null;
}

/** Reads `length` bytes at `offset` of a remote or local file; may return fewer at the end of the file. */
export type RangeReader = (offset: number, length: number) => Promise<Uint8Array>;

/** Limits that protect the process from hostile or broken files. */
export interface FitsLimits {
  /** Largest decoded image in bytes that will be allocated (default 2 GiB). */
  maxImageBytes: number;
  /** Largest header, in cards, before giving up (default 100,000). */
  maxHeaderCards: number;
}

export const DEFAULT_FITS_LIMITS: FitsLimits = {
  maxImageBytes: 2 * 1024 ** 3,
  maxHeaderCards: 100_000,
};

/** The read-only view of a header that decoders need (implemented by the reader's `Header` class). */
export interface HeaderLike {
  readonly cards: readonly Card[];
  /** Value of the first card with this keyword (upper-case), or undefined when absent. */
  get(key: string): CardValue | undefined;
}
