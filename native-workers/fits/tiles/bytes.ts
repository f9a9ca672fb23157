/**
 * Raw tile bytes (GZIP_1, GZIP_2, NOCOMPRESS, UNCOMPRESSED_DATA): big-endian values,
 * optionally byte-shuffled (GZIP_2 stores all most significant bytes first, and so on).
 */
import { gzipSync, unzipSync } from 'node:zlib';
import { FitsError } from '../errors.js';

export function gunzipTile(compressed: Uint8Array, maxBytes: number): Uint8Array {
  try {
    return unzipSync(compressed, { maxOutputLength: Math.max(1, maxBytes) });
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') throw new FitsError('CORRUPT_DATA', 'gzip tile inflates beyond the tile size');
    throw new FitsError('CORRUPT_DATA', `gzip tile does not inflate: ${(err as Error).message}`);
  }
}

export function gzipTile(raw: Uint8Array): Uint8Array {
  return gzipSync(raw);
}

/** Undoes GZIP_2's byte shuffle for elements of `size` bytes. */
export function unshuffle(bytes: Uint8Array, size: number): Uint8Array {
  if (size === 1) return bytes;
  const n = bytes.length / size;
  const out = new Uint8Array(bytes.length);
  for (let k = 0; k < size; k++) {
    const plane = k * n;
    for (let i = 0; i < n; i++) out[i * size + k] = bytes[plane + i]!;
  }
  return out;
}

export function shuffle(bytes: Uint8Array, size: number): Uint8Array {
  if (size === 1) return bytes;
  const n = bytes.length / size;
  const out = new Uint8Array(bytes.length);
  for (let k = 0; k < size; k++) {
    const plane = k * n;
    for (let i = 0; i < n; i++) out[plane + i] = bytes[i * size + k]!;
  }
  return out;
}

export type RawKind = 'uint8' | 'int16' | 'int32' | 'int64' | 'float32' | 'float64';

/**
 * Reads n big-endian values: integers into `ints`, floats (and 64-bit integers, as
 * numbers) into `floats`. Returns which array now holds the tile.
 */
export function readBigEndian(bytes: Uint8Array, kind: RawKind, n: number, ints: Int32Array, floats: Float64Array): 'int' | 'float' {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (kind) {
    case 'uint8':
      for (let i = 0; i < n; i++) ints[i] = bytes[i]!;
      return 'int';
    case 'int16':
      for (let i = 0; i < n; i++) ints[i] = view.getInt16(2 * i);
      return 'int';
    case 'int32':
      for (let i = 0; i < n; i++) ints[i] = view.getInt32(4 * i);
      return 'int';
    case 'int64':
      for (let i = 0; i < n; i++) floats[i] = Number(view.getBigInt64(8 * i));
      return 'float';
    case 'float32':
      for (let i = 0; i < n; i++) floats[i] = view.getFloat32(4 * i);
      return 'float';
    case 'float64':
      for (let i = 0; i < n; i++) floats[i] = view.getFloat64(8 * i);
      return 'float';
  }
}
