/**
 * The shapes of a DS9 region file (version 4.1) as NightDeck keeps them. Pure: no Node, no DOM.
 *
 * Two layers: a `RegionRecord` is a region as written (its coordinate system, values with
 * their units), a `PixelRegion` is the same region resolved on one frame, in 0-based image
 * pixels (x along NAXIS1, y along NAXIS2, pixel i's centre at i).
 */

/** Coordinate systems a region can be written in (`wcs` = the frame's own celestial system). */
export type RegionSystem = 'image' | 'physical' | 'fk5' | 'icrs' | 'galactic' | 'ecliptic' | 'wcs';
export type SkySystem = 'fk5' | 'icrs' | 'galactic' | 'ecliptic';

export const SUPPORTED_SHAPES = ['circle', 'ellipse', 'box', 'polygon', 'annulus', 'point', 'line', 'text'] as const;
export type ShapeName = (typeof SUPPORTED_SHAPES)[number];

/** Shapes with an area: the ones statistics are measured in. */
export const AREA_SHAPES: ReadonlySet<ShapeName> = new Set(['circle', 'ellipse', 'box', 'polygon', 'annulus']);

/** A position as written: image or physical pixels (1-based), or degrees in a sky system. */
export interface Position {
  unit: 'image' | 'physical' | 'sky';
  a: number;
  b: number;
}

/** A length as written: image or physical pixels, or degrees on the sky. */
export interface Length {
  unit: 'image' | 'physical' | 'deg';
  value: number;
}

/** One region as written in the file. */
export interface RegionRecord {
  shape: ShapeName;
  system: RegionSystem;
  include: boolean;
  positions: Position[];
  lengths: Length[];
  /** Degrees counter-clockwise (box, ellipse); 0 when absent. */
  angleDeg: number;
  text?: string;
  /** Properties after `#` merged over the `global` ones (text excluded), keys lower-case. */
  props: Record<string, string>;
  /** 1-based line of the file. */
  line: number;
}

export interface RegionFile {
  regions: RegionRecord[];
  /** Unsupported shapes skipped, and other things the reader chose to ignore. */
  warnings: string[];
  /** `global` properties in effect at the end of the file. */
  global: Record<string, string>;
}

/** Shapes resolved on a frame, in 0-based image pixels; angles in degrees counter-clockwise from +x. */
export type PixelShape =
  | { kind: 'circle'; x: number; y: number; r: number }
  | { kind: 'ellipse'; x: number; y: number; rx: number; ry: number; angleDeg: number }
  | { kind: 'box'; x: number; y: number; width: number; height: number; angleDeg: number }
  | { kind: 'polygon'; points: [number, number][] }
  | { kind: 'annulus'; x: number; y: number; inner: number; outer: number }
  | { kind: 'point'; x: number; y: number }
  | { kind: 'line'; x1: number; y1: number; x2: number; y2: number }
  | { kind: 'text'; x: number; y: number };

export interface PixelRegion {
  shape: PixelShape;
  include: boolean;
  text?: string;
  props?: Record<string, string>;
  /** 1-based line of the file it came from, when it came from one. */
  line?: number;
}

export type RegionErrorCode = 'BAD_REGION_FILE' | 'NO_WCS';

/** A region file that cannot be used: `line` names where (1-based) when one line is at fault. */
export class RegionFileError extends Error {
  readonly code: RegionErrorCode;
  readonly line: number | undefined;
  constructor(code: RegionErrorCode, message: string, line?: number) {
    super(line !== undefined ? `line ${line}: ${message}` : message);
    this.name = 'RegionFileError';
    this.code = code;
    this.line = line;
  }
}
