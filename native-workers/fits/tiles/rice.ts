/**
 * Rice coding of tile pixels, as the FITS tiled-image convention (RICE_1) defines it:
 * the first pixel raw in BYTEPIX bytes, then blocks of BLOCKSIZE differences, each
 * block led by a split value fs in FSBITS bits (0 = all differences zero, FSMAX+1 =
 * raw differences); differences are zig-zag mapped and Rice coded (unary high part,
 * fs low bits). The encoder and the shared parameters; decoding is in rice-decode.ts.
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
