/**
 * Preload of the console window (sandboxed, context-isolated). Exposes exactly the
 * contract's client as `window.nightdeck`: invoke an operation, subscribe to events.
 * Nothing else of Electron or Node reaches the page.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

// Duplicated from shell/ipc-channels.ts on purpose: a sandboxed preload is bundled on its own
// and must not pull other modules; a unit test checks the two stay equal.
const INVOKE = 'nightdeck:invoke';
const EVENT = 'nightdeck:event';
const READY = 'nightdeck:ready';

type EventMessage = { event: string; payload: unknown };
type Listener = (message: EventMessage) => void;

const listeners = new Set<Listener>();
ipcRenderer.on(EVENT, (_event: IpcRendererEvent, message: EventMessage) => {
  for (const listener of listeners) listener(message);
});

const api = {
  invoke(operation: string, request: unknown): Promise<unknown> {
    if (typeof operation !== 'string') return Promise.reject(new TypeError('operation must be a string'));
    return ipcRenderer.invoke(INVOKE, operation, request ?? {});
  },
  subscribe(listener: Listener): () => void {
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    listeners.add(listener);
    if (listeners.size === 1) ipcRenderer.send(READY);
    return () => {
      listeners.delete(listener);
    };
  },
};

contextBridge.exposeInMainWorld('nightdeck', api);
