"""Reference grids for the WCS tests, computed by astropy.wcs (wcslib).

stdin: {"cases": [{"name", "size": [nx, ny], "margin", and either "cards" (a raw header) or
        "ctype"/"crval"/"crpix"/"cdelt"/"pc"/"pv"/"lonpole"/"latpole"/"radesys"/"equinox"/"sip"}]}
stdout: per case the header cards astropy writes (what NightDeck reads), a grid of 0-based pixels across
        the image (and `margin` beyond it), all_pix2world of the grid (origin 0; null where NaN) and
        all_world2pix of those world positions (null where NaN).
"""
import json
import sys
import warnings

import numpy as np
from astropy.io import fits
from astropy.wcs import WCS, Sip

warnings.simplefilter('ignore')


def sip_matrix(terms, order):
    m = np.zeros((order + 1, order + 1))
    for key, value in terms.items():
        p, q = (int(v) for v in key.split('_'))
        m[p, q] = value
    return m


def build(case):
    if 'cards' in case:
        hdr = fits.Header()
        for key, value in case['cards'].items():
            hdr[key] = value
        return WCS(hdr), hdr
    naxis = len(case['ctype'])
    w = WCS(naxis=naxis)
    w.wcs.ctype = case['ctype']
    w.wcs.crval = case['crval']
    w.wcs.crpix = case['crpix']
    w.wcs.cdelt = case['cdelt']
    if 'pc' in case:
        w.wcs.pc = case['pc']
    if 'pv' in case:
        w.wcs.set_pv([tuple(p) for p in case['pv']])
    if 'lonpole' in case:
        w.wcs.lonpole = case['lonpole']
    if 'latpole' in case:
        w.wcs.latpole = case['latpole']
    if 'radesys' in case:
        w.wcs.radesys = case['radesys']
    if 'equinox' in case:
        w.wcs.equinox = case['equinox']
    if 'sip' in case:
        s = case['sip']
        order = s['order']
        ap = sip_matrix(s['ap'], s['inverse_order']) if 'ap' in s else None
        bp = sip_matrix(s['bp'], s['inverse_order']) if 'bp' in s else None
        w.sip = Sip(sip_matrix(s['a'], order), sip_matrix(s['b'], order), ap, bp, case['crpix'][:2])
    w.wcs.set()
    hdr = w.to_header(relax=True)
    return w, hdr


def to_list(arr):
    return [None if not np.all(np.isfinite(row)) else [float(v) for v in row] for row in arr]


out = []
for case in json.load(sys.stdin)['cases']:
    try:
        w, hdr = build(case)
    except Exception as e:
        raise SystemExit(f"case {case['name']}: {e}")
    cards = {}
    for key in hdr:
        if key in ('COMMENT', 'HISTORY', ''):
            continue
        value = hdr[key]
        cards[key] = value if isinstance(value, (int, float, str, bool)) else str(value)
    nx, ny = case['size']
    margin = case.get('margin', 0.0)
    n = case.get('grid', 13)
    xs = np.linspace(-margin * nx, (1 + margin) * nx - 1, n)
    ys = np.linspace(-margin * ny, (1 + margin) * ny - 1, n)
    gx, gy = np.meshgrid(xs, ys)
    pix2 = np.column_stack([gx.ravel(), gy.ravel()])
    naxis = w.naxis
    pix = np.zeros((pix2.shape[0], naxis))
    pix[:, :2] = pix2
    world = w.all_pix2world(pix, 0)
    lon_axis, lat_axis = w.wcs.lng, w.wcs.lat
    world2 = world[:, [lon_axis, lat_axis]]
    back = np.full_like(pix2, np.nan)
    ok = np.all(np.isfinite(world), axis=1)
    if ok.any():
        b = w.all_world2pix(world[ok], 0, tolerance=1e-10, maxiter=500, quiet=True)
        back[ok] = b[:, :2]
    # World → pixel over the whole sphere, in the frame's own system: off-projection points are NaN.
    lons, lats = np.meshgrid(np.arange(0.0, 360.0, 15.0) + 7.3, np.linspace(-86.0, 88.0, 13))
    sky2 = np.column_stack([lons.ravel(), lats.ravel()])
    sky = np.zeros((sky2.shape[0], naxis))
    sky[:, lon_axis] = sky2[:, 0]
    sky[:, lat_axis] = sky2[:, 1]
    for k in range(naxis):
        if k not in (lon_axis, lat_axis):
            sky[:, k] = w.wcs.crval[k] if k >= 2 else 0.0
    if case.get('sky', True):
        sky_pix = w.all_world2pix(sky, 0, tolerance=1e-10, maxiter=500, quiet=True)[:, :2]
    else:
        sky2 = np.zeros((0, 2))
        sky_pix = np.zeros((0, 2))
    out.append({
        'sky': sky2.tolist(),
        'skyPixels': to_list(sky_pix),
        'name': case['name'],
        'cards': cards,
        'pixels': pix2.tolist(),
        'world': to_list(world2),
        'back': to_list(back),
    })
print(json.dumps(out))
