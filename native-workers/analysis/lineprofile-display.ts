/**
 * The QuickAnalysis-style line-profile display: a PNG with the frame (zscale,
 * row 0 at the bottom) and the line drawn on it, and the profile along the
 * line plotted beneath. Drawing is an SVG overlay composited by sharp.
 */
import sharp from 'sharp';
import type { PixelView } from './types.js';
import type { RunPassOptions } from './passes/run-pass.js';
import { fitInside, resampleAreaAsync, valuesToBytes } from './render.js';
import { pictureLimits } from './display-limits.js';
import { escapeXml } from './thumbnail.js';
import { lineProfile } from './profile.js';

export interface LineProfileDisplayOptions {
  /** Largest side of the frame picture (default 512). */
  size?: number;
  /** Height of the plot under it (default 220). */
  plotHeight?: number;
}

export async function makeLineProfileDisplay(
  view: PixelView,
  from: { x: number; y: number },
  to: { x: number; y: number },
  opts: LineProfileDisplayOptions = {},
  passes?: RunPassOptions,
): Promise<Buffer> {
  const data = Array.from(lineProfile(view, from, to) as ArrayLike<number>);
  const size = opts.size ?? 512;
  const { width: imgW, height: imgH } = fitInside(view.width, view.height, size, size);
  const binned = await resampleAreaAsync(view, imgW, imgH, undefined, passes);
  const grey = valuesToBytes(binned.pixels, imgW, imgH, pictureLimits(binned.pixels, imgW, imgH, 'zscale'), 'linear', true);

  const canvasW = Math.max(imgW, 360);
  const plotH = opts.plotHeight ?? 220;
  const canvasH = imgH + plotH;
  const imgLeft = Math.floor((canvasW - imgW) / 2);
  // Pixel centres in FITS orientation → picture coordinates (row 0 at the bottom).
  const sx = imgW / view.width;
  const sy = imgH / view.height;
  const px = (p: { x: number; y: number }): [number, number] => [imgLeft + (p.x + 0.5) * sx, (view.height - (p.y + 0.5)) * sy];
  const [ax, ay] = px(from);
  const [bx, by] = px(to);

  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${canvasW}" height="${canvasH}">` +
    `<line x1="${ax.toFixed(2)}" y1="${ay.toFixed(2)}" x2="${bx.toFixed(2)}" y2="${by.toFixed(2)}" stroke="#ff3030" stroke-width="2"/>` +
    `<circle cx="${ax.toFixed(2)}" cy="${ay.toFixed(2)}" r="3" fill="#30ff30"/>` +
    plotSvg(data, 0, imgH, canvasW, plotH) +
    `</svg>`;

  const base = sharp({ create: { width: canvasW, height: canvasH, channels: 3, background: '#101418' } });
  const frame = await sharp(Buffer.from(grey.buffer, grey.byteOffset, grey.byteLength), { raw: { width: imgW, height: imgH, channels: 1 } })
    .toColourspace('srgb')
    .png()
    .toBuffer();
  return base
    .composite([
      { input: frame, left: imgLeft, top: 0 },
      { input: Buffer.from(svg), left: 0, top: 0 },
    ])
    .png()
    .toBuffer();
}

/** Axes, tick labels and the profile polyline inside the box (left, top, width, height). */
function plotSvg(data: number[], left: number, top: number, width: number, height: number): string {
  const pad = { l: 64, r: 12, t: 14, b: 34 };
  const x0 = left + pad.l;
  const y0 = top + pad.t;
  const w = width - pad.l - pad.r;
  const h = height - pad.t - pad.b;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of data) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > hi) {
    lo = 0;
    hi = 1;
  }
  if (hi === lo) {
    lo -= 1;
    hi += 1;
  }
  const n = data.length;
  const xs = (i: number): number => x0 + (n > 1 ? (i / (n - 1)) * w : w / 2);
  const ys = (v: number): number => y0 + h - ((v - lo) / (hi - lo)) * h;
  const points = plotPoints(data, w)
    .map(([i, v]) => `${xs(i).toFixed(1)},${ys(v).toFixed(1)}`)
    .join(' ');
  const text = (x: number, y: number, s: string, anchor = 'start'): string =>
    `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" font-family="DejaVu Sans, sans-serif" font-size="11" fill="#d8dde3" text-anchor="${anchor}">${escapeXml(s)}</text>`;
  const fmt = (v: number): string => (Math.abs(v) >= 1e5 || (Math.abs(v) < 1e-2 && v !== 0) ? v.toExponential(2) : v.toFixed(1));
  return (
    `<rect x="${x0}" y="${y0}" width="${w}" height="${h}" fill="#181e24" stroke="#6b7785" stroke-width="1"/>` +
    (points ? `<polyline points="${points}" fill="none" stroke="#ffcc33" stroke-width="1.5"/>` : '') +
    text(x0 - 6, y0 + 10, fmt(hi), 'end') +
    text(x0 - 6, y0 + h, fmt(lo), 'end') +
    text(x0, y0 + h + 16, '0') +
    text(x0 + w, y0 + h + 16, String(Math.max(n - 1, 0)), 'end') +
    text(x0 + w / 2, y0 + h + 28, `distance along the line (${n} samples)`, 'middle')
  );
}

/**
 * The samples to draw: all of them for short profiles; for long ones the first, lowest
 * and highest sample of each plot column (the polyline then looks the same, stays small).
 */
function plotPoints(data: number[], plotWidthPx: number): [number, number][] {
  const finite = (i: number): boolean => Number.isFinite(data[i]);
  const n = data.length;
  const out: [number, number][] = [];
  if (n <= 2 * plotWidthPx) {
    for (let i = 0; i < n; i++) if (finite(i)) out.push([i, data[i]!]);
    return out;
  }
  const columns = Math.max(1, Math.floor(plotWidthPx));
  for (let col = 0; col < columns; col++) {
    const start = Math.floor((col * n) / columns);
    const end = Math.floor(((col + 1) * n) / columns);
    let iLo = -1;
    let iHi = -1;
    for (let i = start; i < end; i++) {
      if (!finite(i)) continue;
      if (iLo < 0 || data[i]! < data[iLo]!) iLo = i;
      if (iHi < 0 || data[i]! > data[iHi]!) iHi = i;
    }
    if (iLo < 0) continue;
    for (const i of iLo < iHi ? [iLo, iHi] : iLo === iHi ? [iLo] : [iHi, iLo]) out.push([i, data[i]!]);
  }
  return out;
}
