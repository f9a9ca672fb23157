/**
 * NightDeck as a SAMP client (Standard Profile): finds the hub through its lockfile, registers,
 * declares metadata and subscriptions, receives calls and notifications on its callable server,
 * and reconnects. Quiet when there is no hub: it looks again on every tick of an injected
 * scheduler (10 s in the host; tests tick it by hand). While connected, each tick pings the hub,
 * so a hub that died without saying so (stale lockfile) is noticed. The secret and the private
 * key never leave this object: they are not logged, not reported, and scrubbed from hub errors.
 */
import { discoverHub, type HubLocation } from './lockfile.js';
import { startCallableServer, xmlRpcCall, type CallableServer, type StaticEntry } from './xmlrpc-http.js';
import { XmlRpcFault, type XmlRpcValue } from './xmlrpc.js';
import {
  asMap,
  asString,
  decodeSampResponse,
  encodeSampResponse,
  messageOf,
  sampError,
  toSampValue,
  type SampMap,
  type SampMessage,
  type SampResponse,
} from './samp-values.js';

export type SampState = 'off' | 'disabled' | 'searching' | 'connecting' | 'connected';

export interface SampStatusInfo {
  state: SampState;
  /** Why not connected (no secrets): e.g. a stale lockfile, a non-loopback hub, disabled by policy. */
  problem: string | null;
  hubUrl: string | null;
  selfId: string | null;
  /** The lockfile looked at. */
  lockfile: string | null;
}

/** Runs `fn` every `ms` milliseconds until the returned function is called. */
export type Scheduler = (ms: number, fn: () => Promise<void>) => () => void;

export const realScheduler: Scheduler = (ms, fn) => {
  const t = setInterval(() => void fn(), ms);
  t.unref();
  return () => clearInterval(t);
};

export interface SampLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
}

/** What NightDeck does with a message; a thrown error becomes samp.error with its message. */
export type MessageHandler = (message: SampMessage, senderId: string) => Promise<SampResponse>;

export interface SampClientOptions {
  env: NodeJS.ProcessEnv;
  metadata: (iconUrl: string) => Record<string, string>;
  /** MTypes NightDeck handles itself (hub events are added). */
  handlers: Record<string, MessageHandler>;
  statics?: Record<string, StaticEntry>;
  scheduler?: Scheduler;
  retryMs?: number;
  logger: SampLog;
  onStatus?: (status: SampStatusInfo) => void;
  /** Seconds a callAndWait may take (default 60). */
  callTimeoutS?: number;
}

interface Session {
  hub: HubLocation;
  privateKey: string;
  selfId: string;
  hubId: string;
}

const HUB_EVENTS = ['samp.hub.event.shutdown', 'samp.hub.disconnect', 'samp.hub.event.register', 'samp.hub.event.unregister', 'samp.hub.event.metadata', 'samp.hub.event.subscriptions'];

export interface RecipientReply {
  id: string;
  name: string | null;
  status: 'samp.ok' | 'samp.warning' | 'samp.error';
  errorText: string | null;
  result: SampMap;
}

export class SampClient {
  private server: CallableServer | null = null;
  private session: Session | null = null;
  private status: SampStatusInfo = { state: 'off', problem: null, hubUrl: null, selfId: null, lockfile: null };
  private attempt: Promise<void> | null = null;
  private stopTimer: (() => void) | null = null;
  private started = false;
  private lastLogged = '';
  private readonly scheduler: Scheduler;
  private readonly retryMs: number;

  constructor(private readonly opts: SampClientOptions) {
    this.scheduler = opts.scheduler ?? realScheduler;
    this.retryMs = opts.retryMs ?? 10_000;
  }

  getStatus(): SampStatusInfo {
    return { ...this.status };
  }

  get connected(): boolean {
    return this.session !== null;
  }

  /** Starts the callable server and the search for a hub. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.server = await startCallableServer(
      (method, params) => this.dispatch(method, params),
      this.opts.statics ?? {},
      (message) => this.opts.logger.warn({ reason: this.scrub(message) }, 'samp: callback failed'),
    );
    this.setStatus({ state: 'searching' });
    this.stopTimer = this.scheduler(this.retryMs, () => this.tick());
    await this.tick();
  }

  /** One look: register when there is a hub, or check the hub is still there. Never throws. */
  tick(): Promise<void> {
    if (!this.started) return Promise.resolve();
    this.attempt ??= (this.session ? this.checkAlive() : this.connect()).finally(() => {
      this.attempt = null;
    });
    return this.attempt;
  }

