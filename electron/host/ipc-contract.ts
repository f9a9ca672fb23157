/**
 * The contract for the Electron shell: the IPC handler and the event forwarding, derived
 * from the one declaration in api.ts and the host's single `call`, so the desktop window
 * and HTTP clients see exactly the same operations, validation and errors.
 */
import { OPERATION_NAMES, type ApiResult, type EventMessage, type OperationName } from './api.js';
import type { Host } from './host.js';

export interface IpcBinding {
  /** The channel the renderer invokes (shared by every operation; the operation is the first argument). */
  channel: string;
  handler: (operation: unknown, request: unknown) => Promise<ApiResult<unknown>>;
}

export const IPC_INVOKE_CHANNEL = 'nightdeck:invoke';
export const IPC_EVENT_CHANNEL = 'nightdeck:event';

/** The invoke handler (the caller checks the sender first, as electron/main.ts does). */
export function ipcBindings(host: Host): IpcBinding[] {
  return [
    {
      channel: IPC_INVOKE_CHANNEL,
      handler: async (operation, request) => {
        if (typeof operation !== 'string') return { ok: false, error: { code: 'BAD_REQUEST', message: 'operation must be a string' } };
        return host.call(operation, request);
      },
    },
  ];
}

/** Every operation the renderer may invoke (for a preload or a menu that lists them). */
export function operationNames(): readonly OperationName[] {
  return OPERATION_NAMES;
}

/** Forwards every host event as one `{ event, payload }` message; returns the unsubscribe. */
export function forwardEvents(host: Host, send: (message: EventMessage) => void): () => void {
  return host.onAny((event, payload) => send({ event, payload } as EventMessage));
}
