/** What the SourceManager needs from every kind of source. */
import type { CatalogueWriter } from '../store/catalogue-types.js';
import type { SourceEvents, SourceStatus } from './events.js';
import type { SourceLogger } from './logger.js';

export type SourceKind = 's3' | 'folder' | 'samp';

export interface ManagedSource {
  readonly id: string;
  readonly kind: SourceKind;
  /** Configuration with secrets redacted. */
  readonly publicConfig: Record<string, unknown>;
  status(): SourceStatus;
  start(): void;
  /** Stops timers, watchers and requests; resolves when nothing is left running. */
  stop(): Promise<void>;
  /** Local path of a frame (downloaded into the cache when remote). */
  ensureLocal(key: string, signal?: AbortSignal): Promise<string>;
  /** Local path of `<directory>/<filename>` as the QuickAnalysis routes name a frame. */
  resolveCompat(directory: string | undefined, filename: string, signal?: AbortSignal): Promise<string>;
}

export interface SourceDeps {
  catalogue: CatalogueWriter;
  events: SourceEvents;
  logger: SourceLogger;
}