  /** Unregisters and stops everything (on exit). */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    this.stopTimer?.();
    this.stopTimer = null;
    await this.attempt?.catch(() => {});
    const s = this.session;
    this.session = null;
    if (s) {
      try {
        await xmlRpcCall(s.hub.xmlrpcUrl, 'samp.hub.unregister', [s.privateKey], 3000);
        this.opts.logger.info({ hub: s.hub.xmlrpcUrl }, 'samp: unregistered');
      } catch (err) {
        this.opts.logger.debug({ reason: this.scrub((err as Error).message) }, 'samp: unregister failed');
      }
    }
    await this.server?.close();
    this.server = null;
    this.setStatus({ state: 'off', problem: null, hubUrl: null, selfId: null });
  }

  // ---- calls to the hub (sending) ----

  private requireSession(): Session {
    if (!this.session) throw Object.assign(new Error('NightDeck is not connected to a SAMP hub'), { code: 'SAMP_NOT_CONNECTED' });
    return this.session;
  }

  private async hubCall(method: string, params: XmlRpcValue[], timeoutMs = 10_000): Promise<XmlRpcValue> {
    const s = this.requireSession();
    try {
      return await xmlRpcCall(s.hub.xmlrpcUrl, method, [s.privateKey, ...params], timeoutMs);
    } catch (err) {
      const message = this.scrub((err as Error).message);
      const code = err instanceof XmlRpcFault ? 'SAMP_HUB_ERROR' : ((err as { code?: string }).code ?? 'SAMP_HUB_ERROR');
      if (code === 'HUB_UNREACHABLE') this.lost('the hub stopped answering');
      throw Object.assign(new Error(message), { code });
    }
  }

  /** Clients subscribed to an MType, with their samp.name (null when they declared none). */
  async subscribedClients(mtype: string): Promise<{ id: string; name: string | null }[]> {
    const subs = asMap(toSampValue(await this.hubCall('samp.hub.getSubscribedClients', [mtype])));
    const ids = Object.keys(subs).filter((id) => id !== this.session?.selfId);
    return Promise.all(ids.map(async (id) => ({ id, name: await this.clientName(id) })));
  }

  async clientName(id: string): Promise<string | null> {
    try {
      return asString(asMap(toSampValue(await this.hubCall('samp.hub.getMetadata', [id])))['samp.name']) ?? null;
    } catch {
      return null;
    }
  }

  /** Sends a call to each recipient and waits for their replies (in parallel). */
  async callAndWait(recipients: { id: string; name: string | null }[], message: SampMessage): Promise<RecipientReply[]> {
    const timeoutS = this.opts.callTimeoutS ?? 60;
    const msg: SampMap = { 'samp.mtype': message.mtype, 'samp.params': message.params };
    return Promise.all(
      recipients.map(async (r): Promise<RecipientReply> => {
        try {
          const v = await this.hubCall('samp.hub.callAndWait', [r.id, msg, String(timeoutS)], (timeoutS + 5) * 1000);
          const resp = decodeSampResponse(toSampValue(v));
          return { id: r.id, name: r.name, status: resp.status, errorText: resp.errorText ?? null, result: resp.result };
        } catch (err) {
          return { id: r.id, name: r.name, status: 'samp.error', errorText: (err as Error).message, result: {} };
        }
      }),
    );
  }

  /** Notifies every subscribed client; returns their ids. */
  async notifyAll(message: SampMessage): Promise<string[]> {
    const v = toSampValue(await this.hubCall('samp.hub.notifyAll', [{ 'samp.mtype': message.mtype, 'samp.params': message.params }]));
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  }

  // ---- registration ----

  private async connect(): Promise<void> {
    const found = await discoverHub(this.opts.env);
    if (!this.started) return;
    if (!found.found) {
      this.setStatus({ state: 'searching', problem: found.problem, lockfile: found.lockfile, hubUrl: null, selfId: null });
      if (found.problem) this.logOnce(`lockfile:${found.problem}`, () => this.opts.logger.info({ problem: found.problem }, 'samp: no usable hub'));
      return;
    }
    const hub = found.hub;
    this.setStatus({ state: 'connecting', lockfile: hub.lockfile, hubUrl: hub.xmlrpcUrl, problem: null });
    let privateKey: string | null = null;
    try {
      const reg = asMap(toSampValue(await xmlRpcCall(hub.xmlrpcUrl, 'samp.hub.register', [hub.secret], 5000)));
      privateKey = asString(reg['samp.private-key']) ?? null;
      const selfId = asString(reg['samp.self-id']);
      if (!privateKey || !selfId) throw new Error('the hub did not return a private key and an id');
      const session: Session = { hub, privateKey, selfId, hubId: asString(reg['samp.hub-id']) ?? '' };
      const server = this.server!;
      await xmlRpcCall(hub.xmlrpcUrl, 'samp.hub.setXmlrpcCallback', [privateKey, server.url], 5000);
      await xmlRpcCall(hub.xmlrpcUrl, 'samp.hub.declareMetadata', [privateKey, this.opts.metadata(`${server.origin}/nightdeck-icon.png`)], 5000);
      const subs: SampMap = {};
      for (const mtype of [...Object.keys(this.opts.handlers), ...HUB_EVENTS]) subs[mtype] = {};
      await xmlRpcCall(hub.xmlrpcUrl, 'samp.hub.declareSubscriptions', [privateKey, subs], 5000);
      if (!this.started) {
        await xmlRpcCall(hub.xmlrpcUrl, 'samp.hub.unregister', [privateKey], 3000).catch(() => {});
        return;
      }
      this.session = session;
      this.lastLogged = '';
      this.setStatus({ state: 'connected', problem: null, selfId, hubUrl: hub.xmlrpcUrl, lockfile: hub.lockfile });
      this.opts.logger.info({ hub: hub.xmlrpcUrl, selfId }, 'samp: registered with the hub');
    } catch (err) {
      if (privateKey) await xmlRpcCall(hub.xmlrpcUrl, 'samp.hub.unregister', [privateKey], 3000).catch(() => {});
      const code = (err as { code?: string }).code;
      const problem =
        code === 'HUB_UNREACHABLE'
          ? `the hub named by ${hub.lockfile} does not answer (a stale lockfile?)`
          : `registration failed: ${this.scrub((err as Error).message, hub.secret)}`;
      this.setStatus({ state: 'searching', problem, selfId: null });
      this.logOnce(`register:${problem}`, () => this.opts.logger.info({ problem }, 'samp: not connected'));
    }
  }

  private async checkAlive(): Promise<void> {
    const s = this.session;
    if (!s) return;
    try {
      await xmlRpcCall(s.hub.xmlrpcUrl, 'samp.hub.ping', [s.privateKey], 5000);
    } catch (err) {
      if (err instanceof XmlRpcFault) this.lost('the hub no longer knows NightDeck');
      else this.lost('the hub stopped answering');
    }
  }

  /** The session is over (hub shut down, disconnected us, or vanished): search again. */
  private lost(reason: string): void {
    if (!this.session) return;
    this.session = null;
    this.setStatus({ state: 'searching', problem: reason, selfId: null });
    this.opts.logger.info({ reason }, 'samp: disconnected from the hub');
  }

  // ---- callbacks from the hub ----

  private async dispatch(method: string, params: XmlRpcValue[]): Promise<XmlRpcValue> {
    if (method === 'samp.app.ping' || method === 'samp.client.ping') return '';
    const s = this.session;
    const key = typeof params[0] === 'string' ? params[0] : '';
    if (!s || key !== s.privateKey) throw new XmlRpcFault(1, 'unknown private key');
    const sender = typeof params[1] === 'string' ? params[1] : '';
    switch (method) {
      case 'samp.client.receiveNotification': {
        const message = messageOf(params[2]);
        void this.handle(message, sender).catch(() => {});
        return '';
      }
      case 'samp.client.receiveCall': {
        const msgId = typeof params[2] === 'string' ? params[2] : '';
        const message = messageOf(params[3]);
        // Answer the XML-RPC call at once; the SAMP reply follows when the work is done.
        void this.handle(message, sender).then((response) => this.reply(s, msgId, response));
        return '';
      }
      case 'samp.client.receiveResponse':
        return ''; // NightDeck uses callAndWait: asynchronous responses are not expected
      default:
        throw new XmlRpcFault(1, `unknown method ${method}`);
    }
  }

  private async handle(message: SampMessage, sender: string): Promise<SampResponse> {
    if (message.mtype === 'samp.hub.event.shutdown' || message.mtype === 'samp.hub.disconnect') {
      this.lost(message.mtype === 'samp.hub.event.shutdown' ? 'the hub shut down' : 'the hub disconnected NightDeck');
      return { status: 'samp.ok', result: {} };
    }
    if (message.mtype.startsWith('samp.hub.event.')) return { status: 'samp.ok', result: {} };
    const handler = Object.prototype.hasOwnProperty.call(this.opts.handlers, message.mtype) ? this.opts.handlers[message.mtype] : undefined;
    if (!handler) return sampError(`NightDeck does not handle ${message.mtype}`);
    try {
      return await handler(message, sender);
    } catch (err) {
      this.opts.logger.warn({ mtype: message.mtype, reason: (err as Error).message }, 'samp: message failed');
      return sampError((err as Error).message);
    }
  }

  private async reply(s: Session, msgId: string, response: SampResponse): Promise<void> {
    try {
      await xmlRpcCall(s.hub.xmlrpcUrl, 'samp.hub.reply', [s.privateKey, msgId, encodeSampResponse(response)], 10_000);
    } catch (err) {
      this.opts.logger.warn({ reason: this.scrub((err as Error).message) }, 'samp: reply failed');
    }
  }

  // ---- helpers ----

  private setStatus(patch: Partial<SampStatusInfo>): void {
    const next = { ...this.status, ...patch };
    const changed = JSON.stringify(next) !== JSON.stringify(this.status);
    this.status = next;
    if (changed) this.opts.onStatus?.({ ...next });
  }

  private logOnce(key: string, log: () => void): void {
    if (this.lastLogged === key) return;
    this.lastLogged = key;
    log();
  }

  /** Removes the secret and the private key from a message (hubs quote keys in faults). */
  private scrub(message: string, ...extra: string[]): string {
    let out = message;
    for (const secret of [this.session?.privateKey, this.session?.hub.secret, ...extra]) {
      if (secret) out = out.split(secret).join('***');
    }
    return out;
  }
}
