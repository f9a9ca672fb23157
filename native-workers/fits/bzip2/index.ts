/**
 * bzip2 decompression for .fits.bz2 files.
 *
 * libbzip2 (WebAssembly) does the entropy decoding. Because bzip2 blocks are independent,
 * a large file is cut into its blocks at the bit level (./streams.ts), each block is
 * re-wrapped as a standalone stream (./bits.ts) and decoded on worker threads in parallel,
 * with the main thread decoding too. libbzip2 verifies each block's CRC; the stream CRC
 * is checked here from the block CRCs. Output is bounded by `maxOutputBytes`.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { FitsError } from '../errors.js';
import { combineCrc, EOS_MAGIC, BLOCK_MAGIC, findMarkers, markerAt, readBits, standaloneStream } from './bits.js';
import { splitStreams, streamHeaderLevel, type StreamLayout } from './streams.js';
import { decodeStandalone, loadDecoder, type DecodeOutcome } from './wasm-decoder.js';
import { bzip2Workers } from './pool.js';

export interface Bunzip2Options {
  /** Refuse (TOO_LARGE) output beyond this many bytes. Default 3 GiB. */
  maxOutputBytes?: number;
  /** Use worker threads for large inputs (default true). */
  parallel?: boolean;
}

export const DEFAULT_MAX_BZIP2_OUTPUT = 3 * 1024 ** 3;

/** Inputs smaller than this are decoded on the calling thread: workers would not pay off. */
const PARALLEL_MIN_BYTES = 1_500_000;

/** RLE1 turns at most 5 bytes into 255, so a block of level L yields at most L·100 000·51 bytes. */
function maxBlockOutput(level: number): number {
  return level * 100_000 * 51;
}

/** How far a block may have been split by a false magic inside its data (chance 2^-48 per bit). */
const MAX_FALSE_SPLITS = 3;

interface BlockTask {
  stream: number;
  first: number;
  /** Inclusive. */
  last: number;
}

function taskStream(buf: Uint8Array, layout: StreamLayout, t: BlockTask): Uint8Array {
  const first = layout.blocks[t.first]!;
  return standaloneStream(buf, first.startBit, layout.blocks[t.last]!.endBit, layout.level, first.storedCrc);
}

function failure(outcome: Exclude<DecodeOutcome, { ok: true }>, capped: boolean, offset: number): FitsError {
  if (outcome.reason === 'too-large' && capped) return new FitsError('TOO_LARGE', 'bzip2 output exceeds the configured limit', { offset });
  return new FitsError('CORRUPT_DATA', `bzip2 block does not decode: ${outcome.message}`, { offset });
}

/** Decompresses a whole .bz2 buffer (one or more concatenated streams). */
export async function bunzip2(bytes: Uint8Array, options: Bunzip2Options = {}): Promise<Uint8Array> {
  const maxOut = options.maxOutputBytes ?? DEFAULT_MAX_BZIP2_OUTPUT;
  const streams = splitStreams(bytes);
  const tasks: BlockTask[] = [];
  streams.forEach((s, stream) => s.blocks.forEach((_, i) => tasks.push({ stream, first: i, last: i })));

  const bz = await loadDecoder();
  let total = 0;
  const capacity = (t: BlockTask): number => Math.min(maxBlockOutput(streams[t.stream]!.level), maxOut - total + 1);
  const outcomes: (DecodeOutcome | undefined)[] = new Array(tasks.length);
  const record = (i: number, outcome: DecodeOutcome): void => {
    outcomes[i] = outcome;
    if (outcome.ok) total += outcome.bytes.length;
  };
  const overBudget = (): boolean => total > maxOut;

  const useWorkers = (options.parallel ?? true) && bytes.length >= PARALLEL_MIN_BYTES && tasks.length >= 2;
  let next = 0;
  if (useWorkers) {
    const workers = bzip2Workers(tasks.length - 1);
    const workerLoop = async (w: (typeof workers)[number]): Promise<void> => {
      while (next < tasks.length && !overBudget()) {
        const i = next++;
        const t = tasks[i]!;
        let outcome = await w.run(taskStream(bytes, streams[t.stream]!, t), capacity(t));
        // A worker that died (not the data) leaves the block to this thread.
        if (!outcome.ok && outcome.reason === 'worker-failed') outcome = decodeStandalone(bz, taskStream(bytes, streams[t.stream]!, t), capacity(t));
        record(i, outcome);
      }
    };
    // The main thread takes blocks too, yielding between them so worker replies are handled.
    const mainLoop = async (): Promise<void> => {
      while (next < tasks.length && !overBudget()) {
        const i = next++;
        const t = tasks[i]!;
        record(i, decodeStandalone(bz, taskStream(bytes, streams[t.stream]!, t), capacity(t)));
        await yieldToEventLoop();
      }
    };
    // Two jobs in flight per worker: the main thread only hands out work between its own
    // blocks, so with one job a worker would idle until the main thread's block is done.
    await Promise.all([...workers.flatMap((w) => [workerLoop(w), workerLoop(w)]), mainLoop()]);
  } else {
    for (let i = 0; i < tasks.length && !overBudget(); i++) {
      const t = tasks[i]!;
      record(i, decodeStandalone(bz, taskStream(bytes, streams[t.stream]!, t), capacity(t)));
    }
  }
  if (overBudget()) throw new FitsError('TOO_LARGE', `bzip2 output exceeds the limit of ${maxOut} bytes`);

  // Accept blocks in order, re-joining pieces of a block that a false magic split, and check stream CRCs.
  const pieces: Uint8Array[] = [];
  let t = 0;
  for (let s = 0; s < streams.length; s++) {
    const layout = streams[s]!;
    let combined = 0;
    let i = 0;
    while (i < layout.blocks.length) {
      const outcome = outcomes[t]!;
      let accepted: Uint8Array | null = outcome.ok ? outcome.bytes : null;
      let last = i;
      if (!outcome.ok) {
        for (let j = i + 1; j < layout.blocks.length && j <= i + MAX_FALSE_SPLITS && !accepted; j++) {
          const merged = decodeStandalone(bz, taskStream(bytes, layout, { stream: s, first: i, last: j }), capacity(tasks[t]!));
          if (merged.ok) {
            accepted = merged.bytes;
            last = j;
            for (let k = i + 1; k <= j; k++) {
              const dropped = outcomes[t + k - i];
              if (dropped?.ok) total -= dropped.bytes.length;
            }
            total += merged.bytes.length;
          }
        }
        if (!accepted) throw failure(outcome, capacity(tasks[t]!) < maxBlockOutput(layout.level), layout.blocks[i]!.startBit >>> 3);
      }
      combined = combineCrc(combined, layout.blocks[i]!.storedCrc);
      pieces.push(accepted!);
      t += last - i + 1;
      i = last + 1;
    }
    if (combined !== layout.storedCombinedCrc) throw new FitsError('CORRUPT_DATA', `bzip2 stream ${s} CRC mismatch`);
  }
  if (overBudget()) throw new FitsError('TOO_LARGE', `bzip2 output exceeds the limit of ${maxOut} bytes`);
  return concat(pieces, total);
}

function concat(pieces: Uint8Array[], total: number): Uint8Array {
  if (pieces.length === 1) return pieces[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Bits of a block header before its Huffman data: magic, CRC, randomised flag, origPtr. */
const MIN_BLOCK_BITS = 48 + 32 + 1 + 24;

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
