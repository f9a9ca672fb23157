/**
 * The worker threads a decode may share its work with. Production passes nothing and each
 * decoder uses its module's pool; tests hand in their own threads (slow, failing, held at a
 * hook) to drive the sharing protocols deterministically instead of betting on timing.
 */
import type { BlockWorker } from './bzip2/pool.js';
import type { RiceDecodeHooks } from './tiles/parallel.js';
import type { RiceJobRunner } from './tiles/rice-workers.js';

export interface DecodeThreads {
  /** Workers for large Rice images (none: one thread). */
  rice?: RiceJobRunner[];
  riceHooks?: RiceDecodeHooks;
  /** Workers for large bzip2 files (none: one thread). */
  bzip2?: BlockWorker[];
}
