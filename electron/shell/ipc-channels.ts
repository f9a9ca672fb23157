/**
 * The only IPC channels between the console window and the main process, named once
 * (as electron/fiddle's ipc-events.ts does). Invoke and event channels come from the
 * host's contract bindings; operations themselves are the names in electron/host/api.ts,
 * carried as the first argument of `invoke`.
 */
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../host/ipc-contract.js';

export const IPC_CHANNELS = {
  /** renderer → main: (operation: string, request: unknown) → ApiResult */
  invoke: IPC_INVOKE_CHANNEL,
  /** main → renderer: { event: string, payload: unknown } */
  event: IPC_EVENT_CHANNEL,
  /** renderer → main: the window is ready for events (queued until then) */
  ready: 'nightdeck:ready',
} as const;
