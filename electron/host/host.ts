/**
 * The composition root: opens the store, creates the sources, the worker pool and the
 * event bus, and exposes one `call(operation, request)` used by both transports (Electron
 * IPC and HTTP). No module-level state: everything lives in the Host object.
 */
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { operations, isOperationName, type ApiResult, type EventName, type EventOf, type OperationName, type RequestOf, type ResponseOf, type Settings } from './api.js';
import { applyEnvOverrides, readSettingsFile, writeSettingsFile, type ConfiguredSources } from './config.js';
import { HostError, isInternal, toApiError } from './errors.js';
import { createLogger, scrubSecrets, type Logger } from './logger.js';
import { dataPaths } from './paths.js';
import type { HostServices, SourceListEntry } from './services.js';
import { createHandlers } from './handlers/index.js';
import type { CallContext, Handlers } from './handlers/types.js';
import { toFrameSummary } from './handlers/frame-view.js';
import { AutoAnalysis } from './auto-analysis.js';
import { ResultCache } from './result-cache.js';
import { DemoNight } from './demo/demo-night.js';
import { ensureDemoFplane } from './demo/demo-fplane.js';
import { openDatabase } from './store/db.js';
import { Catalogue } from './store/catalogue.js';
import { FplaneStore } from './store/fplane.js';
import { UserStore } from './store/users.js';
import { GradingStore } from './store/grading.js';
import { SourceManager } from './sources/source-manager.js';
import { AnalysisPool } from '../../native-workers/pool.js';
import type { FrameRecord } from './store/catalogue-types.js';
import { DisabledSamp, SampService } from './samp/samp-service.js';
import type { Scheduler } from './samp/samp-client.js';
import { packageVersion } from './version.js';

export interface HostConfig {
  /** Where NightDeck keeps its database, cache, settings and demo night. */
  dataDir: string;
  mode: 'desktop' | 'serve';
  /** Sources for this run (from the command line); when given they replace the configured ones without being saved. */
  sources?: Partial<ConfiguredSources>;
  /** Force the demo night (also started when no source is configured at all). */
  demo?: boolean;
  /** Never start the demo night, even with no source (tests). */
  noDemo?: boolean;
  logger?: Logger;
  /** Worker threads (default: cores − 1). */
  poolSize?: number;
  env?: NodeJS.ProcessEnv;
  /** Demo frame size in pixels (default 1024). */
  demoFrameSize?: number;
  /**
   * SAMP (issue 16). Without it the desktop follows the `samp` setting and `serve` keeps SAMP off.
   * `enabled: false` with a `reason` (e.g. a non-loopback bind) turns it off whatever the setting.
   */
  samp?: {
    enabled: boolean;
    reason?: string;
    /** SAMP operations need an admin's key (HTTP with --auth). */
    requireAdmin?: boolean;
    /** Tests drive the 10 s hub search by hand. */
    scheduler?: Scheduler;
    callTimeoutS?: number;
  };
}

