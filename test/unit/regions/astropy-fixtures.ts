/**
 * Frames and region files made by astropy and astropy `regions` (Debian python3-regions), and the
 * reference statistics inside each region computed by `regions` itself:
 * `region.to_pixel(wcs).to_mask(mode='center')` with numpy on the pixels, exclude regions removing
 * their pixels from the include regions listed before them.
 */
import { runPython } from '../../helpers/python.js';

/** Writes frames and region files into `dir`; returns their names. */
export const MAKE_FIXTURES = String.raw`
import json, sys, warnings
import numpy as np
from astropy.io import fits
from astropy.wcs import WCS
from astropy.coordinates import SkyCoord, Angle
import astropy.units as u
from regions import (Regions, PixCoord, CirclePixelRegion, EllipsePixelRegion, RectanglePixelRegion,
    PolygonPixelRegion, CircleAnnulusPixelRegion, CircleSkyRegion, EllipseSkyRegion, RectangleSkyRegion,
    PolygonSkyRegion, CircleAnnulusSkyRegion, PointPixelRegion, TextSkyRegion)
warnings.simplefilter('ignore')
d = json.load(sys.stdin)['dir']
rng = np.random.default_rng(17)
H, W = 150, 200
data = rng.normal(1000, 30, (H, W)).astype(np.float32)
data[rng.random((H, W)) < 0.02] = np.nan
def tan_header(ctype, crval, theta_deg):
    w = WCS(naxis=2)
    w.wcs.ctype = ctype
    w.wcs.crval = crval
    w.wcs.crpix = [101.5, 76.25]
    s = 0.4 / 3600
    t = np.radians(theta_deg)
    w.wcs.cd = [[-s * np.cos(t), s * np.sin(t)], [s * np.sin(t), s * np.cos(t)]]
    if ctype[0].startswith('RA'):
        w.wcs.radesys = 'ICRS'
    return w
w_eq = tan_header(['RA---TAN', 'DEC--TAN'], [150.12, 2.21], 23.0)
g0 = SkyCoord(150.12 * u.deg, 2.21 * u.deg, frame='icrs').galactic
w_gal = tan_header(['GLON-TAN', 'GLAT-TAN'], [g0.l.deg, g0.b.deg], -12.0)
fits.PrimaryHDU(data, header=w_eq.to_header()).writeto(d + '/eq.fits', overwrite=True)
fits.PrimaryHDU(data, header=w_gal.to_header()).writeto(d + '/gal.fits', overwrite=True)
ints = rng.integers(0, 4000, (H, W)).astype(np.int16)
fits.PrimaryHDU(ints, header=w_eq.to_header()).writeto(d + '/int16.fits', overwrite=True)

P = PixCoord
pixel = Regions([
    CirclePixelRegion(P(50.3, 60.7), 12.4),
    EllipsePixelRegion(P(120.2, 80.9), 30.5, 14.25, angle=33 * u.deg),
    RectanglePixelRegion(P(150.6, 40.1), 25.3, 12.7, angle=-20 * u.deg),
    PolygonPixelRegion(P([20.2, 60.7, 75.1, 40.3, 25.9], [100.4, 95.2, 130.8, 140.6, 125.0])),
    CircleAnnulusPixelRegion(P(90.5, 110.5), 5.5, 11.2),
    CirclePixelRegion(P(3.4, 140.2), 15.1),
    RectanglePixelRegion(P(195.3, 5.2), 30.0, 20.0, angle=45 * u.deg),
    PointPixelRegion(P(10.0, 10.0)),
])
pixel[0].meta['text'] = 'star A'
pixel.write(d + '/pixel.reg', format='ds9', overwrite=True)

def sky_at(w, x, y, frame):
    return w.pixel_to_world(x, y).transform_to(frame)
c1 = sky_at(w_eq, 60.2, 70.3, 'icrs')
c2 = sky_at(w_eq, 130.7, 90.1, 'galactic')
c3 = sky_at(w_eq, 40.4, 30.6, 'fk5')
c4 = sky_at(w_eq, 160.1, 120.9, 'galactic')
poly = sky_at(w_eq, np.array([100.3, 140.2, 120.8, 95.1]), np.array([20.4, 25.7, 60.2, 50.3]), 'icrs')
sky = Regions([
    CircleSkyRegion(c1, 6.1 * u.arcsec),
    EllipseSkyRegion(c2, 14 * u.arcsec, 6 * u.arcsec, angle=25 * u.deg),
    RectangleSkyRegion(c3, 12 * u.arcsec, 5 * u.arcsec, angle=70 * u.deg),
    PolygonSkyRegion(poly),
    CircleAnnulusSkyRegion(c4, 2 * u.arcsec, 5.5 * u.arcsec),
    TextSkyRegion(c1, 'label'),
])
sky.write(d + '/sky.reg', format='ds9', overwrite=True)
print(json.dumps({'frames': ['eq.fits', 'gal.fits', 'int16.fits'], 'files': ['pixel.reg', 'sky.reg']}))
`;

/** Reference statistics of every include region of each (frame, region file) pair. */
export const REFERENCE_STATS = String.raw`
import json, sys, warnings
import numpy as np
from astropy.io import fits
from astropy.wcs import WCS
from regions import Regions, PixelRegion
warnings.simplefilter('ignore')
req = json.load(sys.stdin)
out = []
for frame, regfile in req['pairs']:
    with fits.open(frame) as hdul:
        data = hdul[0].data
        wcs = WCS(hdul[0].header)
    regs = Regions.read(regfile, format='ds9')
    masks = []
    for r in regs:
        pix = r if isinstance(r, PixelRegion) else r.to_pixel(wcs)
        if type(pix).__name__ in ('PointPixelRegion', 'LinePixelRegion', 'TextPixelRegion'):
            continue
        img = pix.to_mask(mode='center').to_image(data.shape)
        m = np.zeros(data.shape, bool) if img is None else img > 0
        masks.append((bool(r.meta.get('include', 1)), m, r.meta.get('text')))
    rows = []
    for i, (inc, m, text) in enumerate(masks):
        if not inc:
            continue
        keep = m.copy()
        for inc2, m2, _ in masks[i + 1:]:
            if not inc2:
                keep &= ~m2
        v = data[keep]
        native = v[~np.isnan(v)] if v.dtype.kind == 'f' else v
        ok = native.astype(np.float64)
        row = {'count': int(ok.size), 'nanCount': int(v.size - ok.size)}
        if ok.size:
            # Order statistics on the frame's own dtype (as numpy on get_values), sums in float64.
            row.update(sum=float(np.sum(ok)), mean=float(np.mean(ok)), median=float(np.median(native)), min=float(native.min()), max=float(native.max()), std=float(np.std(ok)))
        rows.append(row)
    out.append(rows)
print(json.dumps(out))
`;

export interface ReferenceRow {
  count: number;
  nanCount: number;
  sum?: number;
  mean?: number;
  median?: number;
  min?: number;
  max?: number;
  std?: number;
}

export function referenceStats(pairs: [string, string][]): ReferenceRow[][] {
  return runPython<ReferenceRow[][]>(REFERENCE_STATS, { pairs });
}
