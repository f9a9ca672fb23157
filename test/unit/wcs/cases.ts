/**
 * WCS test cases: parameters astropy turns into headers (one per projection, with PV parameters where the
 * projection takes them, plus SIP, TPV, rotations, alternate axis order and a cube).
 */
export interface WcsCase {
  name: string;
  size: [number, number];
  /** Fraction of the image added around it, to reach beyond the projection's domain. */
  margin?: number;
  grid?: number;
  ctype?: string[];
  crval?: number[];
  crpix?: number[];
  cdelt?: number[];
  pc?: number[][];
  pv?: Array<[number, number, number]>;
  lonpole?: number;
  latpole?: number;
  radesys?: string;
  equinox?: number;
  sip?: {
    order: number;
    a: Record<string, number>;
    b: Record<string, number>;
    inverse_order?: number;
    ap?: Record<string, number>;
    bp?: Record<string, number>;
  };
  cards?: Record<string, string | number | boolean>;
  /** Skip the whole-sphere world → pixel grid (for fields where it is meaningless). */
  sky?: boolean;
}

/** An all-sky frame: `deg` degrees per pixel over `n` pixels, reference pixel in the middle. */
function allSky(code: string, n: number, deg: number, extra: Partial<WcsCase> = {}): WcsCase {
  return {
    name: code,
    size: [n, n],
    margin: 0.15,
    ctype: [`RA---${code}`, `DEC--${code}`],
    crval: [83.6, 22.0],
    crpix: [n / 2 + 0.5, n / 2 + 0.5],
    cdelt: [-deg, deg],
    ...extra,
  };
}

/** A whole-sky map in native orientation (cylindrical, pseudo-cylindrical, conic, quad-cube). */
function map(code: string, nx: number, ny: number, deg: number, extra: Partial<WcsCase> = {}): WcsCase {
  return {
    name: code,
    size: [nx, ny],
    margin: 0.1,
    ctype: [`GLON-${code}`, `GLAT-${code}`],
    crval: [0, 0],
    crpix: [nx / 2 + 0.5, ny / 2 + 0.5],
    cdelt: [-deg, deg],
    ...extra,
  };
}

export const PROJECTION_CASES: WcsCase[] = [
  allSky('AZP', 200, 0.5, { pv: [[2, 1, 2.5], [2, 2, 20]] }),
  allSky('SZP', 200, 0.5, { pv: [[2, 1, 2.0], [2, 2, 180], [2, 3, 60]] }),
  { ...allSky('TAN', 400, 0.2), crval: [150.1, 2.2] },
  allSky('STG', 200, 1.5),
  allSky('SIN', 200, 0.6),
  { ...allSky('SIN', 200, 0.6, { pv: [[2, 1, 0.1], [2, 2, -0.2]] }), name: 'SIN slant' },
  { ...allSky('NCP', 200, 0.6), crval: [40, 60] },
  allSky('ARC', 200, 1.0, { crval: [10, -30] }),
  allSky('ZPN', 200, 1.0, { pv: [[2, 0, 0.0], [2, 1, 1.0], [2, 2, 0.0], [2, 3, -0.05]] }),
  allSky('ZEA', 200, 1.0, { crval: [0, 90] }),
  allSky('AIR', 200, 1.0, { pv: [[2, 1, 45]] }),
  map('CYP', 240, 120, 1.5, { pv: [[2, 1, 1.0], [2, 2, 0.7]] }),
  map('CEA', 380, 120, 1.0, { pv: [[2, 1, 0.75]] }),
  map('CAR', 380, 190, 1.0, { crval: [120, 0] }),
  map('MER', 380, 380, 1.0),
  map('SFL', 380, 190, 1.0),
  map('PAR', 380, 190, 1.0),
  map('MOL', 380, 190, 1.0),
  map('AIT', 380, 190, 1.0, { crval: [30, 0] }),
  map('COP', 240, 240, 1.0, { pv: [[2, 1, 45], [2, 2, 25]], crval: [0, 45] }),
  map('COE', 240, 240, 1.0, { pv: [[2, 1, -45], [2, 2, 25]], crval: [0, -45] }),
  map('COD', 240, 240, 1.0, { pv: [[2, 1, 45], [2, 2, 25]], crval: [0, 45] }),
  map('COO', 240, 240, 1.0, { pv: [[2, 1, 45], [2, 2, 25]], crval: [0, 45] }),
  map('BON', 380, 190, 1.0, { pv: [[2, 1, 45]] }),
  map('PCO', 380, 190, 1.0),
  map('TSC', 400, 300, 1.0),
  map('CSC', 400, 300, 1.0),
  map('QSC', 400, 300, 1.0),
  map('HPX', 400, 200, 1.0),
];

/** Rotations, alternate orders and systems on a few projections. */
export const ORIENTATION_CASES: WcsCase[] = [
  {
    name: 'ZEA rotated with LONPOLE and PC',
    size: [300, 300],
    margin: 0.1,
    ctype: ['RA---ZEA', 'DEC--ZEA'],
    crval: [266.4, -28.9],
    crpix: [150.5, 140.25],
    cdelt: [-0.5, 0.5],
    pc: [[0.8, -0.6], [0.6, 0.8]],
    lonpole: 30,
  },
  {
    name: 'CAR oblique with LATPOLE',
    size: [300, 200],
    margin: 0.1,
    ctype: ['RA---CAR', 'DEC--CAR'],
    crval: [45, 30],
    crpix: [150.5, 100.5],
    cdelt: [-0.5, 0.5],
    lonpole: 30,
    latpole: -40,
  },
  {
    name: 'latitude axis first (DEC, RA)',
    size: [200, 300],
    margin: 0.05,
    ctype: ['DEC--TAN', 'RA---TAN'],
    crval: [-45, 300],
    crpix: [100.5, 150.5],
    cdelt: [0.01, -0.01],
    radesys: 'FK5',
    equinox: 2000,
    sky: false,
  },
  {
    name: 'ecliptic SIN field',
    size: [200, 200],
    margin: 0.05,
    ctype: ['ELON-SIN', 'ELAT-SIN'],
    crval: [200, -10],
    crpix: [100.5, 100.5],
    cdelt: [-0.2, 0.2],
  },
  {
    name: 'cube: RA/DEC with a spectral third axis',
    size: [120, 100],
    margin: 0.05,
    ctype: ['RA---TAN', 'DEC--TAN', 'FREQ'],
    crval: [201.4, -43.0, 1.4e9],
    crpix: [60.5, 50.5, 1],
    cdelt: [-0.002, 0.002, 1e6],
    sky: false,
  },
  {
    name: 'FK4 by EQUINOX',
    size: [100, 100],
    ctype: ['RA---TAN', 'DEC--TAN'],
    crval: [10, 41],
    crpix: [50, 50],
    cdelt: [-0.001, 0.001],
    equinox: 1950,
    sky: false,
  },
];
