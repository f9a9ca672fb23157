/**
 * Containers around a FITS stream, recognised by their magic bytes: gzip (possibly several
 * members, as `cat a.gz b.gz` makes) and bzip2; anything else is passed through unchanged.
 * Files are decompressed as they are read (`decompressFile`), buffers already in memory by
 * `decompressContainer`.
 */
import type { FileHandle } from 'node:fs/promises';
import type { SizeHint } from './bzip2/output.js';
import type { BlockWorker } from './bzip2/pool.js';
import { gunzipBytes, gunzipFile } from './gzip.js';

export type ContainerKind = 'gzip' | 'bzip2' | 'none';

export function containerKind(bytes: Uint8Array): ContainerKind {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) return 'gzip';
  if (bytes.length >= 3 && bytes[0] === 0x42 && bytes[1] === 0x5a && bytes[2] === 0x68) return 'bzip2';
  return 'none';
}

export interface DecompressOptions {
  /** Refuse (TOO_LARGE) decompressed output beyond this many bytes (default 3 GiB). */
  maxOutputBytes?: number;
  /**
   * The expected output size judged from its first bytes (e.g. `expectedFitsSize`), used where
   * the container does not say (bzip2) to size the output buffer once instead of growing it.
   */
  expectedSize?: SizeHint;
  /** bzip2 worker threads to use (tests hand in their own); default: the module's pool. */
  bzip2Workers?: BlockWorker[];
}

const DEFAULT_MAX_OUTPUT = 3 * 1024 ** 3;

/** Decompresses gzip or bzip2 by magic bytes; returns other bytes as they are. */
export async function decompressContainer(bytes: Uint8Array, opts: DecompressOptions = {}): Promise<Uint8Array> {
  const maxOutputBytes = opts.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
  const kind = containerKind(bytes);
  if (kind === 'gzip') return gunzipBytes(bytes, maxOutputBytes);
  if (kind === 'bzip2') {
    const { bunzip2 } = await import('./bzip2/index.js');
    return bunzip2(bytes, { maxOutputBytes, expectedSize: opts.expectedSize });
  }
  return bytes;
}

/**
 * Decompresses an open file of `size` bytes by its magic bytes, reading the compressed bytes in
 * pieces so that they are never held whole next to the output; other files are read whole.
 * File-system errors pass through with their own code.
 */
export async function decompressFile(file: FileHandle, size: number, opts: DecompressOptions = {}): Promise<Uint8Array> {
  const maxOutputBytes = opts.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
  const magic = new Uint8Array(Math.min(3, size));
  if (magic.length > 0) await file.read(magic, 0, magic.length, 0);
  const kind = containerKind(magic);
  if (kind === 'gzip') return gunzipFile(file, size, maxOutputBytes);
  if (kind === 'bzip2') {
    const { bunzip2File } = await import('./bzip2/index.js');
    return bunzip2File(file, size, { maxOutputBytes, expectedSize: opts.expectedSize, workers: opts.bzip2Workers });
  }
  return readWhole(file, size);
}

/** The whole file, read into a buffer of its size (a file that shrank gives fewer bytes). */
async function readWhole(file: FileHandle, size: number): Promise<Uint8Array> {
  const out = Buffer.allocUnsafeSlow(size);
  let done = 0;
  while (done < size) {
    const { bytesRead } = await file.read(out, done, size - done, done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done === size ? out : out.subarray(0, done);
}
