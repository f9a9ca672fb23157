/**
 * Bit-level helpers for bzip2 streams, whose blocks are not byte aligned:
 * finding the 48-bit block and end-of-stream magics at any bit offset, and
 * cutting one block out as a standalone, byte-aligned bzip2 stream.
 */

/** π: starts every compressed block. */
export const BLOCK_MAGIC = [0x31, 0x41, 0x59, 0x26, 0x53, 0x59] as const;
/** √π: ends every stream, followed by the 32-bit combined CRC. */
export const EOS_MAGIC = [0x17, 0x72, 0x45, 0x38, 0x50, 0x90] as const;

export type MarkerKind = 'block' | 'eos';

export interface Marker {
  /** Bit offset (MSB first) of the marker's first bit in the buffer. */
  bit: number;
  kind: MarkerKind;
}

/** Reads n ≤ 32 bits starting at bit offset `bit` (MSB first); bits past the end read as 0. */
export function readBits(buf: Uint8Array, bit: number, n: number): number {
  let value = 0;
  let pos = bit;
  let left = n;
  while (left > 0) {
    const byte = buf[pos >>> 3] ?? 0;
    const offset = pos & 7;
    const take = Math.min(8 - offset, left);
    const chunk = (byte >>> (8 - offset - take)) & ((1 << take) - 1);
    value = value * (1 << take) + chunk;
    pos += take;
    left -= take;
  }
  return value >>> 0;
}

/** True when the 48-bit pattern sits at this bit offset. */
export function markerAt(buf: Uint8Array, bit: number, magic: readonly number[]): boolean {
  if (bit + 48 > buf.length * 8) return false;
  const hi = readBits(buf, bit, 24);
  const lo = readBits(buf, bit + 24, 24);
  return hi === ((magic[0]! << 16) | (magic[1]! << 8) | magic[2]!) && lo === ((magic[3]! << 16) | (magic[4]! << 8) | magic[5]!);
}

interface ShiftedPattern {
  shift: number;
  kind: MarkerKind;
  /** The fully determined bytes, searched natively with Buffer.indexOf. */
  needle: Buffer;
  /** Index of the needle's first byte inside the 7-byte shifted window. */
  needleOffset: number;
  window: number[];
  firstMask: number;
  lastMask: number;
}

function shiftedPatterns(magic: readonly number[], kind: MarkerKind): ShiftedPattern[] {
  const out: ShiftedPattern[] = [];
  for (let shift = 0; shift < 8; shift++) {
    const window: number[] = [];
    for (let k = 0; k < 7; k++) {
      const prev = k > 0 ? magic[k - 1]! : 0;
      const cur = k < 6 ? magic[k]! : 0;
      window.push(((prev << (8 - shift)) | (cur >>> shift)) & 0xff);
    }
    const needleOffset = shift === 0 ? 0 : 1;
    out.push({
      shift,
      kind,
      needle: Buffer.from(window.slice(needleOffset, 6)),
      needleOffset,
      window,
      firstMask: 0xff >>> shift,
      lastMask: (0xff << (8 - shift)) & 0xff,
    });
  }
  return out;
}

const PATTERNS = [...shiftedPatterns(BLOCK_MAGIC, 'block'), ...shiftedPatterns(EOS_MAGIC, 'eos')];

/**
 * Every block and end-of-stream marker starting at or after `fromBit` that lies wholly
 * inside `buf`, sorted by bit offset. Uses native substring search, one pass per shift.
 */
export function findMarkers(buf: Uint8Array, fromBit = 0): Marker[] {
  const view = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const found: Marker[] = [];
  const startByte = Math.max(0, (fromBit >>> 3) - 1);
  for (const p of PATTERNS) {
    let at = view.indexOf(p.needle, startByte + p.needleOffset);
    while (at !== -1) {
      const b = at - p.needleOffset;
      const bit = b * 8 + p.shift;
      if (bit >= fromBit && b >= 0 && matchesEdges(view, b, p)) found.push({ bit, kind: p.kind });
      at = view.indexOf(p.needle, at + 1);
    }
  }
  return found.sort((a, b) => a.bit - b.bit);
}

function matchesEdges(buf: Uint8Array, b: number, p: ShiftedPattern): boolean {
  if (p.shift === 0) return true;
  if (b + 6 >= buf.length) return false;
  return (buf[b]! & p.firstMask) === p.window[0] && (buf[b + 6]! & p.lastMask) === p.window[6];
}

/** Bytes of the standalone stream that `standaloneStream` makes from the bits [startBit, endBit). */
export function standaloneStreamLength(startBit: number, endBit: number): number {
  return Math.ceil((32 + (endBit - startBit) + 80) / 8);
}

/**
 * Re-wraps the block bits [startBit, endBit) as a standalone stream:
 * 'BZh' + level, the block shifted to byte alignment, the end-of-stream magic and
 * the combined CRC, which for a one-block stream equals the block's own CRC.
 */
export function standaloneStream(buf: Uint8Array, startBit: number, endBit: number, level: number, blockCrc: number): Uint8Array {
  const out = new Uint8Array(standaloneStreamLength(startBit, endBit));
  writeStandaloneStream(out, buf, startBit, endBit, level, blockCrc);
  return out;
}

/**
 * Writes the standalone stream of `standaloneStream` into the start of `out` (which may hold old
 * bytes, e.g. a decoder's reused input area); returns its length.
 */
export function writeStandaloneStream(out: Uint8Array, buf: Uint8Array, startBit: number, endBit: number, level: number, blockCrc: number): number {
  const length = standaloneStreamLength(startBit, endBit);
  if (out.length < length) throw new RangeError(`standalone stream needs ${length} bytes, the target has ${out.length}`);
  const nbits = endBit - startBit;
  out[0] = 0x42; // B
  out[1] = 0x5a; // Z
  out[2] = 0x68; // h
  out[3] = 0x30 + level;
  const shift = startBit & 7;
  const b0 = startBit >>> 3;
  const nbytes = Math.ceil(nbits / 8);
  if (shift === 0) {
    out.set(buf.subarray(b0, b0 + nbytes), 4);
  } else {
    const back = 8 - shift;
    for (let i = 0; i < nbytes; i++) {
      out[4 + i] = ((buf[b0 + i]! << shift) | ((buf[b0 + i + 1] ?? 0) >>> back)) & 0xff;
    }
  }
  // The trailer is OR'd in bit by bit: keep only the block's bits of its last byte, clear the rest.
  const tail = nbits & 7;
  const partial = 4 + (nbits >>> 3);
  if (tail !== 0) out[partial]! &= (0xff << (8 - tail)) & 0xff;
  out.fill(0, tail !== 0 ? partial + 1 : partial, length);
  let bit = 32 + nbits;
  for (const byte of EOS_MAGIC) {
    writeBits(out, bit, byte, 8);
    bit += 8;
  }
  writeBits(out, bit, blockCrc >>> 16, 16);
  writeBits(out, bit + 16, blockCrc & 0xffff, 16);
  return length;
}

/** ORs n ≤ 16 bits of value at a bit offset of a zero-filled region. */
function writeBits(out: Uint8Array, bit: number, value: number, n: number): void {
  for (let i = n - 1; i >= 0; i--) {
    if ((value >>> i) & 1) out[bit >>> 3]! |= 0x80 >>> (bit & 7);
    bit++;
  }
}

/** bzip2's running stream CRC: rotate left by one, xor the block CRC. */
export function combineCrc(combined: number, blockCrc: number): number {
  return (((combined << 1) | (combined >>> 31)) ^ blockCrc) >>> 0;
}
