/* ChatEngine: the connection's reconnect logic as a pure state machine (docs/web-protocol.md).
 * No DOM, no timers, no sockets: `transition(state, event)` returns the next state and the effects the
 * driver (chat-connection.js) performs; the driver reports what happened back as events. Unit-tested
 * in Tests/js/connection-state.test.mjs.
 *
 * Phases: idle → connecting → (socket) open → live; on loss: waiting (a timer) → connecting again,
 * through checking (is the session still there?) when the socket could not even open; offline while the
 * browser says so; stopped at the end. Transport: socket, or polling for good after the fallback.
 */
import { normCode } from './error-code.js';

export const BACKOFF_MIN = 500;
export const BACKOFF_MAX = 10000;
/** The socket may close this often before a Snapshot before a page that never had one falls back to polling. */
export const CLOSES_BEFORE_POLLING = 3;

const CLOSE_SERVICE_RESTART = 1012;
const CLOSE_TOO_SLOW = 4008;
const CLOSE_NO_SESSION = 4401;

export { normCode };

const SESSION_CODES = new Set(['nosession', 'challengetoken']);

/** Whether an error (a {code|Code, status} object) means the session or visitor token is gone. */
export function isSessionError(error) {
  if (!error) return false;
  return SESSION_CODES.has(normCode(error.code !== undefined ? error.code : error.Code)) || error.status === 401;
}

export function initialState(transport) {
  return {
    phase: 'idle',
    transport: transport === 'polling' ? 'polling' : 'socket',
    backoff: BACKOFF_MIN,
    everLive: false,           // a Snapshot arrived once: never fall back to polling after that
    closesBeforeSnapshot: 0,
    opened: false,             // the current socket opened (else the next try checks the session first)
    since: {},                 // ChatID -> last Seq delivered (the Hello's and the long poll's Since)
    pending: [],               // unacknowledged commands in order: {id, subaction, params, sent}
  };
}

/** What #ce-connection-status shows. */
export function statusOf(state) {
  switch (state.phase) {
    case 'stopped': return 'stopped';
    case 'offline': return 'offline';
    case 'live': return state.transport === 'polling' ? 'polling' : 'connected';
    case 'idle': return 'connecting';
    case 'connecting':
    case 'open': return state.everLive ? 'reconnecting' : 'connecting';
    default: return 'reconnecting';
  }
}

/** A socket frame can go out now (typing, heartbeats). */
export function socketReady(state) {
  return state.transport === 'socket' && (state.phase === 'open' || state.phase === 'live');
}

/** Long polling is the transport and working (typing and heartbeats go as POSTs). */
export function pollingReady(state) {
  return state.transport === 'polling' && (state.phase === 'live' || state.phase === 'connecting');
}

function commandFrame(entry) {
  return { Type: 'Command', CommandID: entry.id, Subaction: entry.subaction, Params: entry.params };
}

function with_(state, changes) {
  return Object.assign({}, state, changes);
}

/** Sends every pending command not yet sent on the current link, once. */
function sendPending(state) {
  const effects = [];
  const pending = state.pending.map((entry) => {
    if (entry.sent) return entry;
    effects.push(state.transport === 'socket' ? { type: 'send', frame: commandFrame(entry) } : { type: 'post', id: entry.id });
    return with_(entry, { sent: true });
  });
  return { state: with_(state, { pending }), effects };
}

function unsent(pending) {
  return pending.map((entry) => (entry.sent ? with_(entry, { sent: false }) : entry));
}

function connect(state) {
  if (state.transport === 'polling') {
    const sent = sendPending(with_(state, { phase: 'connecting' }));
    return { state: sent.state, effects: [{ type: 'poll', wait: 0, since: state.since }].concat(sent.effects) };
  }
  return { state: with_(state, { phase: 'connecting', opened: false }), effects: [{ type: 'openSocket' }] };
}

function stop(state, extra) {
  const effects = [{ type: 'cancelTimer' }, { type: 'closeSocket' }, { type: 'abortPoll' }].concat(extra || []);
  return { state: with_(state, { phase: 'stopped' }), effects };
}

