/**
 * The summing pass of area-average binning (../render.ts): the valid pixels of whole
 * source rows are averaged into output cells. Parts end only where an output row begins,
 * so each part's output rows are complete and the merge only appends them.
 */
import type { PixelPass } from './pixel-pass.js';

export interface BinRowsParams {
  /** Image width: a run's row is its index / width. */
  width: number;
  /** Pixels per source row segment (the region's width). */
  rowLength: number;
  /** The region's first row. */
  y0: number;
  /** Output cell o covers region columns colStart[o] .. colStart[o + 1] − 1. */
  colStart: Int32Array;
  outW: number;
  /** Output row of each region row (monotone, from 0). */
  rowOut: Int32Array;
  /** Integer BLANK to skip besides NaN, or null. */
  blank: number | null;
}

export interface BinRowsResult {
  /** The averages of output rows firstOutRow .. firstOutRow + averages.length / outW − 1 (NaN: no valid pixel). */
  firstOutRow: number;
  outW: number;
  averages: Float32Array;
}

/**
 * Self-contained: helper threads run its text. Each output row's sums are kept in one small
 * array while its source rows are added (it stays in the L1 cache); a row is summed cell by
 * cell, four pixels at a time (about 2× faster in V8); a four with a NaN is redone one by one.
 */
function visitBinRows(pixels: ArrayLike<number>, runs: number[], p: BinRowsParams): BinRowsResult {
  const { width, rowLength, y0, colStart, outW, rowOut } = p;
  if (runs.length === 0) return { firstOutRow: 0, outW, averages: new Float32Array(0) };
  const firstOutRow = rowOut[Math.floor(runs[0]! / width) - y0]!;
  const lastOutRow = rowOut[Math.floor((runs[runs.length - 1]! - 1) / width) - y0]!;
  const averages = new Float32Array((lastOutRow - firstOutRow + 1) * outW);
  const sums = new Float64Array(outW);
  const counts = new Float64Array(outW);
  // Everything a row needs is passed in, not captured: V8 keeps parameters in registers.
  function sumRow(pixels: ArrayLike<number>, base: number, colStart: Int32Array, outW: number, sums: Float64Array, counts: Float64Array): void {
    for (let o = 0; o < outW; o++) {
      const stop = base + colStart[o + 1]!;
      let k = base + colStart[o]!;
      let s = 0;
      let n = 0;
      for (; k + 3 < stop; k += 4) {
        const s4 = pixels[k]! + pixels[k + 1]! + pixels[k + 2]! + pixels[k + 3]!;
        if (s4 === s4) {
          s += s4;
          n += 4;
        } else {
          for (let j = k; j < k + 4; j++) {
            const v = pixels[j]!;
            if (v === v) (s += v), n++;
          }
        }
      }
      for (; k < stop; k++) {
        const v = pixels[k]!;
        if (v === v) (s += v), n++;
      }
      sums[o] += s;
      counts[o] += n;
    }
  }
  function sumRowWithBlank(
    pixels: ArrayLike<number>,
    base: number,
    colStart: Int32Array,
    outW: number,
    sums: Float64Array,
    counts: Float64Array,
    blank: number,
  ): void {
    for (let o = 0; o < outW; o++) {
      const stop = base + colStart[o + 1]!;
      let s = 0;
      let n = 0;
      for (let k = base + colStart[o]!; k < stop; k++) {
        const v = pixels[k]!;
        if (v === v && v !== blank) (s += v), n++;
      }
      sums[o] += s;
      counts[o] += n;
    }
  }
  let current = firstOutRow;
  const flush = (): void => {
    const at = (current - firstOutRow) * outW;
    for (let o = 0; o < outW; o++) averages[at + o] = counts[o]! > 0 ? sums[o]! / counts[o]! : NaN;
    sums.fill(0);
    counts.fill(0);
  };
  for (let r = 0; r < runs.length; r += 2) {
    const end = runs[r + 1]!;
    for (let base = runs[r]!; base < end; base += rowLength) {
      const oy = rowOut[Math.floor(base / width) - y0]!;
      if (oy !== current) {
        flush();
        current = oy;
      }
      if (p.blank === null) sumRow(pixels, base, colStart, outW, sums, counts);
      else sumRowWithBlank(pixels, base, colStart, outW, sums, counts, p.blank);
    }
  }
  flush();
  return { firstOutRow, outW, averages };
}

/** b's output rows follow a's (parts never share one). */
function mergeBinRows(a: BinRowsResult, b: BinRowsResult): BinRowsResult {
  if (a.averages.length === 0) return b;
  if (b.averages.length === 0) return a;
  const averages = new Float32Array(a.averages.length + b.averages.length);
  averages.set(a.averages);
  averages.set(b.averages, a.averages.length);
  return { firstOutRow: a.firstOutRow, outW: a.outW, averages };
}

/** Offsets (from the region's first pixel) of the source rows where an output row begins. */
function rowStarts(p: BinRowsParams): number[] {
  const cuts: number[] = [];
  for (let y = 1; y < p.rowOut.length; y++) if (p.rowOut[y] !== p.rowOut[y - 1]) cuts.push(y * p.rowLength);
  return cuts;
}

export const binRowsPass: PixelPass<BinRowsParams, BinRowsResult> = {
  name: 'binRows',
  visit: visitBinRows as PixelPass<BinRowsParams, BinRowsResult>['visit'],
  merge: mergeBinRows,
  cuts: rowStarts,
};
