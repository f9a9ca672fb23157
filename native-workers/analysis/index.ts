/** The analysis kernels' public surface: pure functions on typed arrays. */
export * from './types.js';
export { computeStatistics, MAD_TO_SIGMA } from './statistics.js';
export {
  stretchLimits,
  transferFunction,
  buildStretchLut,
  lutToBytes,
  renderToBytes,
  TRANSFERS,
  DEFAULT_TRANSFER_PARAMETER,
  DEFAULT_LUT_SIZE,
  type StretchLimits,
  type StretchMethod,
  type Transfer,
} from './stretch.js';
export { zscaleLimits, ZSCALE_DEFAULTS, type ZScaleOptions } from './zscale.js';
