/** Fixed-format FITS header cards (80 characters, value in columns 11–30) for the tables this module writes. */

export type SimpleValue = string | number | boolean | bigint;

function formatValue(value: SimpleValue): string {
  if (typeof value === 'string') {
    const inner = value.replace(/'/g, "''").slice(0, 66);
    return `'${inner.padEnd(8)}'`.padEnd(20);
  }
  if (typeof value === 'boolean') return (value ? 'T' : 'F').padStart(20);
  if (typeof value === 'bigint') return String(value).padStart(20);
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value).padStart(20);
  if (!Number.isFinite(value)) throw new RangeError('FITS header values must be finite');
  let text = value.toPrecision(15).replace(/e/, 'E');
  if (!/[.E]/.test(text)) text += '.';
  text = text.replace(/(\.\d*?)0+(E|$)/, '$1$2');
  return text.padStart(20);
}

export function formatCard(key: string, value: SimpleValue, comment?: string): string {
  if (!/^[A-Z0-9_-]{1,8}$/.test(key)) throw new RangeError(`invalid FITS keyword ${key}`);
  let card = `${key.padEnd(8)}= ${formatValue(value)}`;
  if (comment) card += ` / ${comment}`;
  return card.slice(0, 80).padEnd(80);
}

/** Header bytes: the cards, END, blank-padded to a multiple of 2880. */
export function headerBytes(cards: string[]): Uint8Array {
  const text = [...cards, 'END'.padEnd(80)].join('');
  const padded = text.padEnd(Math.ceil(text.length / 2880) * 2880, ' ');
  return new TextEncoder().encode(padded);
}
