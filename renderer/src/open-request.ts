/**
 * The desktop app was handed a FITS file (file manager, command line): the host has added
 * its folder as a source and listed the frame; show it like a double-click in the list.
 */
import type { EventOf } from './api/contract';
import { openFrame } from './frame-opener';
import { useFramesStore } from './stores/frames';
import { useSourcesStore } from './stores/sources';
import { useUiStore } from './stores/ui';

export async function openRequestedFrame({ id, night }: EventOf<'openFrameRequested'>): Promise<void> {
  const ui = useUiStore();
  const frames = useFramesStore();
  ui.show('frames');
  void useSourcesStore().load();
  await frames.loadNights();
  if (frames.night !== night) await frames.selectNight(night);
  await openFrame(id, night);
}
