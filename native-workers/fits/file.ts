/** FITS files on disk: read, undo gzip/bzip2 by magic bytes, walk the HDUs, decode an image. */
import { open, stat } from 'node:fs/promises';
import { decompressFile } from './container.js';
import type { DecodeThreads } from './decode-threads.js';
import { FitsError } from './errors.js';
import { expectedFitsSize, openFits, type FitsFile, type OpenOptions } from './hdu.js';
import { readImageAsync, type ReadImageOptions } from './image.js';
import type { FitsImage } from './types.js';

/** The decompressed bytes of a .fits / .fits.gz / .fits.bz2 / .fz file. */
async function readFileBytes(path: string, threads: DecodeThreads = {}): Promise<Uint8Array> {
  try {
    // stat before open: a FIFO or a directory is refused without being opened.
    const st = await stat(path);
    if (!st.isFile()) throw new FitsError('NOT_FITS', `${path} is not a regular file`);
    const file = await open(path, 'r');
    try {
      return await decompressFile(file, st.size, { expectedSize: expectedFitsSize, bzip2Workers: threads.bzip2 });
    } finally {
      await file.close();
    }
  } catch (err) {
    if (err instanceof FitsError) throw err;
    const e = err as NodeJS.ErrnoException;
    // File-system errors keep their own code (ENOENT, EACCES) so callers can map them to "not found".
    throw Object.assign(new Error(`cannot read ${path}: ${e.message}`), { code: e.code ?? 'EIO' });
  }
}

/** Reads a .fits / .fits.gz / .fits.bz2 / .fz file and walks its HDUs. */
export async function readFitsFile(path: string, opts: OpenOptions & { threads?: DecodeThreads } = {}): Promise<FitsFile> {
  return openFits(await readFileBytes(path, opts.threads), opts);
}

/**
 * Reads a file and decodes one image HDU (default: the first with image data). Large Rice
 * images are decoded on worker threads too, into a SharedArrayBuffer (see readImageAsync).
 */
export async function loadImage(path: string, hduIndex?: number, opts: Omit<ReadImageOptions, 'inPlace'> = {}): Promise<FitsImage> {
  const file = await readFitsFile(path, opts);
  // The bytes are ours alone: swap in place rather than copy.
  return readImageAsync(file, hduIndex, { ...opts, inPlace: true });
}
