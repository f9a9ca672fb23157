/**
 * HCOMPRESS_1 decoding (R. White's H-transform coder, as the tiled-image convention uses
 * it): a header (magic 0xDD99, two dimensions, the scale, the pixel sum), four quadrants of
 * H-transform coefficients coded bit plane by bit plane as quadtrees with a fixed Huffman
 * code of 4-bit values, then sign bits; the inverse transform restores the pixels.
 *
 * 8- and 16-bit images use 32-bit two's complement arithmetic (JavaScript's |0 and >>), as
 * the reference decoder does; 32-bit and quantized float images use its 64-bit variant, here
 * in doubles (exact below 2^53, refused beyond).
 */
import { FitsError } from '../errors.js';

class BitInput {
  pos = 0;
  private buffer = 0;
  private bitsToGo = 0;

  constructor(private readonly bytes: Uint8Array) {}

  private next(): number {
    if (this.pos >= this.bytes.length) throw new FitsError('CORRUPT_DATA', 'HCOMPRESS tile ends early');
    return this.bytes[this.pos++]!;
  }

  restart(): void {
    this.bitsToGo = 0;
  }

  bit(): number {
    if (this.bitsToGo === 0) {
      this.buffer = this.next();
      this.bitsToGo = 8;
    }
    this.bitsToGo--;
    return (this.buffer >> this.bitsToGo) & 1;
  }

  bits(n: number): number {
    if (this.bitsToGo < n) {
      this.buffer = ((this.buffer << 8) | this.next()) & 0xffff;
      this.bitsToGo += 8;
    }
    this.bitsToGo -= n;
    return (this.buffer >> this.bitsToGo) & ((1 << n) - 1);
  }

  nybble(): number {
    return this.bits(4);
  }

  /** The fixed Huffman code of quadtree values 0..15. */
  huffman(): number {
    let c = this.bits(3);
    if (c < 4) return 1 << c;
    c = this.bit() | (c << 1);
    if (c < 13) return [3, 5, 10, 12, 15][c - 8]!;
    c = this.bit() | (c << 1);
    if (c < 31) return [6, 7, 9, 11, 13][c - 26]!;
    c = this.bit() | (c << 1);
    return c === 62 ? 0 : 14;
  }

  bytesBE(n: number): number[] {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(this.next());
    return out;
  }
}

/** 32-bit coefficients for 8/16-bit images; 64-bit ones (held exactly in doubles below 2^53) otherwise. */
type Coefficients = Int32Array | Float64Array;

function ceilLog2(n: number): number {
  let k = 0;
  while (1 << k < n && k < 31) k++;
  return k;
}

/** Spreads 4-bit codes of a ⌈nx/2⌉×⌈ny/2⌉ grid into bit plane `bit` of an nx×ny block of `b`. */
function bitInsert(a: Uint8Array, nx: number, ny: number, b: Coefficients, off: number, n: number, bit: number): void {
  // Each plane's bit is set once per pixel on zeroed data, so adding equals or-ing (Int32Array wraps bit 31).
  const plane = 2 ** bit;
  let k = 0;
  for (let i = 0; i < nx; i += 2) {
    const row = off + n * i;
    const hasNext = i + 1 < nx;
    for (let j = 0; j < ny; j += 2) {
      const v = a[k++]!;
      if (v & 8) b[row + j]! += plane;
      if (v & 4 && j + 1 < ny) b[row + j + 1]! += plane;
      if (v & 2 && hasNext) b[row + n + j]! += plane;
      if (v & 1 && hasNext && j + 1 < ny) b[row + n + j + 1]! += plane;
    }
  }
}

