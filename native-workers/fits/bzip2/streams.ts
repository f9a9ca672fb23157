/**
 * Splits a complete .bz2 buffer (one or several concatenated streams) into its
 * blocks, as bit ranges, without decompressing anything.
 */
import { FitsError } from '../errors.js';
import { BLOCK_MAGIC, EOS_MAGIC, findMarkers, markerAt, readBits, type Marker } from './bits.js';

export interface BlockRange {
  startBit: number;
  /** Exclusive: where the next block or the end-of-stream marker starts. */
  endBit: number;
  /** The CRC stored in the block header (of the block's decompressed bytes). */
  storedCrc: number;
}

export interface StreamLayout {
  /** Block size level 1..9 ('BZh1'..'BZh9'), ×100 kB. */
  level: number;
  blocks: BlockRange[];
  /** The CRC after the end-of-stream marker, over all blocks of the stream. */
  storedCombinedCrc: number;
}

/** Bits of a block header before its Huffman data: magic, CRC, randomised flag, origPtr. */
const MIN_BLOCK_BITS = 48 + 32 + 1 + 24;

/** Level (1..9) when a stream header 'BZh1'..'BZh9' starts at this byte, else 0. */
export function streamHeaderLevel(buf: Uint8Array, at: number): number {
  if (buf[at] !== 0x42 || buf[at + 1] !== 0x5a || buf[at + 2] !== 0x68) return 0;
  const d = (buf[at + 3] ?? 0) - 0x30;
  return d >= 1 && d <= 9 ? d : 0;
}

export function splitStreams(buf: Uint8Array): StreamLayout[] {
  if (buf.length < 4 || streamHeaderLevel(buf, 0) === 0) {
    if (buf.length < 4 && isPrefixOfHeader(buf, 0)) throw new FitsError('TRUNCATED', 'bzip2 stream ends inside its header', { offset: 0 });
    throw new FitsError('CORRUPT_DATA', 'not a bzip2 stream (no BZh header)', { offset: 0 });
  }
  const markers = findMarkers(buf);
  const totalBits = buf.length * 8;
  const streams: StreamLayout[] = [];
  let pos = 0;
  let m = 0; // index into markers, monotone
  while (pos < buf.length) {
    const level = streamHeaderLevel(buf, pos);
    if (level === 0) {
      if (isPrefixOfHeader(buf, pos)) throw new FitsError('TRUNCATED', 'bzip2 stream ends inside its header', { offset: pos });
      if (buf.subarray(pos).every((b) => b === 0)) break; // zero padding after the last stream
      throw new FitsError('CORRUPT_DATA', 'garbage after a bzip2 stream', { offset: pos });
    }
    let bit = pos * 8 + 32;
    const blocks: BlockRange[] = [];
    for (;;) {
      if (bit + 80 > totalBits) throw new FitsError('TRUNCATED', 'bzip2 stream ends before its end-of-stream marker', { offset: bit >>> 3 });
      if (markerAt(buf, bit, EOS_MAGIC)) break;
      if (!markerAt(buf, bit, BLOCK_MAGIC)) throw new FitsError('CORRUPT_DATA', 'bzip2 block does not start with its magic', { offset: bit >>> 3 });
      while (m < markers.length && markers[m]!.bit < bit + MIN_BLOCK_BITS) m++;
      const next: Marker | undefined = markers[m];
      if (!next) throw new FitsError('TRUNCATED', 'bzip2 stream ends inside a block', { offset: bit >>> 3 });
      blocks.push({ startBit: bit, endBit: next.bit, storedCrc: readBits(buf, bit + 48, 32) });
      bit = next.bit;
    }
    const storedCombinedCrc = readBits(buf, bit + 48, 32);
    streams.push({ level, blocks, storedCombinedCrc });
    pos = Math.ceil((bit + 80) / 8);
  }
  return streams;
}

function isPrefixOfHeader(buf: Uint8Array, at: number): boolean {
  const rest = buf.length - at;
  if (rest >= 4) return false;
  const header = [0x42, 0x5a, 0x68];
  for (let i = 0; i < Math.min(rest, 3); i++) if (buf[at + i] !== header[i]) return false;
  return true;
}
