/**
 * Synthetic CCD frames: sky, Gaussian-PSF stars, shot + read noise, hot pixels,
 * optional saturated stars and a realistic header with a TAN WCS. Deterministic
 * from `seed`, so the demo night, the quality tests and the UI tests see the same
 * frames everywhere. Pure: returns arrays and cards, writes nothing.
 */
import type { Card } from '../fits/types.js';
import { AnalysisError } from './types.js';
import { createRandom, type Random } from './random.js';

export interface SyntheticFrameOptions {
  width: number;
  height: number;
  seed: number;
  /** Sky level in ADU (default 1000). */
  sky?: number;
  /** Read noise in electrons (default 5). */
  readNoise?: number;
  /** Electrons per ADU (default 1.5). */
  gain?: number;
  /** Number of ordinary (unsaturated) stars (default 40). */
  stars?: number;
  /** PSF FWHM in pixels (default 3.5). */
  fwhmPx?: number;
  /** Number of single hot pixels (default 10). */
  hotPixels?: number;
  /** Saturation level in ADU (default 65535 for 16-bit, 60000 for float). */
  saturation?: number;
  /** Extra stars bright enough to saturate (default 0). */
  saturatedStars?: number;
  /** Keep star centres at least this far apart, in pixels (default 0: anywhere). */
  minSeparationPx?: number;
  dateObs?: Date;
  object?: string;
  filter?: string;
  exptime?: number;
  raDeg?: number;
  decDeg?: number;
  pixelScaleArcsec?: number;
  bitpix?: 16 | -32;
  /** Length in pixels of a trail each star is smeared along (tracking lost; default 0). */
  trailPx?: number;
  /** Direction of the trail, degrees from +x towards +y (default 30). */
  trailAngleDeg?: number;
  /** Fraction of the starlight that gets through (clouds; default 1). */
  transparency?: number;
  /** Seed of the star field alone: frames sharing it show the same stars (same object), noise still from `seed`. */
  fieldSeed?: number;
  /** Shift of the whole star field in pixels (a dither or pointing offset), applied after placing. */
  fieldOffsetPx?: readonly [number, number];
  /** Further stars at given positions (a moving asteroid, a transient). */
  extraStars?: readonly { x: number; y: number; flux: number }[];
}

export interface SyntheticStar {
  /** 0-based pixel centre (x along NAXIS1). */
  x: number;
  y: number;
  /** Total flux in ADU above the sky. */
  flux: number;
  fwhmPx: number;
  /** True when the star was injected to saturate. */
  saturated: boolean;
}

export interface SyntheticFrame {
  pixels: Uint16Array | Float32Array;
  width: number;
  height: number;
  cards: Card[];
  stars: SyntheticStar[];
}

/** McDonald Observatory, home of HETDEX. */
const SITE = { name: 'McDonald Observatory', latDeg: 30.6814, lonDeg: -104.0147, elevationM: 2026 };
const FWHM_PER_SIGMA = 2 * Math.sqrt(2 * Math.LN2);
const MAX_PIXELS = 16384 * 16384;

