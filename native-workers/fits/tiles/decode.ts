/**
 * Decompresses a tile-compressed image (the FITS tiled image compression convention):
 * each table row holds one tile, tiles cover the image in row-major order with axis 1
 * fastest, and tiles at the far edges are smaller when ZTILEn does not divide ZNAXISn.
 */
import { FitsError } from '../errors.js';
import type { FitsImage, FitsLimits, HeaderLike, PixelArray } from '../types.js';
import { gunzipTile, readBigEndian, unshuffle, type RawKind } from './bytes.js';
import { unquantize } from './dither.js';
import { KeywordReader } from './keywords.js';
import { readCompressedImageParams, unsupportedCompression, type Algorithm, type CompressedImageParams } from './params.js';
import { hcompressDecode, hcompressDecode64 } from './hcompress.js';
import { plioDecode } from './plio.js';
import { riceDecode, type RiceOutput } from './rice-decode.js';
import { heapArray, numericCell, readTableLayout, type Column, type TableLayout } from './table.js';
import { isPlaneInRange, planeCoordinates, planeRangeMessage } from '../planes.js';

/** What to decode of a compressed image: one plane only, and a hook told of every tile decoded. */
export interface CompressedDecodeOptions {
  /** 0-based plane over the axes above the second (NAXIS3 fastest); only the tiles holding it are decoded. */
  plane?: number;
  /**
   * A quick look: only the tiles holding a row y with y % rowStep === 0 are decoded (every
   * rowStep-th row of row-by-row tiles, as fpack writes them); other pixels stay 0.
   */
  rowStep?: number;
  /** Decode into a SharedArrayBuffer (the analysis pool's workers share it without a copy). */
  shared?: boolean;
  /** Called with each table row (0-based tile index) as it is decoded (tests count them). */
  onTile?: (row: number) => void;
}

/** Pixel storage as astropy returns it for the decompressed HDU; in shared memory when asked (for decode workers). */
function allocatePixels(p: CompressedImageParams, npix: number, limits: FitsLimits, hduIndex: number, shared: boolean): PixelArray {
  const { zbitpix, bscale, bzero } = p;
  let ctor: { new (n: number): PixelArray; new (buffer: SharedArrayBuffer): PixelArray; BYTES_PER_ELEMENT: number };
  if (zbitpix === -32) ctor = Float32Array;
  else if (zbitpix === -64 || zbitpix === 64) ctor = Float64Array;
  else if (bscale === 1 && bzero === 0) ctor = zbitpix === 8 ? Uint8Array : zbitpix === 16 ? Int16Array : Int32Array;
  else if (bscale === 1 && zbitpix === 16 && bzero === 32768) ctor = Uint16Array;
  else if (bscale === 1 && zbitpix === 32 && bzero === 2147483648) ctor = Uint32Array;
  else ctor = zbitpix === 32 ? Float64Array : Float32Array;
  const bytes = npix * ctor.BYTES_PER_ELEMENT;
  if (bytes > limits.maxImageBytes) {
    throw new FitsError('TOO_LARGE', `compressed image of ${p.naxes.join('×')} pixels needs ${bytes} bytes, over the limit of ${limits.maxImageBytes}`, { hduIndex });
  }
  return shared ? new ctor(new SharedArrayBuffer(bytes)) : new ctor(npix);
}

/** The decompressed image's description with its (still empty) pixel array. */
export function newCompressedImage(
  p: CompressedImageParams,
  kw: KeywordReader,
  limits: FitsLimits,
  hduIndex: number,
  shared = false,
  plane?: number,
): FitsImage {
  // One plane of a cube is a 2-D image of its own.
  const naxes = plane === undefined ? p.naxes : p.naxes.slice(0, 2);
  const ndim = naxes.length;
  const npix = ndim === 0 ? 0 : naxes.reduce((a, b) => a * b, 1);
  const pixels = allocatePixels(p, npix, limits, hduIndex, shared);
  const image: FitsImage = {
    width: naxes[0] ?? 0,
    height: ndim >= 2 ? naxes[1]! : ndim === 1 ? 1 : 0,
    shape: naxes.slice(),
    depth: naxes.slice(2).reduce((a, b) => a * b, 1),
    bitpix: p.zbitpix,
    bscale: p.quantize || p.zbitpix < 0 ? 1 : p.bscale,
    bzero: p.quantize || p.zbitpix < 0 ? 0 : p.bzero,
    pixels,
  };
  if (plane !== undefined) {
    image.plane = plane;
    image.hduShape = p.naxes.slice();
  }
  const intBlank = integerBlank(kw);
  if (isIntegerArray(pixels) && intBlank !== null) image.blank = intBlank * p.bscale + p.bzero;
  return image;
}

