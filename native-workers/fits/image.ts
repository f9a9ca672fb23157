/**
 * Image data: big-endian BITPIX data → typed arrays exactly as astropy returns them
 * (see PixelArray in types.ts), with BSCALE/BZERO and BLANK. Byte order is swapped in bulk
 * with Buffer.swapN; pseudo-unsigned data is converted by flipping the sign bit.
 */
import { FitsError } from './errors.js';
import type { FitsFile, Hdu } from './hdu.js';
import { resolveLimits } from './hdu.js';
import { decodeCompressedImage, decodeCompressedImageAsync } from './tiles/index.js';
import type { DecodeThreads } from './decode-threads.js';
import type { Bitpix, FitsImage, FitsLimits, PixelArray } from './types.js';
import { isPlaneInRange, planeRangeMessage } from './planes.js';

export interface ReadImageOptions {
  limits?: Partial<FitsLimits>;
  /**
   * Allow swapping bytes inside `file.bytes` instead of copying (the file's bytes are then
   * no longer valid FITS). `loadImage` uses it for files it read itself, halving peak memory.
   */
  inPlace?: boolean;
  /**
   * Read one plane of a cube only: the 0-based index over the axes above the second, NAXIS3
   * fastest (see planes.ts). The result is that 2-D plane (`plane`, `hduShape` set); out of
   * range is BAD_ARGUMENT naming how many planes the HDU has. Plain images read only the
   * plane's bytes; tile-compressed ones decode only the tiles that hold it.
   */
  plane?: number;
  /** A quick look at a tile-compressed image: decode only the tiles holding every rowStep-th row (others stay 0). Plain images ignore it. */
  rowStep?: number;
  /** Tile-compressed images: decode into a SharedArrayBuffer (plain images are read in place instead). */
  shared?: boolean;
  /** Worker threads for the decode (tests hand in their own); default: the decoders' pools. */
  threads?: DecodeThreads;
}

/** Refuses a plane the HDU does not have. */
function checkPlane(hdu: Hdu, plane: number): void {
  if (!isPlaneInRange(hdu.info.shape, plane)) throw new FitsError('BAD_ARGUMENT', planeRangeMessage(plane, hdu.info.shape, hdu.index));
}

function isImageWithData(hdu: Hdu): boolean {
  const { kind, shape } = hdu.info;
  return (kind === 'image' || kind === 'compressed-image') && shape.length > 0 && shape.every((n) => n > 0);
}

/** The HDU to read: the given index, or the first image HDU with data. */
export function selectImageHdu(file: FitsFile, hduIndex?: number): Hdu {
  if (hduIndex === undefined) {
    const hdu = file.hdus.find(isImageWithData);
    if (!hdu) throw new FitsError('NO_IMAGE', 'no HDU of this file holds image data');
    return hdu;
  }
  if (!Number.isInteger(hduIndex) || hduIndex < 0 || hduIndex >= file.hdus.length) {
    throw new FitsError('BAD_HDU', `HDU ${hduIndex} does not exist (the file has ${file.hdus.length}: 0..${file.hdus.length - 1})`);
  }
  const hdu = file.hdus[hduIndex]!;
  if (!isImageWithData(hdu)) {
    throw new FitsError('BAD_HDU', `HDU ${hduIndex} is a ${hdu.info.kind} HDU without image data`, { hduIndex });
  }
  return hdu;
}

function numberKeyword(hdu: Hdu, key: string, fallback: number): number {
  const v = hdu.header.get(key);
  if (v === undefined || v === null) return fallback;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'bigint') return Number(v);
  throw new FitsError('BAD_VALUE', `keyword ${key} must be a number, got ${String(v)}`, { hduIndex: hdu.index, keyword: key });
}

/** BLANK as a bigint (it may exceed 2^53 for BITPIX 64), or null. */
function blankKeyword(hdu: Hdu): bigint | null {
  const v = hdu.header.get('BLANK');
  if (v === undefined || v === null) return null;
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  throw new FitsError('BAD_VALUE', `BLANK must be an integer, got ${String(v)}`, { hduIndex: hdu.index, keyword: 'BLANK' });
}

/** The raw data bytes in native byte order, in a buffer whose offset suits `size`-byte elements. */
function nativeOrder(bytes: Uint8Array, offset: number, length: number, size: number, inPlace: boolean): Buffer {
  let buf: Buffer;
  // In place only when the image is most of the buffer: its view keeps the whole buffer alive.
  if (inPlace && (bytes.byteOffset + offset) % size === 0 && length * 2 >= bytes.length) {
    buf = Buffer.from(bytes.buffer, bytes.byteOffset + offset, length);
  } else {
    buf = Buffer.allocUnsafeSlow(length);
    buf.set(bytes.subarray(offset, offset + length));
  }
  if (size === 2) buf.swap16();
  else if (size === 4) buf.swap32();
  else if (size === 8) buf.swap64();
  return buf;
}

