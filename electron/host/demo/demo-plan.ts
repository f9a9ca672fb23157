/**
 * What each demo frame shows, by its frame number, in a cycle of DEMO_CYCLE frames, so any
 * window of the last 60 frames holds a whole focus run and the frames grading rejects:
 *  - a focus sweep of DEMO_FOCUS.count frames whose stars follow a known hyperbola,
 *  - one frame with trailed stars (tracking lost) and one under clouds (bright sky, few stars),
 *  - science frames at best focus for the rest, each object's star field fixed on the sky and
 *    dithered by a few pixels (its WCS follows), with a slow asteroid to find by blinking.
 */
import { hyperbolaFwhm, type HyperbolaParams } from '../../../native-workers/analysis/focus-curve.js';

export const DEMO_CYCLE = 40;

/** The focus sweep: focuser positions start, start + step, … and the truth they sample. */
export const DEMO_FOCUS: HyperbolaParams & { start: number; step: number; count: number } = {
  a: 2.4,
  b: 0.12,
  f0: 1217,
  start: 1170,
  step: 15,
  count: 7,
};

export type DemoFrameKind = 'focus' | 'trailed' | 'clouds' | 'science';

export interface DemoFramePlan {
  kind: DemoFrameKind;
  /** The FOCUS header value (focuser units). */
  focus: number;
  fwhmPx: number;
  sky: number;
  stars: number;
  transparency: number;
  trailPx: number;
  object: string;
  filter: string;
  exptime: number;
  /** Index of the object's star field (same index = same stars on the sky). */
  field: number;
  /** Pointing offset of this frame in pixels (its CRVAL moves to match). */
  ditherPx: [number, number];
}

const FILTERS = ['V', 'R', 'B', 'I'];
export const DEMO_OBJECTS = ['M42', 'NGC 2264', 'M1', 'HETDEX field'];

export function demoFramePlan(n: number): DemoFramePlan {
  const p = (((n - 1) % DEMO_CYCLE) + DEMO_CYCLE) % DEMO_CYCLE;
  const bestFocus = Math.round(DEMO_FOCUS.f0);
  const science: DemoFramePlan = {
    kind: 'science',
    focus: bestFocus,
    // Seeing drifts over the night; the two frames of a pair share it, so their difference is clean.
    fwhmPx: 2.8 + 1.2 * Math.abs(Math.sin(Math.floor(n / 2) / 2.5)),
    sky: 800 + 300 * Math.sin(n / 7),
    stars: 60,
    transparency: 1,
    trailPx: 0,
    object: DEMO_OBJECTS[Math.floor(n / 6) % DEMO_OBJECTS.length]!,
    // Two frames per filter, so most frames have a previous one of the same object and filter to blink against.
    filter: FILTERS[Math.floor(n / 2) % FILTERS.length]!,
    exptime: 30,
    field: Math.floor(n / 6) % DEMO_OBJECTS.length,
    ditherPx: [((n * 7) % 5) * 3 - 6, ((n * 3) % 5) * 3 - 6],
  };
  if (p < DEMO_FOCUS.count) {
    const focus = DEMO_FOCUS.start + p * DEMO_FOCUS.step;
    return { ...science, kind: 'focus', focus, fwhmPx: hyperbolaFwhm(focus, DEMO_FOCUS), sky: 700, object: 'focus field', filter: 'R', exptime: 10, field: 10, ditherPx: [0, 0] };
  }
  if (p === DEMO_FOCUS.count) return { ...science, kind: 'trailed', trailPx: 16 };
  if (p === DEMO_FOCUS.count + 1) return { ...science, kind: 'clouds', sky: 5200, transparency: 0.01 };
  return science;
}
