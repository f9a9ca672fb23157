/**
 * Planes of a data cube: an image of NAXIS > 2 is a stack of NAXIS1 × NAXIS2 planes, and
 * a plane is named by one 0-based index over every axis above the second, in FITS order
 * (NAXIS3 fastest, then NAXIS4, ...). Pure (no Node, no DOM): the reader, the host, the
 * CLI and the console all use these same few functions.
 */

/** How many planes an image of this shape holds (NAXIS1 first); a 1-D or 2-D image has one. */
export function planeCount(shape: readonly number[]): number {
  let n = 1;
  for (let k = 2; k < shape.length; k++) n *= shape[k]!;
  return n;
}

/** Whether `plane` names a plane of an image of this shape. */
export function isPlaneInRange(shape: readonly number[], plane: number): boolean {
  return Number.isInteger(plane) && plane >= 0 && plane < planeCount(shape);
}

/** The message of an out-of-range plane, naming how many planes the HDU has (the same words everywhere). */
export function planeRangeMessage(plane: number, shape: readonly number[], hduIndex?: number): string {
  const n = planeCount(shape);
  const where = hduIndex === undefined ? 'the image' : `HDU ${hduIndex}`;
  const range = n === 1 ? 'only plane 0' : `planes 0..${n - 1}`;
  return `plane ${plane} is out of range: ${where} (${shape.join('×')}) has ${n} plane${n === 1 ? '' : 's'} (${range})`;
}

/** The 0-based index along each axis above the second (NAXIS3 first) of plane `plane`. */
export function planeCoordinates(shape: readonly number[], plane: number): number[] {
  const coords: number[] = [];
  let rest = plane;
  for (let k = 2; k < shape.length; k++) {
    coords.push(rest % shape[k]!);
    rest = Math.floor(rest / shape[k]!);
  }
  return coords;
}

/** `11×10×7`: the shape as `nightdeck info` and the console print it. */
export function formatShape(shape: readonly number[]): string {
  return shape.length ? shape.join('×') : '-';
}

/** The linear world coordinate of the third axis, as a header describes it. */
export interface PlaneAxis {
  /** CTYPE3, e.g. 'WAVE', 'FREQ', 'TIME' ('' when absent). */
  ctype: string;
  /** CUNIT3, e.g. 'Angstrom', 'Hz', 's' ('' when absent). */
  cunit: string;
  crval: number;
  /** 1-based reference pixel, as FITS counts. */
  crpix: number;
  /** World units per plane: CD3_3, else CDELT3 × PC3_3 (PC3_3 defaults to 1). */
  cdelt: number;
}

type CardLookup = (key: string) => unknown;

function numberOf(v: unknown): number | undefined {
  if (typeof v === 'bigint') return Number(v);
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/**
 * The third axis' linear coordinate from header values (`get(key)` → the card's value), or
 * null when the header does not describe one (no CRVAL3 and no CDELT3/CD3_3/CTYPE3).
 */
export function planeAxisFromHeader(get: CardLookup): PlaneAxis | null {
  const ctype = typeof get('CTYPE3') === 'string' ? String(get('CTYPE3')).trim() : '';
  const cunit = typeof get('CUNIT3') === 'string' ? String(get('CUNIT3')).trim() : '';
  const crval = numberOf(get('CRVAL3'));
  const cd = numberOf(get('CD3_3'));
  const cdelt = numberOf(get('CDELT3'));
  if (crval === undefined && cd === undefined && cdelt === undefined && ctype === '') return null;
  const step = cd ?? (cdelt ?? 1) * (numberOf(get('PC3_3')) ?? 1);
  return { ctype, cunit, crval: crval ?? 0, crpix: numberOf(get('CRPIX3')) ?? 1, cdelt: step };
}

/** The same, from a list of cards ({ key, value }) such as the host sends. */
export function planeAxisFromCards(cards: readonly { key: string; value: unknown }[]): PlaneAxis | null {
  return planeAxisFromHeader((key) => cards.find((c) => c.key === key)?.value);
}

/** The third axis' world value at 0-based index k along NAXIS3: CRVAL3 + (k + 1 − CRPIX3) · CDELT3. */
export function planeAxisValue(axis: PlaneAxis, k: number): number {
  return axis.crval + (k + 1 - axis.crpix) * axis.cdelt;
}

/** `WAVE = 6563.2 Angstrom` — the value formatted for the plane slider. */
export function formatPlaneAxisValue(axis: PlaneAxis, k: number): string {
  const v = planeAxisValue(axis, k);
  const text = Number.isInteger(v) ? String(v) : Number(v.toPrecision(8)).toString();
  return `${axis.ctype || 'axis 3'} = ${text}${axis.cunit ? ` ${axis.cunit}` : ''}`;
}
