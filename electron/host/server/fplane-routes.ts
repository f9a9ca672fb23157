/**
 * FPlaneServer-compatible routes: `GET /fplane/` and `GET /fplane/<datestr>?actual_pos=0|1&full_fplane=0|1`
 * answer the fplane text; `POST /fplane` and `POST /fplane/<datestr>` with
 * `{"config", "commit", "datestr"?}` need an admin's `Authorization: FPS_API APIKEY=<key>`
 * (401 without or with a wrong key, 403 for a non-admin) and answer the resulting text.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Host } from '../host.js';
import { toApiError, httpStatusFor } from '../errors.js';
import { readJson, sendJson, sendText, queryOf } from './http-util.js';

function flag(q: URLSearchParams, name: string, fallback: boolean): boolean {
  const v = q.get(name);
  if (v === null || v === '') return fallback;
  return /^(1|true|yes)$/i.test(v);
}

function sendFailure(res: ServerResponse, err: unknown): void {
  const error = toApiError(err);
  const body: Record<string, unknown> = { success: false, code: error.code, message: error.message };
  const problems = (error.details as { problems?: unknown } | undefined)?.problems;
  if (problems) body.problems = problems;
  const headers: Record<string, string> = {};
  if (error.code === 'UNAUTHORIZED') headers['www-authenticate'] = 'FPS_API';
  sendJson(res, httpStatusFor(error.code), body, headers);
}

export async function handleFplane(host: Host, datestr: string | undefined, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    if (req.method === 'GET' || req.method === 'HEAD') {
      const q = queryOf(req);
      const full = flag(q, 'full_fplane', true);
      const actualPos = flag(q, 'actual_pos', false);
      const result = await host.call('getFplane', { ...(datestr ? { datestr } : {}), full, actualPos });
      if (!result.ok) return sendFailure(res, result.error);
      sendText(res, 200, (result.result as { text: string }).text);
      return;
    }
    if (req.method === 'POST') {
      // The admin check comes first: an unauthenticated caller learns nothing about the body.
      const auth = req.headers.authorization;
      if (!auth) return sendFailure(res, { code: 'UNAUTHORIZED', message: 'an admin API key is required: Authorization: FPS_API APIKEY=<key>' });
      const user = host.services.users.authenticate(auth);
      if (!user) return sendFailure(res, { code: 'UNAUTHORIZED', message: 'the API key is not valid' });
      if (user.role !== 'admin') return sendFailure(res, { code: 'FORBIDDEN', message: `user ${user.username} is not an admin` });
      const body = await readJson(req);
      if (!body || typeof body !== 'object' || Array.isArray(body)) {
        return sendFailure(res, { code: 'BAD_REQUEST', message: 'body must be {"config", "commit", "datestr"?}' });
      }
      const b = body as Record<string, unknown>;
      const request: Record<string, unknown> = { config: b.config, commit: b.commit };
      const date = datestr ?? b.datestr;
      if (date !== undefined) request.datestr = date;
      const result = await host.call('updateFplane', request, { authorization: auth });
      if (!result.ok) return sendFailure(res, result.error);
      sendText(res, 200, (result.result as { text: string }).text);
      return;
    }
    sendJson(res, 405, { success: false, message: 'use GET or POST' }, { allow: 'GET, POST' });
  } catch (err) {
    sendFailure(res, err);
  }
}

