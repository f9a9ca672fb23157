import { describe, expect, test, vi } from 'vitest';
import { unwrapEnvelope } from '../src/api/envelope';
import { ApiError } from '../src/api/errors';
import { HttpTransport, IpcTransport, apiKeyFromPage, type SocketLike } from '../src/api/transport';
import { backoffDelay } from '../src/api/backoff';
import { createApiClient } from '../src/api/client';

describe('response envelope', () => {
  test('ok → the result', () => {
    expect(unwrapEnvelope({ ok: true, result: { a: 1 } }, 'op')).toEqual({ a: 1 });
  });
  test('error → ApiError with code, message and details', () => {
    try {
      unwrapEnvelope({ ok: false, error: { code: 'BAD_REGION', message: 'empty region', details: { x: 1 } } }, 'getStatistics');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ApiError);
      expect((err as ApiError).code).toBe('BAD_REGION');
      expect((err as ApiError).message).toBe('empty region');
      expect((err as ApiError).details).toEqual({ x: 1 });
    }
  });
  test('anything else → BAD_RESPONSE', () => {
    for (const bad of [null, 'text', { result: 1 }, { ok: false }, 42]) {
      expect(() => unwrapEnvelope(bad, 'op')).toThrowError(expect.objectContaining({ code: 'BAD_RESPONSE' }));
    }
  });
});

class FakeSocket implements SocketLike {
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  closed = false;
  constructor(readonly url: string) {}
  close(): void {
    this.closed = true;
  }
}

function setup(fetchFn: typeof fetch = vi.fn()) {
  const sockets: FakeSocket[] = [];
  const timers: Array<{ fn: () => void; ms: number }> = [];
  const transport = new HttpTransport({
    baseUrl: 'http://127.0.0.1:9',
    fetchFn,
    openSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    setTimer: (fn, ms) => {
      timers.push({ fn, ms });
      return timers.length;
    },
    clearTimer: () => undefined,
  });
  return { transport, sockets, timers };
}

describe('HTTP + WebSocket transport', () => {
  test('posts JSON to /api/<operation> and unwraps the envelope', async () => {
    const fetchFn = vi.fn(async () => new Response(JSON.stringify({ ok: true, result: { version: '1' } }), { status: 200 }));
    const { transport } = setup(fetchFn as unknown as typeof fetch);
    await expect(transport.invoke('getVersion', {})).resolves.toEqual({ version: '1' });
    expect(fetchFn).toHaveBeenCalledWith('http://127.0.0.1:9/api/getVersion', expect.objectContaining({ method: 'POST', body: '{}' }));
  });

  test('an HTTP error envelope becomes a typed ApiError', async () => {
    const fetchFn = vi.fn(async () => new Response(JSON.stringify({ ok: false, error: { code: 'NOT_FOUND', message: 'no frame 9' } }), { status: 404 }));
    const { transport } = setup(fetchFn as unknown as typeof fetch);
    await expect(transport.invoke('getFrame', { id: 9 })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'no frame 9' });
  });

  test('a non-JSON answer is BAD_RESPONSE', async () => {
    const fetchFn = vi.fn(async () => new Response('<html>proxy error</html>', { status: 502 }));
    const { transport } = setup(fetchFn as unknown as typeof fetch);
    await expect(transport.invoke('listNights', {})).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });

  test('a dead host gives OFFLINE and the online state goes false', async () => {
    const fetchFn = vi.fn(async () => {
      throw new TypeError('fetch failed');
    });
    const { transport, sockets } = setup(fetchFn as unknown as typeof fetch);
    sockets[0]!.onopen!({});
    expect(transport.online).toBe(true);
    const seen: boolean[] = [];
    transport.onConnectivity((o) => seen.push(o));
    await expect(transport.invoke('listNights', {})).rejects.toMatchObject({ code: 'OFFLINE' });
    expect(transport.online).toBe(false);
    expect(seen).toEqual([false]);
  });

  test('events arrive from /api/events; malformed messages are dropped', () => {
    const { transport, sockets } = setup();
    expect(sockets[0]!.url).toBe('ws://127.0.0.1:9/api/events');
    const client = createApiClient(transport);
    const added: unknown[] = [];
    client.on('imageAdded', (p) => added.push(p));
    sockets[0]!.onmessage!({ data: '{not json' });
    sockets[0]!.onmessage!({ data: JSON.stringify({ event: 'sourceStatus', payload: {} }) });
    sockets[0]!.onmessage!({ data: JSON.stringify({ event: 'imageAdded', payload: { id: 3 } }) });
    expect(added).toEqual([{ id: 3 }]);
  });

  test('reconnects by itself with growing delays, and is online again after reconnecting', () => {
    const { transport, sockets, timers } = setup();
    const seen: boolean[] = [];
    transport.onConnectivity((o) => seen.push(o));
    sockets[0]!.onopen!({});
    sockets[0]!.onclose!({});
    expect(transport.online).toBe(false);
    expect(timers).toHaveLength(1);
    timers[0]!.fn(); // retry 1
    expect(sockets).toHaveLength(2);
    sockets[1]!.onclose!({}); // still down
    timers[1]!.fn(); // retry 2
    expect(timers[1]!.ms).toBeGreaterThan(timers[0]!.ms);
    sockets[2]!.onopen!({});
    expect(transport.online).toBe(true);
    expect(seen).toEqual([true, false, true]);
    transport.close();
    expect(sockets[2]!.closed).toBe(true);
  });

  test('backoff grows exponentially to a cap, with bounded jitter', () => {
    const mid = () => 0.5;
    expect(backoffDelay(0, 250, 5000, mid)).toBe(250);
    expect(backoffDelay(3, 250, 5000, mid)).toBe(2000);
    expect(backoffDelay(20, 250, 5000, mid)).toBe(5000);
    expect(backoffDelay(0, 250, 5000, () => 0)).toBe(200);
    expect(backoffDelay(0, 250, 5000, () => 1)).toBe(300);
  });
});

