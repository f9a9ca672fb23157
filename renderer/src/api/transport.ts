/**
 * The two ways to reach the host, behind one interface: Electron IPC (`window.nightdeck` from
 * the preload) or HTTP + WebSocket (`nightdeck serve`). Both deliver unwrapped results or ApiErrors.
 */
import { ApiError, CLIENT_ERROR } from './errors';
import { unwrapEnvelope } from './envelope';
import { backoffDelay } from './backoff';

export interface EventMessage {
  event: string;
  payload: unknown;
}

export type EventListener = (message: EventMessage) => void;
export type ConnectivityListener = (online: boolean) => void;

export interface Transport {
  readonly kind: 'ipc' | 'http';
  invoke(operation: string, request: unknown): Promise<unknown>;
  subscribe(listener: EventListener): () => void;
  /** Called with true/false whenever the host becomes reachable/unreachable. */
  onConnectivity(listener: ConnectivityListener): () => void;
  readonly online: boolean;
  close(): void;
}

/** What the preload exposes (electron/preload.ts). */
export interface PreloadBridge {
  invoke(operation: string, request: unknown): Promise<unknown>;
  subscribe(listener: EventListener): () => void;
}

function isEventMessage(v: unknown): v is EventMessage {
  return !!v && typeof v === 'object' && typeof (v as { event?: unknown }).event === 'string';
}

export class IpcTransport implements Transport {
  readonly kind = 'ipc' as const;
  readonly online = true;
  constructor(private readonly bridge: PreloadBridge) {}
  async invoke(operation: string, request: unknown): Promise<unknown> {
    return unwrapEnvelope(await this.bridge.invoke(operation, request), operation);
  }
  subscribe(listener: EventListener): () => void {
    return this.bridge.subscribe((m) => {
      if (isEventMessage(m)) listener(m);
    });
  }
  onConnectivity(): () => void {
    return () => undefined;
  }
  close(): void {}
}

/** Minimal WebSocket surface (the browser's, or a fake in tests). */
export interface SocketLike {
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  close(): void;
}

