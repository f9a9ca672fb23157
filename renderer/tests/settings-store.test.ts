import { beforeEach, expect, test } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { useSettingsStore } from '../src/stores/settings';
import { setApiClient, type ApiClient } from '../src/api/client';

/** A client whose getSettings/getSources answers are released by the test. */
function heldClient(): { client: ApiClient; release: () => void } {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const client = {
    transportKind: 'http',
    online: true,
    async call(op: string) {
      await gate;
      if (op === 'getSettings') return { pollIntervalS: 5, cacheBytes: 1, autoDownload: false, siteLongitudeDeg: 0, notifyOnNewFrame: false, demoIntervalS: 5, autoAnalyse: true, samp: 'off', decodedCacheBytes: 1 << 30 };
      if (op === 'getSources') return { sources: [{ id: 's3:1', kind: 's3', config: { bucket: 'from-host', directories: ['data'] }, status: {} }] };
      return {};
    },
    on: () => () => {},
    onConnectivity: () => () => {},
    close() {},
  } as unknown as ApiClient;
  return { client, release };
}

beforeEach(() => setActivePinia(createPinia()));

test('the settings form stays locked until the host has answered, so a late answer cannot overwrite an edit', async () => {
  const { client, release } = heldClient();
  setApiClient(client);
  const s = useSettingsStore();
  expect(s.loading).toBe(true); // before the first load: the view shows a locked form
  const loaded = s.load();
  expect(s.loading).toBe(true);
  release();
  await loaded;
  expect(s.loading).toBe(false);
  expect(s.form.s3Enabled).toBe(true);
  expect(s.form.bucket).toBe('from-host');
});