/** The plane's coordinates along the axes above the second, checked against the image (BAD_ARGUMENT). */
export function selectedPlane(p: CompressedImageParams, plane: number | undefined, hduIndex: number): number[] | null {
  if (plane === undefined) return null;
  if (!isPlaneInRange(p.naxes, plane)) throw new FitsError('BAD_ARGUMENT', planeRangeMessage(plane, p.naxes, hduIndex));
  return planeCoordinates(p.naxes, plane);
}

/** Whether the tile at start/size covers the plane with these coordinates (axes above the second). */
function tileHoldsPlane(start: number[], size: number[], only: number[]): boolean {
  for (let k = 2; k < start.length; k++) {
    const c = only[k - 2]!;
    if (c < start[k]! || c >= start[k]! + size[k]!) return false;
  }
  return true;
}

/** Whether rows first..first+count-1 include a multiple of step. */
function holdsSampledRow(first: number, count: number, step: number): boolean {
  return Math.ceil(first / step) * step < first + count;
}

function spansOnePlane(size: number[]): boolean {
  for (let k = 2; k < size.length; k++) if (size[k] !== 1) return false;
  return true;
}

function integerBlank(kw: KeywordReader): number | null {
  return kw.has('ZBLANK') ? kw.int('ZBLANK') : kw.has('BLANK') ? kw.int('BLANK') : null;
}

function isIntegerArray(pixels: PixelArray): boolean {
  return !(pixels instanceof Float32Array || pixels instanceof Float64Array);
}

export interface TileColumns {
  compressed: Column;
  gzipFallback?: Column;
  uncompressed?: Column;
  zscale?: Column;
  zzero?: Column;
  zblank?: Column;
}

export function findColumns(table: TableLayout, hduIndex: number): TileColumns {
  const compressed = table.columns.get('COMPRESSED_DATA');
  if (!compressed || !compressed.descriptor) {
    throw new FitsError('BAD_HEADER', 'compressed image has no COMPRESSED_DATA array column', { hduIndex });
  }
  const pick = (name: string, mustBeArray: boolean): Column | undefined => {
    const c = table.columns.get(name);
    if (c && mustBeArray !== (c.descriptor !== null)) throw new FitsError('BAD_HEADER', `column ${name} has the wrong form`, { hduIndex });
    return c;
  };
  return {
    compressed,
    gzipFallback: pick('GZIP_COMPRESSED_DATA', true),
    uncompressed: pick('UNCOMPRESSED_DATA', true),
    zscale: pick('ZSCALE', false),
    zzero: pick('ZZERO', false),
    zblank: pick('ZBLANK', false),
  };
}

const RAW_KIND_OF_COLUMN: Record<string, RawKind> = { B: 'uint8', I: 'int16', J: 'int32', K: 'int64', E: 'float32', D: 'float64' };