/** Expands codes of a ⌈nx/2⌉×⌈ny/2⌉ grid in place into one bit per cell of nx×ny (row length ny). */
function quadCopy(s: Uint8Array, nx: number, ny: number): void {
  const nx2 = (nx + 1) >> 1;
  const ny2 = (ny + 1) >> 1;
  let k = ny2 * (nx2 - 1) + ny2 - 1;
  for (let i = nx2 - 1; i >= 0; i--) {
    let s00 = 2 * (ny * i + ny2 - 1);
    for (let j = ny2 - 1; j >= 0; j--) {
      s[s00] = s[k--]!;
      s00 -= 2;
    }
  }
  for (let i = 0; i < nx; i += 2) {
    const hasNext = i + 1 < nx;
    for (let j = 0; j < ny; j += 2) {
      const s00 = ny * i + j;
      const v = s[s00]!;
      if (hasNext && j + 1 < ny) s[s00 + ny + 1] = v & 1;
      if (hasNext) s[s00 + ny] = (v >> 1) & 1;
      if (j + 1 < ny) s[s00 + 1] = (v >> 2) & 1;
      s[s00] = (v >> 3) & 1;
    }
  }
}

function quadtreeDecode(input: BitInput, a: Coefficients, off: number, n: number, nqx: number, nqy: number, planes: number): void {
  const log2n = ceilLog2(Math.max(nqx, nqy));
  const nqx2 = (nqx + 1) >> 1;
  const nqy2 = (nqy + 1) >> 1;
  const scratch = new Uint8Array(Math.max(1, nqx2 * nqy2));
  for (let bit = planes - 1; bit >= 0; bit--) {
    const how = input.nybble();
    if (how === 0) {
      for (let i = 0; i < nqx2 * nqy2; i++) scratch[i] = input.nybble();
    } else if (how === 0xf) {
      scratch[0] = input.huffman();
      let nx = 1;
      let ny = 1;
      let nfx = nqx;
      let nfy = nqy;
      let c = 1 << log2n;
      for (let k = 1; k < log2n; k++) {
        c >>= 1;
        nx <<= 1;
        ny <<= 1;
        if (nfx <= c) nx -= 1;
        else nfx -= c;
        if (nfy <= c) ny -= 1;
        else nfy -= c;
        quadCopy(scratch, nx, ny);
        for (let i = nx * ny - 1; i >= 0; i--) if (scratch[i]) scratch[i] = input.huffman();
      }
    } else {
      throw new FitsError('CORRUPT_DATA', `HCOMPRESS bit plane has bad format code ${how}`);
    }
    bitInsert(scratch, nqx, nqy, a, off, n, bit);
  }
}

/** Moves the first half of a strided run to the even places and the second half to the odd ones. */
function unshuffle(a: Int32Array, start: number, n: number, stride: number, tmp: Int32Array): void {
  const half = (n + 1) >> 1;
  for (let i = half, t = 0; i < n; i++) tmp[t++] = a[start + i * stride]!;
  for (let i = half - 1; i >= 0; i--) a[start + 2 * i * stride] = a[start + i * stride]!;
  for (let i = 1, t = 0; i < n; i += 2) a[start + i * stride] = tmp[t++]!;
}

