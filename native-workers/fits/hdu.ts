/**
 * HDU structure: what kind of HDU a header describes, how many data bytes follow it, and the
 * walk over all HDUs of a file without decoding any data.
 */
import { FitsError } from './errors.js';
import { Header, padToBlock, parseHeaderAt } from './header.js';
import { DEFAULT_FITS_LIMITS, type Bitpix, type FitsLimits, type HduInfo, type HduKind } from './types.js';

export interface Hdu {
  index: number;
  header: Header;
  info: HduInfo;
  headerOffset: number;
  dataOffset: number;
  /** Data bytes without the padding to 2880. */
  dataLength: number;
}

export interface FitsFile {
  hdus: Hdu[];
  bytes: Uint8Array;
  /** What was tolerated when the file was opened with `allowNonConforming` (e.g. SIMPLE = F). */
  warnings?: string[];
}

export interface OpenOptions {
  limits?: Partial<FitsLimits>;
  /**
   * Read a primary header that says SIMPLE = F (the file admits it breaks the standard) as far as
   * its structure goes, with a warning in `FitsFile.warnings`, instead of refusing it with
   * UNSUPPORTED. For listing (`nightdeck info`); pixel readers keep refusing it.
   */
  allowNonConforming?: boolean;
}

/** The warning `nightdeck info` prints for a SIMPLE = F file. */
export const SIMPLE_FALSE_WARNING =
  'SIMPLE = F: the file says it does not conform to the FITS standard; its HDUs are listed as their headers describe them, but pixel commands refuse it (UNSUPPORTED)';

const BITPIXES = new Set<number>([8, 16, 32, 64, -32, -64]);

export function resolveLimits(limits?: Partial<FitsLimits>): FitsLimits {
  return { ...DEFAULT_FITS_LIMITS, ...limits };
}

/** A mandatory integer keyword, validated. */
function requiredInt(header: Header, key: string, hduIndex: number, min: number, max: number): number {
  const v = header.get(key);
  if (v === undefined) throw new FitsError('BAD_HEADER', `mandatory keyword ${key} is missing`, { hduIndex, keyword: key });
  const n = typeof v === 'bigint' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    throw new FitsError('BAD_VALUE', `keyword ${key} must be an integer in [${min}, ${max}], got ${String(v)}`, { hduIndex, keyword: key });
  }
  return n;
}

function optionalInt(header: Header, key: string, hduIndex: number, fallback: number, min: number, max: number): number {
  return header.get(key) === undefined ? fallback : requiredInt(header, key, hduIndex, min, max);
}

function optionalNumber(header: Header, key: string, hduIndex: number): number | null {
  const v = header.get(key);
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  throw new FitsError('BAD_VALUE', `keyword ${key} must be a number, got ${String(v)}`, { hduIndex, keyword: key });
}

/** The structural facts of a header: BITPIX, axes, PCOUNT, GCOUNT, and the data byte count. */
export interface DataLayout {
  bitpix: Bitpix;
  naxes: number[];
  pcount: number;
  gcount: number;
  dataLength: number;
}

/** Axis lengths up to this are accepted; products are checked against the safe-integer range. */
const MAX_AXIS = Number.MAX_SAFE_INTEGER;

export function dataLayout(header: Header, hduIndex: number): DataLayout {
  const bitpixValue = requiredInt(header, 'BITPIX', hduIndex, -64, 64);
  if (!BITPIXES.has(bitpixValue)) {
    throw new FitsError('BAD_VALUE', `BITPIX must be one of 8, 16, 32, 64, -32, -64, got ${bitpixValue}`, { hduIndex, keyword: 'BITPIX' });
  }
  const bitpix = bitpixValue as Bitpix;
  const naxis = requiredInt(header, 'NAXIS', hduIndex, 0, 999);
  const naxes: number[] = [];
  for (let i = 1; i <= naxis; i++) naxes.push(requiredInt(header, `NAXIS${i}`, hduIndex, 0, MAX_AXIS));
  const isExtension = hduIndex > 0;
  const pcount = optionalInt(header, 'PCOUNT', hduIndex, 0, 0, MAX_AXIS);
  const gcount = optionalInt(header, 'GCOUNT', hduIndex, 1, 0, MAX_AXIS);
  // Random groups (primary, NAXIS1 = 0, GROUPS = T): NAXIS1 does not count in the product.
  const randomGroups = !isExtension && naxis > 0 && naxes[0] === 0 && header.get('GROUPS') === true;
  let product = naxis === 0 ? 0 : 1;
  naxes.forEach((n, i) => {
    if (randomGroups && i === 0) return;
    product *= n;
  });
  const dataLength = (Math.abs(bitpix) / 8) * gcount * (pcount + product);
  if (!Number.isSafeInteger(dataLength)) {
    throw new FitsError('TOO_LARGE', `declared data size ${naxes.join('×')} is beyond what can be addressed`, { hduIndex });
  }
  return { bitpix, naxes, pcount, gcount, dataLength };
}

