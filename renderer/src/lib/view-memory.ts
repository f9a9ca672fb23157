/**
 * Per-frame view state (zoom, pan, stretch) kept across reloads in localStorage,
 * bounded to the most recent frames so it never grows without limit.
 */
import { readJson, writeJson } from './storage';
import type { ViewTransform } from './view-transform';
import type { StretchName } from './lut';
import type { ColormapName } from './colormaps';

export type LimitsMethod = 'zscale' | 'minmax' | 'percentile' | 'manual';

export interface StretchState {
  stretch: StretchName;
  colormap: ColormapName;
  limitsMethod: LimitsMethod;
  percentile: number;
  manualLow: number | null;
  manualHigh: number | null;
}

export interface FrameViewState {
  transform: ViewTransform | null;
  stretch: StretchState;
  hdu: number | null;
  /** The plane of a cube shown (absent in views saved before cubes had planes: plane 0). */
  plane?: number;
}

const KEY = 'nightdeck.views';
const MAX_FRAMES = 200;

type Memory = Record<string, FrameViewState & { at: number }>;

export function loadFrameView(frameKey: string): FrameViewState | null {
  const all = readJson<Memory>(KEY, {});
  const v = all[frameKey];
  return v && typeof v === 'object' && v.stretch ? v : null;
}

export function saveFrameView(frameKey: string, state: FrameViewState, now = Date.now()): void {
  const all = readJson<Memory>(KEY, {});
  all[frameKey] = { ...state, at: now };
  const keys = Object.keys(all);
  if (keys.length > MAX_FRAMES) {
    keys.sort((a, b) => (all[a]!.at ?? 0) - (all[b]!.at ?? 0));
    for (const k of keys.slice(0, keys.length - MAX_FRAMES)) delete all[k];
  }
  writeJson(KEY, all);
}

/** The last frame opened, so a reload comes back to it. */
export function loadLastFrame(): { id: number; night: string } | null {
  return readJson<{ id: number; night: string } | null>('nightdeck.lastFrame', null);
}

export function saveLastFrame(id: number, night: string): void {
  writeJson('nightdeck.lastFrame', { id, night });
}
