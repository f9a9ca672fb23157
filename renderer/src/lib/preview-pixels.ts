/**
 * Preview pixels from either encoding of the contract's getPreview: raw little-endian Float32
 * bytes (an ArrayBuffer, `encoding: 'binary'`) or the same bytes as base64 text.
 */
import { base64ToFloat32 } from './base64-floats';

export function previewPixels(data: string | ArrayBuffer): Float32Array {
  if (typeof data === 'string') return base64ToFloat32(data);
  if (data.byteLength % 4 !== 0) throw new RangeError(`preview byte length ${data.byteLength} is not a multiple of 4`);
  // Float32Array reads the platform's byte order; every platform Chromium runs on is little-endian.
  return new Float32Array(data);
}
