/**
 * HPX, the HEALPix projection (Calabretta & Roukema 2007): cylindrical equal-area between the latitudes
 * ±asin((K−1)/K), Collignon-like polar facets beyond; H = PV2_1 facets in longitude (default 4),
 * K = PV2_2 in latitude (default 3). (φ0, θ0) = (0, 0).
 */
import { asind, sind } from '../angles.js';
import { WcsError } from '../errors.js';
import type { ProjectionFactory } from './types.js';

export const hpx: ProjectionFactory = (pv) => {
  const H = pv(1) ?? 4;
  const K = pv(2) ?? 3;
  if (!(H > 0 && K > 0)) throw new WcsError('BAD_WCS', `HPX needs positive H and K (PV2_1, PV2_2)`);
  const hOdd = Math.floor(H + 0.5) % 2 === 1;
  const kOdd = Math.floor(K + 0.5) % 2 === 1;
  const halfFacet = 180 / H;
  const capSin = (K - 1) / K;
  const yEquator = (90 * (K - 1)) / H;
  const yPole = halfFacet * ((K + 1) / 2);
  /** Longitude of the centre of the polar facet that contains `a`. */
  const facetCentre = (a: number): number => -180 + (2 * Math.floor(((a + 180) * H) / 360) + 1) * halfFacet;
  /** For even K the southern polar half-facets are shifted by half a facet. */
  const southShift = (a: number): number => {
    const h = Math.floor(a / halfFacet) + (hOdd ? 1 : 0);
    return h % 2 !== 0 ? -halfFacet : halfFacet;
  };
  return {
    code: 'HPX',
    phi0: 0,
    theta0: 0,
    toNative(x, y) {
      const ay = Math.abs(y);
      if (ay <= yEquator) return [x, asind((y * H) / (90 * K))];
      if (ay > yPole) return null;
      const sigma = (K + 1) / 2 - ay / halfFacet;
      let d = x - facetCentre(x);
      if (!kOdd && y < 0) d += southShift(x);
      let theta: number;
      let r: number;
      if (sigma === 0) {
        theta = 90;
        r = d === 0 ? 0 : Infinity;
      } else {
        const t = 1 - (sigma * sigma) / K;
        if (t < -1) return null;
        theta = asind(t);
        r = d / sigma;
      }
      if (Math.abs(r) >= halfFacet + 1e-12) return null;
      return [x - d + r, y < 0 ? -theta : theta];
    },
    toPlane(phi, theta) {
      const s = sind(theta);
      if (Math.abs(s) <= capSin) return [phi, ((90 * K) / H) * s];
      const sigma = Math.sqrt(K * (1 - Math.abs(s)));
      let d = phi - facetCentre(phi);
      if (!kOdd && theta < 0) d += southShift(phi);
      let x = phi + d * (sigma - 1);
      if (x > 180) x = 360 - x;
      const y = halfFacet * ((K + 1) / 2 - sigma);
      return [x, theta < 0 ? -y : y];
    },
  };
};
