/** Every supported projection by its three-letter code (NCP is built in celestial.ts: it needs CRVAL). */
import { cod, coe, coo, cop } from './conic.js';
import { car, cea, cyp, mer } from './cylindrical.js';
import { bon, pco } from './polyconic.js';
import { ait, mol, par, sfl } from './pseudocylindrical.js';
import type { ProjectionFactory } from './types.js';
import { air, arc, azp, sin, stg, szp, tan, zea, zpn } from './zenithal.js';

export const PROJECTIONS: Readonly<Record<string, ProjectionFactory>> = {
  AZP: azp,
  SZP: szp,
  TAN: tan,
  STG: stg,
  SIN: sin,
  ARC: arc,
  ZPN: zpn,
  ZEA: zea,
  AIR: air,
  CYP: cyp,
  CEA: cea,
  CAR: car,
  MER: mer,
  SFL: sfl,
  PAR: par,
  MOL: mol,
  AIT: ait,
  COP: cop,
  COE: coe,
  COD: cod,
  COO: coo,
  BON: bon,
  PCO: pco,
};

export { sinProjection } from './zenithal.js';
export type { Projection, ProjectionFactory, ProjectionParameters } from './types.js';
