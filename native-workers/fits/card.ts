/**
 * One 80-character header card → a `Card` (keyword, typed value, comment).
 * Follows the FITS standard 4.0 §4.2 fixed and free formats, leniently where astropy is
 * lenient (an unparseable value of a non-structural keyword is kept as its raw text).
 */
import { FitsError } from './errors.js';
import type { Card, CardValue } from './types.js';

export const CARD_LENGTH = 80;
export const BLOCK_LENGTH = 2880;
export const CARDS_PER_BLOCK = BLOCK_LENGTH / CARD_LENGTH;

const COMMENTARY_KEYS = new Set(['COMMENT', 'HISTORY', '']);

const INTEGER = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[EeDd][+-]?\d+)?$/;

/** A card together with facts the header parser needs to join CONTINUE cards. */
export interface ParsedCard {
  card: Card;
  /** True for a `CONTINUE` card (its string value is in card.value). */
  isContinue: boolean;
}

/**
 * Parses a quoted FITS string starting at `start` (which holds the opening quote).
 * Returns the unescaped text (trailing blanks removed, as the standard says they are
 * not significant) and the index just after the closing quote.
 */
function parseQuoted(text: string, start: number): { value: string; end: number } | null {
  let out = '';
  let i = start + 1;
  for (;;) {
    const q = text.indexOf("'", i);
    if (q < 0) return null;
    out += text.slice(i, q);
    if (text[q + 1] === "'") {
      out += "'";
      i = q + 2;
      continue;
    }
    return { value: out.replace(/ +$/, ''), end: q + 1 };
  }
}

/** The comment after a value: text following the first '/', trimmed. */
function commentAfter(text: string, from: number): string | undefined {
  const slash = text.indexOf('/', from);
  if (slash < 0) return undefined;
  const c = text.slice(slash + 1).trim();
  return c.length ? c : undefined;
}

function parseNumberToken(token: string): number | bigint | null {
  if (INTEGER.test(token)) {
    const n = Number(token);
    if (Number.isSafeInteger(n)) return n === 0 ? 0 : n;
    return BigInt(token);
  }
  if (FLOAT.test(token)) return Number(token.replace(/[Dd]/, 'E'));
  return null;
}

/**
 * Parses the value field (everything after "= ") into value, comment and whether it was a string.
 * Non-standard values (complex numbers, garbage) are kept as their raw text.
 */
export function parseValueField(field: string): { value: CardValue; comment?: string; isString: boolean } {
  let i = 0;
  while (i < field.length && field[i] === ' ') i++;
  if (i === field.length) return { value: null, isString: false };
  if (field[i] === "'") {
    const q = parseQuoted(field, i);
    if (!q) {
      // Unterminated string: keep what is there, as astropy does (with a warning).
      return { value: field.slice(i + 1).replace(/ +$/, ''), isString: true };
    }
    return { value: q.value, comment: commentAfter(field, q.end), isString: true };
  }
  if (field[i] === '/') return { value: null, comment: commentAfter(field, i), isString: false };
  let token: string;
  let rest: number;
  if (field[i] === '(') {
    // Complex value "(re, im)": kept as text.
    const close = field.indexOf(')', i);
    rest = close < 0 ? field.length : close + 1;
    token = field.slice(i, rest).trim();
  } else {
    const slash = field.indexOf('/', i);
    rest = slash < 0 ? field.length : slash;
    token = field.slice(i, rest).trim();
  }
  const comment = commentAfter(field, rest);
  if (token === 'T') return { value: true, comment, isString: false };
  if (token === 'F') return { value: false, comment, isString: false };
  const n = parseNumberToken(token);
  return { value: n ?? token, comment, isString: false };
}

/**
 * Parses one 80-character card image. `cardOffset` is only used in error details.
 * The caller guarantees `image.length === 80`.
 */
export function parseCard(image: string, hduIndex: number, cardOffset: number): ParsedCard {
  for (let i = 0; i < image.length; i++) {
    const c = image.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) {
      throw new FitsError('BAD_HEADER', `header card contains a non-ASCII or control byte 0x${c.toString(16)}`, {
        hduIndex,
        offset: cardOffset + i,
      });
    }
  }
  const rawKey = image.slice(0, 8).trimEnd();
  if (rawKey === 'HIERARCH') {
    const eq = image.indexOf('=', 8);
    if (eq > 0) {
      const key = image.slice(9, eq).trim().toUpperCase();
      const v = parseValueField(image.slice(eq + 1));
      return { card: withOptional({ key, value: v.value }, v.comment, v.isString), isContinue: false };
    }
    return { card: { key: 'HIERARCH', value: null, comment: image.slice(8).trim() }, isContinue: false };
  }
  const key = rawKey.trimStart().toUpperCase();
  if (key === 'CONTINUE') {
    const v = parseValueField(image.slice(8));
    return { card: withOptional({ key, value: v.value }, v.comment, v.isString), isContinue: true };
  }
  if (!COMMENTARY_KEYS.has(key) && image[8] === '=' && image[9] === ' ') {
    const v = parseValueField(image.slice(10));
    return { card: withOptional({ key, value: v.value }, v.comment, v.isString), isContinue: false };
  }
  // Commentary card (COMMENT, HISTORY, blank keyword, or any keyword without a value indicator).
  const text = image.slice(8).trimEnd();
  return { card: { key, value: null, comment: text }, isContinue: false };
}

function withOptional(card: Card, comment: string | undefined, isString: boolean): Card {
  if (comment !== undefined) card.comment = comment;
  if (isString) card.isString = true;
  return card;
}
