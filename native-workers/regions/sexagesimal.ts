/**
 * Sexagesimal angles as DS9 writes them: `hh:mm:ss.s` / `dd:mm:ss.s`, and the `12h30m10s` /
 * `-5d20m30s` letter forms. Pure. Returns null (never throws) so callers can name the line.
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

function split(value: number, decimals: number): [number, number, number] {
  // Round once at the last shown digit so 59.9999 never prints as 60.
  const scale = 10 ** decimals;
  const total = Math.round(value * 3600 * scale);
  const whole = Math.floor(total / (3600 * scale));
  const rest = total - whole * 3600 * scale;
  const minutes = Math.floor(rest / (60 * scale));
  const seconds = (rest - minutes * 60 * scale) / scale;
  return [whole, minutes, seconds];
}

const pad = (n: number, width: number, decimals = 0): string => {
  const s = decimals > 0 ? n.toFixed(decimals) : String(n);
  const intLen = s.indexOf('.') < 0 ? s.length : s.indexOf('.');
  return '0'.repeat(Math.max(0, width - intLen)) + s;
};

/** Degrees → `hh:mm:ss.sss` (right ascension, wrapped into [0, 24h)). */
export function formatHours(deg: number, decimals = 4): string {
  const hours = (((deg / 15) % 24) + 24) % 24;
  let [h, m, s] = split(hours, decimals);
  if (h >= 24) h -= 24;
  return `${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2, decimals)}`;
}

/** Degrees → `+dd:mm:ss.ss`. */
export function formatDegrees(deg: number, decimals = 3): string {
  const [d, m, s] = split(Math.abs(deg), decimals);
  return `${deg < 0 ? '-' : '+'}${pad(d, 2)}:${pad(m, 2)}:${pad(s, 2, decimals)}`;
}
