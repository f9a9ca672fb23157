/**
 * Test-only helpers for the tile-compression tests: a minimal FITS HDU walker (so these
 * tests do not depend on the reader's own code), and the reference fixtures made by
 * numpy/astropy and fpack.
 */
import { readFileSync } from 'node:fs';
import type { Card, CardValue, HeaderLike, PixelArray } from '../../../native-workers/fits/types.js';

export class SimpleHeader implements HeaderLike {
  constructor(readonly cards: Card[]) {}
  get(key: string): CardValue | undefined {
    return this.cards.find((c) => c.key === key)?.value;
  }
}

function parseValue(text: string): { value: CardValue; isString: boolean } {
  const t = text.trim();
  if (t.startsWith("'")) {
    const m = /^'((?:[^']|'')*)'/.exec(t);
    return { value: (m?.[1] ?? '').replace(/''/g, "'").replace(/\s+$/, ''), isString: true };
  }
  const v = t.split('/')[0]!.trim();
  if (v === 'T') return { value: true, isString: false };
  if (v === 'F') return { value: false, isString: false };
  if (v === '') return { value: null, isString: false };
  return { value: Number(v.replace(/[dD]/, 'e')), isString: false };
}

export interface RawHdu {
  header: SimpleHeader;
  /** The data unit without its padding. */
  data: Uint8Array;
}

/** Every HDU of a FITS file, walked with the standard size rule. */
export function walkFits(bytes: Uint8Array): RawHdu[] {
  const hdus: RawHdu[] = [];
  let pos = 0;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  while (pos + 2880 <= bytes.length) {
    const cards: Card[] = [];
    let ended = false;
    while (!ended) {
      for (let i = 0; i < 36; i++) {
        const card = text.slice(pos + i * 80, pos + i * 80 + 80);
        const key = card.slice(0, 8).trim();
        if (key === 'END') ended = true;
        if (ended) break;
        if (card.slice(8, 10) === '= ') {
          const { value, isString } = parseValue(card.slice(10));
          cards.push({ key, value, isString });
        } else cards.push({ key, value: null, comment: card.slice(8) });
      }
      pos += 2880;
    }
    const header = new SimpleHeader(cards);
    const naxis = Number(header.get('NAXIS') ?? 0);
    let n = naxis > 0 ? 1 : 0;
    for (let i = 1; i <= naxis; i++) n *= Number(header.get(`NAXIS${i}`));
    const size = (Math.abs(Number(header.get('BITPIX'))) / 8) * Number(header.get('GCOUNT') ?? 1) * (Number(header.get('PCOUNT') ?? 0) + n);
    hdus.push({ header, data: bytes.subarray(pos, pos + size) });
    pos += Math.ceil(size / 2880) * 2880;
  }
  return hdus;
}

export function readHdu(path: string, index: number): RawHdu {
  const hdu = walkFits(new Uint8Array(readFileSync(path)))[index];
  if (!hdu) throw new Error(`${path} has no HDU ${index}`);
  return hdu;
}

/** Reference pixels as Python dumped them: dtype name, numpy shape, little-endian bytes. */
export interface RefArray {
  dtype: string;
  shape: number[];
  b64: string;
}

const CTOR: Record<string, { new (b: ArrayBuffer): PixelArray | Int8Array }> = {
  uint8: Uint8Array,
  int8: Int8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  float32: Float32Array,
  float64: Float64Array,
};

export function refPixels(ref: RefArray): PixelArray | Int8Array {
  const buf = Buffer.from(ref.b64, 'base64');
  const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  const ctor = CTOR[ref.dtype];
  if (!ctor) throw new Error(`no typed array for dtype ${ref.dtype}`);
  return new ctor(ab);
}

/** Python snippet: `dump(array)` → RefArray (C order, little-endian). */
export const PY_DUMP = `
import base64, numpy as np
def dump(a):
    a = np.ascontiguousarray(a)
    le = a.astype(a.dtype.newbyteorder('<'))
    return {'dtype': str(a.dtype.name), 'shape': list(a.shape), 'b64': base64.b64encode(le.tobytes()).decode()}
`;

/**
 * Python: a noisy sky with Gaussian stars, drawn from the script's own `rng` (so each test
 * keeps its seed). Shapes are numpy's, slowest axis first; stars are placed on the last two.
 */
export const PY_SKY = `
def sky(shape, level, noise, stars=6, peak=2000.0, width=4.0):
    a = rng.normal(level, noise, shape)
    yy, xx = np.indices(shape[-2:])
    for k in range(stars):
        y, x = rng.uniform(0, shape[-2]), rng.uniform(0, shape[-1])
        a = a + peak * np.exp(-((yy - y) ** 2 + (xx - x) ** 2) / width)
    return a
`;

/** Python: each `{dir}/{name}.fz` read by astropy and by funpack, as dumped arrays: `{name: {astropy, funpack}}`. */
export const PY_READ_FZ_REFERENCES = `
import sys, json, subprocess
from astropy.io import fits
${PY_DUMP}
req = json.load(sys.stdin)
out = {}
for name in req['names']:
    f = f"{req['dir']}/{name}.fz"
    subprocess.run(['funpack', '-O', f"{req['dir']}/{name}.unpacked.fits", f], check=True)
    out[name] = {'astropy': dump(fits.getdata(f)), 'funpack': dump(fits.getdata(f"{req['dir']}/{name}.unpacked.fits"))}
print(json.dumps(out))
`;