/** Flips the top bit of every `size`-byte element (signed ↔ offset-binary unsigned), four bytes at a time. */
function flipSignBits(buf: Buffer, size: 2 | 4 | 8): void {
  const words = new Uint32Array(buf.buffer, buf.byteOffset, buf.length >>> 2);
  const mask = size === 2 ? 0x80008000 : size === 4 ? 0x80000000 : 0;
  if (size === 8) {
    // Little-endian: the high word of each int64 is the second uint32.
    for (let i = 1; i < words.length; i += 2) words[i] = words[i]! ^ 0x80000000;
    return;
  }
  for (let i = 0; i < words.length; i++) words[i] = words[i]! ^ mask;
  if (size === 2 && buf.length % 4 === 2) {
    const last = buf.length - 1;
    buf[last] = buf[last]! ^ 0x80;
  }
}

function checkSize(n: number, bytesPerPixel: number, limits: FitsLimits, hdu: Hdu): void {
  const bytes = n * bytesPerPixel;
  if (bytes > limits.maxImageBytes) {
    throw new FitsError('TOO_LARGE', `image ${hdu.info.shape.join('×')} needs ${bytes} bytes, over the limit of ${limits.maxImageBytes}`, {
      hduIndex: hdu.index,
    });
  }
}

/** int64 values (native order, as pairs of uint32) → float64, correctly rounded; `unsigned` for BZERO = 2^63. */
function int64ToFloat64(buf: Buffer, n: number, unsigned: boolean): Float64Array {
  const words = new Uint32Array(buf.buffer, buf.byteOffset, n * 2);
  const hiSigned = new Int32Array(buf.buffer, buf.byteOffset, n * 2);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const lo = words[2 * i]!;
    const hi = unsigned ? words[2 * i + 1]! ^ 0x80000000 : hiSigned[2 * i + 1]!;
    // hi·2^32 is exact; the single addition rounds once, like a direct int64 → double conversion.
    out[i] = (unsigned ? hi >>> 0 : hi) * 4294967296 + lo;
  }
  return out;
}

function decodePlain(file: FitsFile, hdu: Hdu, limits: FitsLimits, inPlace: boolean, plane?: number): FitsImage {
  const bitpix = hdu.info.bitpix as Bitpix;
  // One plane: its own 2-D image, read from its own bytes.
  const shape = plane === undefined ? hdu.info.shape : hdu.info.shape.slice(0, 2);
  const n = shape.reduce((a, b) => a * b, 1);
  const size = Math.abs(bitpix) / 8;
  const planeOffset = plane === undefined ? 0 : plane * n * size;
  const bscale = numberKeyword(hdu, 'BSCALE', 1);
  const bzero = numberKeyword(hdu, 'BZERO', 0);
  const blankRaw = bitpix > 0 ? blankKeyword(hdu) : null;
  // Like astropy: BLANK alone also turns integer data into floats with NaN (except pseudo-unsigned data).
  const scaled = bscale !== 1 || bzero !== 0 || blankRaw !== null;
  const pseudoUnsigned =
    bscale === 1 && ((bitpix === 16 && bzero === 32768) || (bitpix === 32 && bzero === 2147483648) || (bitpix === 64 && bzero === 2 ** 63));
  const outBytes = !scaled || pseudoUnsigned || bitpix < 0 ? (bitpix === 64 ? 8 : size) : bitpix <= 16 ? 4 : 8;
  checkSize(n, outBytes, limits, hdu);
  if (planeOffset + n * size > hdu.dataLength) throw new FitsError('TRUNCATED', 'image data is shorter than its shape', { hduIndex: hdu.index });

  const buf = nativeOrder(file.bytes, hdu.dataOffset + planeOffset, n * size, size, inPlace);
  const finish = (img: FitsImage): FitsImage => {
    if (plane !== undefined) {
      img.plane = plane;
      img.hduShape = hdu.info.shape.slice();
    }
    return img;
  };
  const ab = buf.buffer;
  const at = buf.byteOffset;
  let pixels: PixelArray;
  let blank: number | undefined;
  // Physical value of BLANK, reported for integer outputs (float outputs get NaN instead).
  const physicalBlank = blankRaw === null ? undefined : Number(blankRaw) * bscale + bzero;

  if (bitpix === -32 || bitpix === -64) {
    const arr = bitpix === -32 ? new Float32Array(ab, at, n) : new Float64Array(ab, at, n);
    if (scaled) scaleFloatsInPlace(arr, bscale, bzero);
    return finish(image(shape, bitpix, bscale, bzero, arr));
  }
  if (bitpix === 64) {
    pixels = int64ToFloat64(buf, n, pseudoUnsigned);
    if (scaled && !pseudoUnsigned) {
      applyBlankAsNaN(pixels, blankRaw === null ? null : Number(blankRaw));
      scaleFloatsInPlace(pixels, bscale, bzero);
    } else {
      blank = physicalBlank;
    }
    return finish(image(shape, bitpix, bscale, bzero, pixels, blank));
  }
  if (!scaled) {
    pixels = bitpix === 8 ? new Uint8Array(ab, at, n) : bitpix === 16 ? new Int16Array(ab, at, n) : new Int32Array(ab, at, n);
    return finish(image(shape, bitpix, bscale, bzero, pixels, physicalBlank));
  }
  if (pseudoUnsigned) {
    flipSignBits(buf, size as 2 | 4);
    pixels = bitpix === 16 ? new Uint16Array(ab, at, n) : new Uint32Array(ab, at, n);
    return finish(image(shape, bitpix, bscale, bzero, pixels, physicalBlank));
  }
  // Scaled integers: float32 for BITPIX 8/16, float64 for 32, computed in that precision as numpy does.
  const raw = bitpix === 8 ? new Uint8Array(ab, at, n) : bitpix === 16 ? new Int16Array(ab, at, n) : new Int32Array(ab, at, n);
  const out = bitpix === 32 ? new Float64Array(n) : new Float32Array(n);
  out.set(raw);
  scaleFloatsInPlace(out, bscale, bzero);
  if (blankRaw !== null) {
    const b = Number(blankRaw);
    for (let i = 0; i < n; i++) if (raw[i] === b) out[i] = NaN;
  }
  return finish(image(shape, bitpix, bscale, bzero, out));
}