export function generateSyntheticFrame(opts: SyntheticFrameOptions): SyntheticFrame {
  const { width, height, seed } = opts;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width * height > MAX_PIXELS) {
    throw new AnalysisError('BAD_ARGUMENT', `synthetic frame size must be positive integers up to 16384², got ${width}×${height}`);
  }
  const bitpix = opts.bitpix ?? 16;
  const sky = opts.sky ?? 1000;
  const readNoise = opts.readNoise ?? 5;
  const gain = opts.gain ?? 1.5;
  const fwhmPx = opts.fwhmPx ?? 3.5;
  const saturation = opts.saturation ?? (bitpix === 16 ? 65535 : 60000);
  if (!(gain > 0) || !(fwhmPx > 0) || !(saturation > sky)) {
    throw new AnalysisError('BAD_ARGUMENT', 'gain and fwhmPx must be positive and saturation above the sky');
  }
  const rng = createRandom(seed);
  const sigmaPsf = fwhmPx / FWHM_PER_SIGMA;
  const skyNoiseAdu = Math.sqrt(sky * gain + readNoise * readNoise) / gain;

  const fieldRng = opts.fieldSeed !== undefined ? createRandom(opts.fieldSeed) : rng;
  const [offX, offY] = opts.fieldOffsetPx ?? [0, 0];
  const stars = placeStars(fieldRng, opts, width, height, sigmaPsf, skyNoiseAdu, saturation - sky).map((st) =>
    offX === 0 && offY === 0 ? st : { ...st, x: st.x + offX, y: st.y + offY },
  );
  for (const e of opts.extraStars ?? []) stars.push({ x: e.x, y: e.y, flux: e.flux, fwhmPx, saturated: false });
  const signal = new Float64Array(width * height).fill(sky);
  const transparency = opts.transparency ?? 1;
  if (!(transparency > 0 && transparency <= 1)) throw new AnalysisError('BAD_ARGUMENT', `transparency must be in (0, 1], got ${transparency}`);
  const trailPx = opts.trailPx ?? 0;
  if (!(trailPx >= 0)) throw new AnalysisError('BAD_ARGUMENT', `trailPx must be ≥ 0, got ${trailPx}`);
  for (const star of stars) {
    const dimmed = transparency === 1 ? star : { ...star, flux: star.flux * transparency };
    if (trailPx > 0) addTrailedStar(signal, width, height, dimmed, sigmaPsf, trailPx, opts.trailAngleDeg ?? 30);
    else addGaussianStar(signal, width, height, dimmed, sigmaPsf);
  }

  const pixels = bitpix === 16 ? new Uint16Array(width * height) : new Float32Array(width * height);
  const ceiling = bitpix === 16 ? Math.min(saturation, 65535) : saturation;
  for (let i = 0; i < signal.length; i++) {
    const s = signal[i]!;
    const sd = Math.sqrt(Math.max(s, 0) * gain + readNoise * readNoise) / gain;
    let v = s + sd * rng.normal();
    if (v > ceiling) v = ceiling;
    if (v < 0) v = 0;
    pixels[i] = bitpix === 16 ? Math.round(v) : v;
  }
  const hotPixels = opts.hotPixels ?? 10;
  for (let h = 0; h < hotPixels; h++) {
    const i = Math.floor(rng.uniform() * width * height);
    const v = sky + (0.2 + 0.7 * rng.uniform()) * (ceiling - sky);
    pixels[i] = bitpix === 16 ? Math.round(v) : v;
  }

  return { pixels, width, height, cards: syntheticHeader(opts, { bitpix, sky, readNoise, gain, saturation, fwhmPx }), stars };
}

function placeStars(
  rng: Random,
  opts: SyntheticFrameOptions,
  width: number,
  height: number,
  sigmaPsf: number,
  skyNoiseAdu: number,
  headroomAdu: number,
): SyntheticStar[] {
  const fwhmPx = sigmaPsf * FWHM_PER_SIGMA;
  const normalCount = opts.stars ?? 40;
  const saturatedCount = opts.saturatedStars ?? 0;
  const minSep = opts.minSeparationPx ?? 0;
  const margin = Math.min(Math.ceil(3 * fwhmPx), Math.floor(Math.min(width, height) / 4));
  const peakToFlux = 2 * Math.PI * sigmaPsf * sigmaPsf;
  // Peaks log-uniform from 15σ of the sky up to 70% of the headroom: all clearly detectable, none saturated.
  const lowPeak = Math.min(15 * skyNoiseAdu, 0.1 * headroomAdu);
  const highPeak = 0.7 * headroomAdu;
  const stars: SyntheticStar[] = [];
  const total = normalCount + saturatedCount;
  for (let n = 0; n < total; n++) {
    const saturated = n >= normalCount;
    let placed = false;
    for (let attempt = 0; attempt < 200 && !placed; attempt++) {
      const x = margin + rng.uniform() * Math.max(width - 1 - 2 * margin, 0);
      const y = margin + rng.uniform() * Math.max(height - 1 - 2 * margin, 0);
      if (minSep > 0 && stars.some((s) => (s.x - x) ** 2 + (s.y - y) ** 2 < minSep * minSep)) continue;
      const peak = saturated
        ? headroomAdu * (3 + 5 * rng.uniform())
        : lowPeak * Math.exp(rng.uniform() * Math.log(highPeak / lowPeak));
      stars.push({ x, y, flux: peak * peakToFlux, fwhmPx, saturated });
      placed = true;
    }
  }
  return stars;
}

