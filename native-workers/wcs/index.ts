/**
 * World coordinates of FITS images (WCS Papers I and II, SIP, TPV): pure, dependency-free,
 * shared by the CLI, the host and the renderer.
 */
export { type HeaderLookup, lookupFromRecord } from './header.js';
export { WcsError, type WcsErrorCode } from './errors.js';
export { type CelestialSystem } from './systems.js';
export { type CelestialWcs, readCelestialWcs } from './celestial.js';
