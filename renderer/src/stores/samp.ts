/**
 * SAMP in the console: the hub connection (a dot in the top bar), the clients a frame can be
 * sent to, sending, and the two positions SAMP carries: a coord.pointAt.sky received (centre
 * the open frame there) and a Shift+click on the image (send one).
 */
import { defineStore } from 'pinia';
import { useApi } from '../api/client';
import type { EventOf, ResponseOf } from '../api/contract';
import { useViewerStore } from './viewer';
import { celestialWcsOf, centreOnPixel, pixelOfSky, skyOfPixel } from '../lib/sky-pointing';

type SampStatus = ResponseOf<'getSampStatus'>;
type SampClient = ResponseOf<'listSampClients'>['clients'][number];

/** A tiny bus: the canvas (which owns drawing) applies centring requests. */
type CentreListener = (x: number, y: number) => void;
const centreListeners = new Set<CentreListener>();
export const sampCentreRequests = {
  on(l: CentreListener): () => void {
    centreListeners.add(l);
    return () => centreListeners.delete(l);
  },
  emit(x: number, y: number): void {
    for (const l of centreListeners) l(x, y);
  },
};
export { centreOnPixel };

let messageTimer: ReturnType<typeof setTimeout> | null = null;

export const useSampStore = defineStore('samp', {
  state: () => ({
    status: null as SampStatus | null,
    clients: [] as SampClient[],
    loadingClients: false,
    menuOpen: false,
    /** The last thing that happened (shown next to the menu), e.g. "sent to DS9". */
    message: '' as string,
    messageIsError: false,
  }),
  getters: {
    connected: (s) => s.status?.state === 'connected',
    title(s): string {
      if (!s.status) return 'SAMP: unknown';
      if (!s.status.enabled) return `SAMP off: ${s.status.problem ?? ''}`;
      if (s.status.state === 'connected') return 'SAMP: connected to the hub';
      return `SAMP: no hub${s.status.problem ? ` (${s.status.problem})` : ''}`;
    },
  },
  actions: {
    async loadStatus() {
      try {
        this.status = await useApi().call('getSampStatus', {});
      } catch {
        // an older host without SAMP: the dot stays grey
      }
    },
    applyStatus(s: EventOf<'sampStatus'>) {
      this.status = s;
      if (s.state !== 'connected') this.clients = [];
    },
    say(message: string, isError = false) {
      this.message = message;
      this.messageIsError = isError;
      // A note, not a dialog: it fades after a while (errors stay longer).
      if (messageTimer) clearTimeout(messageTimer);
      messageTimer = setTimeout(() => {
        if (this.message === message) this.message = '';
      }, isError ? 15_000 : 6_000);
    },
    async refreshClients() {
      this.loadingClients = true;
      try {
        this.clients = (await useApi().call('listSampClients', {})).clients;
      } catch (err) {
        this.clients = [];
        this.say((err as Error).message, true);
      } finally {
        this.loadingClients = false;
      }
    },
    async openMenu() {
      this.menuOpen = true;
      this.message = '';
      await this.refreshClients();
    },
    closeMenu() {
      this.menuOpen = false;
    },
    /** Sends a frame to one client (by id) or, with none, to every client that takes images. */
    async send(frameId: number, recipient?: string, hdu?: number) {
      this.menuOpen = false;
      try {
        const r = await useApi().call('sendToSamp', { id: frameId, ...(recipient ? { recipient } : {}), ...(hdu !== undefined ? { hdu } : {}) });
        const failed = r.recipients.filter((x) => x.status === 'samp.error');
        const names = r.recipients.map((x) => x.name ?? x.id);
        if (r.recipients.length === 0) this.say('No SAMP client takes images', true);
        else if (failed.length > 0) this.say(`${failed.map((x) => `${x.name ?? x.id}: ${x.errorText ?? 'error'}`).join('; ')}`, true);
        else this.say(`Sent to ${names.join(', ')}`);
        return r;
      } catch (err) {
        this.say((err as Error).message, true);
        return null;
      }
    },
    /** A Shift+click on the image: coord.pointAt.sky of that pixel to every client. */
    async pointAtPixel(x: number, y: number) {
      const viewer = useViewerStore();
      const wcs = celestialWcsOf(viewer.cards);
      if (!wcs) {
        this.say('This frame has no celestial WCS', true);
        return;
      }
      const sky = skyOfPixel(wcs, x, y);
      if (!sky) return;
      try {
        const r = await useApi().call('sendSampPointAt', { ra: sky.ra, dec: sky.dec });
        this.say(`Pointed ${r.recipients.length} client(s) at ${sky.ra.toFixed(5)}, ${sky.dec.toFixed(5)}`);
      } catch (err) {
        this.say((err as Error).message, true);
      }
    },
    /** A coord.pointAt.sky from another application: centre the open frame there when it is on it. */
    async pointedAt(p: EventOf<'sampPointAt'>) {
      const viewer = useViewerStore();
      await viewer.whenOpened(); // a frame still opening gets its WCS first
      const image = viewer.imageSize;
      const wcs = celestialWcsOf(viewer.cards);
      if (!image || !wcs) {
        this.say(`RA ${p.ra.toFixed(5)}, Dec ${p.dec.toFixed(5)} received: no open frame with a WCS`, true);
        return;
      }
      const px = pixelOfSky(wcs, image, p.ra, p.dec);
      if (!px) {
        this.say(`RA ${p.ra.toFixed(5)}, Dec ${p.dec.toFixed(5)} is not on this frame`, true);
        return;
      }
      sampCentreRequests.emit(px.x, px.y);
      this.say(`Centred on RA ${p.ra.toFixed(5)}, Dec ${p.dec.toFixed(5)}`);
    },
  },
});