export interface Host {
  readonly mode: 'desktop' | 'serve';
  readonly dataDir: string;
  readonly services: HostServices;
  /** Validates and runs one operation; never throws (errors come back in the envelope). */
  call(name: string, request: unknown, ctx?: CallContext): Promise<ApiResult<unknown>>;
  /** The same, typed, throwing a HostError on failure (for in-process callers). */
  invoke<N extends OperationName>(name: N, request: RequestOf<N>, ctx?: CallContext): Promise<ResponseOf<N>>;
  on<E extends EventName>(event: E, listener: (payload: EventOf<E>) => void): () => void;
  onAny(listener: (event: EventName, payload: unknown) => void): () => void;
  settings(): Settings;
  /** Background analysis has nothing queued or running. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export async function createHost(config: HostConfig): Promise<Host> {
  const env = config.env ?? process.env;
  const logger = config.logger ?? createLogger();
  const dataDir = resolve(config.dataDir);
  const base = dataPaths(dataDir);
  const paths = { ...base, exports: join(dataDir, 'exports'), thumbnails: join(base.cache, 'thumbnails') };
  for (const dir of [dataDir, paths.cache, paths.logs, paths.thumbnails]) mkdirSync(dir, { recursive: true });

  const file = readSettingsFile(paths.settings);
  let settings = applyEnvOverrides(file.settings, env);
  let savedSources = file.sources;
  let runtimeSources: ConfiguredSources | null = config.sources ? { s3: config.sources.s3 ?? [], folders: config.sources.folders ?? [] } : null;

  const db = openDatabase(paths.db);
  const catalogue = new Catalogue(db, { siteLongitudeDeg: settings.siteLongitudeDeg });
  const fplane = new FplaneStore(db);
  const users = new UserStore(db);
  const pool = new AnalysisPool({ ...(config.poolSize ? { size: config.poolSize } : {}), cacheBytes: settings.decodedCacheBytes });
  const sourceManager = new SourceManager({
    catalogue,
    cacheDir: paths.cache,
    cacheBytes: settings.cacheBytes,
    logger,
    siteLongitudeDeg: settings.siteLongitudeDeg,
  });

  const bus = new EventEmitter();
  bus.setMaxListeners(1000);
  const emit = (event: string, payload: unknown) => {
    try {
      bus.emit('event', event, payload);
    } catch (err) {
      logger.warn({ err: (err as Error).message, event }, 'event listener failed');
    }
  };

  let demo: DemoNight | null = null;
  let demoSourceId: string | null = null;
  let closed = false;

  const services: HostServices = {
    mode: config.mode,
    dataDir,
    paths,
    get demo() {
      return demo !== null;
    },
    logger,
    catalogue,
    pool: pool as unknown as HostServices['pool'],
    sources: {
      addS3: (c) => sourceManager.addS3(c as never),
      addFolder: (c) => sourceManager.addFolder(c),
      remove: (id) => sourceManager.remove(id),
      list: () =>
        (sourceManager.list() as SourceListEntry[]).map((e) => (e.id === demoSourceId ? { ...e, kind: 'demo' } : e)),
      ensureLocal: (source, key, signal) => sourceManager.ensureLocal(source, key, signal),
      resolveCompatFrame: (dir, name) => sourceManager.resolveCompatFrame(dir, name),
      on: (event, listener) => sourceManager.on(event as never, listener as never),
      start: () => sourceManager.start(),
      stop: () => sourceManager.stop(),
    },
    fplane,
    users,
    grading: new GradingStore(db),
    results: new ResultCache(),
    getSettings: () => settings,
    async setSettings(next) {
      const sampChanged = next.samp !== settings.samp;
      settings = next;
      if (sampChanged && !config.samp) await applySampSetting();
      writeSettingsFile(paths.settings, { settings, sources: savedSources });
      catalogue.setSiteLongitude(settings.siteLongitudeDeg);
      demo?.setInterval(settings.demoIntervalS);
      pool.setCacheBudget(settings.decodedCacheBytes);
    },
    getConfiguredSources: () => runtimeSources ?? savedSources,
    async setConfiguredSources(next) {
      // Sources set from the console are saved and replace the command line's for this run too.
      savedSources = next;
      runtimeSources = null;
      writeSettingsFile(paths.settings, { settings, sources: savedSources });
      await applySources(next);
    },
    emit,
  };

  const handlers: Handlers = createHandlers(services);
  const autoAnalysis = new AutoAnalysis(services, 1);

  // Source events → the host's event stream (frames as contract rows) + background analysis.
  const forwardFrame = (event: 'imageAdded' | 'imageUpdated') => (record: FrameRecord) => {
    emit(event, toFrameSummary(record));
    if (record.status === 'ready' && (!record.stats || !record.quality)) autoAnalysis.enqueue(record.id);
  };
  sourceManager.on('imageAdded', forwardFrame('imageAdded'));
  sourceManager.on('imageUpdated', forwardFrame('imageUpdated'));
  sourceManager.on('imageRemoved', (p) => emit('imageRemoved', { id: p.id, source: p.source, key: p.key }));
  sourceManager.on('sourceStatus', (p) => emit('sourceStatus', p));
  sourceManager.on('downloadProgress', (p) => emit('downloadProgress', p));
  // A file that left its source takes its decoded pixels with it (a live night stays bounded).
  sourceManager.on('fileGone', (p) => pool.forgetFile(p.path));

  const addedSourceIds: string[] = [];

  async function startDemo(): Promise<void> {
    if (demo) return;
    demo = new DemoNight({
      root: paths.demo,
      intervalS: settings.demoIntervalS,
      frameSize: config.demoFrameSize ?? (Number(env.NIGHTDECK_DEMO_FRAME_SIZE) || 1024),
      siteLongitudeDeg: settings.siteLongitudeDeg,
      logger,
    });
    await demo.start();
    // The demo's Focal plane view shows a configuration for its night, never NOT_FOUND.
    try {
      if (ensureDemoFplane(fplane, demo.night)) logger.info({ night: demo.night }, 'demo focal plane imported');
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'demo focal plane not imported');
    }
    const added = sourceManager.addFolder({ path: paths.demo, recursive: true }) as unknown as { id?: string } | string;
    demoSourceId = typeof added === 'string' ? added : (added?.id ?? null);
    if (!demoSourceId) demoSourceId = sourceManager.list().find((e) => e.config && (e.config as { path?: string }).path === paths.demo)?.id ?? null;
  }

  async function stopDemo(): Promise<void> {
    if (!demo) return;
    await demo.stop();
    demo = null;
    if (demoSourceId) await sourceManager.remove(demoSourceId);
    demoSourceId = null;
  }

  /** Replaces the running sources (the demo night runs when forced or when nothing else is configured). */
  async function applySources(next: ConfiguredSources): Promise<void> {
    for (const id of addedSourceIds.splice(0)) await sourceManager.remove(id);
    for (const s3 of next.s3) {
      const src = sourceManager.addS3({
        pollIntervalMs: Math.round(settings.pollIntervalS * 1000),
        // The autoDownload setting fetches the few newest frames as they land.
        autoDownloadNewest: settings.autoDownload ? 5 : 0,
        ...s3,
      } as never) as unknown as { id?: string } | string;
      const id = typeof src === 'string' ? src : src?.id;
      if (id) addedSourceIds.push(id);
    }
    for (const folder of next.folders) {
      const src = sourceManager.addFolder(folder) as unknown as { id?: string } | string;
      const id = typeof src === 'string' ? src : src?.id;
      if (id) addedSourceIds.push(id);
    }
    const wantDemo = !config.noDemo && (config.demo || (next.s3.length === 0 && next.folders.length === 0));
    if (wantDemo) await startDemo();
    else await stopDemo();
  }

