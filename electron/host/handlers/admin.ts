/** Version, focal plane, sources and settings. */
import { existsSync, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { HostError } from '../errors.js';
import type { AuthUser, HostServices, SourceListEntry } from '../services.js';
import type { SourceInfo } from '../api.js';
import { packageVersion } from '../version.js';
import type { CallContext, HandlerGroup } from './types.js';

type AdminOps = 'getVersion' | 'getFplane' | 'updateFplane' | 'getSources' | 'setSources' | 'getSettings' | 'setSettings';

/** The admin behind a request: an API key in the body, else the HTTP Authorization header. */
export function requireAdmin(s: HostServices, apiKey: string | undefined, ctx: CallContext): AuthUser {
  const header = apiKey ? `Bearer ${apiKey}` : ctx.authorization;
  const user = header ? s.users.authenticate(header) : null;
  if (!user) throw new HostError('UNAUTHORIZED', header ? 'the API key is not valid' : 'an admin API key is required');
  if (user.role !== 'admin') throw new HostError('FORBIDDEN', `user ${user.username} is not an admin`);
  return user;
}

const KINDS = new Set(['s3', 'folder', 'demo', 'samp']);

function toSourceInfo(e: SourceListEntry): SourceInfo {
  const kind = (KINDS.has(e.kind) ? e.kind : 'folder') as SourceInfo['kind'];
  return { id: e.id, kind, config: e.config, status: e.status };
}

export function listSources(s: HostServices): SourceInfo[] {
  return s.sources.list().map(toSourceInfo);
}

export function adminHandlers(s: HostServices): HandlerGroup<AdminOps> {
  return {
    async getVersion() {
      const { name, version } = packageVersion();
      return { name, version, mode: s.mode, demo: s.demo };
    },

    async getFplane(req) {
      return s.fplane.getFplane(req.datestr, { full: req.full ?? true, actualPos: req.actualPos ?? false });
    },

    async updateFplane(req, ctx) {
      const user = requireAdmin(s, req.apiKey, ctx);
      const body: { config: unknown; commit: boolean; datestr?: string } = { config: req.config, commit: req.commit };
      if (req.datestr !== undefined) body.datestr = req.datestr;
      const text = s.fplane.update(body);
      s.logger.info({ user: user.username, commit: req.commit, datestr: req.datestr ?? null }, 'fplane update');
      return { text };
    },

    async getSources() {
      return { sources: listSources(s) };
    },

    async setSources(req) {
      const problems: { field: string; message: string }[] = [];
      (req.folders ?? []).forEach((f, i) => {
        if (!isAbsolute(f.path)) problems.push({ field: `folders.${i}.path`, message: 'must be an absolute path' });
        else if (!existsSync(f.path) || !statSync(f.path).isDirectory()) {
          problems.push({ field: `folders.${i}.path`, message: `no such directory: ${f.path}` });
        }
      });
      const ids = new Set<string>();
      (req.s3 ?? []).forEach((c, i) => {
        const id = c.id ?? `${c.bucket}/${c.prefix ?? ''}`;
        if (ids.has(id)) problems.push({ field: `s3.${i}`, message: `duplicate source ${id}` });
        ids.add(id);
      });
      if (problems.length) {
        throw new HostError('INVALID_SOURCES', problems.map((p) => `${p.field}: ${p.message}`).join('; '), { problems });
      }
      const current = s.getConfiguredSources();
      await s.setConfiguredSources({ s3: req.s3 ?? current.s3, folders: req.folders ?? current.folders });
      return { sources: listSources(s) };
    },

    async getSettings() {
      return s.getSettings();
    },

    async setSettings(req) {
      const next = { ...s.getSettings(), ...req };
      await s.setSettings(next);
      return s.getSettings();
    },
  };
}
