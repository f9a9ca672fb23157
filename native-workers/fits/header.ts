/**
 * A FITS header: the cards of one HDU in file order, with typed look-ups, and the parser
 * that reads them from 2880-byte blocks (END on a card boundary, CONTINUE long strings joined).
 */
import { BLOCK_LENGTH, CARD_LENGTH, parseCard } from './card.js';
import { FitsError } from './errors.js';
import { DEFAULT_FITS_LIMITS, type Card, type CardValue, type FitsLimits, type HeaderLike } from './types.js';

export class Header implements HeaderLike {
  readonly cards: Card[];
  /** Index of the first card per keyword (FITS says the first occurrence wins). */
  private readonly firstByKey = new Map<string, number>();

  constructor(cards: Card[]) {
    this.cards = cards;
    cards.forEach((c, i) => {
      if (c.value !== null || c.isString) {
        if (!this.firstByKey.has(c.key)) this.firstByKey.set(c.key, i);
      }
    });
  }

  /** Value of the first valued card with this keyword, or undefined when absent. */
  get(key: string): CardValue | undefined {
    const i = this.firstByKey.get(key.toUpperCase());
    return i === undefined ? undefined : this.cards[i]!.value;
  }

  has(key: string): boolean {
    const k = key.toUpperCase();
    return this.firstByKey.has(k) || this.cards.some((c) => c.key === k);
  }

  /** A numeric value (bigint converted, possibly rounded); undefined when absent or not a number. */
  getNumber(key: string): number | undefined {
    const v = this.get(key);
    if (typeof v === 'number') return v;
    if (typeof v === 'bigint') return Number(v);
    return undefined;
  }

  /** A string value (trailing blanks removed); undefined when absent or not a string. */
  getString(key: string): string | undefined {
    const v = this.get(key);
    return typeof v === 'string' ? v : undefined;
  }

  /** A logical value; undefined when absent or not T/F. */
  getBoolean(key: string): boolean | undefined {
    const v = this.get(key);
    return typeof v === 'boolean' ? v : undefined;
  }

  /** All cards with this keyword (e.g. every HISTORY line), in order. */
  getAll(key: string): Card[] {
    const k = key.toUpperCase();
    return this.cards.filter((c) => c.key === k);
  }
}

export interface ParsedHeader {
  header: Header;
  /** Offset of the first data byte: just after the header's last (padded) block. */
  headerEnd: number;
}

/** Latin-1 decoding of a byte range (one byte → one char), fast for large headers. */
function latin1(bytes: Uint8Array, start: number, end: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1');
}

/**
 * Finds the END card of a header starting at `offset`. Returns the offset just after the
 * END card, or -1 when `bytes` ends first. Throws TOO_LARGE past `maxHeaderCards`.
 */
export function findEndCard(bytes: Uint8Array, offset: number, hduIndex: number, maxHeaderCards: number): number {
  let cards = 0;
  for (let p = offset; p + CARD_LENGTH <= bytes.length; p += CARD_LENGTH) {
    // "END" followed by 77 blanks; the test on the first bytes keeps the scan cheap.
    if (bytes[p] === 0x45 && bytes[p + 1] === 0x4e && bytes[p + 2] === 0x44) {
      let blank = true;
      for (let i = 3; i < 8; i++) if (bytes[p + i] !== 0x20) blank = false;
      if (blank) return p + CARD_LENGTH;
    }
    if (++cards > maxHeaderCards) {
      throw new FitsError('TOO_LARGE', `header has more than ${maxHeaderCards} cards without END`, { hduIndex, offset });
    }
  }
  return -1;
}

/** Rounds a byte count up to whole 2880-byte blocks. */
export function padToBlock(n: number): number {
  return Math.ceil(n / BLOCK_LENGTH) * BLOCK_LENGTH;
}

/**
 * Parses the header starting at `offset` (a block boundary). Throws TRUNCATED when the bytes end
 * before the END card or before the header's last block is complete.
 */
export function parseHeaderAt(
  bytes: Uint8Array,
  offset: number,
  hduIndex: number,
  limits: Partial<FitsLimits> = {},
): ParsedHeader {
  const maxCards = limits.maxHeaderCards ?? DEFAULT_FITS_LIMITS.maxHeaderCards;
  const endCard = findEndCard(bytes, offset, hduIndex, maxCards);
  if (endCard < 0) {
    throw new FitsError('TRUNCATED', 'file ends before the END card of the header', { hduIndex, offset });
  }
  const headerEnd = offset + padToBlock(endCard - offset);
  if (headerEnd > bytes.length) {
    throw new FitsError('TRUNCATED', 'file ends inside the last header block', { hduIndex, offset: bytes.length });
  }
  const text = latin1(bytes, offset, endCard - CARD_LENGTH);
  return { header: new Header(parseCards(text, hduIndex, offset)), headerEnd };
}

/** Parses concatenated card images (without END), joining CONTINUE cards into the string before them. */
export function parseCards(text: string, hduIndex: number, baseOffset: number): Card[] {
  const cards: Card[] = [];
  // The card whose string may continue (its value ended with '&').
  let open: Card | null = null;
  for (let p = 0; p + CARD_LENGTH <= text.length; p += CARD_LENGTH) {
    const { card, isContinue } = parseCard(text.slice(p, p + CARD_LENGTH), hduIndex, baseOffset + p);
    if (isContinue && open && typeof open.value === 'string' && card.isString && typeof card.value === 'string') {
      open.value = open.value.slice(0, -1) + card.value;
      if (card.comment) open.comment = open.comment ? `${open.comment} ${card.comment}` : card.comment;
      if (!open.value.endsWith('&')) open = null;
      continue;
    }
    cards.push(card);
    open = card.isString && typeof card.value === 'string' && card.value.endsWith('&') ? card : null;
  }
  return cards;
}
