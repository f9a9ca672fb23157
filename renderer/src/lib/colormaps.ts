/**
 * Colormaps as piecewise-linear channel curves over [0, 1] (DS9's heat/cool, matplotlib's viridis).
 */
export const COLORMAPS = ['gray', 'inverted', 'heat', 'cool', 'viridis'] as const;
export type ColormapName = (typeof COLORMAPS)[number];

/** Control points [t, value] with t ascending, values in [0, 1]. */
type Curve = ReadonlyArray<readonly [number, number]>;

interface ChannelCurves {
  r: Curve;
  g: Curve;
  b: Curve;
}

const VIRIDIS_HEX = ['440154', '482475', '414487', '355f8d', '2a788e', '21918c', '22a884', '44bf70', '7ad151', 'bddf26', 'fde725'];

function hexCurves(hex: string[]): ChannelCurves {
  const step = 1 / (hex.length - 1);
  const channel = (offset: number): Curve => hex.map((h, i) => [i * step, parseInt(h.slice(offset, offset + 2), 16) / 255] as const);
  return { r: channel(0), g: channel(2), b: channel(4) };
}

const CURVES: Record<ColormapName, ChannelCurves> = {
  gray: { r: [[0, 0], [1, 1]], g: [[0, 0], [1, 1]], b: [[0, 0], [1, 1]] },
  inverted: { r: [[0, 1], [1, 0]], g: [[0, 1], [1, 0]], b: [[0, 1], [1, 0]] },
  heat: { r: [[0, 0], [0.34, 1], [1, 1]], g: [[0, 0], [1, 1]], b: [[0, 0], [0.65, 0], [0.98, 1], [1, 1]] },
  cool: { r: [[0, 0], [0.29, 0], [0.76, 0.1], [1, 1]], g: [[0, 0], [0.22, 0], [0.96, 1], [1, 1]], b: [[0, 0], [0.53, 1], [1, 1]] },
  viridis: hexCurves(VIRIDIS_HEX),
};

function evalCurve(curve: Curve, t: number): number {
  if (t <= curve[0]![0]) return curve[0]![1];
  for (let i = 1; i < curve.length; i++) {
    const [t1, v1] = curve[i]!;
    if (t <= t1) {
      const [t0, v0] = curve[i - 1]!;
      return t1 === t0 ? v1 : v0 + ((v1 - v0) * (t - t0)) / (t1 - t0);
    }
  }
  return curve[curve.length - 1]![1];
}

/** RGB bytes of a colormap at t ∈ [0, 1]. */
export function colormapRgb(name: ColormapName, t: number): [number, number, number] {
  const c = CURVES[name];
  return [
    Math.round(evalCurve(c.r, t) * 255),
    Math.round(evalCurve(c.g, t) * 255),
    Math.round(evalCurve(c.b, t) * 255),
  ];
}

export function isColormap(name: unknown): name is ColormapName {
  return typeof name === 'string' && (COLORMAPS as readonly string[]).includes(name);
}
