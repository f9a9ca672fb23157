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
      this.online = api.transportKind === 'ipc' ? true : api.online;
      api.onConnectivity((online) => {
        if (online && !this.online) this.reconnects++;
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
