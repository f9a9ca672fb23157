/**
 * The MTypes NightDeck answers: samp.app.ping, image.load.fits (into the SAMP source, then the
 * console opens it) and coord.pointAt.sky (the console centres the open frame there).
 */
import type { FrameRecord } from '../store/catalogue-types.js';
import type { MessageHandler } from './samp-client.js';
import { asString, ok, sampError } from './samp-values.js';
import type { LoadRequest, LoadResult } from './samp-source.js';

export interface InboxDeps {
  load(req: LoadRequest): Promise<LoadResult>;
  /** A frame arrived from `senderId` (the console opens it). */
  loaded(record: FrameRecord, senderId: string): void;
  pointAt(raDeg: number, decDeg: number, senderId: string): void;
}

/** Degrees from a SAMP string (SAMP sends numbers as strings); null when not a finite number. */
export function sampFloat(v: string | undefined): number | null {
  if (v === undefined || v.trim() === '') return null;
  const x = Number(v.trim());
  return Number.isFinite(x) ? x : null;
}

export function createInbox(deps: InboxDeps): Record<string, MessageHandler> {
  return {
    'samp.app.ping': async () => ok(),

    'image.load.fits': async (message, sender) => {
      const url = asString(message.params.url);
      if (!url) return sampError('image.load.fits needs a url parameter');
      const name = asString(message.params.name);
      const imageId = asString(message.params['image-id']);
      try {
        const { record } = await deps.load({ url, ...(name ? { name } : {}), ...(imageId ? { imageId } : {}), senderId: sender });
        deps.loaded(record, sender);
        return ok();
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        return sampError(`${typeof code === 'string' ? `${code}: ` : ''}${(err as Error).message}`);
      }
    },

    'coord.pointAt.sky': async (message, sender) => {
      const ra = sampFloat(asString(message.params.ra));
      const dec = sampFloat(asString(message.params.dec));
      if (ra === null || dec === null) return sampError('coord.pointAt.sky needs numeric ra and dec (degrees)');
      if (dec < -90 || dec > 90) return sampError(`dec ${dec} is outside [-90, 90]`);
      deps.pointAt(ra >= 0 && ra < 360 ? ra : ((ra % 360) + 360) % 360, dec, sender);
      return ok();
    },
  };
}
