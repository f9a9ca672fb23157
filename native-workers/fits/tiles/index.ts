/**
 * Tile-compressed images (FITS tiled image compression convention; what .fz files hold):
 * detection, a summary for `nightdeck info`, decoding and encoding.
 */
import type { Bitpix, HeaderLike } from '../types.js';
import { readCompressedImageParams } from './params.js';

export { isCompressedImage } from './params.js';
export { decodeCompressedImage } from './decode.js';
export { decodeCompressedImageAsync } from './parallel.js';

/** What a compressed image holds, without decoding it: ZBITPIX, ZNAXISn (NAXIS1 first), ZCMPTYPE. */
export function compressedImageInfo(header: HeaderLike): { bitpix: Bitpix; shape: number[]; compression: string } {
  const p = readCompressedImageParams(header);
  return { bitpix: p.zbitpix, shape: p.naxes, compression: p.compression };
}
export { encodeCompressedImageHdu, type EncodeOptions } from './encode.js';
