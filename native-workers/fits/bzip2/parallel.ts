/**
 * The bzip2 run: blocks are found as the input is read (./scanner.ts), decoded on worker
 * threads and on this thread at once, and appended in order to one output buffer as they
 * complete (./output.ts). At most MAX_AHEAD blocks past the next one to append are handed out,
 * so decoded blocks waiting for an earlier one stay few. A block that does not decode may have
 * been cut by a false magic inside its data (chance 2^-48 per bit): it is retried joined with
 * the next pieces of its stream. libbzip2 checks each block's CRC; stream CRCs are checked here.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { FitsError } from '../errors.js';
import { combineCrc, standaloneStreamLength, writeStandaloneStream } from './bits.js';
import { GrowableOutput, type Parked, type SizeHint } from './output.js';
import { bzip2Workers, maxBzip2Workers, type BlockReply, type BlockWorker } from './pool.js';
import { BlockScanner, type ScannedBlock, type ScannedStreamEnd } from './scanner.js';
import { readRange, type ByteSource } from './source.js';
import { compiledBzip2, loadDecoder, type BlockDecoder, type DecodeOutcome } from './wasm-decoder.js';

export interface RunOptions {
  maxOutputBytes: number;
  parallel: boolean;
  expectedSize?: SizeHint;
  /** The worker threads to use (tests hand in their own); default: the module's pool. */
  workers?: BlockWorker[];
}

/** Inputs smaller than this are decoded on the calling thread: workers would not pay off. */
const PARALLEL_MIN_BYTES = 1_500_000;
/** Two jobs per worker: this thread hands out work only between its own blocks. */
const JOBS_PER_WORKER = 2;
const MAX_AHEAD = 6;
/**
 * A size hint or the ratio so far is trusted up to this many times the compressed size: beyond
 * (a hostile header, or data that compresses extremely well) the output grows as it comes.
 */
const MAX_HINT_RATIO = 256;
/** How far a block may have been split by false magics inside its data (chance 2^-48 per bit). */
export const MAX_FALSE_SPLITS = 3;

/** RLE1 turns at most 5 bytes into 255, so a block of level L yields at most L·100 000·51 bytes. */
export function maxBlockOutput(level: number): number {
  return level * 100_000 * 51;
}

type Failed = Exclude<DecodeOutcome, { ok: true }>;

interface BlockItem extends ScannedBlock {
  index: number;
  state: 'scanned' | 'running' | 'done' | 'absorbed';
  /** Decoded, waiting for an earlier block: parked in the output, or (no room there) held here. */
  parked?: Parked;
  held?: Uint8Array;
  failed?: Failed;
}

type Item = BlockItem | ScannedStreamEnd;

/** Buffers that go back and forth to the workers, kept for reuse rather than left to the GC. */
class BufferPool {
  private readonly free: ArrayBuffer[] = [];

  take(minBytes: number): ArrayBuffer {
    const i = this.free.findIndex((b) => b.byteLength >= minBytes);
    if (i >= 0) return this.free.splice(i, 1)[0]!;
    return new ArrayBuffer(minBytes);
  }

  give(buffer: ArrayBufferLike | undefined): void {
    if (!(buffer instanceof ArrayBuffer) || buffer.byteLength === 0 || buffer.byteLength > 8 * 1024 * 1024) return;
    if (this.free.length < 8) this.free.push(buffer);
  }
}

/** The error for a block that does not decode: TOO_LARGE when it hit the output limit. */
export function failure(outcome: Failed, capped: boolean, offset: number): FitsError {
  if (outcome.reason === 'too-large' && capped) return new FitsError('TOO_LARGE', 'bzip2 output exceeds the configured limit', { offset });
  return new FitsError('CORRUPT_DATA', `bzip2 block does not decode: ${outcome.message}`, { offset });
}

export async function runBunzip2(source: ByteSource, options: RunOptions): Promise<Uint8Array> {
  return new Bunzip2Run(source, options).run();
}

class Bunzip2Run {
  private readonly scanner: BlockScanner;
  private readonly pool = new BufferPool();
  private readonly out = new GrowableOutput();
  private decoder!: BlockDecoder;
  private workers: BlockWorker[] = [];
  private readonly items: Item[] = [];
  private scanned = false;
  /** Index of the first item that may still need handing out. */
  private nextDispatch = 0;
  /** Index of the next item to append (or to check, for a stream end). */
  private commitIndex = 0;
  private combinedCrc = 0;
  /** Bytes of held (not parked) blocks. */
  private heldBytes = 0;
  private running = 0;
  private wake: (() => void) | null = null;
  private closed = false;

