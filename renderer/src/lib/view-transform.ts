/**
 * Screen ↔ image coordinates of the viewer. The image is drawn with row 0 at the bottom
 * (DS9): a continuous image position (x, y) with pixel i covering [i, i + 1) maps to
 * screen (panX + x·scale, panY + (height − y)·scale).
 */
export interface ViewTransform {
  /** Screen pixels per image pixel. */
  scale: number;
  /** Screen position of the image's top-left corner (x = 0, y = height). */
  panX: number;
  panY: number;
}

export interface Size {
  width: number;
  height: number;
}

export const MIN_SCALE = 1 / 64;
export const MAX_SCALE = 64;

export function screenToImage(t: ViewTransform, image: Size, sx: number, sy: number): { x: number; y: number } {
  return { x: (sx - t.panX) / t.scale, y: image.height - (sy - t.panY) / t.scale };
}

export function imageToScreen(t: ViewTransform, image: Size, x: number, y: number): { sx: number; sy: number } {
  return { sx: t.panX + x * t.scale, sy: t.panY + (image.height - y) * t.scale };
}

/** 0-based pixel indices under a continuous image position, or null outside the image. */
export function pixelAt(image: Size, x: number, y: number): { col: number; row: number } | null {
  const col = Math.floor(x);
  const row = Math.floor(y);
  if (col < 0 || row < 0 || col >= image.width || row >= image.height) return null;
  return { col, row };
}

/** Whole image centred in the viewport. */
export function fitTransform(image: Size, viewport: Size): ViewTransform {
  if (image.width <= 0 || image.height <= 0 || viewport.width <= 0 || viewport.height <= 0) {
    return { scale: 1, panX: 0, panY: 0 };
  }
  const scale = clampScale(Math.min(viewport.width / image.width, viewport.height / image.height));
  return centred(image, viewport, scale);
}

/** One screen pixel per image pixel, centred. */
export function oneToOneTransform(image: Size, viewport: Size): ViewTransform {
  return centred(image, viewport, 1);
}

function centred(image: Size, viewport: Size, scale: number): ViewTransform {
  return {
    scale,
    panX: (viewport.width - image.width * scale) / 2,
    panY: (viewport.height - image.height * scale) / 2,
  };
}

export function clampScale(scale: number): number {
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));
}

/** Zoom by `factor` keeping the image point under the screen point (sx, sy) fixed. */
export function zoomAbout(t: ViewTransform, factor: number, sx: number, sy: number): ViewTransform {
  const scale = clampScale(t.scale * factor);
  const k = scale / t.scale;
  return { scale, panX: sx - (sx - t.panX) * k, panY: sy - (sy - t.panY) * k };
}

export function panBy(t: ViewTransform, dx: number, dy: number): ViewTransform {
  return { scale: t.scale, panX: t.panX + dx, panY: t.panY + dy };
}

/** Same zoom, panned so the continuous image position (x, y) sits at the viewport's centre. */
export function centreOn(t: ViewTransform, image: Size, viewport: Size, x: number, y: number): ViewTransform {
  return { scale: t.scale, panX: viewport.width / 2 - x * t.scale, panY: viewport.height / 2 - (image.height - y) * t.scale };
}
