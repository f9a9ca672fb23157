/**
 * The decompressed output of a bzip2 run: one buffer that blocks are appended to in order,
 * sized from what is known (a caller's hint such as a FITS header, else the compression ratio
 * so far) so that it rarely has to grow; growing copies, which briefly holds the output twice.
 *
 * A block decoded before an earlier one is parked in the buffer's unwritten end, memory that
 * the output fills anyway, rather than in a buffer of its own; it moves down to its place when
 * its turn comes. A parked block that the output is about to reach is moved out of the way.
 */

/**
 * Expected total output, from the first bytes: `peek(offset, length)` returns up to `length`
 * bytes at `offset` of the output (fewer at `available`). Undefined when it cannot tell.
 */
export type SizeHint = (peek: (offset: number, length: number) => Uint8Array, available: number) => number | undefined;

/** A parked block: where it lies in the buffer, or its own copy once moved out of the way. */
export interface Parked {
  start: number;
  length: number;
  moved: Uint8Array | null;
}

export class GrowableOutput {
  private buf = new Uint8Array(0);
  length = 0;
  /** Parked blocks inside `buf`, highest first. */
  private parked: Parked[] = [];
  /** Bytes of parked blocks (inside the buffer or moved out). */
  parkedBytes = 0;

  get capacity(): number {
    return this.buf.length;
  }

  /** Makes room for `total` bytes in all, keeping parked blocks at the new buffer's end where they fit. */
  reserve(total: number): void {
    if (total <= this.buf.length) return;
    // A plain Uint8Array over uninitialised memory (Buffer's slice() would not copy).
    const grown = new Uint8Array(Buffer.allocUnsafeSlow(total).buffer, 0, total);
    grown.set(this.buf.subarray(0, this.length));
    let top = total;
    const kept: Parked[] = [];
    for (const p of this.parked) {
      const from = this.buf.subarray(p.start, p.start + p.length);
      if (top - p.length < this.length) {
        p.moved = from.slice();
        continue;
      }
      p.start = top - p.length;
      grown.set(from, p.start);
      top = p.start;
      kept.push(p);
    }
    this.parked = kept;
    this.buf = grown;
  }

  /** Appends bytes after the output so far (`reserve` first to plan the size; else it grows to fit). */
  append(bytes: Uint8Array): void {
    this.reserve(this.length + bytes.length);
    this.clear(this.length + bytes.length);
    this.buf.set(bytes, this.length);
    this.length += bytes.length;
  }

  /**
   * Keeps a copy of bytes that come later in the output; null when the buffer's free end has no
   * room for them (the caller then keeps them elsewhere).
   */
  park(bytes: Uint8Array): Parked | null {
    const top = this.parked.length > 0 ? this.parked[this.parked.length - 1]!.start : this.buf.length;
    const start = top - bytes.length;
    if (start < this.length) return null;
    this.buf.set(bytes, start);
    const p: Parked = { start, length: bytes.length, moved: null };
    this.parked.push(p);
    this.parkedBytes += bytes.length;
    return p;
  }

  /** The bytes of a parked block (a view, valid until the output changes). */
  parkedData(p: Parked): Uint8Array {
    return p.moved ?? this.buf.subarray(p.start, p.start + p.length);
  }

  /** Appends a parked block (now next in order) and forgets it. */
  appendParked(p: Parked): void {
    this.reserve(this.length + p.length);
    this.unpark(p);
    this.clear(this.length + p.length);
    if (p.moved) this.buf.set(p.moved, this.length);
    else this.buf.copyWithin(this.length, p.start, p.start + p.length);
    this.length += p.length;
  }

  /** Forgets a parked block without appending it. */
  drop(p: Parked): void {
    this.unpark(p);
  }

  /** Moves parked blocks below `end` out of the way of the output about to be written there. */
  private clear(end: number): void {
    while (this.parked.length > 0 && this.parked[this.parked.length - 1]!.start < end) {
      const p = this.parked.pop()!;
      p.moved = this.buf.slice(p.start, p.start + p.length);
    }
  }

  private unpark(p: Parked): void {
    const i = this.parked.indexOf(p);
    if (i >= 0) this.parked.splice(i, 1);
    this.parkedBytes -= p.length;
  }

  /** `length` bytes at `offset`, read across the output so far and `incoming` bytes that follow it. */
  peek(incoming: Uint8Array, offset: number, length: number): Uint8Array {
    const available = this.length + incoming.length;
    const start = Math.min(Math.max(0, offset), available);
    const end = Math.min(start + Math.max(0, length), available);
    if (end <= this.length) return this.buf.subarray(start, end);
    if (start >= this.length) return incoming.subarray(start - this.length, end - this.length);
    const joined = new Uint8Array(end - start);
    joined.set(this.buf.subarray(start, this.length));
    joined.set(incoming.subarray(0, end - this.length), this.length - start);
    return joined;
  }

  result(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}
