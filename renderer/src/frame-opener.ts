/** Opening a frame: the viewer loads it, then the analysis panel measures it. */
import { useViewerStore } from './stores/viewer';
import { useAnalysisStore } from './stores/analysis';
import { useFramesStore } from './stores/frames';

export async function openFrame(id: number, night: string): Promise<void> {
  const viewer = useViewerStore();
  const analysis = useAnalysisStore();
  const frames = useFramesStore();
  frames.select(id);
  if (viewer.frameId !== id) analysis.reset();
  await viewer.open(id, night);
  if (viewer.frameId === id && !viewer.error) await analysis.refreshAll();
}
