/**
 * Sexagesimal angles: formatting (RA in hours, Dec in degrees, as astropy's Angle.to_string prints them)
 * and parsing of what observers type ("12:34:56.7 +12:34:56", "12h34m56.7s -5d12m", "188.7 12.5").
 * Pure; shared by the console readout, the Go-to box, region files and SAMP.
 */

export type SexagesimalErrorCode = 'BAD_COORDINATE';

export class SexagesimalError extends Error {
  readonly code: SexagesimalErrorCode = 'BAD_COORDINATE';
  constructor(message: string) {
    super(message);
    this.name = 'SexagesimalError';
  }
}

/** Splits a non-negative value into whole units, minutes and seconds rounded to `digits`, carrying 60s. */
function split(value: number, digits: number): [number, number, number] {
  const scale = 10 ** digits;
  const totalSec = Math.round(value * 3600 * scale) / scale;
  let units = Math.floor(totalSec / 3600);
  let minutes = Math.floor((totalSec - units * 3600) / 60);
  let seconds = Math.round((totalSec - units * 3600 - minutes * 60) * scale) / scale;
  if (seconds >= 60) {
    seconds -= 60;
    minutes += 1;
  }
  if (minutes >= 60) {
    minutes -= 60;
    units += 1;
  }
  return [units, minutes, seconds];
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}

function secs(s: number, digits: number): string {
  const text = s.toFixed(digits);
  const intLen = text.indexOf('.') < 0 ? text.length : text.indexOf('.');
  return '0'.repeat(Math.max(0, 2 - intLen)) + text;
}

/** Right ascension (degrees) as HH:MM:SS.ss; wraps into [0h, 24h). */
export function formatRaHms(raDeg: number, digits = 2): string {
  let hours = (((raDeg / 15) % 24) + 24) % 24;
  let [h, m, s] = split(hours, digits);
  if (h >= 24) h -= 24;
  hours = h;
  return `${two(hours)}:${two(m)}:${secs(s, digits)}`;
}

/** Declination or latitude (degrees) as ±DD:MM:SS.s. */
export function formatDecDms(decDeg: number, digits = 1): string {
  const sign = decDeg < 0 ? '-' : '+';
  const [d, m, s] = split(Math.abs(decDeg), digits);
  return `${sign}${two(d)}:${two(m)}:${secs(s, digits)}`;
}

/** Degrees with a fixed number of decimals (galactic and ecliptic readouts). */
export function formatDegrees(deg: number, digits = 5): string {
  return deg.toFixed(digits);
}

const UNIT_CHARS = /[hdms°'"′″:]/i;

/**
 * One angle in degrees. `kind` 'ra' reads sexagesimal (or an 'h' suffix) as hours and a plain decimal as
 * degrees; 'dec' reads everything as degrees. Throws SexagesimalError for anything else.
 */
export function parseAngle(text: string, kind: 'ra' | 'dec', lonUnit: 'hours' | 'degrees' = 'hours'): number {
  const t = text.trim().replace(/\u2212/g, '-');
  if (t === '') throw new SexagesimalError('empty angle');
  const plain = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(t);
  if (plain) {
    const v = Number(t);
    return checkRange(v, kind, text);
  }
  const m = /^([+-])?\s*(\d+(?:\.\d*)?)\s*([hd°:\s])\s*(?:(\d+(?:\.\d*)?)\s*([m'′:\s])?\s*(?:(\d+(?:\.\d*)?)\s*([s"″])?)?)?$/i.exec(t);
  if (!m || !UNIT_CHARS.test(t.replace(/\s+/g, ':'))) throw new SexagesimalError(`'${text}' is not an angle`);
  const [, sign, a, unit, b, , c] = m;
  const first = Number(a);
  const minutes = b === undefined ? 0 : Number(b);
  const seconds = c === undefined ? 0 : Number(c);
  if (minutes >= 60 || seconds >= 60) throw new SexagesimalError(`'${text}': minutes and seconds must be below 60`);
  const hours =
    kind === 'ra' && (unit!.toLowerCase() === 'h' || (lonUnit === 'hours' && (unit === ':' || /\s/.test(unit!))));
  if (kind === 'ra' && sign === '-') throw new SexagesimalError(`'${text}': right ascension cannot be negative`);
  let v = first + minutes / 60 + seconds / 3600;
  if (hours) v *= 15;
  if (sign === '-') v = -v;
  return checkRange(v, kind, text);
}

function checkRange(v: number, kind: 'ra' | 'dec', text: string): number {
  if (!Number.isFinite(v)) throw new SexagesimalError(`'${text}' is not a number`);
  if (kind === 'dec' && Math.abs(v) > 90) throw new SexagesimalError(`'${text}': latitude must be within ±90°`);
  if (kind === 'ra' && (v < 0 || v > 360)) throw new SexagesimalError(`'${text}': longitude must be within 0–360°`);
  return v;
}

/**
 * A "lon lat" pair typed by an observer: two tokens (separated by spaces or a comma), or six whitespace
 * tokens "hh mm ss dd mm ss". Returns degrees. Sexagesimal longitude is hours (RA) unless `lonUnit` is
 * 'degrees' (galactic and ecliptic frames); an 'h' always means hours.
 */
export function parseCoordinatePair(text: string, lonUnit: 'hours' | 'degrees' = 'hours'): [number, number] {
  const t = text.trim().replace(/\u2212/g, '-');
  if (t === '') throw new SexagesimalError('type a position: RA Dec (sexagesimal or degrees)');
  let parts: string[];
  if (t.includes(',')) parts = t.split(',').map((p) => p.trim());
  else {
    const tokens = t.split(/\s+/);
    if (tokens.length === 2) parts = tokens;
    else if (tokens.length === 6) {
      const glue = tokens.some((x) => /[hdms°'"′″]/i.test(x)) ? '' : ':';
      parts = [tokens.slice(0, 3).join(glue), tokens.slice(3).join(glue)];
    }
    else if (tokens.length === 4 && tokens.every((x) => !UNIT_CHARS.test(x))) {
      parts = [tokens.slice(0, 2).join(':'), tokens.slice(2).join(':')];
    } else {
      // "12h 34m 56s +12d 34m 56s": split where the latitude's sign or 'd' group starts.
      const m = /^(.*?[hs]\s*)([+-]?\s*\d.*)$/i.exec(t);
      if (!m) throw new SexagesimalError(`'${text}' is not "RA Dec"`);
      parts = [m[1]!.replace(/\s+/g, ''), m[2]!.replace(/\s+/g, '')];
    }
  }
  if (parts.length !== 2) throw new SexagesimalError(`'${text}' is not "RA Dec"`);
  return [parseAngle(parts[0]!.replace(/\s+/g, ':'), 'ra', lonUnit), parseAngle(parts[1]!.replace(/\s+/g, ':'), 'dec')];
}
