/** The image sources: S3 buckets and night folders feeding the catalogue. */
export { SourceManager, type SourceManagerOptions, type SourceListEntry } from './source-manager.js';
export { SourceEvents, type SourceEventMap, type SourceEventName, type SourceStatus, type SourceState } from './events.js';
export { SourceError, isSourceError, type SourceErrorCode } from './errors.js';
export { parseFrameName, isFitsName, compressionOf, type FrameCompression } from './frame-name.js';
export { resolveS3Config, redactS3Config, type S3SourceConfig, type S3Credentials } from './s3-config.js';
export type { FolderSourceConfig } from './folder-source.js';
export { FrameCache } from './cache.js';