function sessionLost(state, error) {
  const settle = state.pending.map((entry) => ({ type: 'settle', id: entry.id, ok: false, error }));
  const out = stop(with_(state, { pending: [] }), settle.concat([{ type: 'sessionLost', error }]));
  return out;
}

/** Waits before the next try; the delay doubles up to BACKOFF_MAX. */
function retryLater(state, delay) {
  return {
    state: with_(state, { phase: 'waiting', backoff: Math.min(state.backoff * 2, BACKOFF_MAX) }),
    effects: [{ type: 'schedule', ms: delay === undefined ? state.backoff : delay }],
  };
}

function switchToPolling(state) {
  const polling = with_(state, { transport: 'polling', backoff: BACKOFF_MIN, pending: unsent(state.pending) });
  const next = connect(polling);
  return { state: next.state, effects: [{ type: 'transport', transport: 'polling' }].concat(next.effects) };
}

function socketClosed(state, event) {
  const closed = with_(state, { pending: unsent(state.pending) });
  if (event.code === CLOSE_NO_SESSION) return sessionLost(closed, { code: 'NoSession', status: 401 });
  if (state.phase !== 'live') {
    const closes = state.closesBeforeSnapshot + 1;
    const counted = with_(closed, { closesBeforeSnapshot: closes });
    if (!state.everLive && (!state.opened || closes >= CLOSES_BEFORE_POLLING)) return switchToPolling(counted);
    return retryLater(counted, event.code === CLOSE_TOO_SLOW ? BACKOFF_MIN : undefined);
  }
  if (event.code === CLOSE_SERVICE_RESTART) {
    // a graceful restart is no failure: no growing backoff; a random 1–2 s spreads the pages out
    const delay = 1000 + Math.floor((Number(event.random) || 0) * 1000);
    return { state: with_(closed, { phase: 'waiting' }), effects: [{ type: 'schedule', ms: delay }] };
  }
  return retryLater(closed, event.code === CLOSE_TOO_SLOW ? BACKOFF_MIN : undefined);
}

/** Events of one chat: those at or below the last delivered Seq are dropped (nothing shows twice). */
function deliver(state, chat, events) {
  if (!chat || chat.ChatID === undefined || chat.ChatID === null) return { state, effects: [] };
  const id = String(chat.ChatID);
  let last = state.since[id] || 0;
  const fresh = [];
  const numbered = Array.isArray(events) ? events.filter((ev) => ev && typeof ev.Seq === 'number') : [];
  for (const ev of numbered.sort((a, b) => a.Seq - b.Seq)) {
    if (ev.Seq <= last) continue;
    fresh.push(ev);
    last = ev.Seq;
  }
  const since = Object.assign({}, state.since, { [id]: last });
  return { state: with_(state, { since }), effects: [{ type: 'deliver', chat, events: fresh }] };
}

function command(state, event) {
  const entry = { id: event.id, subaction: event.subaction, params: event.params || {}, sent: false };
  const next = with_(state, { pending: state.pending.concat([entry]) });
  const canSend = socketReady(state) || pollingReady(state) || state.phase === 'idle';
  if (!canSend) return { state: next, effects: [] };   // goes after the next Hello or successful poll
  if (state.phase === 'idle') {
    // not started (a page that only posts): a plain POST
    return { state: with_(next, { pending: next.pending.map((e) => (e.id === entry.id ? with_(e, { sent: true }) : e)) }),
      effects: [{ type: 'post', id: entry.id }] };
  }
  return sendPending(next);
}

function result(state, event) {
  if (!state.pending.some((entry) => entry.id === event.id)) return { state, effects: [] };  // a repeated answer
  const next = with_(state, { pending: state.pending.filter((entry) => entry.id !== event.id) });
  const settle = { type: 'settle', id: event.id, ok: !!event.ok, data: event.data, error: event.error };
  if (!event.ok && isSessionError(event.error)) {
    const lost = sessionLost(next, event.error);
    return { state: lost.state, effects: [settle].concat(lost.effects) };
  }
  return { state: next, effects: [settle] };
}

const live = (phase) => phase !== 'stopped' && phase !== 'idle';

