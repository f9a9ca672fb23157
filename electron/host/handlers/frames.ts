/** Catalogue-facing operations: nights, frame lists, details, header, open, trends. */
import type { Card } from '../../../native-workers/fits/types.js';
import type { ApiCard } from '../api.js';
import type { HostServices } from '../services.js';
import { toApiCards, toFrameDetails, toFrameSummary, wcsFromCards } from './frame-view.js';
import { wcsCardRecord } from '../../../native-workers/wcs/cards.js';
import { analysis, frameRef, imageHdu, requireFrame, sizeOf } from './frame-access.js';
import { storeAnalysis } from './persist.js';
import { checkedPlane, openedPlanes } from './planes.js';
import type { HandlerGroup } from './types.js';

type FrameOps = 'listNights' | 'listFrames' | 'getFrame' | 'openFrame' | 'getHeader' | 'getTrends';

/** Cards from whatever shape the pool's 'header' task returns ({ cards } or a card list). */
function cardsOf(result: unknown): Card[] {
  if (Array.isArray(result)) return result as Card[];
  if (result && typeof result === 'object' && Array.isArray((result as { cards?: unknown }).cards)) {
    return (result as { cards: Card[] }).cards;
  }
  return [];
}

export function frameHandlers(s: HostServices): HandlerGroup<FrameOps> {
  return {
    async listNights(req) {
      return { nights: s.catalogue.listNights(req.source ? { source: req.source } : {}) };
    },

    async listFrames(req) {
      const { frames, total } = s.catalogue.listFrames({ ...req, limit: req.limit ?? 200 });
      return { frames: frames.map(toFrameSummary), total };
    },

    async getFrame(req) {
      return toFrameDetails(requireFrame(s, req.id));
    },

    async getHeader(req, ctx) {
      const record = requireFrame(s, req.id);
      const hdu = req.hdu ?? 0;
      const listed = record.summary?.headers;
      if (listed && listed.length > 0) {
        const cards = listed[hdu];
        if (!cards) throw Object.assign(new Error(`HDU ${hdu} does not exist (the file has ${listed.length})`), { code: 'BAD_HDU' });
        return { hdu, cards: toApiCards(cards) };
      }
      // Not listed from its header yet: read it from the file.
      const ref = await frameRef(s, record, hdu, ctx.signal);
      return { hdu, cards: toApiCards(cardsOf(await analysis.header(s, ref, ctx.signal))) as ApiCard[] };
    },

    async openFrame(req, ctx) {
      const record = requireFrame(s, req.id);
      const fileRef = await frameRef(s, record, undefined, ctx.signal);
      const hdus = await analysis.info(s, fileRef, ctx.signal);
      const hdu = imageHdu(hdus, req.hdu);
      const plane = checkedPlane(hdu, req.plane);
      const ref = { ...fileRef, hdu: hdu.index, plane };
      // Decode now (into the pool's cache) and remember the statistics while at it.
      const stats = await analysis.statistics(s, ref, undefined, ctx.signal);
      if ((req.hdu === undefined || req.hdu === hdu.index) && plane === 0) storeAnalysis(s, record.id, 'statistics', stats);
      let cards = record.summary?.headers?.[hdu.index];
      if (!cards) cards = cardsOf(await analysis.header(s, ref, ctx.signal));
      const { width, height } = sizeOf(hdu);
      return {
        id: record.id,
        hdus,
        hdu: hdu.index,
        width,
        height,
        bitpix: hdu.bitpix ?? -32,
        wcs: wcsFromCards(cards),
        ...(await openedPlanes(s, ref, hdu, cards, plane, ctx.signal)),
        wcsCards: wcsCardRecord(cards),
      };
    },

    async getTrends(req) {
      const { frames } = s.catalogue.listFrames({ night: req.night, limit: 10_000, sort: 'time', order: 'asc' });
      const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
      return {
        points: frames.map((f) => ({
          id: f.id,
          name: f.name,
          dateObs: f.summary?.dateObs ?? null,
          sky: n(f.stats?.sky) ?? n(f.quality?.background),
          noise: n(f.stats?.noise) ?? n(f.quality?.noise),
          median: n(f.stats?.median),
          fwhmMedianPx: n(f.quality?.fwhmMedianPx),
          starCount: n(f.quality?.starCount),
        })),
      };
    },
  };
}