function smooth(a: Int32Array, nxtop: number, nytop: number, ny: number, scale: number): void {
  const smax = scale >> 1;
  if (smax <= 0) return;
  const ny2 = ny << 1;
  const clamp = (s: number): number => Math.max(Math.min(s, smax), -smax);
  for (let i = 2; i < nxtop - 2; i += 2) {
    let s00 = ny * i;
    let s10 = s00 + ny;
    for (let j = 0; j < nytop; j += 2) {
      const hm = a[s00 - ny2]!;
      const h0 = a[s00]!;
      const hp = a[s00 + ny2]!;
      let diff = (hp - hm) | 0;
      const dmax = Math.max(Math.min(hp - h0, h0 - hm), 0) << 2;
      const dmin = Math.min(Math.max(hp - h0, h0 - hm), 0) << 2;
      if (dmin < dmax) {
        diff = Math.max(Math.min(diff, dmax), dmin);
        let s = (diff - (a[s10]! << 3)) | 0;
        s = s >= 0 ? s >> 3 : (s + 7) >> 3;
        a[s10] = a[s10]! + clamp(s);
      }
      s00 += 2;
      s10 += 2;
    }
  }
  for (let i = 0; i < nxtop; i += 2) {
    let s00 = ny * i + 2;
    for (let j = 2; j < nytop - 2; j += 2) {
      const hm = a[s00 - 2]!;
      const h0 = a[s00]!;
      const hp = a[s00 + 2]!;
      let diff = (hp - hm) | 0;
      const dmax = Math.max(Math.min(hp - h0, h0 - hm), 0) << 2;
      const dmin = Math.min(Math.max(hp - h0, h0 - hm), 0) << 2;
      if (dmin < dmax) {
        diff = Math.max(Math.min(diff, dmax), dmin);
        let s = (diff - (a[s00 + 1]! << 3)) | 0;
        s = s >= 0 ? s >> 3 : (s + 7) >> 3;
        a[s00 + 1] = a[s00 + 1]! + clamp(s);
      }
      s00 += 2;
    }
  }
  for (let i = 2; i < nxtop - 2; i += 2) {
    let s00 = ny * i + 2;
    let s10 = s00 + ny;
    for (let j = 2; j < nytop - 2; j += 2) {
      const hmm = a[s00 - ny2 - 2]!;
      const hpm = a[s00 + ny2 - 2]!;
      const hmp = a[s00 - ny2 + 2]!;
      const hpp = a[s00 + ny2 + 2]!;
      const h0 = a[s00]!;
      let diff = (hpp + hmm - hmp - hpm) | 0;
      const hx2 = a[s10]! << 1;
      const hy2 = a[s00 + 1]! << 1;
      let m1 = Math.min(Math.max(hpp - h0, 0) - hx2 - hy2, Math.max(h0 - hpm, 0) + hx2 - hy2);
      let m2 = Math.min(Math.max(h0 - hmp, 0) - hx2 + hy2, Math.max(hmm - h0, 0) + hx2 + hy2);
      const dmax = Math.min(m1, m2) << 4;
      m1 = Math.max(Math.min(hpp - h0, 0) - hx2 - hy2, Math.min(h0 - hpm, 0) + hx2 - hy2);
      m2 = Math.max(Math.min(h0 - hmp, 0) - hx2 + hy2, Math.min(hmm - h0, 0) + hx2 + hy2);
      const dmin = Math.max(m1, m2) << 4;
      if (dmin < dmax) {
        diff = Math.max(Math.min(diff, dmax), dmin);
        let s = (diff - (a[s10 + 1]! << 6)) | 0;
        s = s >= 0 ? s >> 6 : (s + 63) >> 6;
        a[s10 + 1] = a[s10 + 1]! + clamp(s);
      }
      s00 += 2;
      s10 += 2;
    }
  }
}