export function decodeCompressedImage(
  header: HeaderLike,
  data: Uint8Array,
  hduIndex: number,
  limits: FitsLimits,
  opts: CompressedDecodeOptions = {},
): FitsImage {
  const p = readCompressedImageParams(header, hduIndex);
  const only = selectedPlane(p, opts.plane, hduIndex);
  const algorithm = p.algorithm;
  if (algorithm === null) throw unsupportedCompression(p.compression, hduIndex);
  if (algorithm === 'HCOMPRESS_1' && p.zbitpix < 0 && !p.quantize) {
    throw new FitsError('CORRUPT_DATA', 'HCOMPRESS_1 holds integers: a floating-point image must be quantized (ZSCALE/ZZERO)', { hduIndex, keyword: 'ZCMPTYPE' });
  }
  const kw = new KeywordReader(header, hduIndex);
  const { naxes, tiles } = p;
  const ndim = naxes.length;
  const image = newCompressedImage(p, kw, limits, hduIndex, opts.shared ?? false, opts.plane);
  const pixels = image.pixels;
  const intBlank = integerBlank(kw);
  const outputIsInteger = isIntegerArray(pixels);
  if (pixels.length === 0) return image;

  const table = readTableLayout(kw, data.length, hduIndex);
  const cols = findColumns(table, hduIndex);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const ntiles = tileCounts(p, table, hduIndex);
  const maxTile = tiles.reduce((a, b) => a * b, 1);
  const scratch = new TileScratch(maxTile, pixels instanceof Float32Array);
  const strides: number[] = [];
  naxes.reduce((s, n, k) => ((strides[k] = s), s * n), 1);
  // One plane: the axes above the second do not move through the output.
  if (only) for (let k = 2; k < ndim; k++) strides[k] = 0;

  const keywordScale = kw.num('ZSCALE', 1);
  const keywordZero = kw.num('ZZERO', 0);
  const start = new Array<number>(ndim).fill(0);
  const size = new Array<number>(ndim).fill(0);

  const flip = directRiceFlip(p);
  const direct = flip === null ? null : { out: pixels as RiceOutput, flip };
  const readableEnd = data.byteOffset + data.byteLength;

  for (let row = 0; row < table.rows; row++) {
    const tileLen = tileExtent(row, p, ntiles, start, size);
    if (only && !tileHoldsPlane(start, size, only)) continue;
    if (opts.rowStep && opts.rowStep > 1 && ndim >= 2 && !holdsSampledRow(start[1]!, size[1]!, opts.rowStep)) continue;
    opts.onTile?.(row);
    const compressed = heapArray(data, view, table, cols.compressed, row, hduIndex);
    const at = direct && compressed.length > 0 && (!only || spansOnePlane(size)) ? contiguousOffset(start, size, naxes, strides) : -1;
    if (direct && at >= 0) {
      // Straight into the image: no work array, no copy.
      try {
        riceDecode(compressed, direct.out, at, tileLen, p.blockSize, p.bytePix, direct.flip, readableEnd);
      } catch (err) {
        throw inTile(err, row, hduIndex);
      }
      continue;
    }
    const tnull = cols.zblank ? numericCell(view, table, cols.zblank, row) : intBlank;
    let holds: 'int' | 'float';
    let fromFallback = false;
    try {
      if (compressed.length > 0) {
        holds = decodeTileValues(p, algorithm, compressed, tileLen, scratch, readableEnd);
      } else if (cols.gzipFallback && heapArray(data, view, table, cols.gzipFallback, row, hduIndex).length > 0) {
        const raw = gunzipTile(heapArray(data, view, table, cols.gzipFallback, row, hduIndex), tileLen * 8);
        holds = readBigEndian(raw, rawKindBySize(raw.length, tileLen, p, true), tileLen, scratch.ints, scratch.floats);
        fromFallback = true;
      } else if (cols.uncompressed && heapArray(data, view, table, cols.uncompressed, row, hduIndex).length > 0) {
        const raw = heapArray(data, view, table, cols.uncompressed, row, hduIndex);
        const kind = RAW_KIND_OF_COLUMN[cols.uncompressed.type];
        if (!kind || raw.length !== tileLen * Number(kind.replace(/\D/g, '')) / 8) throw new FitsError('CORRUPT_DATA', 'UNCOMPRESSED_DATA tile has the wrong length');
        holds = readBigEndian(raw, kind, tileLen, scratch.ints, scratch.floats);
        fromFallback = true;
      } else {
        throw new FitsError('CORRUPT_DATA', 'tile has no data in any column');
      }
    } catch (err) {
      throw inTile(err, row, hduIndex);
    }

    let src: ArrayLike<number>;
    if (holds === 'int' && p.quantize && !fromFallback) {
      const dequantized = scratch.dequantized;
      unquantize(scratch.ints, tileLen, dequantized, {
        method: p.quantize.method,
        scale: cols.zscale ? numericCell(view, table, cols.zscale, row) : keywordScale,
        zero: cols.zzero ? numericCell(view, table, cols.zzero, row) : keywordZero,
        nullValue: tnull,
        ditherRow: row + 1 + p.quantize.ditherSeed - 1,
      });
      src = dequantized;
      placeTile(src, pixels, strides, start, size, 1, 0, null, only);
    } else if (holds === 'int') {
      const intNull = outputIsInteger ? null : tnull;
      // PLIO cannot store negative values: unsigned 16-bit data are kept unshifted.
      const zero = p.zbitpix < 0 ? 0 : algorithm === 'PLIO_1' && p.bzero === 32768 ? 0 : p.bzero;
      placeTile(scratch.ints, pixels, strides, start, size, p.zbitpix < 0 ? 1 : p.bscale, zero, intNull, only);
    } else {
      const scaled = p.zbitpix > 0;
      placeTile(scratch.floats, pixels, strides, start, size, scaled ? p.bscale : 1, scaled ? p.bzero : 0, null, only);
    }
  }
  return image;
}