/** Adds a point-sampled circular Gaussian (value at pixel centres) out to 6σ. */
function addGaussianStar(signal: Float64Array, width: number, height: number, star: SyntheticStar, sigma: number): void {
  const radius = Math.ceil(6 * sigma);
  const peak = star.flux / (2 * Math.PI * sigma * sigma);
  const inv2s2 = 1 / (2 * sigma * sigma);
  const x0 = Math.max(0, Math.floor(star.x) - radius);
  const x1 = Math.min(width - 1, Math.ceil(star.x) + radius);
  const y0 = Math.max(0, Math.floor(star.y) - radius);
  const y1 = Math.min(height - 1, Math.ceil(star.y) + radius);
  for (let y = y0; y <= y1; y++) {
    const dy2 = (y - star.y) ** 2;
    const row = y * width;
    for (let x = x0; x <= x1; x++) {
      signal[row + x] += peak * Math.exp(-((x - star.x) ** 2 + dy2) * inv2s2);
    }
  }
}

/** A star smeared uniformly along a segment centred on it: Gaussians every ≤ 0.5 px sharing its flux. */
function addTrailedStar(signal: Float64Array, width: number, height: number, star: SyntheticStar, sigma: number, lengthPx: number, angleDeg: number): void {
  const steps = Math.max(2, Math.ceil(lengthPx / 0.5) + 1);
  const ux = Math.cos((angleDeg * Math.PI) / 180);
  const uy = Math.sin((angleDeg * Math.PI) / 180);
  for (let k = 0; k < steps; k++) {
    const t = (k / (steps - 1) - 0.5) * lengthPx;
    addGaussianStar(signal, width, height, { ...star, x: star.x + t * ux, y: star.y + t * uy, flux: star.flux / steps }, sigma);
  }
}

interface HeaderInputs {
  bitpix: 16 | -32;
  sky: number;
  readNoise: number;
  gain: number;
  saturation: number;
  fwhmPx: number;
}

