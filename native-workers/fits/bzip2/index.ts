/**
 * bzip2 decompression for .fits.bz2 files.
 *
 * libbzip2 (WebAssembly) does the entropy decoding. Because bzip2 blocks are independent,
 * the input is cut into its blocks at the bit level as it is read (./scanner.ts), each block
 * is re-wrapped as a standalone stream (./bits.ts) and decoded on worker threads in parallel,
 * with the main thread decoding too; decoded blocks are appended in order to one output
 * buffer (./parallel.ts). libbzip2 verifies each block's CRC; the stream CRC is checked from
 * the block CRCs. Output is bounded by `maxOutputBytes`.
 */
import type { FileHandle } from 'node:fs/promises';
import { FitsError } from '../errors.js';
import { combineCrc, EOS_MAGIC, BLOCK_MAGIC, findMarkers, markerAt, readBits, standaloneStream } from './bits.js';
import type { SizeHint } from './output.js';
import type { BlockWorker } from './pool.js';
import { failure, MAX_FALSE_SPLITS, maxBlockOutput, runBunzip2 } from './parallel.js';
import { MIN_BLOCK_BITS, streamHeaderLevel } from './scanner.js';
import { fileSource, memorySource } from './source.js';
import { decodeStandalone, loadDecoder } from './wasm-decoder.js';

export type { SizeHint } from './output.js';

export interface Bunzip2Options {
  /** Refuse (TOO_LARGE) output beyond this many bytes. Default 3 GiB. */
  maxOutputBytes?: number;
  /** Use worker threads for large inputs (default true). */
  parallel?: boolean;
  /**
   * The expected output size, judged from its first bytes (e.g. a FITS header): sizes the
   * output buffer so that it need not grow. Without it the compression ratio so far is used.
   */
  expectedSize?: SizeHint;
  /** The worker threads to use when parallel (tests hand in their own); default: the module's pool. */
  workers?: BlockWorker[];
}

export const DEFAULT_MAX_BZIP2_OUTPUT = 3 * 1024 ** 3;

function runOptions(options: Bunzip2Options): Parameters<typeof runBunzip2>[1] {
  return { maxOutputBytes: options.maxOutputBytes ?? DEFAULT_MAX_BZIP2_OUTPUT, parallel: options.parallel ?? true, expectedSize: options.expectedSize, workers: options.workers };
}

/** Decompresses a whole .bz2 buffer (one or more concatenated streams). */
export function bunzip2(bytes: Uint8Array, options: Bunzip2Options = {}): Promise<Uint8Array> {
  return runBunzip2(memorySource(bytes), runOptions(options));
}

/**
 * Decompresses a .bz2 file of `size` bytes from an open handle, reading it in pieces: the
 * compressed file is never held whole. File-system errors pass through with their own code.
 */
export function bunzip2File(file: FileHandle, size: number, options: Bunzip2Options = {}): Promise<Uint8Array> {
  return runBunzip2(fileSource(file, size), runOptions(options));
}

/**
 * Streaming decode: yields the decompressed bytes block by block (≤ 900 kB of input each),
 * so a reader that only needs the first headers can stop early. Decodes on the calling thread.
 */
