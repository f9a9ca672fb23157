/**
 * A small BINTABLE writer: one row per exported frame, one column per chosen header keyword
 * (plus FRAME, the index along the cube's third axis, and NAME). Column types follow the
 * values: 64-bit integers (K), doubles (D), logicals (L) or fixed-width strings (nA);
 * a frame without the keyword gets NaN, a null logical, an integer null (TNULL) or blanks.
 */
import type { Card, CardValue } from '../../../native-workers/fits/types.js';
import { formatCard, headerBytes } from './cards.js';

type ColumnKind = 'K' | 'D' | 'L' | 'A';

interface Column {
  name: string;
  kind: ColumnKind;
  width: number;
  values: (CardValue | undefined)[];
}

const K_NULL = -9223372036854775808n;

function kindOf(values: (CardValue | undefined)[]): { kind: ColumnKind; width: number } {
  const present = values.filter((v) => v !== undefined && v !== null);
  if (present.length > 0 && present.every((v) => typeof v === 'boolean')) return { kind: 'L', width: 1 };
  if (present.length > 0 && present.every((v) => typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v)))) {
    return { kind: 'K', width: 8 };
  }
  if (present.length > 0 && present.every((v) => typeof v === 'number' || typeof v === 'bigint')) return { kind: 'D', width: 8 };
  const width = Math.max(1, ...present.map((v) => Buffer.byteLength(String(v), 'latin1')));
  return { kind: 'A', width: Math.min(width, 1024) };
}

export function tableColumnName(keyword: string): string {
  return keyword.slice(0, 68);
}

/** The FITS column value of a keyword in one frame's cards (first occurrence). */
export function keywordValue(cards: readonly Card[], keyword: string): CardValue | undefined {
  const k = keyword.toUpperCase();
  return cards.find((c) => c.key === k)?.value;
}

export interface TableRowSource {
  name: string;
  cards: readonly Card[];
}

/** The complete BINTABLE HDU (header + data, padded), ready to append to a FITS file. */
export function buildKeywordTable(rows: readonly TableRowSource[], keywords: readonly string[], extname = 'FRAMES'): Uint8Array {
  const columns: Column[] = [
    { name: 'FRAME', kind: 'K', width: 8, values: rows.map((_, i) => i) },
    { name: 'NAME', ...kindOf(rows.map((r) => r.name)), values: rows.map((r) => r.name) },
  ];
  for (const keyword of keywords) {
    const values = rows.map((r) => keywordValue(r.cards, keyword));
    columns.push({ name: tableColumnName(keyword.toUpperCase()), ...kindOf(values), values });
  }
  const rowBytes = columns.reduce((n, c) => n + c.width, 0);

  const cards = [
    formatCard('XTENSION', 'BINTABLE', 'binary table extension'),
    formatCard('BITPIX', 8),
    formatCard('NAXIS', 2),
    formatCard('NAXIS1', rowBytes, 'bytes per row'),
    formatCard('NAXIS2', rows.length, 'one row per frame'),
    formatCard('PCOUNT', 0),
    formatCard('GCOUNT', 1),
    formatCard('TFIELDS', columns.length),
  ];
  columns.forEach((c, i) => {
    cards.push(formatCard(`TTYPE${i + 1}`, c.name));
    cards.push(formatCard(`TFORM${i + 1}`, c.kind === 'A' ? `${c.width}A` : `1${c.kind}`));
    if (c.kind === 'K' && c.values.some((v) => v === undefined || v === null)) cards.push(formatCard(`TNULL${i + 1}`, K_NULL));
  });
  cards.push(formatCard('EXTNAME', extname));

  const dataLength = rowBytes * rows.length;
  const data = Buffer.alloc(Math.ceil(dataLength / 2880) * 2880);
  let offset = 0;
  for (let r = 0; r < rows.length; r++) {
    for (const c of columns) {
      const v = c.values[r];
      switch (c.kind) {
        case 'K':
          data.writeBigInt64BE(v === undefined || v === null ? K_NULL : BigInt(v as number | bigint), offset);
          break;
        case 'D':
          data.writeDoubleBE(v === undefined || v === null ? NaN : Number(v), offset);
          break;
        case 'L':
          data.write(v === true ? 'T' : v === false ? 'F' : '\0', offset, 'latin1');
          break;
        case 'A': {
          const text = v === undefined || v === null ? '' : String(v);
          data.fill(0x20, offset, offset + c.width);
          data.write(text.slice(0, c.width), offset, c.width, 'latin1');
          break;
        }
      }
      offset += c.width;
    }
  }
  const header = headerBytes(cards);
  const out = new Uint8Array(header.length + data.length);
  out.set(header, 0);
  out.set(data, header.length);
  return out;
}
