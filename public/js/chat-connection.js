/* ChatEngine: the page's connection to the server (docs/web-protocol.md). The decisions (when to
 * reconnect, fall back to long polling, resend a command, drop an event seen before) are made by the
 * pure state machine in connection-state.js; this file performs its effects with a WebSocket, fetch and
 * one timer, and tells the page what arrived through on(type, fn):
 *   status (the #ce-connection-status value), snapshot, events {chat, events}, requests, typing,
 *   notification, server-error, session-lost, transport.
 */
import { t } from './i18n.js';
import { initialState, isSessionError, pollingReady, socketReady, statusOf, transition } from './connection-state.js';
import { CommandError, postSubaction } from './server-post.js';
import { newCommandID, storageGet } from './browser.js';

const STATUS_TEXT = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  polling: 'Connected (polling)',
  offline: 'Offline: waiting for the network…',
  stopped: 'Disconnected',
};
const HEARTBEAT_MS = 20000;
const TYPING_EVERY_MS = 2000;

/** Polling when the page, the URL (CETransport=polling) or localStorage["ce-transport"] asks for it. */
function wantsPolling(config, transport) {
  if (transport) return transport === 'polling';
  if (typeof window.WebSocket !== 'function' || config.Transport === 'polling') return true;
  if (/(?:^|[?;&])CETransport=polling(?:$|[;&])/.test(window.location.search)) return true;
  return storageGet('localStorage', 'ce-transport') === 'polling';
}

export class ChatConnection {
  /** config: the page's ce-config. options: visitorToken (public pages), transport ('socket'|'polling'). */
  constructor(config, options) {
    const opts = options || {};
    this.config = config;
    this.visitorToken = opts.visitorToken || null;
    this.state = initialState(wantsPolling(config, opts.transport) ? 'polling' : 'socket');
    this.listeners = new Map();
    this.waiters = new Map();      // CommandID -> {resolve, reject}
    this.chats = new Map();        // ChatID -> {chat, events}: what a view opened later starts from
    this.ws = null;
    this.pollController = null;
    this.timer = null;
    this.userInput = false;
    this.typingSentAt = new Map();
    this.typingTimers = new Map();
    this.typingInternal = new Map();
    this.renderStatus();
  }

  on(type, fn) {
    if (!this.listeners.has(type)) this.listeners.set(type, []);
    this.listeners.get(type).push(fn);
    return this;
  }

  emit(type, payload) {
    for (const fn of this.listeners.get(type) || []) {
      try { fn(payload); } catch (e) { console.error('ChatEngine listener', type, e); }
    }
  }

  /** Feeds the state machine one event and performs what it returns. */
  dispatch(event) {
    const before = statusOf(this.state);
    const out = transition(this.state, event);
    this.state = out.state;
    for (const effect of out.effects) this.perform(effect);
    if (statusOf(this.state) !== before) {
      this.renderStatus();
      this.emit('status', statusOf(this.state));
    }
  }

