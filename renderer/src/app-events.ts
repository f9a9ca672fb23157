/** Routes the host's live events into the stores (one place, so no store subscribes on its own). */
import { useApi } from './api/client';
import { useFramesStore } from './stores/frames';
import { useSourcesStore } from './stores/sources';
import { useViewerStore } from './stores/viewer';
import { useAnalysisStore } from './stores/analysis';
import { useExportStore } from './stores/export';
import { useConnectionStore } from './stores/connection';
import { watch } from 'vue';
import { runMenuCommand } from './shortcut-handler';
import { openRequestedFrame } from './open-request';
import { wireSampEvents } from './samp-events';
import { wireGradingEvents } from './grading-events';

export function wireEvents(): void {
  const api = useApi();
  const frames = useFramesStore();
  const sources = useSourcesStore();
  const viewer = useViewerStore();
  const analysis = useAnalysisStore();
  const exports = useExportStore();
  const connection = useConnectionStore();

  api.on('imageAdded', (f) => frames.frameAdded(f));
  api.on('imageUpdated', (f) => frames.frameUpdated(f));
  api.on('imageRemoved', (r) => frames.frameRemoved(r.id));
  api.on('sourceStatus', (s) => sources.applyStatus(s.source, s.status));
  api.on('downloadProgress', (p) => {
    if (typeof p.id === 'number') frames.downloadProgress(p.id, p.bytesDone, p.bytesTotal);
  });
  api.on('analysisResult', (r) => {
    if (r.id === viewer.frameId && r.kind === 'quality' && !analysis.quality) void analysis.loadQuality();
  });
  api.on('exportProgress', (p) => exports.progressed(p.done, p.total));
  api.on('menuCommand', (m) => runMenuCommand(m.command));
  api.on('openFrameRequested', (r) => void openRequestedFrame(r));
  wireSampEvents();
  wireGradingEvents();

  // Back online: refresh what may have changed while the host was away.
  watch(
    () => connection.reconnects,
    () => {
      void sources.load();
      void frames.loadNights();
      if (frames.night) void frames.selectNight(frames.night);
    },
  );
}
