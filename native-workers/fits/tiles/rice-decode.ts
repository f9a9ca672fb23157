/**
 * Rice decoding of one tile (RICE_1): the first pixel raw in BYTEPIX bytes, then blocks of
 * BLOCKSIZE differences, each led by a split value fs in FSBITS bits (0 = all differences
 * zero, FSMAX+1 = raw differences); differences are zig-zag mapped and Rice coded (unary
 * high part, fs low bits).
 *
 * Speed: each code is read from one big-endian 32-bit window at the current byte and bit
 * (p, k), so there is no bit-buffer refill branch per pixel, and the unary part is one
 * Math.clz32. Codes longer than the window (long unary runs) take a byte-wise path.
 *
 * `riceDecodeTile` is self-contained on purpose (no imports, no module state, no nested
 * functions): its source text is also what the decode workers run (see parallel.ts).
 */
import { FitsError } from '../errors.js';

/** Bytes the decoder may read past a tile's end (its 32-bit window); they need not be valid data. */
export const RICE_READ_SLACK = 4;

/** Integer arrays the decoder writes into: a work array, or the image itself. */
export type RiceOutput = Int32Array | Uint32Array | Int16Array | Uint16Array | Uint8Array;

/**
 * Decodes `n` pixels of the tile in `tile` (its first `len` bytes; the view must extend
 * RICE_READ_SLACK bytes further) into out[at .. at+n). Values are stored as running
 * 32-bit sums: the caller narrows them to BYTEPIX width (see `narrowRiceValues`).
 * Returns null, or why the tile is corrupt.
 */
export function riceDecodeTile(tile: DataView, len: number, out: RiceOutput, at: number, n: number, blockSize: number, bytePix: number): string | null {
  if (bytePix !== 1 && bytePix !== 2 && bytePix !== 4) return `Rice BYTEPIX must be 1, 2 or 4, found ${bytePix}`;
  if (!(blockSize > 0)) return `Rice BLOCKSIZE must be positive, found ${blockSize}`;
  if (n <= 0) return null;
  if (len < bytePix + 1) return 'Rice tile is shorter than its first pixel';
  const fsBits = bytePix === 1 ? 3 : bytePix === 2 ? 4 : 5;
  const fsMax = bytePix === 1 ? 6 : bytePix === 2 ? 14 : 25;
  const rawBits = bytePix * 8;
  const fsShift = 32 - fsBits;
  const end = len | 0;
  let lastpix = (bytePix === 1 ? tile.getUint8(0) : bytePix === 2 ? tile.getInt16(0) : tile.getInt32(0)) | 0;
  // Read position: byte p, bit k (0 = its most significant bit). The `| 0`s keep V8 in int32.
  let p = bytePix | 0;
  let k = 0;
  const outEnd = (at + n) | 0;
  let j = at | 0;
  while (j < outEnd) {
    if (p >= end) return 'Rice tile ends before its last pixel';
    // fsBits ≤ 5 and k ≤ 7: a 16-bit window holds the block's split value.
    const fs = ((tile.getUint16(p) << (16 + k)) >>> fsShift) - 1;
    k = (k + fsBits) | 0;
    p = (p + (k >>> 3)) | 0;
    k &= 7;
    const blockEnd = (j + blockSize < outEnd ? j + blockSize : outEnd) | 0;
    if (fs < 0) {
      while (j < blockEnd) {
        out[j] = lastpix;
        j = (j + 1) | 0;
      }
    } else if (fs < fsMax) {
      while (j < blockEnd) {
        if (p >= end) return 'Rice tile ends inside a code';
        // The window holds ≥ 25 unread bits: zeros, the one that ends them, then fs low bits.
        const word = tile.getUint32(p) << k;
        const zeros = Math.clz32(word);
        let diff = 0;
        if (zeros + fs <= 24) {
          // (word << zeros) >>> (31 − fs) is the ending one followed by the low bits: 2^fs + low.
          diff = ((zeros << fs) - (1 << fs) + ((word << zeros) >>> (31 - fs))) | 0;
          k = (k + zeros + 1 + fs) | 0;
        } else {
          // A unary run longer than the window: count it a byte at a time.
          let run = 0;
          let byte = tile.getUint8(p) & (0xff >>> k);
          while (byte === 0) {
            run = (run + 8 - k) | 0;
            k = 0;
            p = (p + 1) | 0;
            if (p >= end) return 'Rice tile ends inside a code';
            byte = tile.getUint8(p);
          }
          const lead = Math.clz32(byte) - 24 - k;
          run = (run + lead) | 0;
          k = (k + lead + 1) | 0;
          p = (p + (k >>> 3)) | 0;
          k &= 7;
          if (fs > 0) {
            if (p >= end) return 'Rice tile ends inside a code';
            diff = ((run << fs) | ((tile.getUint32(p) << k) >>> (32 - fs))) | 0;
            k = (k + fs) | 0;
          } else diff = run;
        }
        p = (p + (k >>> 3)) | 0;
        k &= 7;
        // Undo the zig-zag mapping: even → diff/2, odd → −(diff+1)/2.
        lastpix = (lastpix + ((diff >>> 1) ^ -(diff & 1))) | 0;
        out[j] = lastpix;
        j = (j + 1) | 0;
      }
    } else if (fs === fsMax) {
      while (j < blockEnd) {
        if (p >= end) return 'Rice tile ends inside a code';
        let diff = tile.getUint32(p) << k;
        if (rawBits === 32) {
          if (k > 0) diff |= tile.getUint8(p + 4) >>> (8 - k);
          p = (p + 4) | 0;
        } else {
          diff >>>= 32 - rawBits;
          k = (k + rawBits) | 0;
          p = (p + (k >>> 3)) | 0;
          k &= 7;
        }
        lastpix = (lastpix + ((diff >>> 1) ^ -(diff & 1))) | 0;
        out[j] = lastpix;
        j = (j + 1) | 0;
      }
    } else {
      return `Rice block split ${fs} exceeds ${fsMax}`;
    }
  }
  if (p > end || (p === end && k > 0)) return 'Rice tile ends before its last pixel';
  return null;
}

