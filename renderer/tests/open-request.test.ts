import { beforeEach, describe, expect, test } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { setApiClient, type ApiClient } from '../src/api/client';
import { wireEvents } from '../src/app-events';
import { useFramesStore } from '../src/stores/frames';
import { useUiStore } from '../src/stores/ui';
import { useViewerStore } from '../src/stores/viewer';
import type { FrameSummary } from '../src/api/contract';

const frame: FrameSummary = {
  id: 7, source: 'folder:/data/n1', key: 'x.fits', name: 'x.fits', night: '20240102', status: 'ready', error: null,
  dateObs: null, exptime: null, filter: null, object: null, shape: [4, 4], bitpix: 16, size: 5760,
  addedAt: '2024-01-02T00:00:00Z', stats: null, quality: null,
};

/** A client that records calls, answers the list operations and lets events be pushed in. */
function fakeClient() {
  const calls: { operation: string; request: unknown }[] = [];
  const handlers = new Map<string, (payload: unknown) => void>();
  const answers: Record<string, unknown> = {
    listNights: { nights: [{ night: '20231231', frameCount: 3, lastAddedAt: '' }, { night: '20240102', frameCount: 1, lastAddedAt: '' }] },
    listFrames: { frames: [frame], total: 1 },
    getSources: { sources: [] },
  };
  const client = {
    transportKind: 'ipc',
    online: true,
    async call(operation: string, request: unknown) {
      calls.push({ operation, request });
      if (operation in answers) return answers[operation];
      throw Object.assign(new Error(`${operation} is not answered in this test`), { code: 'NOT_FOUND' });
    },
    on(event: string, handler: (payload: unknown) => void) {
      handlers.set(event, handler);
      return () => handlers.delete(event);
    },
    onConnectivity: () => () => undefined,
    close: () => undefined,
  } as unknown as ApiClient;
  return { client, calls, emit: (event: string, payload: unknown) => handlers.get(event)?.(payload) };
}

describe('a FITS file handed to the desktop app', () => {
  beforeEach(() => {
    localStorage.clear();
    setActivePinia(createPinia());
  });

  test('the openFrameRequested event shows the frames view, selects the night and opens the frame in the viewer', async () => {
    const { client, calls, emit } = fakeClient();
    setApiClient(client);
    const ui = useUiStore();
    ui.show('settings');
    wireEvents();
    emit('openFrameRequested', { id: 7, night: '20240102' });
    const viewer = useViewerStore();
    await expect.poll(() => calls.some((c) => c.operation === 'openFrame')).toBe(true);
    expect(ui.view).toBe('frames');
    const frames = useFramesStore();
    expect(frames.night).toBe('20240102');
    expect(frames.selectedId).toBe(7);
    expect(viewer.frameId).toBe(7);
    expect(calls.find((c) => c.operation === 'openFrame')!.request).toMatchObject({ id: 7 });
    expect(calls.some((c) => c.operation === 'listFrames' && (c.request as { night?: string }).night === '20240102')).toBe(true);
    setApiClient(null);
  });
});