export interface HttpTransportOptions {
  /** e.g. 'http://127.0.0.1:8080' (no trailing slash); '' = same origin. */
  baseUrl: string;
  /** A user's API key, for a host started with --auth: sent as `Bearer` and `?apikey=` on the event socket. */
  apiKey?: string;
  fetchFn?: typeof fetch;
  openSocket?: (url: string) => SocketLike;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export class HttpTransport implements Transport {
  readonly kind = 'http' as const;
  private socket: SocketLike | null = null;
  private attempt = 0;
  private timer: unknown = null;
  private closed = false;
  /** null until the first connection attempt settles, so the first failure is reported too. */
  private isOnline: boolean | null = null;
  private readonly listeners = new Set<EventListener>();
  private readonly connectivity = new Set<ConnectivityListener>();
  private readonly fetchFn: typeof fetch;
  private readonly openSocket: (url: string) => SocketLike;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(private readonly options: HttpTransportOptions) {
    this.fetchFn = options.fetchFn ?? ((...args) => fetch(...args));
    this.openSocket = options.openSocket ?? ((url) => new WebSocket(url) as unknown as SocketLike);
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
    this.connect();
  }

  get online(): boolean {
    return this.isOnline === true;
  }

  async invoke(operation: string, request: unknown): Promise<unknown> {
    let response: Response;
    try {
      response = await this.fetchFn(`${this.options.baseUrl}/api/${encodeURIComponent(operation)}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {}),
        },
        body: JSON.stringify(request ?? {}),
      });
    } catch {
      this.setOnline(false);
      this.scheduleReconnect();
      throw new ApiError(CLIENT_ERROR.offline, 'The NightDeck host cannot be reached');
    }
    if (response.ok && response.headers.get('content-type')?.startsWith('application/octet-stream')) {
      return binaryResult(response, operation);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw new ApiError(CLIENT_ERROR.badResponse, `${operation}: the host answered HTTP ${response.status} without JSON`);
    }
    return unwrapEnvelope(body, operation);
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onConnectivity(listener: ConnectivityListener): () => void {
    this.connectivity.add(listener);
    return () => this.connectivity.delete(listener);
  }

  close(): void {
    this.closed = true;
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
    const s = this.socket;
    this.socket = null;
    s?.close();
  }

  private eventsUrl(): string {
    const base = this.options.baseUrl || globalThis.location?.origin || '';
    const query = this.options.apiKey ? `?apikey=${encodeURIComponent(this.options.apiKey)}` : '';
    return base.replace(/^http/, 'ws') + '/api/events' + query;
  }

  private connect(): void {
    if (this.closed || this.socket) return;
    let socket: SocketLike;
    try {
      socket = this.openSocket(this.eventsUrl());
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      this.setOnline(true);
    };
    socket.onmessage = (ev) => {
      if (typeof ev.data !== 'string') return;
      let message: unknown;
      try {
        message = JSON.parse(ev.data);
      } catch {
        return; // a malformed event is dropped, never fatal
      }
      if (isEventMessage(message)) for (const l of this.listeners) l(message);
    };
    socket.onerror = () => undefined; // onclose follows and handles it
    socket.onclose = () => {
      if (this.socket === socket) this.socket = null;
      this.setOnline(false);
      this.scheduleReconnect();
    };
  }

  private scheduleReconnect(): void {
    if (this.closed || this.timer !== null || this.socket) return;
    const delay = backoffDelay(this.attempt++);
    this.timer = this.setTimer(() => {
      this.timer = null;
      this.connect();
    }, delay);
  }

  private setOnline(online: boolean): void {
    if (online === this.isOnline) return;
    this.isOnline = online;
    for (const l of this.connectivity) l(online);
  }
}

/**
 * A binary result (BINARY_RESULTS in the contract): the other fields from the
 * `X-NightDeck-Result` header, the bytes as an ArrayBuffer in the field the host names.
 */
async function binaryResult(response: Response, operation: string): Promise<unknown> {
  const meta = response.headers.get('x-nightdeck-result');
  const field = response.headers.get('x-nightdeck-binary-field');
  let rest: unknown;
  try {
    rest = meta ? JSON.parse(meta) : null;
  } catch {
    rest = null;
  }
  if (!field || !rest || typeof rest !== 'object') {
    throw new ApiError(CLIENT_ERROR.badResponse, `${operation}: a binary answer without its X-NightDeck-Result header`);
  }
  return { ...(rest as Record<string, unknown>), [field]: await response.arrayBuffer() };
}

const API_KEY_STORAGE = 'nightdeck.apiKey';

/**
 * The API key for a host started with --auth: given once as `?apikey=<key>` in the console's
 * address, kept for the tab's session (not across browser restarts) and removed from the
 * address bar so it does not land in the history or a shared screenshot.
 */
export function apiKeyFromPage(win: {
  location?: { href: string };
  history?: { replaceState(data: unknown, unused: string, url?: string): void };
  sessionStorage?: Pick<Storage, 'getItem' | 'setItem'>;
}): string | undefined {
  const href = win.location?.href;
  const url = href ? new URL(href) : null;
  const fromUrl = url?.searchParams.get('apikey');
  if (fromUrl && url) {
    win.sessionStorage?.setItem(API_KEY_STORAGE, fromUrl);
    url.searchParams.delete('apikey');
    win.history?.replaceState(null, '', url.toString());
    return fromUrl;
  }
  return win.sessionStorage?.getItem(API_KEY_STORAGE) ?? undefined;
}

/** Electron's preload bridge when present, else HTTP to the page's own origin. */
export function chooseTransport(
  win: { nightdeck?: PreloadBridge; location?: { origin: string; href: string } } & Parameters<typeof apiKeyFromPage>[0] = globalThis as never,
): Transport {
  if (win.nightdeck && typeof win.nightdeck.invoke === 'function') return new IpcTransport(win.nightdeck);
  return new HttpTransport({ baseUrl: '', apiKey: apiKeyFromPage(win) });
}
