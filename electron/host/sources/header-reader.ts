/**
 * Header-only reads of a frame, whatever its container: range reads for plain and
 * tile-compressed (.fz) files, a decompressing stream for .gz/.bz2 that is abandoned
 * as soon as the first image header has been read.
 */
import { createGunzip } from 'node:zlib';
import { Readable, pipeline } from 'node:stream';
import { readHeadersByRange, readHeadersFromChunks } from '../../../native-workers/fits/index.js';
import { bunzip2Chunks } from '../../../native-workers/fits/bzip2/index.js';
import type { RangeReader } from '../../../native-workers/fits/types.js';
import type { FrameHeaderSummary } from '../store/catalogue-types.js';
import { compressionOf } from './frame-name.js';
import { summarizeHeaders, type HduHeader } from './header-summary.js';

export interface HeaderReadAccess {
  /** Runs `fn` with range reads of the stored bytes (plain and .fz frames); releases them after. */
  withRangeReader<T>(fn: (read: RangeReader) => Promise<T>): Promise<T>;
  /** The stored bytes from the start; aborting the signal must end the transfer (.gz/.bz2 frames). */
  openStream(signal: AbortSignal): Promise<AsyncIterable<Uint8Array>>;
}

const INITIAL_RANGE_BYTES = 2 * 2880;

/** gzip → FITS bytes, with zlib's errors surfacing in the consumer's loop. */
async function* gunzipChunks(source: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  const input = Readable.from(source, { objectMode: false });
  const gunzip = createGunzip();
  const output = pipeline(input, gunzip, () => {
    /* errors are re-thrown by the iteration below */
  });
  try {
    for await (const chunk of output) yield chunk as Uint8Array;
  } finally {
    input.destroy();
    gunzip.destroy();
  }
}

/** Headers of every HDU up to the first image (.gz/.bz2) or of the whole file (plain/.fz). */
export async function readFrameHeaders(name: string, access: HeaderReadAccess, outerSignal?: AbortSignal): Promise<FrameHeaderSummary> {
  const compression = compressionOf(name);
  if (compression === 'none' || compression === 'fpack') {
    // Two blocks first: a one-block header costs 2× its size, longer ones grow by doubling (≤ 3×).
    const { hdus } = await access.withRangeReader((read) => readHeadersByRange(read, { initialBytes: INITIAL_RANGE_BYTES }));
    return summarizeHeaders(hdus as HduHeader[]);
  }
  const controller = new AbortController();
  const onOuterAbort = (): void => controller.abort(outerSignal?.reason);
  outerSignal?.addEventListener('abort', onOuterAbort, { once: true });
  try {
    const raw = await access.openStream(controller.signal);
    const fits = compression === 'gzip' ? gunzipChunks(raw) : bunzip2Chunks(raw);
    const { hdus } = await readHeadersFromChunks(fits, { stopAfterFirstImage: true });
    return summarizeHeaders(hdus as HduHeader[]);
  } finally {
    // Ends the transfer of the rest of the object: only the headers were wanted.
    controller.abort();
    outerSignal?.removeEventListener('abort', onOuterAbort);
  }
}
