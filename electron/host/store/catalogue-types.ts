/**
 * The image catalogue's shape, agreed between the sources (which report frames)
 * and the store (which keeps them). The store implements `CatalogueWriter`;
 * sources depend only on this interface.
 */
import type { Card } from '../../../native-workers/fits/types.js';

export type FrameStatus = 'listed' | 'downloading' | 'ready' | 'error';

/** Fields parsed from a Photon Ranch name like `tst-test-20201112-00000058-EX10.fits.bz2`. */
export interface FrameNameFields {
  site: string | null;
  instrument: string | null;
  /** YYYYMMDD */
  night: string | null;
  frameNumber: number | null;
  /** e.g. 'EX10', 'EX00' */
  reductionLevel: string | null;
}

/** What a source knows about an object before reading it. */
export interface FrameListing {
  /** Source id, e.g. 's3:bucket/prefix' or 'folder:/path/to/night'. */
  source: string;
  /** Object key (S3) or path relative to the folder root, '/'-separated. */
  key: string;
  /** Base name of the file. */
  name: string;
  /** The watched directory the key lies in ('data', 'info-images', 'allsky', or '' for a folder root). */
  directory: string;
  size: number;
  etag: string | null;
  /** ISO-8601 UTC. */
  lastModified: string | null;
  nameFields: FrameNameFields;
}

/** What the header-only read adds. */
export interface FrameHeaderSummary {
  /** ISO-8601 UTC from DATE-OBS (or null). */
  dateObs: string | null;
  exptime: number | null;
  filter: string | null;
  object: string | null;
  /** Shape of the first image HDU with data, NAXIS1 first. */
  shape: number[];
  bitpix: number | null;
  /** Every HDU's cards, in file order. */
  headers: Card[][];
}

export interface FrameRecord extends FrameListing {
  id: number;
  /** Night (YYYYMMDD): from the name, else from DATE-OBS and the site longitude, else from lastModified. */
  night: string;
  status: FrameStatus;
  /** Reason when status is 'error'. */
  error: string | null;
  summary: FrameHeaderSummary | null;
  /** Path of the downloaded / local file when status is 'ready'. */
  localPath: string | null;
  /** JSON results of the analysis, when computed. */
  stats: Record<string, number> | null;
  quality: Record<string, unknown> | null;
  thumbnailPath: string | null;
  /** ISO-8601 UTC when first listed. */
  addedAt: string;
  updatedAt: string;
}

export interface CatalogueWriter {
  /**
   * Insert or update by (source, key). Returns the record and whether it was new
   * or its ETag/size changed, so the source can emit imageAdded / imageUpdated.
   */
  upsertListing(listing: FrameListing): { record: FrameRecord; change: 'added' | 'updated' | 'unchanged' };
  setSummary(source: string, key: string, summary: FrameHeaderSummary): FrameRecord;
  setStatus(source: string, key: string, status: FrameStatus, detail?: { error?: string | null; localPath?: string | null }): FrameRecord;
  /** Removes the frame; returns the removed record or null if it was not there. */
  remove(source: string, key: string): FrameRecord | null;
  get(source: string, key: string): FrameRecord | null;
  /** Every key of a source (for the deletion sweep). */
  keysOf(source: string): string[];
  /** Small persistent per-source state (e.g. last key seen per directory), survives restarts. */
  getSourceState(source: string): Record<string, unknown>;
  setSourceState(source: string, state: Record<string, unknown>): void;
}
