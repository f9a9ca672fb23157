/** Typed access to the keywords a compressed-image header must or may carry. */
import { FitsError } from '../errors.js';
import type { CardValue, HeaderLike } from '../types.js';

export class KeywordReader {
  constructor(
    private readonly header: HeaderLike,
    private readonly hduIndex?: number,
  ) {}

  has(key: string): boolean {
    const v = this.header.get(key);
    return v !== undefined && v !== null;
  }

  raw(key: string): CardValue | undefined {
    return this.header.get(key);
  }

  /** An integer keyword; `fallback` when absent, an error when required and absent. */
  int(key: string, fallback?: number): number {
    const v = this.header.get(key);
    if (v === undefined || v === null) {
      if (fallback !== undefined) return fallback;
      throw new FitsError('BAD_HEADER', `compressed image lacks required keyword ${key}`, { hduIndex: this.hduIndex, keyword: key });
    }
    const n = typeof v === 'bigint' ? Number(v) : typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v) ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
      throw new FitsError('BAD_VALUE', `${key} must be an integer, found ${String(v)}`, { hduIndex: this.hduIndex, keyword: key });
    }
    return n;
  }

  num(key: string, fallback: number): number {
    const v = this.header.get(key);
    if (v === undefined || v === null) return fallback;
    const n = typeof v === 'bigint' ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isFinite(n)) {
      throw new FitsError('BAD_VALUE', `${key} must be a number, found ${String(v)}`, { hduIndex: this.hduIndex, keyword: key });
    }
    return n;
  }

  /** A string keyword, trailing blanks removed (insignificant in FITS), upper-cased when asked. */
  str(key: string): string | undefined {
    const v = this.header.get(key);
    if (v === undefined || v === null) return undefined;
    return String(v).replace(/\s+$/, '');
  }
}
