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
    name: 'ZEA with an offset fiducial point (PV1_0 = 1, PV1_1, PV1_2)',
    size: [200, 200],
    margin: 0.1,
    ctype: ['RA---ZEA', 'DEC--ZEA'],
    crval: [150, 20],
    crpix: [100.5, 100.5],
    cdelt: [-0.4, 0.4],
    pv: [[1, 0, 1], [1, 1, 20], [1, 2, 70]],
  },
  {
    name: 'AIT with LONPOLE given as PV1_3',
    size: [300, 150],
    margin: 0.1,
    ctype: ['RA---AIT', 'DEC--AIT'],
    crval: [266.4, -28.9],
    crpix: [150.5, 75.5],
    cdelt: [-1.2, 1.2],
    pv: [[1, 3, 170]],
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

/** Distortions as real pipelines write them: astrometry.net TAN-SIP (with and without AP/BP) and SCAMP/DECam TPV. */
export const DISTORTION_CASES: WcsCase[] = [
  {
    name: 'TAN-SIP with inverse AP/BP (astrometry.net style)',
    size: [2048, 1536],
    margin: 0.1,
    ctype: ['RA---TAN-SIP', 'DEC--TAN-SIP'],
    crval: [210.80227, 54.34895],
    crpix: [1030.7, 770.2],
    cdelt: [1, 1],
    pc: [[-2.1e-4, 1.3e-5], [1.25e-5, 2.09e-4]],
    sip: {
      order: 3,
      a: { '2_0': 3.1e-6, '1_1': -1.9e-6, '0_2': 2.2e-6, '3_0': 4.1e-10, '2_1': -2.2e-10, '1_2': 3.0e-10, '0_3': 1.5e-10 },
      b: { '2_0': -1.2e-6, '1_1': 2.6e-6, '0_2': -3.3e-6, '3_0': 2.0e-10, '2_1': 3.8e-10, '1_2': -1.7e-10, '0_3': 2.9e-10 },
      inverse_order: 3,
      ap: { '2_0': -3.1e-6, '1_1': 1.9e-6, '0_2': -2.2e-6 },
      bp: { '2_0': 1.2e-6, '1_1': -2.6e-6, '0_2': 3.3e-6 },
    },
    sky: false,
  },
  {
    name: 'TAN-SIP without inverse terms, order 4, across RA = 0',
    size: [4096, 4096],
    margin: 0.05,
    ctype: ['RA---TAN-SIP', 'DEC--TAN-SIP'],
    crval: [0.05, -30.2],
    crpix: [2048.5, 2048.5],
    cdelt: [-1.5e-4, 1.5e-4],
    sip: {
      order: 4,
      a: { '2_0': 1.5e-6, '0_2': -2.0e-6, '1_1': 1.0e-6, '3_0': -3e-10, '1_2': -3e-10, '4_0': 1e-14, '0_4': -2e-14, '2_2': 1e-14 },
      b: { '2_0': 2.0e-6, '0_2': 1.0e-6, '1_1': -1.5e-6, '0_3': -3e-10, '2_1': -3e-10, '4_0': -1e-14, '0_4': 2e-14, '1_3': 1e-14 },
    },
    sky: false,
  },
  {
    name: 'ZEA-SIP all-sky camera',
    size: [1000, 1000],
    margin: 0.02,
    ctype: ['RA---ZEA-SIP', 'DEC--ZEA-SIP'],
    crval: [120.0, 32.0],
    crpix: [500.5, 500.5],
    cdelt: [-0.2, 0.2],
    sip: { order: 2, a: { '2_0': 2e-5, '0_2': -1e-5 }, b: { '1_1': 1.5e-5 } },
    sky: false,
  },
  {
    name: 'TPV (SCAMP/DECam style, with r terms)',
    size: [2048, 4096],
    margin: 0.05,
    cards: {
      NAXIS: 2,
      NAXIS1: 2048,
      NAXIS2: 4096,
      CTYPE1: 'RA---TPV',
      CTYPE2: 'DEC--TPV',
      CRVAL1: 36.45,
      CRVAL2: -4.6,
      CRPIX1: -1200.5,
      CRPIX2: 2100.8,
      CD1_1: 7.3e-8,
      CD1_2: 7.28e-5,
      CD2_1: -7.29e-5,
      CD2_2: 1.1e-7,
      RADESYS: 'ICRS',
      PV1_0: 0.0011,
      PV1_1: 1.0102,
      PV1_2: -0.0054,
      PV1_3: 0.0,
      PV1_4: -0.0141,
      PV1_5: 0.0097,
      PV1_6: -0.0063,
      PV1_7: -0.0113,
      PV1_8: 0.0021,
      PV1_9: -0.0106,
      PV1_10: 0.0011,
      PV1_11: 0.0004,
      PV2_0: -0.0021,
      PV2_1: 1.0089,
      PV2_2: -0.0121,
      PV2_3: 0.0002,
      PV2_4: -0.0136,
      PV2_5: 0.0152,
      PV2_6: -0.0057,
      PV2_7: -0.0109,
      PV2_8: 0.0016,
      PV2_9: -0.0111,
      PV2_10: 0.0009,
      PV2_11: -0.0003,
    },
    sky: false,
  },
];