/** Tiles along each axis; checks that the table has a row for each tile. */
export function tileCounts(p: CompressedImageParams, table: TableLayout, hduIndex: number): number[] {
  const ntiles = p.naxes.map((n, k) => Math.ceil(n / p.tiles[k]!));
  const expectedRows = ntiles.reduce((a, b) => a * b, 1);
  if (table.rows !== expectedRows) {
    throw new FitsError('CORRUPT_DATA', `table has ${table.rows} rows for ${expectedRows} tiles`, { hduIndex, keyword: 'NAXIS2' });
  }
  return ntiles;
}

/** Tile `row`'s origin and extent along each axis, into `start` and `size`; returns its pixel count. */
export function tileExtent(row: number, p: CompressedImageParams, ntiles: number[], start: number[], size: number[]): number {
  let rest = row;
  let tileLen = 1;
  for (let k = 0; k < ntiles.length; k++) {
    const idx = rest % ntiles[k]!;
    rest = Math.floor(rest / ntiles[k]!);
    start[k] = idx * p.tiles[k]!;
    size[k] = Math.min(p.tiles[k]!, p.naxes[k]! - start[k]!);
    tileLen *= size[k]!;
  }
  return tileLen;
}

/** A tile's error, located: "tile N: …" in this HDU (errors already located pass through). */
export function inTile(err: unknown, row: number, hduIndex: number): unknown {
  if (err instanceof FitsError && err.hduIndex === undefined) {
    return new FitsError(err.code, `tile ${row + 1}: ${err.message}`, { hduIndex, keyword: err.keyword });
  }
  return err;
}

/**
 * When Rice tiles can be decoded straight into the image, the bits to flip in each stored
 * value: lossless integers whose stored value is the pixel (BSCALE 1, BZERO 0: flip 0) or
 * the pixel with its sign bit flipped (pseudo-unsigned BZERO 2^15 / 2^31, held as
 * Uint16Array / Uint32Array). Else null.
 */
export function directRiceFlip(p: CompressedImageParams): number | null {
  if (p.algorithm !== 'RICE_1' || p.quantize || p.bscale !== 1) return null;
  if (p.zbitpix !== 8 && p.zbitpix !== 16 && p.zbitpix !== 32) return null;
  if (p.bzero === 0) return 0;
  if (p.zbitpix === 16 && p.bzero === 32768) return 0x8000;
  if (p.zbitpix === 32 && p.bzero === 2147483648) return 0x80000000;
  return null;
}

/**
 * Where a tile starts in the image when its pixels are one run there (every axis below
 * the last one it spans is spanned whole, as for row-by-row tiles); else −1.
 */
function contiguousOffset(start: number[], size: number[], naxes: number[], strides: number[]): number {
  let top = size.length - 1;
  while (top > 0 && size[top] === 1) top--;
  for (let k = 0; k < top; k++) if (size[k] !== naxes[k]) return -1;
  let at = 0;
  for (let k = 0; k < start.length; k++) at += start[k]! * strides[k]!;
  return at;
}

/** Per-tile work arrays, allocated on first use only (a whole-image tile makes them image-sized). */
class TileScratch {
  private intArray: Int32Array | null = null;
  private floatArray: Float64Array | null = null;
  private dequantizedArray: Float32Array | Float64Array | null = null;

  constructor(
    private readonly size: number,
    private readonly float32: boolean,
  ) {}

  get ints(): Int32Array {
    return (this.intArray ??= new Int32Array(this.size));
  }

  get floats(): Float64Array {
    return (this.floatArray ??= new Float64Array(this.size));
  }

  get dequantized(): Float32Array | Float64Array {
    return (this.dequantizedArray ??= this.float32 ? new Float32Array(this.size) : new Float64Array(this.size));
  }
}