  constructor(
    private readonly source: ByteSource,
    private readonly options: RunOptions,
  ) {
    this.scanner = new BlockScanner(source);
  }

  async run(): Promise<Uint8Array> {
    if (this.options.parallel && this.source.size >= PARALLEL_MIN_BYTES) {
      this.workers = this.options.workers ?? bzip2Workers(maxBzip2Workers(), await compiledBzip2());
    }
    this.decoder = await loadDecoder();
    try {
      for (;;) {
        await this.commitReady();
        if (this.scanned && this.commitIndex === this.items.length) break;
        // This thread takes the earliest block, so that it can be appended as soon as it is
        // decoded, straight from the decoder; its stream goes into the decoder now. A worker's
        // queued job passes over one block, which this thread takes next time: workers then
        // hold later blocks than this thread, and finished blocks rarely wait for earlier ones.
        const mine = await this.takeBlock();
        const loaded = mine ? await this.loadHere(mine) : null;
        for (const w of this.workers) {
          while (w.usable && w.inFlight < JOBS_PER_WORKER) {
            const item = await this.takeBlock(w.inFlight > 0 ? 1 : 0);
            if (!item) break;
            await this.dispatch(w, item);
          }
        }
        if (mine) {
          this.decodeHere(mine, loaded);
          if (this.workers.length > 0) await yieldToEventLoop();
          continue;
        }
        if (this.running > 0) {
          await new Promise<void>((resolve) => (this.wake = resolve));
          continue;
        }
        await this.commitReady();
        if (this.scanned && this.commitIndex === this.items.length) break;
        throw new Error('bzip2: no block to decode and none running');
      }
      return this.out.result();
    } finally {
      this.closed = true;
    }
  }

  /** Output bytes decoded so far, appended or waiting. */
  private usedBytes(): number {
    return this.out.length + this.out.parkedBytes + this.heldBytes;
  }

  private capacity(level: number): number {
    return Math.min(maxBlockOutput(level), this.options.maxOutputBytes - this.usedBytes() + 1);
  }

  private tooLarge(): FitsError {
    return new FitsError('TOO_LARGE', `bzip2 output exceeds the limit of ${this.options.maxOutputBytes} bytes`);
  }

  private async scanOne(): Promise<boolean> {
    if (this.scanned) return false;
    // Blocks scanned and not yet handed out are kept readable while the scan moves on.
    const waiting = this.items[this.nextDispatch];
    this.scanner.retainFrom(waiting?.kind === 'block' && waiting.state === 'scanned' ? waiting.startBit : null);
    const next = await this.scanner.next();
    if (!next) {
      this.scanned = true;
      return false;
    }
    this.items.push(next.kind === 'block' ? { ...next, index: this.items.length, state: 'scanned' } : next);
    return true;
  }

  /**
   * The next block to decode, within MAX_AHEAD of the next one to append, marked running; null
   * when there is none now. `skip` passes over that many blocks (left for this thread) when
   * there are more.
   */
  private async takeBlock(skip = 0): Promise<BlockItem | null> {
    while (this.nextDispatch < this.items.length) {
      const item = this.items[this.nextDispatch]!;
      if (item.kind === 'block' && item.state === 'scanned') break;
      this.nextDispatch++;
    }
    const found: BlockItem[] = [];
    for (let i = this.nextDispatch; found.length <= skip && i - this.commitIndex < MAX_AHEAD; i++) {
      if (i >= this.items.length) {
        if (this.usedBytes() > this.options.maxOutputBytes) throw this.tooLarge();
        if (!(await this.scanOne())) break;
      }
      const item = this.items[i]!;
      if (item.kind === 'block' && item.state === 'scanned') found.push(item);
    }
    const item = found[Math.min(skip, found.length - 1)] ?? null;
    if (item) item.state = 'running';
    return item;
  }