describe('IPC transport', () => {
  test('unwraps the preload bridge envelopes the same way', async () => {
    const bridge = {
      invoke: vi.fn(async (op: string) => (op === 'getVersion' ? { ok: true, result: { version: '2' } } : { ok: false, error: { code: 'FORBIDDEN', message: 'admin only' } })),
      subscribe: vi.fn(() => () => undefined),
    };
    const t = new IpcTransport(bridge);
    await expect(t.invoke('getVersion', {})).resolves.toEqual({ version: '2' });
    await expect(t.invoke('updateFplane', {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(t.online).toBe(true);
  });
});

describe('first connection', () => {
  test('a host that is down from the start is reported offline', () => {
    const { transport, sockets } = setup();
    const seen: boolean[] = [];
    transport.onConnectivity((o) => seen.push(o));
    sockets[0]!.onclose!({});
    expect(seen).toEqual([false]);
  });
});

describe('API key for a host started with --auth', () => {
  test('the key is sent as Bearer on every call and as ?apikey= on the event socket', async () => {
    const fetchFn = vi.fn(async () => new Response(JSON.stringify({ ok: true, result: {} }), { status: 200 }));
    const sockets: FakeSocket[] = [];
    const transport = new HttpTransport({
      baseUrl: 'http://127.0.0.1:9',
      apiKey: 'ndk_abc_s3cr/t',
      fetchFn: fetchFn as unknown as typeof fetch,
      openSocket: (url) => {
        const s = new FakeSocket(url);
        sockets.push(s);
        return s;
      },
      setTimer: () => 0,
      clearTimer: () => undefined,
    });
    await transport.invoke('listNights', {});
    const init = (fetchFn.mock.calls[0] as unknown as [string, RequestInit])[1];
    expect((init.headers as Record<string, string>).authorization).toBe('Bearer ndk_abc_s3cr/t');
    expect(sockets[0]!.url).toBe('ws://127.0.0.1:9/api/events?apikey=ndk_abc_s3cr%2Ft');
    transport.close();
  });

  test('a key given in the address is kept for the session and removed from the address bar', () => {
    const store = new Map<string, string>();
    const sessionStorage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    const replaced: string[] = [];
    const history = { replaceState: (_d: unknown, _u: string, url?: string) => void replaced.push(String(url)) };
    expect(apiKeyFromPage({ location: { href: 'http://h:8080/?apikey=K1&x=1#frames' }, history, sessionStorage })).toBe('K1');
    expect(replaced).toEqual(['http://h:8080/?x=1#frames']);
    expect(apiKeyFromPage({ location: { href: 'http://h:8080/' }, history, sessionStorage })).toBe('K1');
    expect(apiKeyFromPage({ location: { href: 'http://h:8080/' }, history, sessionStorage: { getItem: () => null, setItem: () => undefined } })).toBeUndefined();
  });

  test('without a key no Authorization header is sent', async () => {
    const fetchFn = vi.fn(async () => new Response(JSON.stringify({ ok: true, result: {} }), { status: 200 }));
    const { transport } = setup(fetchFn as unknown as typeof fetch);
    await transport.invoke('listNights', {});
    const init = (fetchFn.mock.calls[0] as unknown as [string, RequestInit])[1];
    expect((init.headers as Record<string, string>).authorization).toBeUndefined();
  });
});
