/**
 * Colormaps as 256-entry RGB tables (768 bytes, r,g,b per entry), built once and
 * reused: a repaint is then one lookup per pixel.
 */
export type ColormapName = 'gray' | 'inverted' | 'heat' | 'cool' | 'viridis';

export const COLORMAP_NAMES: readonly ColormapName[] = ['gray', 'inverted', 'heat', 'cool', 'viridis'];

// viridis (CC0, van der Walt & Smith) sampled at 33 evenly spaced points; linear in between.
const VIRIDIS_ANCHORS = [
  0x440154, 0x470d60, 0x48186a, 0x482374, 0x472d7b, 0x453781, 0x424086, 0x3e4989, 0x3b528b, 0x375b8d, 0x33638d,
  0x2f6b8e, 0x2c728e, 0x297a8e, 0x26828e, 0x23898e, 0x21918c, 0x1f988b, 0x1fa088, 0x22a785, 0x28ae80, 0x32b67a,
  0x3fbc73, 0x4ec36b, 0x5ec962, 0x70cf57, 0x84d44b, 0x98d83e, 0xaddc30, 0xc2df23, 0xd8e219, 0xece51b, 0xfde725,
];

const clamp01 = (v: number): number => (v < 0 ? 0 : v > 1 ? 1 : v);

function channelFunctions(name: ColormapName): (t: number) => [number, number, number] {
  switch (name) {
    case 'gray':
      return (t) => [t, t, t];
    case 'inverted':
      return (t) => [1 - t, 1 - t, 1 - t];
    case 'heat':
      // black → red → yellow → white, as DS9's "heat".
      return (t) => [clamp01(3 * t), clamp01(3 * t - 1), clamp01(3 * t - 2)];
    case 'cool':
      // cyan → magenta, as matplotlib's "cool".
      return (t) => [t, 1 - t, 1];
    case 'viridis':
      return (t) => {
        const pos = t * (VIRIDIS_ANCHORS.length - 1);
        const i = Math.min(Math.floor(pos), VIRIDIS_ANCHORS.length - 2);
        const f = pos - i;
        const a = VIRIDIS_ANCHORS[i]!;
        const b = VIRIDIS_ANCHORS[i + 1]!;
        const mix = (shift: number): number => (((a >> shift) & 255) * (1 - f) + ((b >> shift) & 255) * f) / 255;
        return [mix(16), mix(8), mix(0)];
      };
  }
}

const cache = new Map<ColormapName, Uint8Array>();

/** The 256-entry RGB table of a colormap (entry i at bytes 3i..3i+2). Shared: do not modify. */
export function colormapTable(name: ColormapName): Uint8Array {
  let table = cache.get(name);
  if (!table) {
    if (!COLORMAP_NAMES.includes(name)) throw new RangeError(`unknown colormap '${String(name)}'`);
    const f = channelFunctions(name);
    table = new Uint8Array(768);
    for (let i = 0; i < 256; i++) {
      const [r, g, b] = f(i / 255);
      table[3 * i] = Math.round(r * 255);
      table[3 * i + 1] = Math.round(g * 255);
      table[3 * i + 2] = Math.round(b * 255);
    }
    cache.set(name, table);
  }
  return table;
}

/** Maps 8-bit levels through a colormap into packed RGB bytes. */
export function applyColormap(levels: Uint8Array, name: ColormapName, out?: Uint8Array): Uint8Array {
  const table = colormapTable(name);
  const rgb = out ?? new Uint8Array(levels.length * 3);
  for (let i = 0, j = 0; i < levels.length; i++, j += 3) {
    const k = levels[i]! * 3;
    rgb[j] = table[k]!;
    rgb[j + 1] = table[k + 1]!;
    rgb[j + 2] = table[k + 2]!;
  }
  return rgb;
}
