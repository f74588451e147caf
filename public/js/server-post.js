/* ChatEngine: one JSON Subaction as a POST (docs/web-protocol.md, "JSON Subactions"). */
import { t } from './i18n.js';
import { actionFor } from './format.js';
import { normCode } from './error-code.js';

export class CommandError extends Error {
  constructor(code, message, status) {
    super(message || code || 'Error');
    this.code = code || 'error';
    this.norm = normCode(this.code);
    this.status = status || 0;
  }
}

/**
 * Where a POST goes: the Action rides in the query string too, because a reverse proxy in front of
 * ChatEngine and a ticket system routes by what it sees before the body (docs/nginx-chatengine.conf).
 */
export function postURL(script, action) {
  return script + '?Action=' + encodeURIComponent(action);
}

/**
 * POSTs `subaction` for the page's interface (config: the page's ce-config). Resolves with Data; rejects
 * with a CommandError: code 'network' when the server could not be reached or gave no JSON.
 * options: action, commandID, visitorToken, timeoutMs, signal (an AbortController's, to abort a long poll).
 */
export async function postSubaction(config, subaction, params, options) {
  const opts = options || {};
  const action = opts.action || actionFor(config.Interface);
  const body = new URLSearchParams();
  body.set('Action', action);
  if (subaction) body.set('Subaction', subaction);
  if (config.ChallengeToken) body.set('ChallengeToken', config.ChallengeToken);
  if (opts.visitorToken) body.set('VisitorToken', opts.visitorToken);
  if (opts.commandID) body.set('CommandID', opts.commandID);
  if (config.Language) body.set('Lang', config.Language);   // answers and system lines in the page's language
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null) body.set(k, String(v));
  }
  const controller = opts.controller || new AbortController();
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs || 30000);
  let res;
  try {
    res = await fetch(postURL(config.Script, action), {
      method: 'POST', body, credentials: 'same-origin', headers: { Accept: 'application/json' }, signal: controller.signal,
    });
  } catch (e) {
    throw new CommandError('network', t('The server cannot be reached.'), 0);
  } finally {
    clearTimeout(timer);
  }
  let json = null;
  try { json = await res.json(); } catch (e) { json = null; }
  if (!json || typeof json !== 'object') {
    if (res.status === 401) throw new CommandError('no_session', t('Your session has expired.'), 401);
    throw new CommandError('network', t('Unexpected answer from the server (HTTP %s).', res.status), res.status);
  }
  if (json.OK === false || (!res.ok && json.OK !== true)) {
    const err = json.Error || {};
    throw new CommandError(err.Code || 'error', err.Message || ('HTTP ' + res.status), res.status);
  }
  return json.Data !== undefined ? json.Data : json;
}
