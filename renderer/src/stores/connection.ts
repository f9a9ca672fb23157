/** Whether the host is reachable, and through which transport. */
import { defineStore } from 'pinia';
import { useApi } from '../api/client';

export const useConnectionStore = defineStore('connection', {
  state: () => ({
    online: true,
    transport: 'http' as 'ipc' | 'http',
    version: '' as string,
    /** Incremented on each reconnect so views can refresh what they show. */
    reconnects: 0,
  }),
  getters: {
    offline: (s) => !s.online,
  },
  actions: {
    start() {
      const api = useApi();
      this.transport = api.transportKind;
      // Assume online until the socket says otherwise, so the first paint shows no false alarm.
      this.online = true;
      // Only a return after a loss counts as a reconnect (not the first connection).
      let wasLost = false;
      api.onConnectivity((online) => {
        if (!online) wasLost = true;
        else if (wasLost) this.reconnects++;
        this.online = online;
      });
      api.call('getVersion', {}).then(
        (v) => {
          this.version = v.version;
          this.online = true;
        },
        () => undefined,
      );
    },
  },
});
