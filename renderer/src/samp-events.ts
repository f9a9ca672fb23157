/** SAMP's events into the console: the hub connection, frames sent to NightDeck (opened), positions (centred). */
import { watch } from 'vue';
import { useApi } from './api/client';
import { useSampStore } from './stores/samp';
import { useFramesStore } from './stores/frames';
import { useUiStore } from './stores/ui';
import { useConnectionStore } from './stores/connection';
import { openFrame } from './frame-opener';

export function wireSampEvents(): void {
  const api = useApi();
  const samp = useSampStore();
  const frames = useFramesStore();
  const ui = useUiStore();
  void samp.loadStatus();
  api.on('sampStatus', (s) => samp.applyStatus(s));
  api.on('sampPointAt', (p) => void samp.pointedAt(p));
  api.on('sampImageLoaded', async (f) => {
    ui.show('frames');
    if (frames.night !== f.night) await frames.selectNight(f.night);
    samp.say(`Opened ${f.name} from SAMP`);
    await openFrame(f.id, f.night);
  });
  watch(
    () => useConnectionStore().reconnects,
    () => void samp.loadStatus(),
  );
}
