/**
 * Writes regions (0-based image pixels) as a DS9 version 4.1 region file, in image coordinates
 * or in a sky system through the frame's WCS: positions in degrees, sizes in arcseconds,
 * angles from the longitude axis (the inverse of ./resolve.ts). Pure: no Node, no DOM.
 */
import { localSkyFrame, pixelToSky, type FrameGeometry } from './geometry.js';
import type { PixelRegion, SkySystem } from './types.js';

export type WriteSystem = 'image' | SkySystem;

/** Shortest decimal that reads back to the same double after rounding to `digits` significant digits. */
function num(v: number, digits = 12): string {
  const r = Number(v.toPrecision(digits));
  return Object.is(r, -0) ? '0' : String(r);
}

const deg = (v: number): string => num(v, 13);

/** Property values that need braces: spaces, `#`, `=`, braces or quotes. */
function propValue(key: string, value: string): string {
  if (key === 'text' || key === 'tag' || key === 'font') return `{${value}}`;
  return /[\s#={}"']/.test(value) ? `{${value}}` : value;
}

function propertiesOf(region: PixelRegion): string {
  const parts: string[] = [];
  if (region.text !== undefined) parts.push(`text={${region.text}}`);
  for (const [k, v] of Object.entries(region.props ?? {})) {
    if (k === 'text' || k === 'include') continue;
    if (!/^[a-z_][a-z0-9_]*$/i.test(k)) continue;
    parts.push(`${k}=${propValue(k, v)}`);
  }
  return parts.length ? ` # ${parts.join(' ')}` : '';
}

const normaliseAngle = (a: number): number => {
  const r = ((a % 360) + 360) % 360;
  return r >= 360 - 1e-12 ? 0 : r;
};

function imageBody(region: PixelRegion): string {
  const s = region.shape;
  const p = (x: number, y: number): string => `${num(x + 1)},${num(y + 1)}`;
  switch (s.kind) {
    case 'circle':
      return `circle(${p(s.x, s.y)},${num(s.r)})`;
    case 'ellipse':
      return `ellipse(${p(s.x, s.y)},${num(s.rx)},${num(s.ry)},${num(normaliseAngle(s.angleDeg))})`;
    case 'box':
      return `box(${p(s.x, s.y)},${num(s.width)},${num(s.height)},${num(normaliseAngle(s.angleDeg))})`;
    case 'polygon':
      return `polygon(${s.points.map(([x, y]) => p(x, y)).join(',')})`;
    case 'annulus':
      return `annulus(${p(s.x, s.y)},${num(s.inner)},${num(s.outer)})`;
    case 'point':
      return `point(${p(s.x, s.y)})`;
    case 'line':
      return `line(${p(s.x1, s.y1)},${p(s.x2, s.y2)})`;
    case 'text':
      return `text(${p(s.x, s.y)})`;
  }
}

function skyBody(region: PixelRegion, system: SkySystem, g: FrameGeometry): string {
  const s = region.shape;
  const at = (x: number, y: number): [number, number] => pixelToSky(g, system, x, y);
  const p = (x: number, y: number): string => at(x, y).map(deg).join(',');
  // Sizes and angles use the local scale and north at the centre, as astropy regions reads them back.
  const local = (x: number, y: number) => {
    const [lon, lat] = at(x, y);
    return localSkyFrame(g, system, lon, lat);
  };
  const arcsec = (px: number, scale: number): string => `${num(px * scale * 3600)}"`;
  const skyAngle = (a: number, north: number): string => num(normaliseAngle(a - (north - 90)));
  switch (s.kind) {
    case 'circle': {
      const l = local(s.x, s.y);
      return `circle(${p(s.x, s.y)},${arcsec(s.r, l.scaleDegPerPx)})`;
    }
    case 'ellipse': {
      const l = local(s.x, s.y);
      return `ellipse(${p(s.x, s.y)},${arcsec(s.rx, l.scaleDegPerPx)},${arcsec(s.ry, l.scaleDegPerPx)},${skyAngle(s.angleDeg, l.northDeg)})`;
    }
    case 'box': {
      const l = local(s.x, s.y);
      return `box(${p(s.x, s.y)},${arcsec(s.width, l.scaleDegPerPx)},${arcsec(s.height, l.scaleDegPerPx)},${skyAngle(s.angleDeg, l.northDeg)})`;
    }
    case 'polygon':
      return `polygon(${s.points.map(([x, y]) => p(x, y)).join(',')})`;
    case 'annulus': {
      const l = local(s.x, s.y);
      return `annulus(${p(s.x, s.y)},${arcsec(s.inner, l.scaleDegPerPx)},${arcsec(s.outer, l.scaleDegPerPx)})`;
    }
    case 'point':
      return `point(${p(s.x, s.y)})`;
    case 'line':
      return `line(${p(s.x1, s.y1)},${p(s.x2, s.y2)})`;
    case 'text':
      return `text(${p(s.x, s.y)})`;
  }
}

/** The region file text; sky systems need the frame's WCS (NO_WCS otherwise). */
export function writeRegionFile(regions: readonly PixelRegion[], system: WriteSystem, geometry: FrameGeometry): string {
  const lines = ['# Region file format: DS9 version 4.1', 'global color=green width=1', system];
  for (const r of regions) {
    const body = system === 'image' ? imageBody(r) : skyBody(r, system, geometry);
    lines.push(`${r.include ? '' : '-'}${body}${propertiesOf(r)}`);
  }
  return `${lines.join('\n')}\n`;
}
