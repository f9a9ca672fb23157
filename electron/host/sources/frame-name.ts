/**
 * Frame names: which objects are FITS frames, how they are compressed, and the
 * Photon Ranch name fields (`site-instrument-YYYYMMDD-frame8-LEVEL.fits[.bz2|.gz|.fz]`).
 */
import type { FrameNameFields } from '../store/catalogue-types.js';

export type FrameCompression = 'none' | 'gzip' | 'bzip2' | 'fpack';

const FITS_NAME = /\.(?:(?:fits|fit|fts)(?:\.(?:gz|bz2|fz))?|fz)$/i;

const PHOTON_RANCH_NAME =
  /^([a-z0-9]+)-([a-z0-9_]+)-(\d{4})(\d{2})(\d{2})-(\d{8})-([a-z0-9]+)\.(?:fits|fit|fts)(?:\.(?:gz|bz2|fz))?$/i;

const NO_FIELDS: FrameNameFields = {
  site: null,
  instrument: null,
  night: null,
  frameNumber: null,
  reductionLevel: null,
};

/** True for `.fits .fit .fts` (any case), optionally followed by `.gz .bz2 .fz`, and for bare `.fz`. */
export function isFitsName(name: string): boolean {
  return FITS_NAME.test(name);
}

/** How the bytes of a FITS object are wrapped, from its name (`.fz` files are FITS with tile-compressed HDUs). */
export function compressionOf(name: string): FrameCompression {
  const lower = name.toLowerCase();
  if (lower.endsWith('.gz')) return 'gzip';
  if (lower.endsWith('.bz2')) return 'bzip2';
  if (lower.endsWith('.fz')) return 'fpack';
  return 'none';
}

/** Base name of a '/'-separated key. */
export function baseName(key: string): string {
  const slash = key.lastIndexOf('/');
  return slash < 0 ? key : key.slice(slash + 1);
}

/** Photon Ranch fields of a name; every field null when the name does not follow the pattern. */
export function parseFrameName(name: string): FrameNameFields {
  const m = PHOTON_RANCH_NAME.exec(baseName(name));
  if (!m) return { ...NO_FIELDS };
  const [, site, instrument, year, month, day, frame, level] = m;
  const monthNumber = Number(month);
  const dayNumber = Number(day);
  // A date that cannot exist means the name only looks like the pattern.
  if (monthNumber < 1 || monthNumber > 12 || dayNumber < 1 || dayNumber > 31) return { ...NO_FIELDS };
  return {
    site: site!,
    instrument: instrument!,
    night: `${year}${month}${day}`,
    frameNumber: Number(frame),
    reductionLevel: level!.toUpperCase(),
  };
}
