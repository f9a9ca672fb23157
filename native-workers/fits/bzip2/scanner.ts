/**
 * Finds the blocks of a .bz2 input (one or several concatenated streams) as it is read, at the
 * bit level, without decompressing. Only a window of the input is held, from the start of the block being delimited onwards; positions are absolute
 * bit offsets in the input. A block's bytes stay in the window until the next call to `next()`.
 */
import { FitsError } from '../errors.js';
import { BLOCK_MAGIC, EOS_MAGIC, findMarkers, markerAt, readBits } from './bits.js';
import type { ByteSource } from './source.js';

export interface ScannedBlock {
  kind: 'block';
  /** 0-based index of the stream in the input. */
  stream: number;
  /** Block size level 1..9 of its stream. */
  level: number;
  startBit: number;
  /** Exclusive: where the next block or end-of-stream marker starts. */
  endBit: number;
  /** The CRC stored in the block header. */
  crc: number;
}

export interface ScannedStreamEnd {
  kind: 'end';
  stream: number;
  /** The combined CRC stored after the end-of-stream marker. */
  storedCrc: number;
  /** Byte offset of the marker, for error messages. */
  offset: number;
}

export type ScannedItem = ScannedBlock | ScannedStreamEnd;

/** Bits of a block header before its Huffman data: magic, CRC, randomised flag, origPtr. */
export const MIN_BLOCK_BITS = 48 + 32 + 1 + 24;

/** Level (1..9) when a stream header 'BZh1'..'BZh9' starts at this byte, else 0. */
export function streamHeaderLevel(buf: Uint8Array, at: number): number {
  if (buf[at] !== 0x42 || buf[at + 1] !== 0x5a || buf[at + 2] !== 0x68) return 0;
  const d = (buf[at + 3] ?? 0) - 0x30;
  return d >= 1 && d <= 9 ? d : 0;
}

/**
 * A generous bound on one compressed block (level × 100 000 symbols of at most 20 bits, plus
 * tables): a window that grows past it without finding a marker is not bzip2.
 */
function maxBlockBytes(level: number): number {
  return level * 300_000 + 65_536;
}

const INITIAL_WINDOW = 1024 * 1024;
/** Markers are searched in steps, so an input held whole is not searched far ahead of need. */
const SEARCH_STEP = 4 * 1024 * 1024;
/** A marker needs 7 bytes to be recognised at any bit offset. */
const MARKER_SPAN = 7;

/** The held part of the input: bytes [start, start + length). */
class Window {
  buf: Uint8Array;
  start = 0;
  length = 0;
  eof: boolean;

  constructor(private readonly source: ByteSource) {
    if (source.whole) {
      this.buf = source.whole;
      this.length = source.whole.length;
      this.eof = true;
    } else {
      this.buf = new Uint8Array(Math.min(INITIAL_WINDOW, Math.max(source.size, 16)));
      this.eof = source.size === 0;
    }
  }

  get end(): number {
    return this.start + this.length;
  }

  /** Grows the buffer to `bytes` (no reading), so that more can be kept while reading on. */
  widen(bytes: number): void {
    if (this.source.whole || bytes <= this.buf.length) return;
    const grown = new Uint8Array(bytes);
    grown.set(this.buf.subarray(0, this.length));
    this.buf = grown;
  }

  /** Drops the bytes before `keepFrom` and reads more, growing up to `maxBytes` held. */
  async extend(keepFrom: number, maxBytes: number): Promise<void> {
    if (this.eof) return;
    const drop = Math.min(Math.max(0, keepFrom - this.start), this.length);
    if (drop > 0) {
      this.buf.copyWithin(0, drop, this.length);
      this.start += drop;
      this.length -= drop;
    }
    if (this.length === this.buf.length) {
      if (this.length >= maxBytes) throw new FitsError('CORRUPT_DATA', `no bzip2 block boundary within ${this.length} bytes`, { offset: this.start });
      const grown = new Uint8Array(Math.min(maxBytes, this.buf.length * 2));
      grown.set(this.buf.subarray(0, this.length));
      this.buf = grown;
    }
    const want = this.buf.length - this.length;
    const n = await this.source.readInto(this.buf.subarray(this.length), this.end);
    this.length += n;
    if (n < want || this.end >= this.source.size) this.eof = true;
  }

  get capacity(): number {
    return this.buf.length;
  }

  /** The held bytes; window-relative offsets are absolute ones minus `start`. */
  view(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}

export class BlockScanner {
  private readonly window: Window;
  /** Absolute bit: the next stream header (byte aligned) or block/end-of-stream marker. */
  private cur = 0;
  private inStream = false;
  private level = 0;
  private stream = -1;
  private finished = false;
  /** Markers found so far and not yet passed, absolute bits, ascending. */
  private markers: number[] = [];
  private markerHead = 0;
  /** Every marker starting before this absolute bit has been found. */
  private searchedTo = 0;
  /** Absolute bit from which held bytes are kept while reading on, when there is room. */
  private retainBit: number | null = null;

  constructor(source: ByteSource) {
    this.window = new Window(source);
  }

  /**
   * Keeps the bytes from this absolute bit on (blocks returned earlier) held while reading on,
   * as long as they fill at most half the window; null: only the block being delimited.
   */
  retainFrom(bit: number | null): void {
    this.retainBit = bit;
  }

  /** Doubles the window (within its bound), for blocks too large to keep while reading on. */
  widenWindow(): void {
    this.window.widen(Math.min(this.window.capacity * 2, this.maxWindow()));
  }

