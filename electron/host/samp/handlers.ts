/** The SAMP operations of the contract: status, clients, send a frame, point at a position. */
import { HostError } from '../errors.js';
import type { HostServices } from '../services.js';
import { analysis, defaultImageHdu, frameRef, imageHdu, requireFrame } from '../handlers/frame-access.js';
import type { CallContext, HandlerGroup } from '../handlers/types.js';
import { DisabledSamp, type SampPort } from './samp-service.js';
import { extractHdu } from './hdu-extract.js';
import type { Card } from '../../../native-workers/fits/types.js';

function cardsOf(result: unknown): Card[] {
  if (Array.isArray(result)) return result as Card[];
  const cards = (result as { cards?: unknown } | null)?.cards;
  return Array.isArray(cards) ? (cards as Card[]) : [];
}

type SampOps = 'getSampStatus' | 'listSampClients' | 'sendToSamp' | 'sendSampPointAt';

const OFF = new DisabledSamp('SAMP is not enabled in this host');

/**
 * SAMP makes this machine's applications open files and sends them this machine's files:
 * over an authenticated HTTP server only an admin may do that.
 */
function allowed(s: HostServices, ctx: CallContext): SampPort {
  const samp = s.samp ?? OFF;
  if (samp.requireAdmin) {
    const user = ctx.user ?? s.users.authenticate(ctx.authorization);
    if (!user) throw new HostError('UNAUTHORIZED', 'SAMP operations need an API key');
    if (user.role !== 'admin') throw new HostError('FORBIDDEN', 'SAMP operations need an admin key');
  }
  return samp;
}

export function sampHandlers(s: HostServices): HandlerGroup<SampOps> {
  return {
    async getSampStatus() {
      return (s.samp ?? OFF).status();
    },

    async listSampClients(_req, ctx) {
      return { clients: await allowed(s, ctx).listClients() };
    },

    async sendToSamp(req, ctx) {
      const samp = allowed(s, ctx);
      if (!samp.status().enabled) await samp.listClients(); // throws the reason SAMP is off
      const record = requireFrame(s, req.id);
      const ref = await frameRef(s, record, undefined, ctx.signal);
      let path = ref.path;
      let imageId = `nightdeck:${record.source}:${record.key}`;
      if (req.hdu !== undefined) {
        const hdus = await analysis.info(s, ref, ctx.signal);
        const wanted = imageHdu(hdus, req.hdu);
        if (wanted.index !== defaultImageHdu(hdus).index) {
          // Receivers open a file at its first image: send that extension as a file of its own.
          const cards = record.summary?.headers?.[wanted.index] ?? cardsOf(await analysis.header(s, { ...ref, hdu: wanted.index }, ctx.signal));
          path = await extractHdu({
            cacheDir: s.paths.cache,
            path: ref.path,
            version: ref.version ?? '',
            hdu: wanted.index,
            compressed: wanted.kind === 'compressed-image',
            cards,
            name: record.name,
          });
          imageId += `[${wanted.index}]`;
        }
      }
      return samp.sendImage(path, record.name, imageId, req.recipient);
    },

    async sendSampPointAt(req, ctx) {
      return { recipients: await allowed(s, ctx).pointAt(req.ra, req.dec) };
    },
  };
}