  /** The input bytes that hold bits [startBit, endBit), and the bit range relative to them. */
  private async bitsOf(startBit: number, endBit: number): Promise<{ bytes: Uint8Array; start: number; end: number }> {
    const first = Math.floor(startBit / 8);
    const last = Math.ceil(endBit / 8);
    const held = this.scanner.held();
    // Usually still in the scanner's window; a retry or a block the window let go is read again.
    if (first >= held.start && last <= held.start + held.bytes.length) {
      return { bytes: held.bytes, start: startBit - held.start * 8, end: endBit - held.start * 8 };
    }
    if (last - first > held.bytes.length / 4) this.scanner.widenWindow(); // large blocks: keep more from now on
    const bytes = await readRange(this.source, first, last);
    if (bytes.length < last - first) throw new FitsError('TRUNCATED', 'bzip2 input ended early when read again', { offset: first });
    return { bytes, start: startBit - first * 8, end: endBit - first * 8 };
  }

  private async dispatch(w: BlockWorker, item: BlockItem): Promise<void> {
    const bits = await this.bitsOf(item.startBit, item.endBit);
    const length = standaloneStreamLength(bits.start, bits.end);
    // One buffer carries the stream there and the decoded block back: room for a typical block.
    const stream = new Uint8Array(this.pool.take(Math.max(length, item.level * 100_000 + 65_536)), 0, length);
    writeStandaloneStream(stream, bits.bytes, bits.start, bits.end, item.level, item.crc);
    this.running++;
    void w.run(stream, this.capacity(item.level)).then((reply) => this.onReply(item, reply));
  }

