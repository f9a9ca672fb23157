/**
 * A minimal header-card formatter for the compressed-image writer: fixed-format values
 * (strings quoted with '' escapes, numbers and logicals right-aligned to column 30).
 * Kept here so the tile writer stands alone; long strings are cut at one card.
 */
import type { Card, CardValue } from '../types.js';

function formatValue(value: CardValue, isString: boolean | undefined): string {
  if (typeof value === 'string' || isString) {
    const escaped = String(value ?? '').replace(/'/g, "''");
    const body = `'${escaped.padEnd(8)}'`;
    return body.length > 70 ? `${body.slice(0, 69)}'` : body;
  }
  if (typeof value === 'boolean') return (value ? 'T' : 'F').padStart(20);
  if (typeof value === 'bigint') return value.toString().padStart(20);
  if (typeof value === 'number') {
    if (Number.isInteger(value) && Math.abs(value) < 1e21) return String(value).padStart(20);
    const text = String(value).toUpperCase();
    return (text.includes('.') || text.includes('E') ? text : `${text}.0`).padStart(20);
  }
  return '';
}

export function formatCard(card: Card): string {
  const key = card.key.toUpperCase();
  if (card.value === null && (key === 'COMMENT' || key === 'HISTORY' || key === '')) {
    return `${key.padEnd(8)}${card.comment ?? ''}`.slice(0, 80).padEnd(80);
  }
  let text = `${key.padEnd(8)}= ${formatValue(card.value, card.isString)}`;
  if (card.comment) text += ` / ${card.comment}`;
  return text.slice(0, 80).padEnd(80);
}

/** Cards + END, padded with blanks to whole 2880-byte blocks. */
export function headerBlock(cards: Card[]): Uint8Array {
  const text = cards.map(formatCard).join('') + 'END'.padEnd(80);
  const size = Math.ceil(text.length / 2880) * 2880;
  return new Uint8Array(Buffer.from(text.padEnd(size), 'latin1'));
}
