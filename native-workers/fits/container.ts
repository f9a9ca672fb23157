/**
 * Containers around a FITS stream, recognised by their magic bytes: gzip (possibly several
 * members, as `cat a.gz b.gz` makes) and bzip2; anything else is passed through unchanged.
 */
import { createGunzip } from 'node:zlib';
import { FitsError } from './errors.js';

export type ContainerKind = 'gzip' | 'bzip2' | 'none';

export function containerKind(bytes: Uint8Array): ContainerKind {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) return 'gzip';
  if (bytes.length >= 3 && bytes[0] === 0x42 && bytes[1] === 0x5a && bytes[2] === 0x68) return 'bzip2';
  return 'none';
}

export interface DecompressOptions {
  /** Refuse (TOO_LARGE) decompressed output beyond this many bytes (default 3 GiB). */
  maxOutputBytes?: number;
}

const DEFAULT_MAX_OUTPUT = 3 * 1024 ** 3;

/** Decompresses gzip or bzip2 by magic bytes; returns other bytes as they are. */
export async function decompressContainer(bytes: Uint8Array, opts: DecompressOptions = {}): Promise<Uint8Array> {
  const maxOutputBytes = opts.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
  const kind = containerKind(bytes);
  if (kind === 'gzip') return gunzipBounded(bytes, maxOutputBytes);
  if (kind === 'bzip2') {
    const { bunzip2 } = await import('./bzip2/index.js');
    return bunzip2(bytes, { maxOutputBytes });
  }
  return bytes;
}

/**
 * gunzip into one buffer sized from the gzip trailer (ISIZE, the last member's size mod 2^32),
 * grown when that guess is short (several members, > 4 GiB): peak memory stays near input +
 * output, where zlib's buffer API would hold the output twice (chunks, then their concatenation).
 */
function gunzipBounded(bytes: Uint8Array, maxOutputBytes: number): Promise<Uint8Array> {
  const n = bytes.length;
  const isize = n >= 18 ? (bytes[n - 4]! | (bytes[n - 3]! << 8) | (bytes[n - 2]! << 16) | (bytes[n - 1]! << 24)) >>> 0 : 0;
  let out = Buffer.allocUnsafeSlow(Math.min(maxOutputBytes, Math.max(isize, 64 * 1024)));
  let length = 0;
  return new Promise((resolve, reject) => {
    const gz = createGunzip({ chunkSize: 1024 * 1024 });
    let failed = false;
    const fail = (err: FitsError): void => {
      if (failed) return;
      failed = true;
      gz.destroy();
      reject(err);
    };
    gz.on('data', (chunk: Buffer) => {
      if (failed) return;
      const need = length + chunk.length;
      if (need > maxOutputBytes) return fail(new FitsError('TOO_LARGE', `gzip output exceeds the limit of ${maxOutputBytes} bytes`));
      if (need > out.length) {
        const grown = Buffer.allocUnsafeSlow(Math.min(maxOutputBytes, Math.max(need, out.length * 2)));
        out.copy(grown, 0, 0, length);
        out = grown;
      }
      chunk.copy(out, length);
      length = need;
    });
    gz.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'Z_BUF_ERROR') fail(new FitsError('TRUNCATED', 'gzip stream ends early'));
      else fail(new FitsError('CORRUPT_DATA', `gzip stream does not decode: ${err.message}`));
    });
    gz.on('end', () => {
      if (!failed) resolve(length === out.length ? out : out.subarray(0, length));
    });
    gz.end(bytes);
  });
}
