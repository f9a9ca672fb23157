/**
 * Date strings of the FPlaneServer contract: `YYYYMMDD` (the night starting that
 * date: retrieval at its local midnight, a new configuration from its start at local
 * noon), `YYYYMMDDTHH:MM:SS[.s]` (FITS DATE-OBS, UTC), ISO-8601, or empty / `latest` /
 * `current` for now.
 */
import { StoreError } from './errors.js';
import { isNightName, nightMidnightMs, nightStartMs, parseUtc } from './night.js';

export interface ResolvedDate {
  /** The instant a configuration is looked up for. */
  atMs: number;
  /** The instant a configuration stored "from this date" starts to hold. */
  validFromMs: number;
}

export function resolveDateStr(datestr: string | undefined | null, longitudeDeg: number, nowMs: number): ResolvedDate {
  const s = (datestr ?? '').trim();
  if (s === '' || /^(latest|current|now)$/i.test(s)) return { atMs: nowMs, validFromMs: nowMs };
  let night: string | null = null;
  if (/^\d{8}$/.test(s)) night = s;
  else if (/^\d{4}-\d{2}-\d{2}$/.test(s)) night = s.replaceAll('-', '');
  if (night !== null) {
    if (!isNightName(night)) throw new StoreError('BAD_ARGUMENT', `not a calendar date: '${s}'`);
    return { atMs: nightMidnightMs(night, longitudeDeg), validFromMs: nightStartMs(night, longitudeDeg) };
  }
  const fitsStamp = /^(\d{4})(\d{2})(\d{2})T(\d{2}:\d{2}:\d{2}(?:\.\d+)?)$/.exec(s);
  const iso = fitsStamp ? `${fitsStamp[1]}-${fitsStamp[2]}-${fitsStamp[3]}T${fitsStamp[4]}` : s;
  const ms = parseUtc(iso);
  if (ms === null) {
    throw new StoreError(
      'BAD_ARGUMENT',
      `unreadable date '${s}' (use YYYYMMDD, YYYYMMDDTHH:MM:SS, ISO-8601, or latest/current)`,
    );
  }
  return { atMs: ms, validFromMs: ms };
}
