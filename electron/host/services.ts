/**
 * What the host needs from each part it wires together, stated narrowly so handlers and
 * the server depend on these shapes only (and tests can stand in a part). `host.ts` builds
 * the real ones: the SQLite store, the SourceManager and the AnalysisPool.
 */
import type { FrameRecord, FrameStatus } from './store/catalogue-types.js';
import type { GradingStore } from './store/grading.js';
import type { FplaneRow, Settings } from './api.js';
import type { Logger } from './logger.js';
import type { ConfiguredSources } from './config.js';
import type { ResultCache } from './result-cache.js';
import type { SampPort } from './samp/samp-service.js';

export interface NightRow {
  night: string;
  frameCount: number;
  lastAddedAt: string;
}

export interface FrameQuery {
  night?: string;
  source?: string;
  offset?: number;
  limit?: number;
  sort?: 'time' | 'name' | 'object' | 'filter' | 'exptime' | 'size' | 'added';
  order?: 'asc' | 'desc';
  object?: string;
  filter?: string;
  text?: string;
  status?: FrameStatus;
}

export interface CataloguePort {
  listNights(opts?: { source?: string }): NightRow[];
  listFrames(q: FrameQuery): { frames: FrameRecord[]; total: number };
  getById(id: number): FrameRecord | null;
  setAnalysis(id: number, results: { stats?: Record<string, number> | null; quality?: Record<string, unknown> | null; thumbnailPath?: string | null }): unknown;
}

/** A frame as the pool knows it: a local path, the HDU, and a version that invalidates the cache. */
export interface FrameRef {
  path: string;
  hdu?: number;
  /** Plane of a cube (default 0): only that plane is decoded and cached. */
  plane?: number;
  version?: string;
  /** Background work: the decode is dropped once released unless an interactive request used it. */
  background?: boolean;
}

export interface PoolPort {
  run(kind: string, frame: FrameRef, args: unknown, signal?: AbortSignal): Promise<unknown>;
  /** Holds a frame's decode across several tasks; call the returned function when done. */
  retain(frame: FrameRef, signal?: AbortSignal): Promise<() => void>;
  /** Drops the decoded frames of a file that left its source. */
  forgetFile(path: string): number;
  stats(): Record<string, number>;
  close(): Promise<void>;
}

export interface SourceListEntry {
  id: string;
  kind: string;
  config: Record<string, unknown>;
  status: Record<string, unknown> & { state: string };
}

export interface SourcesPort {
  addS3(config: unknown): unknown;
  addFolder(config: { path: string; recursive?: boolean }): unknown;
  remove(id: string): unknown;
  list(): SourceListEntry[];
  ensureLocal(source: string, key: string, signal?: AbortSignal): Promise<string>;
  resolveCompatFrame(s3Directory: string | undefined, filename: string): Promise<string>;
  on(event: string, listener: (payload: any) => void): unknown;
  start(): unknown;
  stop(): Promise<void>;
}

export interface FplanePort {
  /** The fplane text for a date and its rows, both made from the stored configuration. */
  getFplane(datestr: string | undefined, opts: { full: boolean; actualPos: boolean }): { text: string; ifus: FplaneRow[] };
  update(body: { config: unknown; commit: boolean; datestr?: string }): string;
}

export interface AuthUser {
  username: string;
  role: 'observer' | 'admin';
}

export interface UsersPort {
  authenticate(authorizationHeader: string | undefined): AuthUser | null;
}

/** Everything a handler may reach. */
export interface HostServices {
  mode: 'desktop' | 'serve';
  dataDir: string;
  paths: { db: string; cache: string; settings: string; logs: string; demo: string; exports: string; thumbnails: string };
  demo: boolean;
  logger: Logger;
  catalogue: CataloguePort;
  pool: PoolPort;
  sources: SourcesPort;
  fplane: FplanePort;
  users: UsersPort;
  /** Grading criteria per night and manual verdicts per frame (the catalogue's grading tables). */
  grading: GradingStore;
  /** Memoized analysis results (pure kernels on a versioned frame). */
  results: ResultCache;
  getSettings(): Settings;
  /** Persists and applies new settings. */
  setSettings(next: Settings): Promise<void>;
  getConfiguredSources(): ConfiguredSources;
  /** Replaces the configured sources (validated by the caller), persists them and restarts sources. */
  setConfiguredSources(next: ConfiguredSources): Promise<void>;
  emit(event: string, payload: unknown): void;
  /** The SAMP client, when the host runs one (issue 16). */
  samp?: SampPort;
}
