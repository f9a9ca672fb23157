/**
 * When the headless host may speak SAMP. SAMP lets local applications make NightDeck read any
 * file this user can read (image.load.fits with a file: URL, then listed and served as a frame)
 * and lets NightDeck's API make local applications open files. A host reachable from other
 * machines (any non-loopback bind, even with --auth) would hand that power to remote HTTP
 * clients, so SAMP stays off there; on loopback with --auth its operations need an admin key.
 */
import { isLoopback } from '../server/bind-policy.js';

export interface ServeSampDecision {
  enabled: boolean;
  reason?: string;
  requireAdmin: boolean;
}

export function serveSampPolicy(opts: { samp: boolean; bindAddress: string; auth: boolean }): ServeSampDecision {
  if (!opts.samp) return { enabled: false, reason: 'start nightdeck serve with --samp', requireAdmin: false };
  if (!isLoopback(opts.bindAddress)) {
    return {
      enabled: false,
      reason: `the host is bound to ${opts.bindAddress}, not loopback: SAMP would let remote clients open this machine's files`,
      requireAdmin: false,
    };
  }
  return { enabled: true, requireAdmin: opts.auth };
}