/** Inverse H-transform of an nx×ny coefficient array (ny fastest), in place. */
function inverseH(a: Int32Array, nx: number, ny: number, doSmooth: boolean, scale: number): void {
  const nmax = Math.max(nx, ny);
  const log2n = ceilLog2(nmax);
  const tmp = new Int32Array((nmax + 1) >> 1);
  let shift = 1;
  let bit0 = 1 << (log2n - 1);
  let bit1 = bit0 << 1;
  let bit2 = bit0 << 2;
  let mask0 = -bit0 | 0;
  let mask1 = mask0 << 1;
  const mask2 = mask0 << 2;
  let prnd0 = bit0 >> 1;
  let prnd1 = bit1 >> 1;
  const prnd2 = bit2 >> 1;
  let nrnd0 = prnd0 - 1;
  let nrnd1 = prnd1 - 1;
  const nrnd2 = prnd2 - 1;
  a[0] = (a[0]! + (a[0]! >= 0 ? prnd2 : nrnd2)) & mask2;
  let nxtop = 1;
  let nytop = 1;
  let nxf = nx;
  let nyf = ny;
  let c = 1 << log2n;
  for (let k = log2n - 1; k >= 0; k--) {
    c >>= 1;
    nxtop <<= 1;
    nytop <<= 1;
    if (nxf <= c) nxtop -= 1;
    else nxf -= c;
    if (nyf <= c) nytop -= 1;
    else nyf -= c;
    if (k === 0) {
      nrnd0 = 0;
      shift = 2;
    }
    for (let i = 0; i < nxtop; i++) unshuffle(a, ny * i, nytop, 1, tmp);
    for (let j = 0; j < nytop; j++) unshuffle(a, j, nxtop, ny, tmp);
    if (doSmooth) smooth(a, nxtop, nytop, ny, scale);
    const oddx = nxtop % 2;
    const oddy = nytop % 2;
    let i = 0;
    for (; i < nxtop - oddx; i += 2) {
      let s00 = ny * i;
      let s10 = s00 + ny;
      for (let j = 0; j < nytop - oddy; j += 2) {
        let h0 = a[s00]!;
        let hx = a[s10]!;
        let hy = a[s00 + 1]!;
        let hc = a[s10 + 1]!;
        hx = (hx + (hx >= 0 ? prnd1 : nrnd1)) & mask1;
        hy = (hy + (hy >= 0 ? prnd1 : nrnd1)) & mask1;
        hc = (hc + (hc >= 0 ? prnd0 : nrnd0)) & mask0;
        const lowbit0 = hc & bit0;
        hx = hx >= 0 ? hx - lowbit0 : hx + lowbit0;
        hy = hy >= 0 ? hy - lowbit0 : hy + lowbit0;
        const lowbit1 = (hc ^ hx ^ hy) & bit1;
        h0 = h0 >= 0 ? h0 + lowbit0 - lowbit1 : h0 + (lowbit0 === 0 ? lowbit1 : lowbit0 - lowbit1);
        a[s10 + 1] = (h0 + hx + hy + hc) >> shift;
        a[s10] = (h0 + hx - hy - hc) >> shift;
        a[s00 + 1] = (h0 - hx + hy - hc) >> shift;
        a[s00] = (h0 - hx - hy + hc) >> shift;
        s00 += 2;
        s10 += 2;
      }
      if (oddy) {
        const h0 = a[s00]!;
        let hx = a[s10]!;
        hx = (hx >= 0 ? hx + prnd1 : hx + nrnd1) & mask1;
        const lowbit1 = hx & bit1;
        const h = h0 >= 0 ? h0 - lowbit1 : h0 + lowbit1;
        a[s10] = (h + hx) >> shift;
        a[s00] = (h - hx) >> shift;
      }
    }
    if (oddx) {
      let s00 = ny * i;
      for (let j = 0; j < nytop - oddy; j += 2) {
        const h0 = a[s00]!;
        let hy = a[s00 + 1]!;
        hy = (hy >= 0 ? hy + prnd1 : hy + nrnd1) & mask1;
        const lowbit1 = hy & bit1;
        const h = h0 >= 0 ? h0 - lowbit1 : h0 + lowbit1;
        a[s00 + 1] = (h + hy) >> shift;
        a[s00] = (h - hy) >> shift;
        s00 += 2;
      }
      if (oddy) a[s00] = a[s00]! >> shift;
    }
    bit2 = bit1;
    bit1 = bit0;
    bit0 >>= 1;
    mask1 = mask0;
    mask0 >>= 1;
    prnd1 = prnd0;
    prnd0 >>= 1;
    nrnd1 = nrnd0;
    nrnd0 = prnd0 - 1;
  }
  void bit2;
}

interface Decoded {
  nx: number;
  ny: number;
  scale: number;
}

