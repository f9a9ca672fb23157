/**
 * The FITS core's writer, loaded on first use so the host starts (and serves everything
 * else) even in a build where the writer is missing; then exports and the demo night fail
 * with a clear typed error instead.
 */
import { HostError } from '../errors.js';
import type { Card, PixelArray } from '../../../native-workers/fits/types.js';

export interface WriterHdu {
  image?: { pixels: PixelArray; shape: number[]; bitpix?: number };
  cards?: Card[];
  extname?: string;
  compress?: { type: 'RICE_1' | 'GZIP_1' | 'GZIP_2' };
}

export type WriteFits = (hdus: WriterHdu[]) => Uint8Array;

let cached: WriteFits | null = null;

export async function fitsWriter(): Promise<WriteFits> {
  if (cached) return cached;
  const core = (await import('../../../native-workers/fits/index.js')) as unknown as { writeFits?: WriteFits };
  if (typeof core.writeFits !== 'function') throw new HostError('UNSUPPORTED', 'this build has no FITS writer (native-workers/fits writeFits)');
  cached = core.writeFits;
  return cached;
}