  perform(effect) {
    switch (effect.type) {
      case 'openSocket': this.openSocket(); break;
      case 'closeSocket': this.closeSocket(); break;
      case 'send': this.sendFrame(effect.frame); break;
      case 'poll': this.poll(effect.wait, effect.since); break;
      case 'abortPoll': if (this.pollController) { this.pollController.abort(); this.pollController = null; } break;
      case 'post': this.postCommand(effect.id); break;
      case 'schedule':
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.dispatch({ type: 'retry' }), effect.ms);
        break;
      case 'cancelTimer': clearTimeout(this.timer); break;
      case 'checkSession': this.checkSession(); break;
      case 'settle': this.settle(effect); break;
      case 'sessionLost': this.emit('session-lost', effect.error); break;
      case 'transport': this.emit('transport', effect.transport); break;
      case 'deliver': this.deliver(effect.chat, effect.events); break;
      default: break;
    }
  }

  renderStatus() {
    const node = document.getElementById('ce-connection-status');
    if (!node) return;
    const status = statusOf(this.state);
    node.setAttribute('data-state', status);
    node.textContent = STATUS_TEXT[status] ? t(STATUS_TEXT[status]) : status;
    node.title = node.textContent;
  }

  // ------------------------------------------------------------------ lifecycle

  start() {
    if (this.state.phase !== 'idle') return this;
    const mark = () => { this.userInput = true; };
    for (const ev of ['keydown', 'mousedown', 'mousemove', 'touchstart', 'wheel']) {
      document.addEventListener(ev, mark, { passive: true, capture: true });
    }
    this.onOffline = () => this.dispatch({ type: 'offline' });
    this.onOnline = () => this.dispatch({ type: 'online' });
    window.addEventListener('offline', this.onOffline);
    window.addEventListener('online', this.onOnline);
    this.heartbeatTimer = setInterval(() => this.heartbeat(), HEARTBEAT_MS);
    this.dispatch({ type: 'start' });
    if (navigator.onLine === false) this.dispatch({ type: 'offline' });
    return this;
  }

  stop() {
    clearInterval(this.heartbeatTimer);
    window.removeEventListener('offline', this.onOffline);
    window.removeEventListener('online', this.onOnline);
    this.dispatch({ type: 'stop' });
  }

  // ------------------------------------------------------------------ WebSocket

  socketAddress() {
    const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    const q = new URLSearchParams();
    q.set('Interface', this.config.Interface);
    if (this.visitorToken) q.set('VisitorToken', this.visitorToken);
    else q.set('ChallengeToken', this.config.ChallengeToken || '');
    if (this.config.Language) q.set('Lang', this.config.Language);   // system lines in the page's language
    const path = this.config.SocketURL || '/otrs/ws';
    return scheme + '//' + window.location.host + path + (path.indexOf('?') >= 0 ? '&' : '?') + q.toString();
  }

  openSocket() {
    let ws;
    try {
      ws = new WebSocket(this.socketAddress());
    } catch (e) {
      setTimeout(() => this.dispatch({ type: 'socketClosed', code: 1006, random: Math.random() }), 0);
      return;
    }
    this.ws = ws;
    const current = () => this.ws === ws;   // a replaced or closed socket's callbacks change nothing
    ws.onopen = () => { if (current()) this.dispatch({ type: 'socketOpen' }); };
    ws.onmessage = (msg) => {
      if (!current()) return;
      let frame;
      try { frame = JSON.parse(msg.data); } catch (e) { return; }
      this.handleFrame(frame);
    };
    ws.onclose = (ev) => {
      if (!current()) return;
      this.ws = null;
      this.dispatch({ type: 'socketClosed', code: ev.code, random: Math.random() });
    };
  }

  closeSocket() {
    const ws = this.ws;
    this.ws = null;
    if (ws) { try { ws.close(1000); } catch (e) { /* already closed */ } }
  }

  sendFrame(frame) {
    if (!this.ws || this.ws.readyState !== 1) return;
    try { this.ws.send(JSON.stringify(frame)); } catch (e) { /* onclose follows */ }
  }

  // ------------------------------------------------------------------ HTTP

  /** POST a Subaction (lists, previews, histories); resolves with Data, rejects with CommandError. */
  request(subaction, params, options) {
    return postSubaction(this.config, subaction, params, Object.assign({ visitorToken: this.visitorToken }, options));
  }

  async poll(wait, since) {
    const controller = new AbortController();
    this.pollController = controller;
    try {
      const data = await this.request('Events', { Since: JSON.stringify(since || {}), Wait: String(wait) },
        { timeoutMs: 45000, controller });
      if (this.pollController !== controller) return;
      for (const frame of (data && Array.isArray(data.Frames)) ? data.Frames : []) this.handleFrame(frame);
      this.dispatch({ type: 'pollOk' });
    } catch (e) {
      if (this.pollController === controller) this.dispatch({ type: 'pollFailed', error: e });
    }
  }

  async checkSession() {
    try {
      await this.request('Heartbeat', { Input: '0' });
    } catch (e) {
      if (isSessionError(e)) { this.dispatch({ type: 'sessionLost', error: e }); return; }
    }
    this.dispatch({ type: 'sessionOk' });
  }

  async postCommand(id) {
    const entry = this.state.pending.find((e) => e.id === id);
    if (!entry) return;
    try {
      const data = await this.request(entry.subaction, entry.params, { commandID: id });
      this.dispatch({ type: 'result', id, ok: true, data });
    } catch (e) {
      if (e.code === 'network') this.dispatch({ type: 'postFailed', id });
      else this.dispatch({ type: 'result', id, ok: false, error: e });
    }
  }

  // ------------------------------------------------------------------ commands

  /** A state-changing command with a CommandID, kept and resent until the server answers it. */
  command(subaction, params) {
    const strParams = {};
    for (const [k, v] of Object.entries(params || {})) {
      if (v !== undefined && v !== null) strParams[k] = String(v);
    }
    const id = newCommandID();
    return new Promise((resolve, reject) => {
      this.waiters.set(id, { resolve, reject });
      this.dispatch({ type: 'command', id, subaction, params: strParams });
    });
  }

  settle(effect) {
    const waiter = this.waiters.get(effect.id);
    if (!waiter) return;
    this.waiters.delete(effect.id);
    if (effect.ok) waiter.resolve(effect.data || {});
    else {
      const e = effect.error || {};
      waiter.reject(e instanceof Error ? e : new CommandError(e.code || e.Code, e.message || e.Message, e.status));
    }
  }

  // ------------------------------------------------------------------ frames

  handleFrame(frame) {
    if (!frame || typeof frame !== 'object') return;
    switch (frame.Type) {
      case 'Snapshot':
        this.dispatch({ type: 'snapshot' });
        this.emit('snapshot', frame.Data || {});
        break;
      case 'Events': this.dispatch({ type: 'events', chat: frame.Chat, events: frame.Events }); break;
      case 'Requests': this.emit('requests', frame.Data || {}); break;
      case 'Result': {
        const err = frame.Error || {};
        this.dispatch({ type: 'result', id: frame.CommandID, ok: frame.OK !== false, data: frame.Data,
          error: frame.OK === false ? new CommandError(err.Code, err.Message) : undefined });
        break;
      }
      case 'Typing': this.emit('typing', frame); break;
      case 'Notification': this.emit('notification', frame); break;
      case 'Error': this.emit('server-error', frame.Error || {}); break;
      default: break;
    }
  }

  /** Merges a chat's summary (slim frames carry only a part) and its new events; emits 'events'. */
  deliver(chat, events) {
    const id = String(chat.ChatID);
    let entry = this.chats.get(id);
    if (!entry) {
      entry = { chat, events: [] };
      this.chats.set(id, entry);
    }
    entry.chat = Object.assign({}, entry.chat, chat);
    for (const ev of events) entry.events.push(ev);
    this.emit('events', { chat: entry.chat, events });
  }

  /** Known state of one chat: {chat, events} or undefined. */
  chatEntry(chatID) {
    return this.chats.get(String(chatID));
  }

  /** Fetches a chat's events after the last one shown (a chat opened before any frame) and merges them. */
  async catchUp(chatID, subaction) {
    const id = String(chatID);
    const data = await this.request(subaction || (this.config.Interface === 'Agent' ? 'ChatHistory' : 'ChatUpdate'),
      { ChatID: id, After: this.state.since[id] || 0 });
    if (data && data.Chat) this.dispatch({ type: 'events', chat: data.Chat, events: data.Events || [] });
    return data;
  }

  // ------------------------------------------------------------------ typing and heartbeats

  /** At most one signal per chat every 2 s; typing inside the window is signalled at its end. `internal`:
   *  an internal message is being typed (the server tells only agents). */
  typing(chatID, internal) {
    const id = String(chatID);
    this.typingInternal.set(id, !!internal);
    const since = Date.now() - (this.typingSentAt.get(id) || 0);
    if (since < TYPING_EVERY_MS) {
      if (!this.typingTimers.has(id)) {
        this.typingTimers.set(id, setTimeout(() => {
          this.typingTimers.delete(id);
          this.typing(id, this.typingInternal.get(id));
        }, TYPING_EVERY_MS - since));
      }
      return;
    }
    this.typingSentAt.set(id, Date.now());
    const flag = internal ? { Internal: true } : {};
    if (socketReady(this.state)) this.sendFrame(Object.assign({ Type: 'Typing', ChatID: Number(id) }, flag));
    else if (pollingReady(this.state)) this.request('Typing', Object.assign({ ChatID: id }, internal ? { Internal: '1' } : {})).catch(() => {});
  }

  /** The message was sent: a deferred typing signal would show "is typing" after it. */
  stopTyping(chatID) {
    const id = String(chatID);
    clearTimeout(this.typingTimers.get(id));
    this.typingTimers.delete(id);
  }

  heartbeat() {
    const input = this.userInput;
    this.userInput = false;
    if (socketReady(this.state)) this.sendFrame({ Type: 'Heartbeat', Input: input });
    else if (pollingReady(this.state)) this.request('Heartbeat', { Input: input ? '1' : '0' }).catch(() => {});
  }
}