/** Reads the header, the bit planes and the signs into `a`; a[0] gets the pixel sum. */
function decodeCoefficients(bytes: Uint8Array, alloc: (n: number) => Coefficients, tileLen: number): { a: Coefficients } & Decoded {
  const input = new BitInput(bytes);
  const magic = input.bytesBE(2);
  if (magic[0] !== 0xdd || magic[1] !== 0x99) throw new FitsError('CORRUPT_DATA', 'HCOMPRESS tile lacks its magic code');
  const int32 = (): number => input.bytesBE(4).reduce((v, b) => (v << 8) | b, 0);
  const nx = int32();
  const ny = int32();
  const scale = int32();
  const sum = input.bytesBE(8).reduce((v, b) => (v << 8n) | BigInt(b), 0n);
  const planes = input.bytesBE(3);
  if (nx <= 0 || ny <= 0 || nx * ny !== tileLen) {
    throw new FitsError('CORRUPT_DATA', `HCOMPRESS tile is ${nx}×${ny}, expected ${tileLen} pixels`);
  }
  const a = alloc(tileLen);
  a.fill(0);
  const nx2 = (nx + 1) >> 1;
  const ny2 = (ny + 1) >> 1;
  quadtreeDecode(input, a, 0, ny, nx2, ny2, planes[0]!);
  quadtreeDecode(input, a, ny2, ny, nx2, ny >> 1, planes[1]!);
  quadtreeDecode(input, a, ny * nx2, ny, nx >> 1, ny2, planes[1]!);
  quadtreeDecode(input, a, ny * nx2 + ny2, ny, nx >> 1, ny >> 1, planes[2]!);
  if (input.nybble() !== 0) throw new FitsError('CORRUPT_DATA', 'HCOMPRESS bit planes do not end where they should');
  input.restart();
  for (let i = 0; i < tileLen; i++) if (a[i] !== 0 && input.bit()) a[i] = -a[i]!;
  a[0] = a instanceof Int32Array ? Number(BigInt.asIntN(32, sum)) : Number(BigInt.asIntN(64, sum));
  return { a, nx, ny, scale };
}

/** Decodes one HCOMPRESS_1 tile of an 8- or 16-bit image into `out` (row-major, axis 1 fastest). */
export function hcompressDecode(bytes: Uint8Array, out: Int32Array, tileLen: number, smoothing: boolean): void {
  const { a, nx, ny, scale } = decodeCoefficients(bytes, (n) => out.subarray(0, n), tileLen);
  const ints = a as Int32Array;
  if (scale > 1) for (let i = 0; i < tileLen; i++) ints[i] = Math.imul(ints[i]!, scale);
  inverseH(ints, nx, ny, smoothing, scale);
}

/**
 * Decodes one HCOMPRESS_1 tile of a 32-bit or quantized floating-point image: the reference
 * uses 64-bit integers; doubles hold them exactly while coefficients stay below 2^53.
 */
export function hcompressDecode64(bytes: Uint8Array, out: Float64Array, tileLen: number, smoothing: boolean): void {
  const { a, nx, ny, scale } = decodeCoefficients(bytes, (n) => out.subarray(0, n), tileLen);
  const c = a as Float64Array;
  if (scale > 1) for (let i = 0; i < tileLen; i++) c[i] = c[i]! * scale;
  for (let i = 0; i < tileLen; i++) {
    if (Math.abs(c[i]!) >= 2 ** 53) throw new FitsError('UNSUPPORTED_COMPRESSION', 'HCOMPRESS_1 coefficients beyond 2^53 are not supported');
  }
  inverseH64(c, nx, ny, smoothing, scale);
}

// 64-bit variant in doubles: x & -b → floorTo(x, b); x >> k → floor(x / 2^k); bit tests by division.
const floorTo = (x: number, b: number): number => Math.floor(x / b) * b;
const bitSet = (x: number, b: number): number => ((Math.floor(x / b) % 2) + 2) % 2;

function unshuffle64(a: Float64Array, start: number, n: number, stride: number, tmp: Float64Array): void {
  const half = (n + 1) >> 1;
  for (let i = half, t = 0; i < n; i++) tmp[t++] = a[start + i * stride]!;
  for (let i = half - 1; i >= 0; i--) a[start + 2 * i * stride] = a[start + i * stride]!;
  for (let i = 1, t = 0; i < n; i += 2) a[start + i * stride] = tmp[t++]!;
}