function hduKind(header: Header, hduIndex: number): HduKind {
  if (hduIndex === 0) return header.get('GROUPS') === true && header.get('NAXIS1') === 0 ? 'unknown' : 'image';
  const xt = header.getString('XTENSION')?.trim().toUpperCase();
  if (xt === 'IMAGE') return 'image';
  if (xt === 'BINTABLE') return header.get('ZIMAGE') === true ? 'compressed-image' : 'table';
  if (xt === 'TABLE') return 'ascii-table';
  return 'unknown';
}

/** ZBITPIX, ZNAXISn and ZCMPTYPE of a compressed image, read leniently for display. */
function compressedShape(header: Header, hduIndex: number): { bitpix: Bitpix | null; shape: number[]; compression: string | null } {
  const zbitpix = header.get('ZBITPIX');
  const bitpix = typeof zbitpix === 'number' && BITPIXES.has(zbitpix) ? (zbitpix as Bitpix) : null;
  const znaxis = requiredInt(header, 'ZNAXIS', hduIndex, 0, 999);
  const shape: number[] = [];
  for (let i = 1; i <= znaxis; i++) shape.push(requiredInt(header, `ZNAXIS${i}`, hduIndex, 0, MAX_AXIS));
  const cmp = header.get('ZCMPTYPE');
  return { bitpix, shape, compression: typeof cmp === 'string' ? cmp.trim() : null };
}

/** The summary `nightdeck info` prints for one HDU. */
export function describeHdu(header: Header, layout: DataLayout, hduIndex: number): HduInfo {
  const kind = hduKind(header, hduIndex);
  const extname = header.getString('EXTNAME')?.trim() ?? null;
  const isImage = kind === 'image' || kind === 'compressed-image';
  const info: HduInfo = {
    index: hduIndex,
    extname: extname === '' ? null : extname,
    kind,
    bitpix: layout.bitpix,
    shape: layout.naxes,
    bzero: isImage ? optionalNumber(header, 'BZERO', hduIndex) ?? 0 : null,
    bscale: isImage ? optionalNumber(header, 'BSCALE', hduIndex) ?? 1 : null,
    compression: null,
  };
  if (kind === 'compressed-image') {
    const c = compressedShape(header, hduIndex);
    info.bitpix = c.bitpix;
    info.shape = c.shape;
    info.compression = c.compression;
  }
  if (layout.naxes.length === 0 && kind === 'image') info.shape = [];
  return info;
}

/** Checks the first keyword of an HDU: SIMPLE = T for the primary (F only when allowed), XTENSION for extensions. */
function checkFirstCard(header: Header, hduIndex: number, offset: number, allowNonConforming = false): void {
  const first = header.cards[0];
  if (hduIndex === 0) {
    if (!first || first.key !== 'SIMPLE') throw new FitsError('NOT_FITS', 'file does not start with SIMPLE', { offset: 0 });
    if (first.value !== true && !(allowNonConforming && first.value === false)) {
      throw new FitsError('UNSUPPORTED', 'SIMPLE = F: file does not conform to the FITS standard', { hduIndex, keyword: 'SIMPLE' });
    }
  } else if (!first || first.key !== 'XTENSION' || typeof first.value !== 'string') {
    throw new FitsError('BAD_HEADER', 'extension header does not start with XTENSION', { hduIndex, offset });
  }
}

/** Parses the header at `offset` and its structure (used by openFits and the header-only readers). */
export function readHduHeader(
  bytes: Uint8Array,
  offset: number,
  hduIndex: number,
  limits: Partial<FitsLimits>,
  allowNonConforming = false,
): { header: Header; headerEnd: number; layout: DataLayout; info: HduInfo } {
  const { header, headerEnd } = parseHeaderAt(bytes, offset, hduIndex, limits);
  checkFirstCard(header, hduIndex, offset, allowNonConforming);
  const layout = dataLayout(header, hduIndex);
  return { header, headerEnd, layout, info: describeHdu(header, layout, hduIndex) };
}