/**
 * The next state and the effects to perform. Events:
 *   start, stop, socketOpen, snapshot, socketClosed {code, random}, retry (the scheduled timer fired),
 *   sessionOk, sessionLost {error}, pollOk, pollFailed {error}, offline, online,
 *   command {id, subaction, params}, result {id, ok, data, error}, postFailed {id} (network, not answered),
 *   events {chat, events}.
 * Effects: openSocket, closeSocket, send {frame}, poll {wait, since}, abortPoll, post {id},
 *   schedule {ms} (replaces a scheduled retry), cancelTimer, checkSession, settle {id, ok, data, error},
 *   sessionLost {error}, transport {transport}, deliver {chat, events}.
 */
export function transition(state, event) {
  const none = { state, effects: [] };
  const phase = state.phase;
  switch (event.type) {
    case 'start':
      return phase === 'idle' ? connect(state) : none;
    case 'stop':
      return phase === 'stopped' ? none : stop(state);
    case 'socketOpen': {
      if (phase !== 'connecting' || state.transport !== 'socket') return none;
      const opened = with_(state, { phase: 'open', opened: true });
      const sent = sendPending(opened);
      return { state: sent.state, effects: [{ type: 'send', frame: { Type: 'Hello', Since: state.since } }].concat(sent.effects) };
    }
    case 'snapshot':
      if (phase === 'open' || (phase === 'live' && state.transport === 'socket')) {
        return { state: with_(state, { phase: 'live', everLive: true, closesBeforeSnapshot: 0, backoff: BACKOFF_MIN }), effects: [] };
      }
      return state.transport === 'polling' && live(phase) ? { state: with_(state, { everLive: true }), effects: [] } : none;
    case 'socketClosed':
      return state.transport === 'socket' && ['connecting', 'open', 'live'].includes(phase) ? socketClosed(state, event) : none;
    case 'retry':
      if (phase !== 'waiting') return none;
      if (state.transport === 'socket' && !state.opened) {
        // the upgrade was refused or the server is down: find out whether the session is gone
        return { state: with_(state, { phase: 'checking' }), effects: [{ type: 'checkSession' }] };
      }
      return connect(state);
    case 'sessionOk':
      return phase === 'checking' ? connect(state) : none;
    case 'sessionLost':
      return phase === 'stopped' ? none : sessionLost(state, event.error);
    case 'pollOk': {
      if (state.transport !== 'polling' || (phase !== 'connecting' && phase !== 'live')) return none;
      const sent = sendPending(with_(state, { phase: 'live', backoff: BACKOFF_MIN, everLive: true }));
      return { state: sent.state, effects: [{ type: 'poll', wait: 25, since: sent.state.since }].concat(sent.effects) };
    }
    case 'pollFailed':
      if (state.transport !== 'polling' || (phase !== 'connecting' && phase !== 'live')) return none;
      if (isSessionError(event.error)) return sessionLost(state, event.error);
      return retryLater(with_(state, { pending: unsent(state.pending) }));
    case 'offline':
      if (!live(phase) || phase === 'offline') return none;
      return {
        state: with_(state, { phase: 'offline', pending: unsent(state.pending) }),
        effects: [{ type: 'cancelTimer' }, state.transport === 'socket' ? { type: 'closeSocket' } : { type: 'abortPoll' }],
      };
    case 'online':
      return phase === 'offline' ? connect(with_(state, { backoff: BACKOFF_MIN })) : none;
    case 'command':
      return phase === 'stopped' ? { state, effects: [{ type: 'settle', id: event.id, ok: false, error: { code: 'NoSession', status: 401 } }] }
        : command(state, event);
    case 'result':
      return result(state, event);
    case 'postFailed': {
      const next = with_(state, { pending: state.pending.map((e) => (e.id === event.id ? with_(e, { sent: false }) : e)) });
      // a socket that works takes it now; else it goes with the next connection or successful poll
      return socketReady(next) ? sendPending(next) : { state: next, effects: [] };
    }
    case 'events':
      return deliver(state, event.chat, event.events);
    default:
      return none;
  }
}
