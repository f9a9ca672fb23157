/**
 * The little of the BINTABLE layout that tile decompression needs: where each named
 * column sits in a row, and how to follow a P/Q heap descriptor to its bytes.
 */
import { FitsError } from '../errors.js';
import type { KeywordReader } from './keywords.js';

const ELEMENT_BYTES: Record<string, number> = { L: 1, B: 1, A: 1, I: 2, J: 4, K: 8, E: 4, D: 8, C: 8, M: 16, P: 8, Q: 16 };

export interface Column {
  name: string;
  /** Byte offset of the field inside a row. */
  offset: number;
  /** Element type letter (for P/Q columns: the type of the heap array). */
  type: string;
  repeat: number;
  /** 'P' or 'Q' for variable-length arrays, else null. */
  descriptor: 'P' | 'Q' | null;
}

export interface TableLayout {
  rowBytes: number;
  rows: number;
  /** Byte offset of the heap from the start of the data (THEAP, default rows × rowBytes). */
  heapStart: number;
  columns: Map<string, Column>;
}

export function readTableLayout(kw: KeywordReader, dataLength: number, hduIndex: number): TableLayout {
  const rowBytes = kw.int('NAXIS1');
  const rows = kw.int('NAXIS2');
  const fields = kw.int('TFIELDS', 0);
  if (rowBytes < 0 || rows < 0 || fields < 0 || fields > 999) {
    throw new FitsError('BAD_VALUE', 'negative table dimensions', { hduIndex });
  }
  const columns = new Map<string, Column>();
  let offset = 0;
  for (let i = 1; i <= fields; i++) {
    const form = (kw.str(`TFORM${i}`) ?? '').trim().toUpperCase();
    const m = /^(\d*)([LXBIJKAEDCMPQ])([A-Z]?)(\(\d*\))?$/.exec(form);
    if (!m) throw new FitsError('BAD_VALUE', `unreadable TFORM${i} '${form}'`, { hduIndex, keyword: `TFORM${i}` });
    const repeat = m[1] === '' ? 1 : Number(m[1]);
    const letter = m[2]!;
    const isDescriptor = letter === 'P' || letter === 'Q';
    const bytes = letter === 'X' ? Math.ceil(repeat / 8) : repeat * ELEMENT_BYTES[letter]!;
    const name = (kw.str(`TTYPE${i}`) ?? '').trim().toUpperCase();
    columns.set(name, {
      name,
      offset,
      type: isDescriptor ? m[3] || 'B' : letter,
      repeat,
      descriptor: isDescriptor ? (letter as 'P' | 'Q') : null,
    });
    offset += bytes;
  }
  if (offset !== rowBytes) {
    throw new FitsError('BAD_VALUE', `NAXIS1 = ${rowBytes} does not match the columns' width ${offset}`, { hduIndex, keyword: 'NAXIS1' });
  }
  const heapStart = kw.int('THEAP', rowBytes * rows);
  if (rowBytes * rows > dataLength || heapStart < rowBytes * rows) {
    throw new FitsError('TRUNCATED', 'compressed image table is shorter than its rows', { hduIndex });
  }
  return { rowBytes, rows, heapStart, columns };
}

export function elementBytes(type: string): number {
  const n = ELEMENT_BYTES[type];
  if (!n) throw new FitsError('BAD_VALUE', `unsupported heap element type ${type}`);
  return n;
}

/** The heap bytes a row's descriptor points at; empty for a zero-length array. */
export function heapArray(data: Uint8Array, view: DataView, table: TableLayout, col: Column, row: number, hduIndex: number): Uint8Array {
  const at = row * table.rowBytes + col.offset;
  let count: number;
  let offset: number;
  if (col.descriptor === 'P') {
    count = view.getUint32(at);
    offset = view.getUint32(at + 4);
  } else {
    count = Number(view.getBigUint64(at));
    offset = Number(view.getBigUint64(at + 8));
  }
  const bytes = count * elementBytes(col.type);
  const start = table.heapStart + offset;
  if (!Number.isSafeInteger(start + bytes) || start + bytes > data.length) {
    throw new FitsError('CORRUPT_DATA', `tile ${row + 1}: ${col.name} descriptor points outside the heap`, { hduIndex, offset: start });
  }
  return data.subarray(start, start + bytes);
}

/** A scalar numeric cell (ZSCALE, ZZERO, ZBLANK columns). */
export function numericCell(view: DataView, table: TableLayout, col: Column, row: number): number {
  const at = row * table.rowBytes + col.offset;
  switch (col.type) {
    case 'D':
      return view.getFloat64(at);
    case 'E':
      return view.getFloat32(at);
    case 'J':
      return view.getInt32(at);
    case 'I':
      return view.getInt16(at);
    case 'B':
      return view.getUint8(at);
    case 'K':
      return Number(view.getBigInt64(at));
    default:
      throw new FitsError('BAD_VALUE', `column ${col.name} has non-numeric type ${col.type}`);
  }
}
