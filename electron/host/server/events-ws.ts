/**
 * The event stream at `/api/events`: every host event as one JSON message
 * `{ "event": name, "payload": … }`. A client that stops reading is dropped rather than
 * letting its queue grow without bound.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Host } from '../host.js';
import type { Logger } from '../logger.js';

const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
const PING_INTERVAL_MS = 30_000;

export class EventStream {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  private readonly unsubscribe: () => void;
  private readonly alive = new WeakMap<WebSocket, boolean>();
  private readonly pinger: NodeJS.Timeout;

  constructor(host: Host, private readonly logger: Logger) {
    this.unsubscribe = host.onAny((event, payload) => this.broadcast(JSON.stringify({ event, payload })));
    this.wss.on('connection', (ws) => {
      this.alive.set(ws, true);
      ws.on('pong', () => this.alive.set(ws, true));
      ws.on('error', () => ws.terminate());
      // Clients only listen; anything they send is ignored.
      ws.send(JSON.stringify({ event: 'hello', payload: { mode: host.mode } }));
    });
    this.pinger = setInterval(() => {
      for (const ws of this.wss.clients) {
        if (this.alive.get(ws) === false) {
          ws.terminate();
          continue;
        }
        this.alive.set(ws, false);
        ws.ping();
      }
    }, PING_INTERVAL_MS);
    this.pinger.unref();
  }

  get clientCount(): number {
    return this.wss.clients.size;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
  }

  private broadcast(message: string): void {
    for (const ws of this.wss.clients) {
      if (ws.readyState !== ws.OPEN) continue;
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
        this.logger.warn('dropping an event client that stopped reading');
        ws.terminate();
        continue;
      }
      ws.send(message);
    }
  }

  close(): void {
    clearInterval(this.pinger);
    this.unsubscribe();
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }
}
