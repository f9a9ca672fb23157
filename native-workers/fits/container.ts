/**
 * Containers around a FITS stream, recognised by their magic bytes: gzip (possibly several
 * members, as `cat a.gz b.gz` makes) and bzip2; anything else is passed through unchanged.
 */
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { FitsError } from './errors.js';

const gunzipAsync = promisify(gunzip);

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
  if (kind === 'gzip') {
    try {
      // zlib's gunzip decodes concatenated members; maxOutputLength bounds memory on a gzip bomb.
      return await gunzipAsync(bytes, { maxOutputLength: maxOutputBytes });
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'ERR_BUFFER_TOO_LARGE' || /Cannot create a Buffer larger/.test(e.message)) {
        throw new FitsError('TOO_LARGE', `gzip output exceeds the limit of ${maxOutputBytes} bytes`);
      }
      if (e.code === 'Z_BUF_ERROR') throw new FitsError('TRUNCATED', 'gzip stream ends early');
      throw new FitsError('CORRUPT_DATA', `gzip stream does not decode: ${e.message}`);
    }
  }
  if (kind === 'bzip2') {
    const { bunzip2 } = await import('./bzip2/index.js');
    return bunzip2(bytes, { maxOutputBytes });
  }
  return bytes;
}
