/**
 * Cubes in the contract: the plane a request names, checked against the HDU (BAD_ARGUMENT
 * naming how many planes it has), and what openFrame tells about the planes.
 */
import type { Card } from '../../../native-workers/fits/types.js';
import { isPlaneInRange, planeAxisFromCards, planeCount, planeRangeMessage } from '../../../native-workers/fits/planes.js';
import type { ApiHduInfo, ResponseOf } from '../api.js';
import { HostError } from '../errors.js';
import type { FrameRef, HostServices } from '../services.js';
import { analysis } from './frame-access.js';

/** The plane to use (default 0), refused with BAD_ARGUMENT when the HDU has no such plane. */
export function checkedPlane(hdu: ApiHduInfo, plane: number | undefined): number {
  const p = plane ?? 0;
  if (!isPlaneInRange(hdu.shape, p)) throw new HostError('BAD_ARGUMENT', planeRangeMessage(p, hdu.shape, hdu.index), { planes: planeCount(hdu.shape) });
  return p;
}

type OpenedPlanes = Pick<ResponseOf<'openFrame'>, 'shape' | 'planes' | 'plane' | 'planeNames' | 'planeAxis'>;

/** Shape, plane count, the frame name of each plane (FRAMES table) and the third axis' coordinate. */
export async function openedPlanes(
  s: HostServices,
  ref: FrameRef,
  hdu: ApiHduInfo,
  cards: readonly Card[],
  plane: number,
  signal?: AbortSignal,
): Promise<OpenedPlanes> {
  const planes = planeCount(hdu.shape);
  const planeNames = planes > 1 ? await analysis.planeNames(s, ref, signal) : null;
  const axis = hdu.shape.length > 2 ? planeAxisFromCards(cards) : null;
  return { shape: [...hdu.shape], planes, plane, planeNames, planeAxis: axis };
}
