/**
 * Sky tools of the viewer: the coordinate-grid overlay (toggled with `g`) and "Go to" a typed position.
 * The WCS itself is the viewer store's (read once from the host's WCS cards by native-workers/wcs).
 */
import { defineStore } from 'pinia';
import { parseCoordinatePair, SexagesimalError, formatRaHms, formatDecDms } from '../../../native-workers/wcs/index';
import { readJson, writeJson } from '../lib/storage';
import { viewerCommands } from '../lib/viewer-commands';
import { useViewerStore } from './viewer';

export const useSkyStore = defineStore('sky', {
  state: () => ({
    gridVisible: readJson<boolean>('nightdeck.skyGrid', false),
    /** 0-based pixel of the last Go-to position (drawn as a marker), for the frame it was found in. */
    marker: null as { frameId: number; x: number; y: number } | null,
    gotoMessage: '',
    gotoOk: true,
  }),
  actions: {
    toggleGrid() {
      this.gridVisible = !this.gridVisible;
      writeJson('nightdeck.skyGrid', this.gridVisible);
    },
    /** Centres the view on "RA Dec" (or "l b" in a galactic frame); says so when it is off the frame. */
    goto(text: string): boolean {
      const viewer = useViewerStore();
      const wcs = viewer.wcs;
      const size = viewer.imageSize;
      const fail = (message: string): boolean => {
        this.gotoOk = false;
        this.gotoMessage = message;
        return false;
      };
      if (!wcs || !size || viewer.frameId === null) return fail('This frame has no world coordinates.');
      const equatorial = wcs.system === 'icrs' || wcs.system === 'fk5' || wcs.system === 'fk4';
      let lon: number;
      let lat: number;
      try {
        [lon, lat] = parseCoordinatePair(text, equatorial ? 'hours' : 'degrees');
      } catch (err) {
        return fail(err instanceof SexagesimalError ? err.message : String(err));
      }
      const where = equatorial ? `${formatRaHms(lon)} ${formatDecDms(lat)}` : `${lon.toFixed(5)} ${lat >= 0 ? '+' : ''}${lat.toFixed(5)}`;
      const p = wcs.worldToPixel(lon, lat);
      if (p === null || p[0] < -0.5 || p[1] < -0.5 || p[0] > size.width - 0.5 || p[1] > size.height - 0.5) {
        this.marker = null;
        return fail(`${where} is off the frame.`);
      }
      this.marker = { frameId: viewer.frameId, x: p[0], y: p[1] };
      this.gotoOk = true;
      this.gotoMessage = `${where} → x ${p[0].toFixed(1)}, y ${p[1].toFixed(1)}`;
      // Pixel i covers [i, i + 1) in the viewer's continuous coordinates.
      viewerCommands.emit({ centre: { x: p[0] + 0.5, y: p[1] + 0.5 } });
      return true;
    },
  },
});
