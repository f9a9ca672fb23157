/**
 * Rice coding of tile pixels, as the FITS tiled-image convention (RICE_1) defines it:
 * the first pixel raw in BYTEPIX bytes, then blocks of BLOCKSIZE differences, each
 * block led by a split value fs in FSBITS bits (0 = all differences zero, FSMAX+1 =
 * raw differences); differences are zig-zag mapped and Rice coded (unary high part,
 * fs low bits). Tight loops over a 32-bit bit buffer, no per-bit calls.
 */
import { FitsError } from '../errors.js';

interface RiceParams {
  fsBits: number;
  fsMax: number;
  /** Bits of a raw pixel value. */
  bBits: number;
}

export function riceParams(bytePix: number): RiceParams {
  switch (bytePix) {
    case 1:
      return { fsBits: 3, fsMax: 6, bBits: 8 };
    case 2:
      return { fsBits: 4, fsMax: 14, bBits: 16 };
    case 4:
      return { fsBits: 5, fsMax: 25, bBits: 32 };
    default:
      throw new FitsError('BAD_VALUE', `Rice BYTEPIX must be 1, 2 or 4, found ${bytePix}`, { keyword: 'ZVAL2' });
  }
}

/**
 * Decodes `n` pixels into `out` (values as BYTEPIX-wide integers: unsigned for 1,
 * signed for 2 and 4). Throws CORRUPT_DATA when the stream ends too early.
 */
export function riceDecode(input: Uint8Array, out: Int32Array, n: number, blockSize: number, bytePix: number): void {
  const { fsBits, fsMax, bBits } = riceParams(bytePix);
  if (blockSize <= 0) throw new FitsError('BAD_VALUE', `Rice BLOCKSIZE must be positive, found ${blockSize}`, { keyword: 'ZVAL1' });
  const len = input.length;
  if (n === 0) return;
  if (len < bytePix + 1) throw new FitsError('CORRUPT_DATA', 'Rice tile is shorter than its first pixel');
  // Values wrap in the pixel's width: (v << sh) >> sh sign-extends 16-bit values (8-bit are masked after).
  const sh = 32 - bBits;
  let lastpix = 0;
  for (let k = 0; k < bytePix; k++) lastpix = (lastpix << 8) | input[k]!;
  let pos = bytePix;
  let b = input[pos++]!; // bit buffer: the low `nbits` bits are unread
  let nbits = 8;
  for (let i = 0; i < n; ) {
    // The block's split value: fsBits ≤ 5 < 8, so one byte always suffices.
    nbits -= fsBits;
    if (nbits < 0) {
      b = (b << 8) | input[pos++]!;
      nbits += 8;
    }
    const fs = (b >>> nbits) - 1;
    b &= (1 << nbits) - 1;
    const imax = i + blockSize < n ? i + blockSize : n;
    if (fs < 0) {
      const v = (lastpix << sh) >> sh;
      for (; i < imax; i++) out[i] = v;
    } else if (fs < fsMax) {
      for (; i < imax; i++) {
        while (b === 0) {
          if (pos >= len) throw new FitsError('CORRUPT_DATA', 'Rice tile ends inside a code');
          nbits += 8;
          b = input[pos++]!;
        }
        // Unary high part: zeros down to the leading one bit, which is dropped.
        const top = 31 - Math.clz32(b);
        const nzero = nbits - 1 - top;
        b ^= 1 << top;
        nbits = top - fs;
        while (nbits < 0) {
          b = (b << 8) | input[pos++]!;
          nbits += 8;
        }
        const diff = (nzero << fs) | (b >>> nbits);
        b &= (1 << nbits) - 1;
        // Undo the zig-zag mapping: even → diff/2, odd → −(diff+1)/2.
        lastpix = (lastpix + ((diff >>> 1) ^ -(diff & 1))) | 0;
        out[i] = (lastpix << sh) >> sh;
      }
    } else if (fs === fsMax) {
      for (; i < imax; i++) {
        let diff = 0;
        for (let k = 0; k < bBits; k += 8) {
          nbits -= 8;
          while (nbits < 0) {
            b = (b << 8) | input[pos++]!;
            nbits += 8;
          }
          diff = (diff << 8) | ((b >>> nbits) & 0xff);
          b &= (1 << nbits) - 1;
        }
        lastpix = (lastpix + ((diff >>> 1) ^ -(diff & 1))) | 0;
        out[i] = (lastpix << sh) >> sh;
      }
    } else {
      throw new FitsError('CORRUPT_DATA', `Rice block split ${fs} exceeds ${fsMax}`);
    }
    if (pos > len) throw new FitsError('CORRUPT_DATA', 'Rice tile ends before its last pixel');
  }
  if (bytePix === 1) for (let i = 0; i < n; i++) out[i]! &= 0xff;
}

