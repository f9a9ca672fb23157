/**
 * A parallel Rice decode, as the threads share it: the image in a SharedArrayBuffer, its
 * tiles grouped in chunks, and a claim word per chunk. The calling thread takes chunks
 * from the front, workers from the back; a compare-and-swap on the claim word decides
 * who decodes a chunk, so a late or slow worker simply ends up with less of the image.
 *
 * Workers read a chunk's compressed bytes from the image memory itself: they were copied
 * to the end of the chunk's own output region (it is larger: Rice compresses), so no
 * second buffer is needed. Tiles are decoded in order and the layout guarantees that
 * writing a tile never overwrites the bytes of a later tile (see parallel.ts).
 *
 * `runRiceJob` is what a worker runs: self-contained (no imports, no module state, no
 * nested functions), its source text is sent to the worker thread.
 */
import type { narrowRiceValues, riceDecodeTile, RiceOutput } from './rice-decode.js';

/**
 * Claim word values. PENDING: the chunk's bytes are still being laid out for workers (it
 * then becomes FREE, or MAIN_ONLY when they do not fit); a worker waits on it.
 */
export const CLAIM = { FREE: 0, MAIN: 1, WORKER: 2, WORKER_DONE: 3, MAIN_ONLY: 4, PENDING: 5 } as const;

/** Claims array layout (Int32 indices): the front cursor, the back cursor, then one claim word per chunk. */
export const CLAIM_LAYOUT = { front: 0, back: 1, words: 2 } as const;

export type RiceArrayType = 'Uint8Array' | 'Int16Array' | 'Uint16Array' | 'Int32Array' | 'Uint32Array';

/** Fields per tile in `RiceJob.tiles`. */
export const TILE_FIELDS = 4;

export interface RiceJob {
  /** The image: `arrayType` over the whole buffer. */
  pixels: SharedArrayBuffer;
  arrayType: RiceArrayType;
  /** Int32 words as CLAIM_LAYOUT places them. */
  claims: SharedArrayBuffer;
  /** Chunk c covers tiles chunkTiles[c] .. chunkTiles[c + 1] − 1. */
  chunkTiles: Int32Array;
  /**
   * Per tile (shared memory): byte offset in `pixels` of its compressed bytes (meaningful
   * once its chunk is FREE), their length, its first pixel's index, its pixel count.
   */
  tiles: Float64Array;
  maxTilePixels: number;
  blockSize: number;
  bytePix: number;
  flip: number;
  /** Readable bytes the decoder needs after a tile's last byte. */
  slack: number;
  codes: typeof CLAIM;
  layout: typeof CLAIM_LAYOUT;
}

/** A tile that does not decode: its 0-based index and why. */
export interface RiceJobFailure {
  tile: number;
  message: string;
}

/** Claims chunks from the back until it meets the calling thread, and decodes them. */
export function runRiceJob(job: RiceJob, decodeTile: typeof riceDecodeTile, narrow: typeof narrowRiceValues): RiceJobFailure | null {
  const ctor = (globalThis as unknown as Record<string, new (source: SharedArrayBuffer | number) => RiceOutput>)[job.arrayType]!;
  const out = new ctor(job.pixels);
  const bytesPerPixel = out.BYTES_PER_ELEMENT;
  const claims = new Int32Array(job.claims);
  const { codes, layout, tiles } = job;
  let scratch: RiceOutput | null = null;
  for (;;) {
    const chunk = Atomics.sub(claims, layout.back, 1) - 1;
    if (chunk < 0) break;
    const word = layout.words + chunk;
    while (Atomics.load(claims, word) === codes.PENDING) Atomics.wait(claims, word, codes.PENDING, 50);
    if (Atomics.load(claims, word) === codes.MAIN_ONLY) continue;
    if (Atomics.compareExchange(claims, word, codes.FREE, codes.WORKER) !== codes.FREE) break;
    for (let t = job.chunkTiles[chunk]!; t < job.chunkTiles[chunk + 1]!; t++) {
      const from = tiles[4 * t]!;
      const length = tiles[4 * t + 1]!;
      const at = tiles[4 * t + 2]!;
      const n = tiles[4 * t + 3]!;
      const bytes = new DataView(job.pixels, from, length + job.slack);
      let problem: string | null;
      if ((at + n) * bytesPerPixel <= from) {
        // The tile's output ends before its input starts: decode in place.
        problem = decodeTile(bytes, length, out, at, n, job.blockSize, job.bytePix);
        if (problem === null) narrow(out, at, n, job.bytePix, job.flip);
      } else {
        scratch ??= new ctor(job.maxTilePixels);
        problem = decodeTile(bytes, length, scratch, 0, n, job.blockSize, job.bytePix);
        if (problem === null) {
          narrow(scratch, 0, n, job.bytePix, job.flip);
          out.set(scratch.subarray(0, n), at);
        }
      }
      if (problem !== null) return { tile: t, message: problem };
    }
    Atomics.store(claims, word, codes.WORKER_DONE);
  }
  return null;
}
