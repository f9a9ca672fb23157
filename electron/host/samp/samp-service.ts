/**
 * SAMP in the host: the client (registration, callbacks), the SAMP source, and what the API
 * handlers call (status, clients, send, point). Created by the host when SAMP is on; when the
 * policy turns it off (settings, or a non-loopback bind) a disabled service answers instead,
 * so status and refusals are clear.
 */
import { pathToFileURL } from 'node:url';
import type { FrameRecord } from '../store/catalogue-types.js';
import type { SourceDeps } from '../sources/source-types.js';
import { sampIconPng } from './icon.js';
import { createInbox } from './inbox.js';
import { SampClient, type RecipientReply, type SampLog, type SampStatusInfo, type Scheduler } from './samp-client.js';
import { SampSource } from './samp-source.js';

export interface SampPublicStatus extends SampStatusInfo {
  enabled: boolean;
}

/** What the handlers need (HostServices.samp). */
export interface SampPort {
  status(): SampPublicStatus;
  /** SAMP operations over HTTP need an admin's key (set when the server runs with --auth). */
  readonly requireAdmin: boolean;
  listClients(): Promise<{ id: string; name: string | null }[]>;
  sendImage(path: string, name: string, imageId: string, recipient?: string): Promise<{ url: string; recipients: RecipientReply[] }>;
  pointAt(raDeg: number, decDeg: number): Promise<string[]>;
}

export interface SampServiceOptions {
  env: NodeJS.ProcessEnv;
  version: string;
  author: { name: string; email?: string };
  cacheDir: string;
  sourceDeps: SourceDeps;
  /** Registers the SAMP source with the host's sources. */
  addSource(source: SampSource): void;
  emit(event: string, payload: unknown): void;
  logger: SampLog;
  requireAdmin: boolean;
  scheduler?: Scheduler;
  retryMs?: number;
  callTimeoutS?: number;
}

export function sampError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

export class SampService implements SampPort {
  readonly client: SampClient;
  readonly source: SampSource;
  readonly requireAdmin: boolean;

  constructor(private readonly opts: SampServiceOptions) {
    this.requireAdmin = opts.requireAdmin;
    this.source = new SampSource(opts.cacheDir, opts.sourceDeps);
    opts.addSource(this.source);
    const inbox = createInbox({
      load: (req) => this.source.load(req),
      loaded: (record: FrameRecord, senderId) =>
        opts.emit('sampImageLoaded', { id: record.id, night: record.night, name: record.name, sender: senderId }),
      pointAt: (ra, dec, senderId) => opts.emit('sampPointAt', { ra, dec, sender: senderId }),
    });
    this.client = new SampClient({
      env: opts.env,
      handlers: inbox,
      metadata: (iconUrl) => ({
        'samp.name': 'NightDeck',
        'samp.description.text': 'NightDeck observatory console: live FITS frames of the night, their statistics and quality',
        'samp.icon.url': iconUrl,
        'author.name': opts.author.name,
        ...(opts.author.email ? { 'author.email': opts.author.email } : {}),
        'author.affiliation': 'NightDeck',
        'nightdeck.version': opts.version,
      }),
      statics: { '/nightdeck-icon.png': { contentType: 'image/png', body: sampIconPng } },
      logger: opts.logger,
      onStatus: (s) => opts.emit('sampStatus', { ...s, enabled: true }),
      ...(opts.scheduler ? { scheduler: opts.scheduler } : {}),
      ...(opts.retryMs ? { retryMs: opts.retryMs } : {}),
      ...(opts.callTimeoutS ? { callTimeoutS: opts.callTimeoutS } : {}),
    });
  }

  start(): Promise<void> {
    return this.client.start();
  }

  stop(): Promise<void> {
    return this.client.stop();
  }

  status(): SampPublicStatus {
    return { ...this.client.getStatus(), enabled: true };
  }

  async listClients(): Promise<{ id: string; name: string | null }[]> {
    return this.client.subscribedClients('image.load.fits');
  }

  async sendImage(path: string, name: string, imageId: string, recipient?: string): Promise<{ url: string; recipients: RecipientReply[] }> {
    const url = pathToFileURL(path).href;
    const all = await this.client.subscribedClients('image.load.fits');
    const targets = recipient === undefined ? all : all.filter((c) => c.id === recipient);
    if (recipient !== undefined && targets.length === 0) {
      throw sampError('NOT_FOUND', `no SAMP client '${recipient}' takes image.load.fits`);
    }
    const recipients = await this.client.callAndWait(targets, { mtype: 'image.load.fits', params: { url, name, 'image-id': imageId } });
    return { url, recipients };
  }

  pointAt(raDeg: number, decDeg: number): Promise<string[]> {
    return this.client.notifyAll({ mtype: 'coord.pointAt.sky', params: { ra: String(raDeg), dec: String(decDeg) } });
  }
}

/** Stands in when SAMP is off: a clear status, and every operation refused with the reason. */
export class DisabledSamp implements SampPort {
  readonly requireAdmin = false;
  constructor(private readonly reason: string) {}
  status(): SampPublicStatus {
    return { enabled: false, state: 'disabled', problem: this.reason, hubUrl: null, selfId: null, lockfile: null };
  }
  async listClients(): Promise<never> {
    throw sampError('SAMP_DISABLED', `SAMP is off: ${this.reason}`);
  }
  async sendImage(): Promise<never> {
    throw sampError('SAMP_DISABLED', `SAMP is off: ${this.reason}`);
  }
  async pointAt(): Promise<never> {
    throw sampError('SAMP_DISABLED', `SAMP is off: ${this.reason}`);
  }
}