/** Growable big-endian bit writer for the encoder. */
class BitWriter {
  buf: Uint8Array;
  pos = 0;
  /** Pending bits (the low `nbits` of `acc`), flushed a byte at a time. */
  private acc = 0;
  private nbits = 0;

  constructor(capacity: number) {
    this.buf = new Uint8Array(Math.max(16, capacity));
  }

  private ensure(extra: number): void {
    if (this.pos + extra <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.pos + extra));
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  /** Writes the low n ≤ 24 bits of value. */
  put(value: number, n: number): void {
    this.ensure(4);
    this.acc = (this.acc << n) | (value & ((1 << n) - 1));
    this.nbits += n;
    while (this.nbits >= 8) {
      this.nbits -= 8;
      this.buf[this.pos++] = (this.acc >>> this.nbits) & 0xff;
    }
    this.acc &= (1 << this.nbits) - 1;
  }

  /** n zero bits followed by a one bit. */
  unary(n: number): void {
    while (n >= 16) {
      this.put(0, 16);
      n -= 16;
    }
    this.put(1, n + 1);
  }

  finish(): Uint8Array {
    if (this.nbits > 0) {
      this.ensure(1);
      this.buf[this.pos++] = (this.acc << (8 - this.nbits)) & 0xff;
      this.nbits = 0;
      this.acc = 0;
    }
    return this.buf.slice(0, this.pos);
  }
}

/** Rice-encodes `n` integer pixels (interpreted in BYTEPIX width) as RICE_1 does. */
export function riceEncode(values: ArrayLike<number>, n: number, blockSize: number, bytePix: number): Uint8Array {
  const { fsBits, fsMax, bBits } = riceParams(bytePix);
  const w = new BitWriter(n * bytePix + 16);
  const wrapShift = 32 - bBits;
  const toWidth = (v: number): number => (bytePix === 4 ? v | 0 : (v << wrapShift) >> wrapShift);
  if (n === 0) return new Uint8Array(0);
  let lastpix = toWidth(values[0]!);
  for (let k = bytePix - 1; k >= 0; k--) w.put((lastpix >>> (8 * k)) & 0xff, 8);
  const diffs = new Uint32Array(blockSize);
  for (let i = 0; i < n; i += blockSize) {
    const thisBlock = Math.min(blockSize, n - i);
    let sum = 0;
    for (let j = 0; j < thisBlock; j++) {
      const v = toWidth(values[i + j]!);
      // Difference in the pixel's width, then zig-zag map to a non-negative value.
      const d = toWidth(v - lastpix);
      const mapped = d < 0 ? ((~d) << 1) | 1 : d << 1;
      diffs[j] = bytePix === 4 ? mapped >>> 0 : mapped & ((1 << bBits) - 1);
      sum += diffs[j]!;
      lastpix = v;
    }
    // Choose fs ≈ log2 of the mean difference, as the reference encoder does.
    let dpsum = (sum - thisBlock / 2 - 1) / thisBlock;
    if (dpsum < 0) dpsum = 0;
    let psum = Math.floor(dpsum) >>> 1;
    let fs = 0;
    while (psum > 0) {
      fs++;
      psum >>>= 1;
    }
    if (fs >= fsMax) {
      w.put(fsMax + 1, fsBits);
      for (let j = 0; j < thisBlock; j++) {
        const d = diffs[j]!;
        if (bBits === 32) {
          w.put(d >>> 16, 16);
          w.put(d & 0xffff, 16);
        } else w.put(d, bBits);
      }
    } else if (fs === 0 && sum === 0) {
      w.put(0, fsBits);
    } else {
      w.put(fs + 1, fsBits);
      const fsMask = (1 << fs) - 1;
      for (let j = 0; j < thisBlock; j++) {
        const d = diffs[j]!;
        w.unary(Math.floor(d / 2 ** fs));
        if (fs > 0) w.put(d & fsMask, fs);
      }
    }
  }
  return w.finish();
}
