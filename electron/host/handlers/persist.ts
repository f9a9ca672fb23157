/**
 * Whole-frame analysis results are remembered in the catalogue and announced to clients
 * (analysisResult + imageUpdated), so the frame list fills in as frames are looked at.
 */
import type { HostServices } from '../services.js';
import { toFrameSummary } from './frame-view.js';

export function storeAnalysis(s: HostServices, id: number, kind: 'statistics' | 'quality', result: unknown): void {
  try {
    const record = s.catalogue.getById(id);
    if (!record) return;
    if (kind === 'statistics') {
      if (record.stats && sameJson(record.stats, result)) return;
      s.catalogue.setAnalysis(id, { stats: result as Record<string, number> });
    } else {
      const { sources: _omitted, ...summary } = result as Record<string, unknown>;
      if (record.quality && sameJson(record.quality, summary)) return;
      s.catalogue.setAnalysis(id, { quality: summary });
    }
    s.emit('analysisResult', { id, kind, result });
    const updated = s.catalogue.getById(id);
    if (updated) s.emit('imageUpdated', toFrameSummary(updated));
  } catch (err) {
    s.logger.warn({ err: (err as Error).message, id, kind }, 'could not store analysis result');
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
