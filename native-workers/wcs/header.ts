/**
 * Header access for the WCS reader: one lookup function over whatever holds the cards
 * (a record from the host, a parsed header in the CLI), plus typed reads of it.
 */
import { WcsError } from './errors.js';

/** Looks a header keyword up; undefined when absent. Strings are the card's value without quotes. */
export type HeaderLookup = (keyword: string) => string | number | boolean | null | undefined;

/** A lookup over a keyword → value record; keywords are matched in upper case. */
export function lookupFromRecord(cards: Readonly<Record<string, unknown>>): HeaderLookup {
  return (keyword) => {
    const v = cards[keyword] ?? cards[keyword.toUpperCase()];
    if (v === undefined) return undefined;
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
    return undefined;
  };
}

/** Typed reads of WCS keywords with the alternate-description letter appended. */
export class WcsKeywords {
  constructor(
    private readonly lookup: HeaderLookup,
    readonly alt: string,
  ) {}

  /** A numeric keyword, or undefined when absent; a present but non-numeric value is BAD_WCS. */
  num(base: string): number | undefined {
    const key = base + this.alt;
    const v = this.lookup(key);
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new WcsError('BAD_WCS', `${key} is not a finite number`);
      return v;
    }
    if (typeof v === 'string' && v.trim() !== '') {
      const n = Number(v.trim().replace(/[dD]/, 'e'));
      if (Number.isFinite(n)) return n;
    }
    throw new WcsError('BAD_WCS', `${key} = ${JSON.stringify(v)} is not a number`);
  }

  /** A string keyword, trimmed and upper-cased; '' when absent. */
  str(base: string): string {
    const v = this.lookup(base + this.alt);
    return typeof v === 'string' ? v.trim().toUpperCase() : '';
  }

  /** A keyword without the alternate letter (NAXIS, EPOCH, ...). */
  plainNum(key: string): number | undefined {
    const v = this.lookup(key);
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
    return undefined;
  }
}