  await applySources(runtimeSources ?? savedSources);
  sourceManager.start();

  // ---- SAMP (issue 16) ----
  let sampService: SampService | null = null;
  const sampOffReason = (): string =>
    config.samp?.reason ?? (config.mode === 'serve' && !config.samp ? 'start nightdeck serve with --samp' : "the 'samp' setting is off");
  async function startSamp(): Promise<void> {
    if (sampService) return;
    sampService = new SampService({
      env,
      version: packageVersion().version,
      author: { name: 'NightDeck developers' },
      cacheDir: paths.cache,
      sourceDeps: { catalogue, events: sourceManager.events, logger },
      addSource: (source) => {
        if (!sourceManager.get(source.id)) sourceManager.addSource(source);
      },
      emit,
      logger,
      requireAdmin: config.samp?.requireAdmin ?? false,
      ...(config.samp?.scheduler ? { scheduler: config.samp.scheduler } : {}),
      ...(config.samp?.callTimeoutS ? { callTimeoutS: config.samp.callTimeoutS } : {}),
    });
    services.samp = sampService;
    await sampService.start();
  }
  async function stopSamp(): Promise<void> {
    const running = sampService;
    sampService = null;
    services.samp = new DisabledSamp(sampOffReason());
    if (running) {
      await running.stop();
      emit('sampStatus', services.samp.status());
    }
  }
  async function applySampSetting(): Promise<void> {
    const on = config.samp ? config.samp.enabled : config.mode === 'desktop' && settings.samp === 'auto';
    if (on) await startSamp();
    else await stopSamp();
  }
  await applySampSetting();
  logger.info({ dataDir, mode: config.mode, demo: demo !== null, sources: sourceManager.list().map((e) => e.id) }, 'host started');

  async function call(name: string, request: unknown, ctx: CallContext = {}): Promise<ApiResult<unknown>> {
    if (closed) return { ok: false, error: { code: 'UNAVAILABLE', message: 'the host is shutting down' } };
    if (!isOperationName(name)) return { ok: false, error: { code: 'NOT_FOUND', message: `unknown operation '${String(name).slice(0, 60)}'` } };
    const parsed = operations[name].request.safeParse(request ?? {});
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message, code: i.code }));
      const summary = issues.slice(0, 3).map((i) => `${i.path.join('.') || '(request)'}: ${i.message}`).join('; ');
      return { ok: false, error: { code: 'BAD_REQUEST', message: `invalid ${name} request: ${summary}`, details: issues } };
    }
    try {
      const handler = handlers[name] as (req: unknown, ctx: CallContext) => Promise<unknown>;
      return { ok: true, result: await handler(parsed.data, ctx) };
    } catch (err) {
      const error = toApiError(err);
      if (isInternal(error)) {
        logger.error({ op: name, err: err instanceof Error ? { message: scrubSecrets(err.message), stack: err.stack } : scrubSecrets(String(err)) }, 'operation failed');
      }
      else logger.debug({ op: name, code: error.code, message: error.message }, 'operation refused');
      return { ok: false, error };
    }
  }

  return {
    mode: config.mode,
    dataDir,
    services,
    call,
    async invoke(name, request, ctx) {
      const r = await call(name, request, ctx);
      if (!r.ok) throw new HostError(r.error.code, r.error.message, r.error.details);
      return r.result as never;
    },
    on(event, listener) {
      const wrapped = (name: string, payload: unknown) => {
        if (name === event) (listener as (p: unknown) => void)(payload);
      };
      bus.on('event', wrapped);
      return () => bus.off('event', wrapped);
    },
    onAny(listener) {
      const wrapped = (name: EventName, payload: unknown) => listener(name, payload);
      bus.on('event', wrapped);
      return () => bus.off('event', wrapped);
    },
    settings: () => settings,
    idle: () => autoAnalysis.idle(),
    async close() {
      if (closed) return;
      closed = true;
      await stopSamp();
      await demo?.stop();
      await sourceManager.stop();
      await autoAnalysis.close();
      await pool.close();
      bus.removeAllListeners();
      db.close();
      logger.info('host closed');
    },
  };
}
