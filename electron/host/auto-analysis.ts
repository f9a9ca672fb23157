/**
 * Background analysis of new frames: statistics and quality of each local frame, one or
 * two at a time, so a burst of frames never floods the pool. Results land in the
 * catalogue and go out as analysisResult / imageUpdated events. Its decodes are made at
 * background priority and released when the frame is done.
 */
import type { HostServices } from './services.js';
import { analysis, frameRef, imageHdu } from './handlers/frame-access.js';
import { storeAnalysis } from './handlers/persist.js';

const MAX_QUEUED = 2000;

export class AutoAnalysis {
  private readonly queue: number[] = [];
  private readonly queued = new Set<number>();
  private running = 0;
  private closed = false;
  private readonly controller = new AbortController();
  private readonly idleWaiters: (() => void)[] = [];

  constructor(
    private readonly s: HostServices,
    private readonly concurrency = 1,
  ) {}

  /** Queues a frame (ignored when already queued, closed or disabled in the settings). */
  enqueue(id: number): void {
    if (this.closed || !this.s.getSettings().autoAnalyse || this.queued.has(id)) return;
    if (this.queue.length >= MAX_QUEUED) this.queued.delete(this.queue.shift()!);
    this.queue.push(id);
    this.queued.add(id);
    this.pump();
  }

  /** Resolves when nothing is queued or running (tests, shutdown). */
  idle(): Promise<void> {
    if (this.running === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.queue.length = 0;
    this.queued.clear();
    this.controller.abort();
    await this.idle();
  }

  private pump(): void {
    while (this.running < this.concurrency && this.queue.length > 0) {
      const id = this.queue.shift()!;
      this.queued.delete(id);
      this.running++;
      this.analyse(id)
        .catch((err) => this.s.logger.debug({ id, err: (err as Error).message }, 'background analysis skipped'))
        .finally(() => {
          this.running--;
          if (!this.closed) this.pump();
          if (this.running === 0 && this.queue.length === 0) for (const w of this.idleWaiters.splice(0)) w();
        });
    }
  }

  private async analyse(id: number): Promise<void> {
    const record = this.s.catalogue.getById(id);
    // Only frames already on this machine: S3 frames are analysed when downloaded or opened.
    if (!record || !record.localPath || record.status !== 'ready') return;
    if (record.stats && record.quality) return;
    const signal = this.controller.signal;
    const fileRef = await frameRef(this.s, record, undefined, signal);
    const hdu = imageHdu(await analysis.info(this.s, fileRef, signal), undefined);
    // Background priority: one decode held for both tasks, then given back, so frames decoded
    // only for this never push out the ones the observer has open.
    const ref = { ...fileRef, hdu: hdu.index, background: true };
    const release = await this.s.pool.retain(ref, signal);
    try {
      if (!record.stats) storeAnalysis(this.s, id, 'statistics', await analysis.statistics(this.s, ref, undefined, signal));
      if (!record.quality) storeAnalysis(this.s, id, 'quality', await analysis.quality(this.s, ref, signal));
    } finally {
      release();
    }
  }
}
