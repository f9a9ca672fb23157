/** Keeps the grading of the shown night current: on another night, on new measurements, on changes elsewhere. */
import { watch } from 'vue';
import { useApi } from './api/client';
import { useFramesStore } from './stores/frames';
import { useGradingStore } from './stores/grading';

const REFRESH_MS = 1000;

export function wireGradingEvents(): void {
  const frames = useFramesStore();
  const grading = useGradingStore();
  let timer: ReturnType<typeof setTimeout> | null = null;
  // Measurements arrive frame by frame; one refresh per second at most.
  const soon = () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      void grading.load(frames.night);
    }, REFRESH_MS);
  };
  useApi().on('gradingChanged', (e) => {
    if (e.night === frames.night) soon();
  });
  useApi().on('imageUpdated', (f) => {
    if (f.night === frames.night) soon();
  });
  useApi().on('imageAdded', (f) => {
    if (f.night === frames.night) soon();
  });
  watch(() => frames.night, (night) => void grading.load(night), { immediate: true });
}