export async function* bunzip2Chunks(source: AsyncIterable<Uint8Array>, options: Bunzip2Options = {}): AsyncIterable<Uint8Array> {
  const maxOut = options.maxOutputBytes ?? DEFAULT_MAX_BZIP2_OUTPUT;
  const bz = await loadDecoder();
  let buf = new Uint8Array(0);
  let consumed = 0; // bytes dropped from the front of buf, for error offsets
  let inStream = false;
  let level = 0;
  let cur = 0; // bit offset in buf: the next stream header (byte aligned) or block/EOS marker
  let scanFrom = 0; // bit offset in buf from which markers have not been searched yet
  let combined = 0;
  let splits = 0;
  let total = 0;
  let sawStream = false;

  const drop = (): void => {
    const d = cur >>> 3;
    if (d === 0) return;
    buf = buf.slice(d);
    consumed += d;
    cur -= d * 8;
    scanFrom = Math.max(0, scanFrom - d * 8);
  };

  // Returns decoded pieces available now; throws on corrupt data.
  function* advance(final: boolean): Generator<Uint8Array> {
    for (;;) {
      if (!inStream) {
        const at = cur >>> 3;
        const rest = buf.length - at;
        if (rest < 4) {
          if (!final) return;
          if (rest === 0 && sawStream) return;
          if (sawStream && buf.subarray(at).every((b) => b === 0)) return;
          throw new FitsError(sawStream || rest > 0 ? 'TRUNCATED' : 'TRUNCATED', 'bzip2 stream ends inside its header', { offset: consumed + at });
        }
        level = streamHeaderLevel(buf, at);
        if (level === 0) {
          if (sawStream && buf.subarray(at).every((b) => b === 0)) {
            if (final) return;
            return; // zero padding so far; wait for more
          }
          throw new FitsError('CORRUPT_DATA', sawStream ? 'garbage after a bzip2 stream' : 'not a bzip2 stream (no BZh header)', { offset: consumed + at });
        }
        sawStream = true;
        inStream = true;
        combined = 0;
        splits = 0;
        cur = (at + 4) * 8;
        scanFrom = cur + MIN_BLOCK_BITS;
      }
      if (cur + 80 > buf.length * 8) {
        if (final) throw new FitsError('TRUNCATED', 'bzip2 stream ends before its end-of-stream marker', { offset: consumed + (cur >>> 3) });
        return;
      }
      if (markerAt(buf, cur, EOS_MAGIC)) {
        const stored = readBits(buf, cur + 48, 32);
        if (stored !== combined) throw new FitsError('CORRUPT_DATA', 'bzip2 stream CRC mismatch', { offset: consumed + (cur >>> 3) });
        cur = Math.ceil((cur + 80) / 8) * 8;
        inStream = false;
        drop();
        continue;
      }
      if (!markerAt(buf, cur, BLOCK_MAGIC)) throw new FitsError('CORRUPT_DATA', 'bzip2 block does not start with its magic', { offset: consumed + (cur >>> 3) });
      const next = findMarkers(buf, Math.max(scanFrom, cur + MIN_BLOCK_BITS))[0];
      if (!next) {
        if (final) throw new FitsError('TRUNCATED', 'bzip2 stream ends inside a block', { offset: consumed + (cur >>> 3) });
        scanFrom = Math.max(scanFrom, buf.length * 8 - 56);
        return;
      }
      const blockCrc = readBits(buf, cur + 48, 32);
      const capacity = Math.min(maxBlockOutput(level), maxOut - total + 1);
      const outcome = decodeStandalone(bz, standaloneStream(buf, cur, next.bit, level, blockCrc), capacity);
      if (!outcome.ok) {
        // Perhaps a false magic inside the block's data: look further for the real end.
        if (next.kind === 'block' && ++splits <= MAX_FALSE_SPLITS) {
          scanFrom = next.bit + 1;
          continue;
        }
        throw failure(outcome, capacity < maxBlockOutput(level), consumed + (cur >>> 3));
      }
      total += outcome.bytes.length;
      if (total > maxOut) throw new FitsError('TOO_LARGE', `bzip2 output exceeds the limit of ${maxOut} bytes`);
      combined = combineCrc(combined, blockCrc);
      splits = 0;
      cur = next.bit;
      scanFrom = cur + MIN_BLOCK_BITS;
      drop();
      yield outcome.bytes;
    }
  }

  for await (const chunk of source) {
    if (chunk.length === 0) continue;
    const joined = new Uint8Array(buf.length + chunk.length);
    joined.set(buf);
    joined.set(chunk, buf.length);
    buf = joined;
    yield* advance(false);
  }
  yield* advance(true);
}