/**
 * Brings decoded values to their BYTEPIX width (unsigned for 1, signed for 2 and 4) where
 * the output array is wider than that, and flips the sign bit (`flip` = 0x8000 or
 * 0x80000000) for pseudo-unsigned images: v + 2^15 ≡ v ^ 2^15 in 16 bits.
 */
export function narrowRiceValues(out: RiceOutput, at: number, n: number, bytePix: number, flip: number): void {
  const wider = out.BYTES_PER_ELEMENT > bytePix;
  if (!wider && flip === 0) return;
  const shift = 32 - 8 * bytePix;
  const mask = bytePix === 1 ? 0xff : -1;
  const end = at + n;
  for (let j = at; j < end; j++) out[j] = ((((out[j]! << shift) >> shift) & mask) ^ flip);
}

/** A view of `bytes` with RICE_READ_SLACK readable bytes after it: in place when the buffer has them, else a padded copy. */
export function riceTileView(bytes: Uint8Array, readableEnd: number): DataView {
  if (bytes.byteOffset + bytes.length + RICE_READ_SLACK <= readableEnd) {
    return new DataView(bytes.buffer, bytes.byteOffset, bytes.length + RICE_READ_SLACK);
  }
  const padded = new Uint8Array(bytes.length + RICE_READ_SLACK);
  padded.set(bytes);
  return new DataView(padded.buffer);
}

/**
 * Decodes one Rice tile into out[at .. at+n), values at BYTEPIX width (then sign-flipped
 * by `flip`). `readableEnd`: the byte offset in bytes.buffer up to which reading is allowed.
 * Throws CORRUPT_DATA (or BAD_VALUE for bad parameters).
 */
export function riceDecode(bytes: Uint8Array, out: RiceOutput, at: number, n: number, blockSize: number, bytePix: number, flip = 0, readableEnd = bytes.byteOffset + bytes.length): void {
  if (bytePix !== 1 && bytePix !== 2 && bytePix !== 4) {
    throw new FitsError('BAD_VALUE', `Rice BYTEPIX must be 1, 2 or 4, found ${bytePix}`, { keyword: 'ZVAL2' });
  }
  if (blockSize <= 0) throw new FitsError('BAD_VALUE', `Rice BLOCKSIZE must be positive, found ${blockSize}`, { keyword: 'ZVAL1' });
  const problem = riceDecodeTile(riceTileView(bytes, readableEnd), bytes.length, out, at, n, blockSize, bytePix);
  if (problem !== null) throw new FitsError('CORRUPT_DATA', problem);
  narrowRiceValues(out, at, n, bytePix, flip);
}
