/**
 * DS9 region files (version 4.1): read, put on a frame, measure membership, write. Pure and
 * dependency-free, shared by the CLI, the host and the console.
 */
export * from './types.js';
export { parseRegionFile, parseProperties } from './parse.js';
export { resolveRecord, resolveRegions } from './resolve.js';
export { writeRegionFile, type WriteSystem } from './write.js';
export { regionPixels, shapeTest, shapeBounds, hasArea, type RegionPixels } from './mask.js';
export {
  physicalFromHeader,
  pixelToSky,
  skyToPixel,
  localSkyFrame,
  type FrameGeometry,
  type PhysicalTransform,
  type SkyProjection,
} from './geometry.js';
export { convertSky, isSkySystem } from './sky-frames.js';
export { parseSexagesimal } from './sexagesimal.js';

import { parseRegionFile } from './parse.js';
import { resolveRegions } from './resolve.js';
import type { FrameGeometry } from './geometry.js';
import type { PixelRegion } from './types.js';

/** Text of a region file → its regions on a frame, plus the warnings (unsupported shapes skipped). */
export function readRegionsOnFrame(text: string, geometry: FrameGeometry): { regions: PixelRegion[]; warnings: string[] } {
  const file = parseRegionFile(text);
  return { regions: resolveRegions(file.regions, geometry), warnings: file.warnings };
}
export { frameGeometry, lookupFromCards } from './frame-geometry.js';