/** True when the bytes at `offset` begin another extension (anything else after the last HDU is ignored, as astropy does). */
export function startsExtension(bytes: Uint8Array, offset: number): boolean {
  const tag = 'XTENSION';
  if (offset + tag.length > bytes.length) return false;
  for (let i = 0; i < tag.length; i++) if (bytes[offset + i] !== tag.charCodeAt(i)) return false;
  return true;
}

export function checkIsFits(bytes: Uint8Array): void {
  const simple = 'SIMPLE  =';
  for (let i = 0; i < simple.length; i++) {
    if (bytes[i] !== simple.charCodeAt(i)) {
      const truncated = i > 0 && i === bytes.length;
      throw new FitsError(truncated ? 'TRUNCATED' : 'NOT_FITS', 'not a FITS file (no SIMPLE card at the start)', { offset: 0 });
    }
  }
}

/** Header bytes looked at per HDU when guessing a stream's size: ordinary headers, not huge ones. */
const SIZE_GUESS_HEADER_BYTES = 64 * 2880;

/**
 * The size of a FITS stream as far as its first `available` bytes tell: the end of the last HDU
 * whose header lies within them (an extension seen later makes it larger). Undefined when the
 * primary header is not complete or not FITS. For sizing a decompression buffer; never trusted
 * for anything else.
 */
export function expectedFitsSize(peek: (offset: number, length: number) => Uint8Array, available: number): number | undefined {
  let known: number | undefined;
  let offset = 0;
  for (let index = 0; offset < available; index++) {
    const head = peek(offset, Math.min(available - offset, SIZE_GUESS_HEADER_BYTES));
    if (index > 0 && !startsExtension(head, 0)) break;
    let parsed: ReturnType<typeof readHduHeader>;
    try {
      parsed = readHduHeader(head, 0, index, {});
    } catch {
      break;
    }
    offset += parsed.headerEnd + padToBlock(parsed.layout.dataLength);
    known = offset;
  }
  return known;
}

/** Walks every HDU of an in-memory FITS file; data is located, not decoded. */
export function openFits(bytes: Uint8Array, opts: OpenOptions = {}): FitsFile {
  const limits = resolveLimits(opts.limits);
  checkIsFits(bytes);
  const hdus: Hdu[] = [];
  const warnings: string[] = [];
  let offset = 0;
  while (hdus.length === 0 || startsExtension(bytes, offset)) {
    const index = hdus.length;
    const { header, headerEnd, layout, info } = readHduHeader(bytes, offset, index, limits, opts.allowNonConforming);
    if (index === 0 && header.get('SIMPLE') === false) warnings.push(SIMPLE_FALSE_WARNING);
    // A declared image beyond the limit is refused before anything looks at (or allocates for) its data.
    if (info.kind === 'image' && layout.dataLength > limits.maxImageBytes) {
      throw new FitsError('TOO_LARGE', `image ${info.shape.join('×')} declares ${layout.dataLength} data bytes, over the limit of ${limits.maxImageBytes}`, {
        hduIndex: index,
      });
    }
    if (headerEnd + layout.dataLength > bytes.length) {
      throw new FitsError('TRUNCATED', `file ends inside the data of HDU ${index} (needs ${layout.dataLength} bytes)`, {
        hduIndex: index,
        offset: bytes.length,
      });
    }
    const unitEnd = headerEnd + padToBlock(layout.dataLength);
    // A missing padding after the last data unit is tolerated (as astropy does); a partial one means a cut file.
    if (bytes.length < unitEnd && bytes.length > headerEnd + layout.dataLength) {
      throw new FitsError('TRUNCATED', `file ends inside the padding of HDU ${index}`, { hduIndex: index, offset: bytes.length });
    }
    hdus.push({ index, header, info, headerOffset: offset, dataOffset: headerEnd, dataLength: layout.dataLength });
    offset = headerEnd + padToBlock(layout.dataLength);
  }
  return warnings.length > 0 ? { hdus, bytes, warnings } : { hdus, bytes };
}