  private onReply(item: BlockItem, reply: BlockReply): void {
    this.running--;
    this.pool.give(reply.spare);
    const { outcome } = reply;
    if (item.state === 'absorbed' || this.closed) {
      if (outcome.ok) this.pool.give(outcome.bytes.buffer);
    } else if (outcome.ok) {
      this.keep(item, outcome.bytes, true);
      // Parked: the worker's buffer is free for the next job.
      if (item.parked) this.pool.give(outcome.bytes.buffer);
    } else {
      item.state = 'done';
      item.failed = outcome;
    }
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  /**
   * Keeps the decoded bytes of a block that must wait for an earlier one: parked in the output,
   * else as they are (`owned`: a buffer of our own) or in a copy.
   */
  private keep(item: BlockItem, bytes: Uint8Array, owned: boolean): void {
    item.state = 'done';
    const parked = this.out.park(bytes);
    if (parked) {
      item.parked = parked;
      return;
    }
    let held = bytes;
    if (!owned) {
      held = new Uint8Array(this.pool.take(bytes.length), 0, bytes.length);
      held.set(bytes);
    }
    item.held = held;
    this.heldBytes += held.length;
  }

  /** Writes the stream of bits [item.startBit, endBit) into this thread's decoder; its length, or null without room. */
  private async loadHere(item: BlockItem, endBit = item.endBit): Promise<number | null> {
    const bits = await this.bitsOf(item.startBit, endBit);
    const length = standaloneStreamLength(bits.start, bits.end);
    const write = (target: Uint8Array): number => writeStandaloneStream(target, bits.bytes, bits.start, bits.end, item.level, item.crc);
    return this.decoder.load(length, write) ? length : null;
  }

  /** Decodes a loaded stream on this thread; the bytes are a view valid until the next decode. */
  private decodeLoaded(item: BlockItem, length: number | null): DecodeOutcome {
    if (length === null) return { ok: false, reason: 'too-large', message: 'no room for the bzip2 stream' };
    return this.decoder.decodeLoaded(length, this.capacity(item.level));
  }

  /** Decodes the block `loadHere` put into the decoder; appends it at once when it is next in order. */
  private decodeHere(item: BlockItem, loadedLength: number | null): void {
    const outcome = this.decodeLoaded(item, loadedLength);
    item.state = 'done';
    if (!outcome.ok) item.failed = outcome;
    else if (item.index === this.commitIndex) this.append(item, outcome.bytes);
    // An earlier block is still out; the decoder's heap is reused by the next decode.
    else this.keep(item, outcome.bytes, false);
  }

  /** Appends every block that is next in order and decoded; checks stream CRCs at stream ends. */
  private async commitReady(): Promise<void> {
    while (this.commitIndex < this.items.length) {
      const item = this.items[this.commitIndex]!;
      if (item.kind === 'end') {
        if (this.combinedCrc !== item.storedCrc) throw new FitsError('CORRUPT_DATA', `bzip2 stream ${item.stream} CRC mismatch`, { offset: item.offset });
        this.combinedCrc = 0;
        this.commitIndex++;
        continue;
      }
      if (item.state === 'absorbed') {
        this.commitIndex++;
        continue;
      }
      if (item.state !== 'done') return;
      if (!item.failed) {
        this.append(item, null);
        continue;
      }
      let failed = item.failed;
      // A worker that died (not the data) leaves the block to this thread.
      if (failed.reason === 'worker-failed') {
        const again = this.decodeLoaded(item, await this.loadHere(item));
        if (again.ok) {
          this.append(item, again.bytes);
          continue;
        }
        failed = again;
      }
      this.append(item, await this.joinFalseSplits(item, failed));
    }
  }

  /** Retries a failed block joined with the next pieces of its stream; throws when none decodes. */
  private async joinFalseSplits(item: BlockItem, failed: Failed): Promise<Uint8Array> {
    for (let k = 1; k <= MAX_FALSE_SPLITS; k++) {
      while (this.items.length <= item.index + k && (await this.scanOne()));
      const last = this.items[item.index + k];
      if (!last || last.kind !== 'block' || last.stream !== item.stream) break;
      const joined = this.decodeLoaded(item, await this.loadHere(item, last.endBit));
      if (joined.ok) {
        for (let j = item.index + 1; j <= item.index + k; j++) this.absorb(this.items[j] as BlockItem);
        return joined.bytes;
      }
    }
    throw failure(failed, this.capacity(item.level) < maxBlockOutput(item.level), Math.floor(item.startBit / 8));
  }

  /** A piece that turned out to be the tail of an earlier block: its own result is dropped. */
  private absorb(item: BlockItem): void {
    if (item.parked) this.out.drop(item.parked);
    this.release(item);
    item.state = 'absorbed';
  }

  private release(item: BlockItem): void {
    if (item.held) {
      this.heldBytes -= item.held.length;
      this.pool.give(item.held.buffer);
    }
    item.parked = undefined;
    item.held = undefined;
    item.failed = undefined;
  }

  /** Appends the item's bytes (`bytes`, or what was kept of it) as the next part of the output. */
  private append(item: BlockItem, bytes: Uint8Array | null): void {
    const parked = bytes === null ? item.parked : undefined;
    const data = bytes ?? (parked ? this.out.parkedData(parked) : item.held!);
    const need = this.out.length + data.length;
    if (need > this.options.maxOutputBytes) throw this.tooLarge();
    // A parked block fits where it lies, unless it had to be moved out of the output's way.
    if (need > this.out.capacity) this.reserve(need, data, item.endBit);
    if (parked) this.out.appendParked(parked);
    else this.out.append(data);
    this.release(item);
    this.combinedCrc = combineCrc(this.combinedCrc, item.crc);
    this.commitIndex++;
  }

  private reserve(need: number, incoming: Uint8Array, inputBitsRead: number): void {
    const planned = this.plannedSize(need, incoming, inputBitsRead);
    try {
      this.out.reserve(planned);
    } catch {
      try {
        this.out.reserve(need);
      } catch {
        throw new FitsError('TOO_LARGE', `cannot allocate ${need} bytes for the bzip2 output`);
      }
    }
  }

  /** Room to reserve when `need` bytes do not fit: the caller's hint, else the ratio so far. */
  private plannedSize(need: number, incoming: Uint8Array, inputBitsRead: number): number {
    let hinted: number | undefined;
    try {
      hinted = this.options.expectedSize?.((offset, length) => this.out.peek(incoming, offset, length), need);
    } catch {
      hinted = undefined;
    }
    const trusted = Math.max(need, this.source.size * MAX_HINT_RATIO);
    let planned: number;
    if (hinted !== undefined && Number.isFinite(hinted) && hinted >= need && hinted <= trusted) planned = hinted;
    else {
      const byRatio = inputBitsRead > 0 ? Math.ceil((need / inputBitsRead) * this.source.size * 8 * 1.02) : need;
      planned = Math.max(need, Math.min(byRatio, trusted), Math.ceil(this.out.capacity * 1.5));
    }
    return Math.min(planned, this.options.maxOutputBytes);
  }
}