function syntheticHeader(opts: SyntheticFrameOptions, h: HeaderInputs): Card[] {
  const date = opts.dateObs ?? new Date(Date.UTC(2026, 0, 15, 4, 0, 0) + (opts.seed % 36000) * 1000);
  const raDeg = opts.raDeg ?? 314.75;
  const decDeg = opts.decDeg ?? 44.2;
  const scaleArcsec = opts.pixelScaleArcsec ?? 0.6;
  const exptime = opts.exptime ?? 30;
  const str = (key: string, value: string, comment?: string): Card => ({ key, value, comment, isString: true });
  const num = (key: string, value: number, comment?: string): Card => ({ key, value, comment });
  return [
    str('DATE-OBS', date.toISOString().replace('Z', ''), 'UTC start of exposure'),
    num('MJD-OBS', date.getTime() / 86400000 + 40587, 'modified Julian date of start'),
    num('EXPTIME', exptime, '[s] exposure time'),
    str('IMAGETYP', 'LIGHT', 'frame type'),
    str('OBJECT', opts.object ?? 'NGC 7000', 'target name'),
    str('FILTER', opts.filter ?? 'r', 'filter name'),
    str('TELESCOP', 'NightDeck Synthetic 0.5m', 'telescope'),
    str('INSTRUME', 'SYNCAM', 'camera'),
    str('ORIGIN', 'NightDeck', 'generated by the synthetic-frame generator'),
    str('SITE', SITE.name, 'observatory'),
    num('SITELAT', SITE.latDeg, '[deg] site latitude, north positive'),
    num('SITELONG', SITE.lonDeg, '[deg] site longitude, east positive'),
    num('SITEELEV', SITE.elevationM, '[m] site elevation'),
    num('AIRMASS', roundTo(airmass(date, raDeg, decDeg), 4), 'airmass at start (plane-parallel)'),
    str('RA', formatSexagesimal(raDeg / 15, false), 'target right ascension (hours)'),
    str('DEC', formatSexagesimal(decDeg, true), 'target declination (degrees)'),
    num('GAIN', h.gain, '[e-/ADU] detector gain'),
    num('RDNOISE', h.readNoise, '[e-] read noise'),
    num('SATURATE', h.saturation, '[ADU] saturation level'),
    num('SKYLEVEL', h.sky, '[ADU] simulated sky level'),
    num('FWHMSIM', h.fwhmPx, '[pix] simulated PSF FWHM'),
    num('CCD-TEMP', -20, '[C] detector temperature'),
    str('BUNIT', 'ADU', 'pixel unit'),
    str('RADESYS', 'ICRS', 'reference frame'),
    num('EQUINOX', 2000, 'equinox of coordinates'),
    str('CTYPE1', 'RA---TAN', 'gnomonic projection'),
    str('CTYPE2', 'DEC--TAN', 'gnomonic projection'),
    str('CUNIT1', 'deg'),
    str('CUNIT2', 'deg'),
    num('CRVAL1', raDeg, '[deg] RA at the reference pixel'),
    num('CRVAL2', decDeg, '[deg] Dec at the reference pixel'),
    num('CRPIX1', (opts.width + 1) / 2, 'reference pixel (1-based), image centre'),
    num('CRPIX2', (opts.height + 1) / 2, 'reference pixel (1-based), image centre'),
    num('CD1_1', -scaleArcsec / 3600, '[deg/pix] east to the left'),
    num('CD1_2', 0),
    num('CD2_1', 0),
    num('CD2_2', scaleArcsec / 3600, '[deg/pix] north up'),
    num('PIXSCALE', scaleArcsec, '[arcsec/pix]'),
  ];
}

function airmass(date: Date, raDeg: number, decDeg: number): number {
  const jd = date.getTime() / 86400000 + 2440587.5;
  const gmstDeg = 280.46061837 + 360.98564736629 * (jd - 2451545.0);
  const hourAngle = ((gmstDeg + SITE.lonDeg - raDeg) * Math.PI) / 180;
  const lat = (SITE.latDeg * Math.PI) / 180;
  const dec = (decDeg * Math.PI) / 180;
  const sinAlt = Math.sin(lat) * Math.sin(dec) + Math.cos(lat) * Math.cos(dec) * Math.cos(hourAngle);
  // Below ~5° altitude the plane-parallel formula means nothing; cap it.
  return 1 / Math.max(sinAlt, Math.sin((5 * Math.PI) / 180));
}

function formatSexagesimal(value: number, signed: boolean): string {
  const sign = value < 0 ? '-' : signed ? '+' : '';
  let rest = Math.abs(value);
  const whole = Math.floor(rest);
  rest = (rest - whole) * 60;
  const minutes = Math.floor(rest);
  const seconds = (rest - minutes) * 60;
  const pad = (n: number, w: number): string => n.toFixed(0).padStart(w, '0');
  return `${sign}${pad(whole, 2)}:${pad(minutes, 2)}:${seconds.toFixed(2).padStart(5, '0')}`;
}

function roundTo(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
