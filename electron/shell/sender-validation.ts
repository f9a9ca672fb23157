/**
 * Which IPC senders are trusted: only the main frame of one of the app's own windows,
 * showing the app's own origin (as electron/fiddle drops any message from elsewhere).
 * Pure over plain data so it is tested without Electron.
 */
import { APP_ORIGIN } from './app-protocol.js';

export interface SenderInfo {
  /** webContents id of the sender (event.sender.id). */
  webContentsId: number;
  /** URL of the frame that sent the message (event.senderFrame?.url), null when the frame is gone. */
  frameUrl: string | null;
  /** True when the sending frame is the top frame of its page (senderFrame === sender.mainFrame). */
  isMainFrame: boolean;
}

export interface TrustPolicy {
  /** webContents ids of the windows this app created. */
  ownWebContentsIds: ReadonlySet<number>;
  /** Origins the renderer may be served from (the app scheme; a loopback dev server in development). */
  allowedOrigins: readonly string[];
}

export function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    // Custom schemes give 'null' as URL.origin; rebuild it from protocol and host.
    return u.origin !== 'null' ? u.origin : `${u.protocol}//${u.host}`;
  } catch {
    return null;
  }
}

export function defaultTrustPolicy(ownWebContentsIds: ReadonlySet<number>, devServerUrl?: string): TrustPolicy {
  const allowedOrigins = [APP_ORIGIN];
  const devOrigin = devServerUrl ? originOf(devServerUrl) : null;
  if (devOrigin && /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(devOrigin)) allowedOrigins.push(devOrigin);
  return { ownWebContentsIds, allowedOrigins };
}

/** Returns null when the sender is trusted, else the reason it is refused (for the log). */
export function refuseSender(sender: SenderInfo, policy: TrustPolicy): string | null {
  if (!policy.ownWebContentsIds.has(sender.webContentsId)) return 'sender is not one of the app windows';
  if (!sender.isMainFrame) return 'sender is a sub-frame';
  if (!sender.frameUrl) return 'sender frame is gone';
  const origin = originOf(sender.frameUrl);
  if (!origin || !policy.allowedOrigins.includes(origin)) return `sender origin ${origin ?? 'invalid'} is not allowed`;
  return null;
}
