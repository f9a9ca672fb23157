/** The FITS reader and writer: the one import other areas need. */
export * from './types.js';
export * from './errors.js';
export { parseCard, parseValueField, CARD_LENGTH, BLOCK_LENGTH } from './card.js';
export { Header, parseHeaderAt, padToBlock, type ParsedHeader } from './header.js';
export { openFits, describeHdu, dataLayout, type Hdu, type FitsFile, type OpenOptions, type DataLayout } from './hdu.js';
export { readImage, readImageAsync, selectImageHdu, type ReadImageOptions } from './image.js';
export { decompressContainer, containerKind, type ContainerKind, type DecompressOptions } from './container.js';
export { readFitsFile, loadImage } from './file.js';
export {
  readHeadersByRange,
  readHeadersFromChunks,
  type HeaderOnly,
  type HeaderReadOptions,
  type RangeHeaderReadOptions,
} from './header-reader.js';
export { formatCard, formatNumber, headerBytes, writeFits, writeFitsFile, type WriteHdu } from './writer.js';
