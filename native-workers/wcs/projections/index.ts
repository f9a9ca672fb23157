/** Every supported projection by its three-letter code. */
import type { ProjectionFactory } from './types.js';
import { tan } from './zenithal.js';

export const PROJECTIONS: Readonly<Record<string, ProjectionFactory>> = {
  TAN: tan,
};

export type { Projection, ProjectionFactory, ProjectionParameters } from './types.js';