function smooth64(a: Float64Array, nxtop: number, nytop: number, ny: number, scale: number): void {
  const smax = scale >> 1;
  if (smax <= 0) return;
  const ny2 = ny * 2;
  const clamp = (s: number): number => Math.max(Math.min(s, smax), -smax);
  const div = (s: number, d: number): number => (s >= 0 ? Math.floor(s / d) : Math.floor((s + d - 1) / d));
  for (let i = 2; i < nxtop - 2; i += 2) {
    let s00 = ny * i;
    let s10 = s00 + ny;
    for (let j = 0; j < nytop; j += 2) {
      const hm = a[s00 - ny2]!;
      const h0 = a[s00]!;
      const hp = a[s00 + ny2]!;
      let diff = hp - hm;
      const dmax = Math.max(Math.min(hp - h0, h0 - hm), 0) * 4;
      const dmin = Math.min(Math.max(hp - h0, h0 - hm), 0) * 4;
      if (dmin < dmax) {
        diff = Math.max(Math.min(diff, dmax), dmin);
        a[s10] = a[s10]! + clamp(div(diff - a[s10]! * 8, 8));
      }
      s00 += 2;
      s10 += 2;
    }
  }
  for (let i = 0; i < nxtop; i += 2) {
    let s00 = ny * i + 2;
    for (let j = 2; j < nytop - 2; j += 2) {
      const hm = a[s00 - 2]!;
      const h0 = a[s00]!;
      const hp = a[s00 + 2]!;
      let diff = hp - hm;
      const dmax = Math.max(Math.min(hp - h0, h0 - hm), 0) * 4;
      const dmin = Math.min(Math.max(hp - h0, h0 - hm), 0) * 4;
      if (dmin < dmax) {
        diff = Math.max(Math.min(diff, dmax), dmin);
        a[s00 + 1] = a[s00 + 1]! + clamp(div(diff - a[s00 + 1]! * 8, 8));
      }
      s00 += 2;
    }
  }
  for (let i = 2; i < nxtop - 2; i += 2) {
    let s00 = ny * i + 2;
    let s10 = s00 + ny;
    for (let j = 2; j < nytop - 2; j += 2) {
      const hmm = a[s00 - ny2 - 2]!;
      const hpm = a[s00 + ny2 - 2]!;
      const hmp = a[s00 - ny2 + 2]!;
      const hpp = a[s00 + ny2 + 2]!;
      const h0 = a[s00]!;
      let diff = hpp + hmm - hmp - hpm;
      const hx2 = a[s10]! * 2;
      const hy2 = a[s00 + 1]! * 2;
      let m1 = Math.min(Math.max(hpp - h0, 0) - hx2 - hy2, Math.max(h0 - hpm, 0) + hx2 - hy2);
      let m2 = Math.min(Math.max(h0 - hmp, 0) - hx2 + hy2, Math.max(hmm - h0, 0) + hx2 + hy2);
      const dmax = Math.min(m1, m2) * 16;
      m1 = Math.max(Math.min(hpp - h0, 0) - hx2 - hy2, Math.min(h0 - hpm, 0) + hx2 - hy2);
      m2 = Math.max(Math.min(h0 - hmp, 0) - hx2 + hy2, Math.min(hmm - h0, 0) + hx2 + hy2);
      const dmin = Math.max(m1, m2) * 16;
      if (dmin < dmax) {
        diff = Math.max(Math.min(diff, dmax), dmin);
        a[s10 + 1] = a[s10 + 1]! + clamp(div(diff - a[s10 + 1]! * 64, 64));
      }
      s00 += 2;
      s10 += 2;
    }
  }
}

