/**
 * Observing nights. A night is named by the site's local date on which it starts
 * (YYYYMMDD); "local" is mean solar time from the site longitude, so a night runs
 * from local noon to the next local noon and never splits at midnight.
 */

const MS_PER_HOUR = 3_600_000;

/** Site-local mean time offset from UTC in milliseconds (longitude in degrees east). */
function localOffsetMs(longitudeDeg: number): number {
  return (longitudeDeg / 15) * MS_PER_HOUR;
}

function ymd(date: Date): string {
  const y = date.getUTCFullYear().toString().padStart(4, '0');
  const m = (date.getUTCMonth() + 1).toString().padStart(2, '0');
  const d = date.getUTCDate().toString().padStart(2, '0');
  return `${y}${m}${d}`;
}

/**
 * Parses a UTC timestamp the way FITS writes DATE-OBS: ISO-8601 with or without a
 * zone (no zone = UTC), also a bare date. Returns epoch ms or null when unreadable.
 */
export function parseUtc(dateIso: string): number | null {
  const s = dateIso.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(s);
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', sec = '0', frac, zone] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(sec) > 60) return null;
  let ms = Date.UTC(Number(y), month - 1, day, Number(h), Number(mi), Number(sec)) + (frac ? Math.round(Number(frac) * 1000) : 0);
  if (new Date(Date.UTC(Number(y), month - 1, day)).getUTCDate() !== day) return null; // 2024-02-31
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return ms;
}

/** The night (YYYYMMDD) an instant belongs to at a site: the local date of (local time − 12 h). */
export function nightOfMs(epochMs: number, longitudeDeg: number): string {
  return ymd(new Date(epochMs + localOffsetMs(longitudeDeg) - 12 * MS_PER_HOUR));
}

/**
 * The observing night of a UTC timestamp (e.g. DATE-OBS) at a site of the given
 * longitude (degrees east, e.g. −104.0 for McDonald). Throws on an unreadable date.
 */
export function nightOf(dateIso: string, longitudeDeg: number): string {
  const ms = parseUtc(dateIso);
  if (ms === null) throw new RangeError(`not an ISO-8601 date: '${dateIso}'`);
  return nightOfMs(ms, longitudeDeg);
}

/** True for a real calendar date written YYYYMMDD. */
export function isNightName(s: string): boolean {
  if (!/^\d{8}$/.test(s)) return false;
  const y = Number(s.slice(0, 4));
  const m = Number(s.slice(4, 6));
  const d = Number(s.slice(6, 8));
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** UTC instant (ms) of local noon on the night's date: where the night begins. */
export function nightStartMs(night: string, longitudeDeg: number): number {
  const y = Number(night.slice(0, 4));
  const m = Number(night.slice(4, 6));
  const d = Number(night.slice(6, 8));
  return Date.UTC(y, m - 1, d, 12) - localOffsetMs(longitudeDeg);
}

/** UTC instant (ms) of local midnight within the night (the start of the next local date). */
export function nightMidnightMs(night: string, longitudeDeg: number): number {
  return nightStartMs(night, longitudeDeg) + 12 * MS_PER_HOUR;
}