function applyBlankAsNaN(arr: Float64Array, blank: number | null): void {
  if (blank === null) return;
  for (let i = 0; i < arr.length; i++) if (arr[i] === blank) arr[i] = NaN;
}

/** value·bscale + bzero in the array's own precision (float32 arrays round each step to float32, like numpy). */
function scaleFloatsInPlace(arr: Float32Array | Float64Array, bscale: number, bzero: number): void {
  const n = arr.length;
  if (arr instanceof Float32Array) {
    const s = Math.fround(bscale);
    const z = Math.fround(bzero);
    if (bscale !== 1) for (let i = 0; i < n; i++) arr[i] = arr[i]! * s;
    if (bzero !== 0) for (let i = 0; i < n; i++) arr[i] = arr[i]! + z;
    return;
  }
  if (bscale !== 1) for (let i = 0; i < n; i++) arr[i] = arr[i]! * bscale;
  if (bzero !== 0) for (let i = 0; i < n; i++) arr[i] = arr[i]! + bzero;
}

function image(shape: number[], bitpix: Bitpix, bscale: number, bzero: number, pixels: PixelArray, blank?: number): FitsImage {
  const width = shape[0] ?? 1;
  const height = shape[1] ?? 1;
  const depth = shape.slice(2).reduce((a, b) => a * b, 1);
  const img: FitsImage = { width, height, shape: [...shape], depth, bitpix, bscale, bzero, pixels };
  if (blank !== undefined) img.blank = blank;
  return img;
}

/** Marks a 2-D image read as plane 0 when a plane was asked (a 2-D image has just that one). */
function withPlane(img: FitsImage, plane: number | undefined): FitsImage {
  if (plane !== undefined) {
    img.plane = plane;
    img.hduShape = img.shape.slice();
  }
  return img;
}

/**
 * Decodes one image HDU (default: the first HDU holding image data, a compressed one included).
 * Throws NO_IMAGE, BAD_HDU, TOO_LARGE (checked before allocating), TRUNCATED, BAD_VALUE.
 */
export function readImage(file: FitsFile, hduIndex?: number, opts: ReadImageOptions = {}): FitsImage {
  const limits = resolveLimits(opts.limits);
  const hdu = selectImageHdu(file, hduIndex);
  if (opts.plane !== undefined) checkPlane(hdu, opts.plane);
  if (hdu.info.kind === 'compressed-image') {
    const data = file.bytes.subarray(hdu.dataOffset, hdu.dataOffset + hdu.dataLength);
    return decodeCompressedImage(hdu.header, data, hdu.index, limits, { plane: opts.plane, ...(opts.rowStep ? { rowStep: opts.rowStep } : {}), ...(opts.shared ? { shared: true } : {}) });
  }
  return decodePlain(file, hdu, limits, opts.inPlace ?? false, opts.plane);
}

/**
 * `readImage`, with worker threads for large tile-compressed (Rice) images, whose pixels
 * then live in a SharedArrayBuffer. Same errors as `readImage`.
 */
export async function readImageAsync(file: FitsFile, hduIndex?: number, opts: ReadImageOptions = {}): Promise<FitsImage> {
  const limits = resolveLimits(opts.limits);
  const hdu = selectImageHdu(file, hduIndex);
  if (opts.plane !== undefined) checkPlane(hdu, opts.plane);
  if (hdu.info.kind === 'compressed-image') {
    const data = file.bytes.subarray(hdu.dataOffset, hdu.dataOffset + hdu.dataLength);
    // One plane of a cube is decoded on this thread, from its own tiles only.
    if (opts.plane !== undefined && hdu.info.shape.length > 2) return decodeCompressedImage(hdu.header, data, hdu.index, limits, { plane: opts.plane });
    return withPlane(await decodeCompressedImageAsync(hdu.header, data, hdu.index, limits, opts.threads?.rice, opts.threads?.riceHooks), opts.plane);
  }
  return decodePlain(file, hdu, limits, opts.inPlace ?? false, opts.plane);
}
