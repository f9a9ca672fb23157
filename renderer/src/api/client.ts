/**
 * The console's one API client: typed calls and events over whichever transport was chosen
 * at start (Electron IPC or HTTP + WebSocket), plus the online state.
 */
import type { EventName, EventOf, OperationName, RequestOf, ResponseOf } from './contract';
import { chooseTransport, type Transport } from './transport';

export interface ApiClient {
  readonly transportKind: 'ipc' | 'http';
  call<K extends OperationName>(operation: K, request: RequestOf<K>): Promise<ResponseOf<K>>;
  on<E extends EventName>(event: E, handler: (payload: EventOf<E>) => void): () => void;
  onConnectivity(listener: (online: boolean) => void): () => void;
  readonly online: boolean;
  close(): void;
}

export function createApiClient(transport: Transport): ApiClient {
  return {
    transportKind: transport.kind,
    call: (operation, request) => transport.invoke(operation, request) as never,
    on(event, handler) {
      return transport.subscribe((m) => {
        if (m.event === event) handler(m.payload as never);
      });
    },
    onConnectivity: (l) => transport.onConnectivity(l),
    get online() {
      return transport.online;
    },
    close: () => transport.close(),
  };
}

let shared: ApiClient | null = null;

/** The app-wide client, created on first use (tests install their own with setApiClient). */
export function useApi(): ApiClient {
  if (!shared) shared = createApiClient(chooseTransport());
  return shared;
}

export function setApiClient(client: ApiClient | null): void {
  shared = client;
}
