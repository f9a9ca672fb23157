/**
 * Remembers the window's size and position between runs, in a small JSON file in the
 * data directory. A saved position that is off every screen is dropped (monitor unplugged).
 */
import { readFileSync, writeFileSync, renameSync } from 'node:fs';

export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized?: boolean;
}

export interface ScreenArea {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_BOUNDS: WindowBounds = { width: 1440, height: 900 };

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

export function parseWindowState(text: string): WindowBounds | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Record<string, unknown>;
  if (!isFiniteNumber(r.width) || !isFiniteNumber(r.height) || r.width < 200 || r.height < 200) return null;
  return {
    width: Math.round(r.width),
    height: Math.round(r.height),
    x: isFiniteNumber(r.x) ? Math.round(r.x) : undefined,
    y: isFiniteNumber(r.y) ? Math.round(r.y) : undefined,
    maximized: r.maximized === true,
  };
}

/** Keeps the saved position only if the window's top-left area lies on one of the screens. */
export function fitToScreens(bounds: WindowBounds, screens: readonly ScreenArea[]): WindowBounds {
  if (bounds.x === undefined || bounds.y === undefined) return bounds;
  const { x, y } = bounds;
  const visible = screens.some((s) => x + 100 > s.x && x < s.x + s.width - 100 && y >= s.y && y < s.y + s.height - 50);
  return visible ? bounds : { width: bounds.width, height: bounds.height, maximized: bounds.maximized };
}

export function loadWindowState(path: string): WindowBounds {
  try {
    return parseWindowState(readFileSync(path, 'utf8')) ?? DEFAULT_BOUNDS;
  } catch {
    return DEFAULT_BOUNDS;
  }
}

export function saveWindowState(path: string, bounds: WindowBounds): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, JSON.stringify(bounds));
  renameSync(tmp, path);
}
