/**
 * The only IPC channels between the console window and the main process, named once
 * (as electron/fiddle's ipc-events.ts does). Operations themselves are the contract's
 * names in electron/host/api.ts, carried as the first argument of INVOKE.
 */
export const IPC_CHANNELS = {
  /** renderer → main: (operation: string, request: unknown) → ApiResult */
  invoke: 'nightdeck:invoke',
  /** main → renderer: { event: string, payload: unknown } */
  event: 'nightdeck:event',
  /** renderer → main: the window is ready for events (queued until then) */
  ready: 'nightdeck:ready',
} as const;
