/**
 * Sexagesimal angles as DS9 region files write them: `hh:mm:ss.s` / `dd:mm:ss.s`, and the
 * `12h30m10s` / `-5d20m30s` letter forms. DS9's rule differs from what an observer types in the
 * console (native-workers/wcs/sexagesimal.ts `parseAngle`): a colon form is in hours only for the
 * longitude of an equatorial system, so a galactic longitude `236:48:36` is in degrees, beyond
 * ±90°. Formatting uses the shared helpers of native-workers/wcs. Pure. Returns null (never
 * throws) so callers can name the line.
 */

const COLON = /^([+-]?)(\d+(?:\.\d*)?):(\d+(?:\.\d*)?)(?::(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?))?$/;
const LETTERS = /^([+-]?)(\d+(?:\.\d*)?)([hd])(?:(\d+(?:\.\d*)?)m)?(?:(\d+(?:\.\d*)?)s)?$/i;

/** `hh:mm:ss` in hours or `dd:mm:ss` in degrees (per `inHours`) → degrees; letter forms carry their own unit. */
export function parseSexagesimal(text: string, inHours: boolean): number | null {
  const t = text.trim();
  let sign: string, a: string, b: string | undefined, c: string | undefined, hours: boolean;
  const colon = COLON.exec(t);
  if (colon) {
    [, sign, a, b, c] = colon as unknown as [string, string, string, string | undefined, string | undefined];
    hours = inHours;
  } else {
    const letters = LETTERS.exec(t);
    if (!letters) return null;
    let unit: string;
    [, sign, a, unit, b, c] = letters as unknown as [string, string, string, string, string | undefined, string | undefined];
    hours = unit.toLowerCase() === 'h';
  }
  const minutes = b === undefined ? 0 : Number(b);
  const seconds = c === undefined ? 0 : Number(c);
  if (minutes >= 60 || seconds >= 60) return null;
  const value = Number(a) + minutes / 60 + seconds / 3600;
  const deg = hours ? value * 15 : value;
  return sign === '-' ? -deg : deg;
}

/** True when the token is written in a sexagesimal form (so it is an angle, not a plain number). */
export function looksSexagesimal(text: string): boolean {
  return COLON.test(text.trim()) || LETTERS.test(text.trim());
}