/** Decodes one tile's COMPRESSED_DATA into `ints` (integers) or `floats` (raw floating values). */
function decodeTileValues(p: CompressedImageParams, algorithm: Algorithm, compressed: Uint8Array, tileLen: number, scratch: TileScratch, readableEnd: number): 'int' | 'float' {
  const ints = scratch.ints;
  switch (algorithm) {
    case 'RICE_1':
      riceDecode(compressed, ints, 0, tileLen, p.blockSize, p.bytePix, 0, readableEnd);
      return 'int';
    case 'PLIO_1':
      plioDecode(compressed, ints, tileLen);
      return 'int';
    case 'HCOMPRESS_1': {
      if (p.zbitpix !== 8 && p.zbitpix !== 16) {
        // 64-bit coefficients, then cut to 32 bits as the reference does.
        const floats = scratch.floats;
        hcompressDecode64(compressed, floats, tileLen, p.hcompSmooth);
        for (let i = 0; i < tileLen; i++) ints[i] = floats[i]!;
        return 'int';
      }
      hcompressDecode(compressed, ints, tileLen, p.hcompSmooth);
      // Lossy HCOMPRESS can overshoot the pixel type: clip as the reference reader does.
      const [lo, hi] = p.zbitpix === 8 ? [0, 255] : [-32768, 32767];
      for (let i = 0; i < tileLen; i++) ints[i] = Math.min(hi, Math.max(lo, ints[i]!));
      return 'int';
    }
    case 'GZIP_1':
    case 'GZIP_2':
    case 'NOCOMPRESS': {
      let raw = algorithm === 'NOCOMPRESS' ? compressed : gunzipTile(compressed, tileLen * 8);
      const kind = rawKindBySize(raw.length, tileLen, p, false);
      if (algorithm === 'GZIP_2') raw = unshuffle(raw, raw.length / tileLen);
      return readBigEndian(raw, kind, tileLen, ints, scratch.floats);
    }
  }
}

/** The element type of raw tile bytes, from their length per pixel and the image type. */
function rawKindBySize(bytes: number, tileLen: number, p: CompressedImageParams, floatFallback: boolean): RawKind {
  const size = bytes / tileLen;
  const floatsStored = floatFallback || (p.zbitpix < 0 && !p.quantize);
  switch (size) {
    case 1:
      return 'uint8';
    case 2:
      return 'int16';
    case 4:
      return floatsStored ? 'float32' : 'int32';
    case 8:
      return floatsStored || p.zbitpix === -64 ? 'float64' : 'int64';
    default:
      throw new FitsError('CORRUPT_DATA', `tile holds ${bytes} bytes for ${tileLen} pixels`);
  }
}

/**
 * Copies a decoded tile into the image, one run of NAXIS1 pixels at a time, applying
 * value·scale + zero and turning `nullValue` into NaN (for floating outputs). With `only`
 * (one plane's coordinates above the second axis), runs of other planes are skipped.
 */
function placeTile(
  src: ArrayLike<number>,
  out: PixelArray,
  strides: number[],
  start: number[],
  size: number[],
  scale: number,
  zero: number,
  nullValue: number | null,
  only: number[] | null = null,
): void {
  const ndim = size.length;
  const run = size[0]!;
  const runs = size.reduce((a, b) => a * b, 1) / run;
  const plain = scale === 1 && zero === 0 && nullValue === null && ArrayBuffer.isView(src);
  // Scaled values into float32 are computed in float32, one rounding per step, as numpy does.
  const f32 = out instanceof Float32Array && !plain;
  if (f32) {
    scale = Math.fround(scale);
    zero = Math.fround(zero);
  }
  const counter = new Array<number>(ndim).fill(0);
  let s = 0;
  for (let r = 0; r < runs; r++) {
    let d = start[0]!;
    let wanted = true;
    for (let k = 1; k < ndim; k++) {
      d += (start[k]! + counter[k]!) * strides[k]!;
      if (only && k >= 2 && start[k]! + counter[k]! !== only[k - 2]) wanted = false;
    }
    if (!wanted) {
      // a run of another plane
    } else if (plain) {
      out.set((src as Int32Array).subarray(s, s + run), d);
    } else if (f32) {
      for (let i = 0; i < run; i++) {
        const v = src[s + i]!;
        out[d + i] = v === nullValue ? NaN : Math.fround(Math.fround(v) * scale) + zero;
      }
    } else if (nullValue === null) {
      for (let i = 0; i < run; i++) out[d + i] = src[s + i]! * scale + zero;
    } else {
      for (let i = 0; i < run; i++) {
        const v = src[s + i]!;
        out[d + i] = v === nullValue ? NaN : v * scale + zero;
      }
    }
    s += run;
    for (let k = 1; k < ndim; k++) {
      if (++counter[k]! < size[k]!) break;
      counter[k] = 0;
    }
  }
}