function inverseH64(a: Float64Array, nx: number, ny: number, doSmooth: boolean, scale: number): void {
  const nmax = Math.max(nx, ny);
  const log2n = ceilLog2(nmax);
  const tmp = new Float64Array((nmax + 1) >> 1);
  let div = 2; // 2^shift
  let bit0 = log2n > 0 ? 2 ** (log2n - 1) : 0;
  let bit1 = bit0 * 2;
  const bit2 = bit0 * 4;
  let prnd0 = Math.floor(bit0 / 2);
  let prnd1 = Math.floor(bit1 / 2);
  const prnd2 = Math.floor(bit2 / 2);
  let nrnd0 = prnd0 - 1;
  let nrnd1 = prnd1 - 1;
  const nrnd2 = prnd2 - 1;
  if (bit2 > 0) a[0] = floorTo(a[0]! + (a[0]! >= 0 ? prnd2 : nrnd2), bit2);
  let nxtop = 1;
  let nytop = 1;
  let nxf = nx;
  let nyf = ny;
  let c = 2 ** log2n;
  for (let k = log2n - 1; k >= 0; k--) {
    c /= 2;
    nxtop <<= 1;
    nytop <<= 1;
    if (nxf <= c) nxtop -= 1;
    else nxf -= c;
    if (nyf <= c) nytop -= 1;
    else nyf -= c;
    if (k === 0) {
      nrnd0 = 0;
      div = 4;
    }
    for (let i = 0; i < nxtop; i++) unshuffle64(a, ny * i, nytop, 1, tmp);
    for (let j = 0; j < nytop; j++) unshuffle64(a, j, nxtop, ny, tmp);
    if (doSmooth) smooth64(a, nxtop, nytop, ny, scale);
    const oddx = nxtop % 2;
    const oddy = nytop % 2;
    let i = 0;
    for (; i < nxtop - oddx; i += 2) {
      let s00 = ny * i;
      let s10 = s00 + ny;
      for (let j = 0; j < nytop - oddy; j += 2) {
        let h0 = a[s00]!;
        let hx = floorTo(a[s10]! + (a[s10]! >= 0 ? prnd1 : nrnd1), bit1);
        let hy = floorTo(a[s00 + 1]! + (a[s00 + 1]! >= 0 ? prnd1 : nrnd1), bit1);
        const hc = floorTo(a[s10 + 1]! + (a[s10 + 1]! >= 0 ? prnd0 : nrnd0), bit0);
        const lowbit0 = bitSet(hc, bit0) * bit0;
        hx = hx >= 0 ? hx - lowbit0 : hx + lowbit0;
        hy = hy >= 0 ? hy - lowbit0 : hy + lowbit0;
        const lowbit1 = (bitSet(hc, bit1) ^ bitSet(hx, bit1) ^ bitSet(hy, bit1)) * bit1;
        h0 = h0 >= 0 ? h0 + lowbit0 - lowbit1 : h0 + (lowbit0 === 0 ? lowbit1 : lowbit0 - lowbit1);
        a[s10 + 1] = Math.floor((h0 + hx + hy + hc) / div);
        a[s10] = Math.floor((h0 + hx - hy - hc) / div);
        a[s00 + 1] = Math.floor((h0 - hx + hy - hc) / div);
        a[s00] = Math.floor((h0 - hx - hy + hc) / div);
        s00 += 2;
        s10 += 2;
      }
      if (oddy) {
        const h0 = a[s00]!;
        const hx = floorTo(a[s10]! + (a[s10]! >= 0 ? prnd1 : nrnd1), bit1);
        const lowbit1 = bitSet(hx, bit1) * bit1;
        const h = h0 >= 0 ? h0 - lowbit1 : h0 + lowbit1;
        a[s10] = Math.floor((h + hx) / div);
        a[s00] = Math.floor((h - hx) / div);
      }
    }
    if (oddx) {
      let s00 = ny * i;
      for (let j = 0; j < nytop - oddy; j += 2) {
        const h0 = a[s00]!;
        const hy = floorTo(a[s00 + 1]! + (a[s00 + 1]! >= 0 ? prnd1 : nrnd1), bit1);
        const lowbit1 = bitSet(hy, bit1) * bit1;
        const h = h0 >= 0 ? h0 - lowbit1 : h0 + lowbit1;
        a[s00 + 1] = Math.floor((h + hy) / div);
        a[s00] = Math.floor((h - hy) / div);
        s00 += 2;
      }
      if (oddy) a[s00] = Math.floor(a[s00]! / div);
    }
    bit1 = bit0;
    bit0 = Math.floor(bit0 / 2);
    prnd1 = prnd0;
    prnd0 = Math.floor(prnd0 / 2);
    nrnd1 = nrnd0;
    nrnd0 = prnd0 - 1;
  }
}
