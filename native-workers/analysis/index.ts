/** The analysis kernels' public surface: pure functions on typed arrays. */
export * from './types.js';
export { computeStatistics, computeStatisticsAsync, MAD_TO_SIGMA } from './statistics.js';
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
export {
  clippedHistogram,
  clippedHistogramAsync,
  clippedHistogramCounts,
  clippedHistogramCountsAsync,
  histogram,
  type ClippedHistogram,
  type HistogramOptions,
  type HistogramResult,
} from './histogram.js';
export { lineProfile, type ProfileOptions, type ProfilePoint } from './profile.js';
// Rendering, pictures, quality and synthetic frames (thumbnail/color/lineprofile-display load sharp).
export {
  binImage,
  binImageAsync,
  resampleArea,
  resampleAreaAsync,
  renderPreview,
  valuesToBytes,
  fitInside,
  previewBinFactor,
  resolveRegion,
  type BinnedImage,
  type DisplayLimits,
  type RenderOptions,
  type RenderedImage,
} from './render.js';
export { colormapTable, applyColormap, COLORMAP_NAMES, type ColormapName } from './colormaps.js';
export { medianFilter3x3 } from './median-filter.js';
export { pictureLimits, type PictureStretch } from './display-limits.js';
export { makeThumbnail, thumbnailSize, type ThumbnailOptions, type PictureFormat } from './thumbnail.js';
export { makeColorComposite, type ColorCompositeOptions } from './color.js';
export { makeLineProfileDisplay, type LineProfileDisplayOptions } from './lineprofile-display.js';
export { measureQuality, clippedBackground, type FrameQuality, type QualityOptions, type QualitySource } from './quality.js';
export { generateSyntheticFrame, type SyntheticFrame, type SyntheticFrameOptions, type SyntheticStar } from './synthetic.js';
