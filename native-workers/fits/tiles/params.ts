/** Reads and validates the compressed-image keywords (Z*) of a BINTABLE header. */
import { FitsError } from '../errors.js';
import type { Bitpix, HeaderLike } from '../types.js';
import type { DitherMethod } from './dither.js';
import { KeywordReader } from './keywords.js';

export type Algorithm = 'RICE_1' | 'GZIP_1' | 'GZIP_2' | 'NOCOMPRESS' | 'PLIO_1' | 'HCOMPRESS_1';

/** Algorithms of the convention that this decoder does not implement. */
const KNOWN_UNSUPPORTED = new Set(['BZIP2_1']);

export function unsupportedCompression(compression: string, hduIndex?: number): FitsError {
  const what = KNOWN_UNSUPPORTED.has(compression) ? `tile compression ${compression} is not supported` : `unknown tile compression ${compression}`;
  return new FitsError('UNSUPPORTED_COMPRESSION', `${what} (RICE_1, GZIP_1, GZIP_2, PLIO_1, HCOMPRESS_1 and NOCOMPRESS are)`, { hduIndex, keyword: 'ZCMPTYPE' });
}

const BITPIXES = new Set([8, 16, 32, 64, -32, -64]);

export interface CompressedImageParams {
  zbitpix: Bitpix;
  /** ZNAXISn, NAXIS1 first. */
  naxes: number[];
  /** ZTILEn, clamped to the image (a tile never extends past it). */
  tiles: number[];
  /** null for an algorithm this decoder does not implement (decoding then refuses it). */
  algorithm: Algorithm | null;
  /** As written (e.g. 'RICE_ONE'), for display. */
  compression: string;
  blockSize: number;
  bytePix: number;
  /** HCOMPRESS_1: smooth while inverting (ZNAME SMOOTH ≠ 0). */
  hcompSmooth: boolean;
  /** Set when floats were quantized to integers. */
  quantize: { method: DitherMethod; ditherSeed: number } | null;
  /** Header BSCALE/BZERO, applied to integer images after decompression. */
  bscale: number;
  bzero: number;
}

export function isCompressedImage(header: HeaderLike): boolean {
  const xt = header.get('XTENSION');
  return typeof xt === 'string' && xt.trim().toUpperCase() === 'BINTABLE' && header.get('ZIMAGE') === true;
}

function zvalByName(kw: KeywordReader, name: string, positional: number, fallback: number): number {
  for (let i = 1; i <= 99; i++) {
    const zname = kw.str(`ZNAME${i}`);
    if (zname === undefined) break;
    if (zname.trim().toUpperCase() === name) return kw.int(`ZVAL${i}`);
  }
  // Old files carry the values without names, in the convention's order.
  return kw.has(`ZNAME${positional}`) ? fallback : kw.int(`ZVAL${positional}`, fallback);
}

export function readCompressedImageParams(header: HeaderLike, hduIndex?: number): CompressedImageParams {
  const kw = new KeywordReader(header, hduIndex);
  const zbitpix = kw.int('ZBITPIX');
  if (!BITPIXES.has(zbitpix)) throw new FitsError('BAD_VALUE', `ZBITPIX ${zbitpix} is not a FITS BITPIX`, { hduIndex, keyword: 'ZBITPIX' });
  const ndim = kw.int('ZNAXIS');
  if (ndim < 0 || ndim > 999) throw new FitsError('BAD_VALUE', `ZNAXIS ${ndim} is out of range`, { hduIndex, keyword: 'ZNAXIS' });
  const naxes: number[] = [];
  const tiles: number[] = [];
  for (let i = 1; i <= ndim; i++) {
    const n = kw.int(`ZNAXIS${i}`);
    if (n < 0) throw new FitsError('BAD_VALUE', `ZNAXIS${i} is negative`, { hduIndex, keyword: `ZNAXIS${i}` });
    const t = kw.int(`ZTILE${i}`, i === 1 ? n : 1);
    if (t <= 0 && n > 0) throw new FitsError('BAD_VALUE', `ZTILE${i} must be positive, found ${t}`, { hduIndex, keyword: `ZTILE${i}` });
    naxes.push(n);
    tiles.push(Math.max(1, Math.min(t, n)));
  }
  const compression = kw.str('ZCMPTYPE')?.trim().toUpperCase();
  if (!compression) throw new FitsError('BAD_HEADER', 'compressed image lacks ZCMPTYPE', { hduIndex, keyword: 'ZCMPTYPE' });
  let algorithm: Algorithm | null;
  if (compression === 'RICE_1' || compression === 'RICE_ONE') algorithm = 'RICE_1';
  else if (compression === 'GZIP_1' || compression === 'GZIP_2' || compression === 'NOCOMPRESS' || compression === 'PLIO_1') algorithm = compression;
  else algorithm = null;
  let blockSize = 32;
  let bytePix = 4;
  let hcompSmooth = false;
  if (algorithm === 'RICE_1') {
    blockSize = zvalByName(kw, 'BLOCKSIZE', 1, 32);
    bytePix = zvalByName(kw, 'BYTEPIX', 2, 4);
    if (blockSize <= 0) throw new FitsError('BAD_VALUE', `Rice BLOCKSIZE ${blockSize} must be positive`, { hduIndex, keyword: 'ZVAL1' });
    if (![1, 2, 4].includes(bytePix)) throw new FitsError('BAD_VALUE', `Rice BYTEPIX ${bytePix} must be 1, 2 or 4`, { hduIndex, keyword: 'ZVAL2' });
  }
  if (compression === 'HCOMPRESS_1') {
    algorithm = 'HCOMPRESS_1';
    hcompSmooth = zvalByName(kw, 'SMOOTH', 2, 0) !== 0;
  }
  let quantize: CompressedImageParams['quantize'] = null;
  const zquantiz = kw.str('ZQUANTIZ')?.trim().toUpperCase();
  const hasScale = kw.has('ZSCALE') || kw.has('ZZERO') || hasColumn(kw, 'ZSCALE') || hasColumn(kw, 'ZZERO');
  if (zbitpix < 0 && hasScale && zquantiz !== 'NONE') {
    const method: DitherMethod =
      zquantiz === 'SUBTRACTIVE_DITHER_1' || zquantiz === 'SUBTRACTIVE_DITHER_2' ? zquantiz : 'NO_DITHER';
    quantize = { method, ditherSeed: kw.int('ZDITHER0', 1) };
  }
  return {
    zbitpix: zbitpix as Bitpix,
    naxes,
    tiles,
    algorithm,
    compression,
    blockSize,
    bytePix,
    hcompSmooth,
    quantize,
    bscale: kw.num('BSCALE', 1),
    bzero: kw.num('BZERO', 0),
  };
}

function hasColumn(kw: KeywordReader, name: string): boolean {
  const fields = kw.int('TFIELDS', 0);
  for (let i = 1; i <= fields && i <= 999; i++) if (kw.str(`TTYPE${i}`)?.trim().toUpperCase() === name) return true;
  return false;
}
