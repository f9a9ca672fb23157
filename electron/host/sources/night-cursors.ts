/**
 * Cursors for frames that arrive "late": an incremental poll lists only keys after the newest
 * key seen, so a frame of the previous night (after the date changed) or of a second
 * instrument whose names sort earlier would wait for the slow full sweep. Keeping the last
 * key seen under each Photon Ranch name prefix (`<dir>/site-instrument-YYYYMMDD-`) of the
 * newest two nights lets each poll re-check those prefixes with one cheap request each.
 * Pure: the S3 source persists the cursors in its source state.
 */

/** Name prefix → the last key seen under it. */
export type NightCursors = Record<string, string>;

/** At most this many prefixes are re-polled per directory and poll (bounds the requests). */
export const MAX_LATE_PREFIXES = 8;

const NIGHT_PREFIX = /^(.*?[^/]+-[^/-]+-(\d{8})-)\d+-[^/]+$/;

/** The `…site-instrument-YYYYMMDD-` prefix of a key and its night, or null for other names. */
export function nightPrefixOf(key: string): { prefix: string; night: string } | null {
  const m = NIGHT_PREFIX.exec(key);
  return m ? { prefix: m[1]!, night: m[2]! } : null;
}

function previousNight(night: string): string {
  const d = new Date(Date.UTC(Number(night.slice(0, 4)), Number(night.slice(4, 6)) - 1, Number(night.slice(6, 8))));
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10).replaceAll('-', '');
}

/** Records keys just listed, keeping only the newest two nights' prefixes. Returns a new object. */
export function recordKeys(cursors: NightCursors, keys: readonly string[]): NightCursors {
  const next: NightCursors = { ...cursors };
  for (const key of keys) {
    const p = nightPrefixOf(key);
    if (p && (next[p.prefix] ?? '') < key) next[p.prefix] = key;
  }
  const nights = Object.keys(next).map((prefix) => nightPrefixOf(prefix + '0-X')!.night);
  if (nights.length === 0) return next;
  const newest = nights.reduce((a, b) => (a > b ? a : b));
  const oldestKept = previousNight(newest);
  for (const prefix of Object.keys(next)) {
    if (nightPrefixOf(prefix + '0-X')!.night < oldestKept) delete next[prefix];
  }
  return next;
}

/**
 * The prefixes to re-check after the main incremental listing: every kept prefix except the
 * one the main cursor (`lastKey`) lies in, which that listing already covers; newest first.
 */
export function lateFrameQueries(cursors: NightCursors, lastKey: string | undefined): { prefix: string; startAfter: string }[] {
  return Object.entries(cursors)
    .filter(([prefix]) => !(lastKey && lastKey.startsWith(prefix)))
    .sort(([a], [b]) => (a < b ? 1 : -1))
    .slice(0, MAX_LATE_PREFIXES)
    .map(([prefix, startAfter]) => ({ prefix, startAfter }));
}