  /** The bytes of the input held now, and the absolute byte offset of their first byte. */
  held(): { bytes: Uint8Array; start: number } {
    return { bytes: this.window.view(), start: this.window.start };
  }

  /** The next block or stream end, or null after the last stream (trailing zero bytes are allowed). */
  async next(): Promise<ScannedItem | null> {
    if (this.finished) return null;
    if (!this.inStream) {
      const at = this.cur / 8;
      await this.need(at, 4);
      const rest = this.window.end - at;
      const level = rest >= 4 ? streamHeaderLevel(this.window.view(), at - this.window.start) : 0;
      if (level === 0) {
        const sawStream = this.stream >= 0;
        if (sawStream && rest === 0) return this.finish();
        if (rest < 4 && this.isHeaderPrefix(at)) throw new FitsError('TRUNCATED', 'bzip2 stream ends inside its header', { offset: at });
        if (sawStream && (await this.zerosToEnd(at))) return this.finish();
        throw new FitsError('CORRUPT_DATA', sawStream ? 'garbage after a bzip2 stream' : 'not a bzip2 stream (no BZh header)', { offset: at });
      }
      this.inStream = true;
      this.stream++;
      this.level = level;
      this.cur = (at + 4) * 8;
    }
    const curByte = Math.floor(this.cur / 8);
    await this.need(curByte, 11);
    const rel = this.cur - this.window.start * 8;
    if (this.cur + 80 > this.window.end * 8) throw new FitsError('TRUNCATED', 'bzip2 stream ends before its end-of-stream marker', { offset: curByte });
    if (markerAt(this.window.view(), rel, EOS_MAGIC)) {
      const storedCrc = readBits(this.window.view(), rel + 48, 32);
      this.cur = Math.ceil((this.cur + 80) / 8) * 8;
      this.inStream = false;
      return { kind: 'end', stream: this.stream, storedCrc, offset: curByte };
    }
    if (!markerAt(this.window.view(), rel, BLOCK_MAGIC)) throw new FitsError('CORRUPT_DATA', 'bzip2 block does not start with its magic', { offset: curByte });
    const crc = readBits(this.window.view(), rel + 48, 32);
    const endBit = await this.nextMarker(this.cur + MIN_BLOCK_BITS);
    if (endBit === null) throw new FitsError('TRUNCATED', 'bzip2 stream ends inside a block', { offset: curByte });
    const block: ScannedBlock = { kind: 'block', stream: this.stream, level: this.level, startBit: this.cur, endBit, crc };
    this.cur = endBit;
    return block;
  }

  private finish(): null {
    this.finished = true;
    return null;
  }

  private maxWindow(): number {
    return maxBlockBytes(this.level || 9) + INITIAL_WINDOW;
  }

  /** The first byte to keep when reading on: the current block's, or the retained one's when there is room. */
  private keepFrom(): number {
    const cur = Math.floor(this.cur / 8);
    if (this.retainBit === null) return cur;
    const retain = Math.max(Math.floor(this.retainBit / 8), this.window.start);
    return retain < cur && this.window.end - retain <= this.window.capacity / 2 ? retain : cur;
  }

  /** Reads until bytes [at, at + n) are held or the input ends. */
  private async need(at: number, n: number): Promise<void> {
    while (this.window.end < at + n && !this.window.eof) await this.window.extend(Math.min(at, this.keepFrom()), this.maxWindow());
  }

  private isHeaderPrefix(at: number): boolean {
    const view = this.window.view();
    const header = [0x42, 0x5a, 0x68];
    for (let i = at; i < this.window.end && i - at < 3; i++) if (view[i - this.window.start] !== header[i - at]) return false;
    return true;
  }

  /** True when every byte from `at` to the end of the input is zero (padding after the last stream). */
  private async zerosToEnd(at: number): Promise<boolean> {
    let from = at;
    for (;;) {
      const view = this.window.view();
      for (let i = from - this.window.start; i < view.length; i++) if (view[i] !== 0) return false;
      if (this.window.eof) return true;
      from = this.window.end;
      await this.window.extend(from, this.maxWindow());
    }
  }

  /** The first marker at or after `fromBit` (absolute), reading on as needed; null at the end of the input. */
  private async nextMarker(fromBit: number): Promise<number | null> {
    for (;;) {
      while (this.markerHead < this.markers.length && this.markers[this.markerHead]! < fromBit) this.markerHead++;
      if (this.markerHead < this.markers.length) return this.markers[this.markerHead]!;
      if (this.searchStep(fromBit)) continue;
      if (this.window.eof) return null;
      await this.window.extend(this.keepFrom(), this.maxWindow());
    }
  }

  /** Searches the next stretch of the held bytes for markers; false when there is nothing new to search. */
  private searchStep(fromBit: number): boolean {
    const from = Math.max(this.searchedTo, fromBit);
    const fromByte = Math.floor(from / 8);
    const limit = Math.min(this.window.end, fromByte + SEARCH_STEP);
    const complete = limit === this.window.end && this.window.eof;
    const searchedTo = complete ? limit * 8 : (limit - MARKER_SPAN) * 8;
    if (searchedTo <= from) return false;
    const base = this.window.start * 8;
    const view = this.window.view().subarray(0, limit - this.window.start);
    this.markers = this.markers.slice(this.markerHead);
    this.markerHead = 0;
    for (const m of findMarkers(view, from - base)) {
      const bit = m.bit + base;
      if (bit < searchedTo) this.markers.push(bit);
    }
    this.searchedTo = searchedTo;
    return true;
  }
}
