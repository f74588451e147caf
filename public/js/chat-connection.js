/* ChatEngine: connection to the server (WebSocket with long-polling fallback) and small DOM helpers.
 * Plain ES2020, no build step, no libraries. Speaks docs/web-protocol.md.
 * User data is only ever inserted with textContent / createTextNode.
 */
(function (global) {
  'use strict';

  // ---------------------------------------------------------------- helpers

  const CEUtil = {
    readConfig() {
      const node = document.getElementById('ce-config');
      if (!node) return {};
      try {
        const parsed = JSON.parse(node.textContent || '{}');
        return parsed && typeof parsed === 'object' ? parsed : {};
      } catch (e) {
        return {};
      }
    },

    /** el('li', {class: 'a b', data: {seq: 3}, text: 'x', attrs: {title: 'y'}, on: {click: fn}}, [children]) */
    el(tag, opts, children) {
      const node = document.createElement(tag);
      const o = opts || {};
      if (o.class) node.className = o.class;
      if (o.id) node.id = o.id;
      if (o.test) node.setAttribute('data-test', o.test);
      if (o.action) node.setAttribute('data-action', o.action);
      if (o.data) {
        for (const [k, v] of Object.entries(o.data)) {
          if (v !== undefined && v !== null) node.dataset[k] = String(v);
        }
      }
      if (o.attrs) {
        for (const [k, v] of Object.entries(o.attrs)) {
          if (v === undefined || v === null || v === false) continue;
          node.setAttribute(k, v === true ? '' : String(v));
        }
      }
      if (o.type) node.type = o.type;
      if (o.text !== undefined && o.text !== null) node.textContent = String(o.text);
      if (o.hidden) node.hidden = true;
      if (o.on) {
        for (const [k, fn] of Object.entries(o.on)) node.addEventListener(k, fn);
      }
      for (const child of children || []) {
        if (child === null || child === undefined || child === false) continue;
        node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
      }
      return node;
    },

    clear(node) {
      while (node && node.firstChild) node.removeChild(node.firstChild);
    },

    codePoints(text) {
      return [...String(text || '')].length;
    },

    parseTime(iso) {
      if (!iso) return null;
      const d = new Date(iso);
      return isNaN(d.getTime()) ? null : d;
    },

    formatTime(iso) {
      const d = CEUtil.parseTime(iso);
      if (!d) return '';
      const now = new Date();
      const pad = (n) => String(n).padStart(2, '0');
      const hm = pad(d.getHours()) + ':' + pad(d.getMinutes());
      if (d.toDateString() === now.toDateString()) return hm;
      return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' + hm;
    },

    presenceLabel(p) {
      return ({
        active: 'Active', away: 'Away', inactive: 'Inactive', unavailable: 'Unavailable', offline: 'Offline',
      })[p] || (p || 'Unknown');
    },

    presenceDot(presence) {
      const p = presence || 'offline';
      return CEUtil.el('span', {
        class: 'ce-presence ce-presence-' + p, test: 'presence',
        data: { presence: p }, attrs: { title: CEUtil.presenceLabel(p), 'aria-label': CEUtil.presenceLabel(p) },
      });
    },

    stateLabel(s) {
      return ({ request: 'Waiting for acceptance', active: 'Active', closed: 'Closed' })[s] || (s || '');
    },

    roleLabel(r) {
      return ({ owner: 'Owner', participant: 'Participant', observer: 'Observer' })[r] || '';
    },

    /** A short message in #ce-flash. kind: 'error' | 'info'. */
    flash(message, code, kind) {
      let box = document.getElementById('ce-flash');
      if (!box) {
        box = CEUtil.el('div', { id: 'ce-flash', class: 'ce-flash', attrs: { 'aria-live': 'polite' } });
        document.body.appendChild(box);
      }
      const item = CEUtil.el('div', {
        class: 'ce-flash-item ce-flash-' + (kind || 'error'),
        data: { code: code || (kind === 'info' ? 'info' : 'error') },
        attrs: { role: kind === 'info' ? 'status' : 'alert' },
        text: message,
      });
      const remove = () => { if (item.parentNode) item.parentNode.removeChild(item); };
      item.addEventListener('click', remove);
      box.appendChild(item);
      setTimeout(remove, kind === 'info' ? 5000 : 8000);
      return item;
    },

    storageGet(storage, key) {
      try { return global[storage].getItem(key); } catch (e) { return null; }
    },
    storageSet(storage, key, value) {
      try {
        if (value === null || value === undefined) global[storage].removeItem(key);
        else global[storage].setItem(key, value);
      } catch (e) { /* storage blocked (third-party iframe): keep it in memory only */ }
    },

    newCommandID() {
      const c = global.crypto;
      if (c && typeof c.randomUUID === 'function') return 'c-' + c.randomUUID();
      const bytes = new Uint8Array(16);
      if (c && typeof c.getRandomValues === 'function') c.getRandomValues(bytes);
      else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
      return 'c-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    },

    /** The Action that owns the JSON Subactions of an interface. */
    actionFor(iface) {
      return ({ Agent: 'AgentChat', Customer: 'CustomerChat', Public: 'PublicChat' })[iface] || 'AgentChat';
    },

    sleep(ms) { return new Promise((r) => setTimeout(r, ms)); },
  };

  /** Error codes compared loosely: the protocol doc spells them no_session, the server NoSession. */
  function normCode(code) {
    return String(code || '').replace(/[_\s-]/g, '').toLowerCase();
  }

  class CommandError extends Error {
    constructor(code, message, status) {
      super(message || code || 'Error');
      this.code = code || 'error';
      this.norm = normCode(this.code);
      this.status = status || 0;
    }
  }

  const STATUS_TEXT = {
    connecting: 'Connecting…',
    connected: 'Connected',
    reconnecting: 'Reconnecting…',
    polling: 'Connected (polling)',
    stopped: 'Disconnected',
  };

  const SESSION_CODES = new Set(['nosession', 'challengetoken']);
  const isSessionError = (e) => !!e && (SESSION_CODES.has(normCode(e.code !== undefined ? e.code : e.Code)) || e.status === 401);

  // ---------------------------------------------------------------- connection

  class ChatConnection {
    /**
     * config: the page's ce-config object.
     * options.visitorToken: public pages.
     * options.transport: 'socket' | 'polling' (default: socket, or forced polling by URL / localStorage).
     */
    constructor(config, options) {
      const opts = options || {};
      this.config = config || {};
      this.iface = this.config.Interface || 'Agent';
      this.script = this.config.Script || '/otrs/index.pl';
      this.action = opts.action || CEUtil.actionFor(this.iface);
      this.challengeToken = this.config.ChallengeToken || '';
      this.visitorToken = opts.visitorToken || null;
      this.socketURL = this.config.SocketURL || '/otrs/ws';

      this.lastSeq = new Map();      // ChatID (string) -> last Seq shown
      this.chats = new Map();        // ChatID (string) -> {chat, events: []}
      this.pending = new Map();      // CommandID -> {subaction, params, resolve, reject, sentOn}
      this.listeners = new Map();

      this.state = 'connecting';
      this.mode = this.forcedPolling(opts.transport) ? 'polling' : 'socket';
      this.ws = null;
      this.backoff = 500;
      this.everSnapshot = false;
      this.closesBeforeSnapshot = 0;
      this.started = false;
      this.stopped = false;
      this.socketGeneration = 0;
      this.reconnectTimer = null;

      this.userInput = false;
      this.typingSentAt = new Map();
      this.heartbeatTimer = null;

      this.showStatus = opts.status !== false;   // false: a helper for plain POSTs, not the page's connection
      this.statusNode = null;
      this.renderStatus();
    }

    forcedPolling(transport) {
      if (transport === 'polling') return true;
      if (transport === 'socket') return false;
      if (typeof global.WebSocket !== 'function') return true;
      if (this.config.Transport === 'polling') return true;
      if (/(?:^|[?;&])CETransport=polling(?:$|[;&])/.test(global.location.search)) return true;
      return CEUtil.storageGet('localStorage', 'ce-transport') === 'polling';
    }

    // --------------------------------------------------------------- events

    on(type, fn) {
      if (!this.listeners.has(type)) this.listeners.set(type, []);
      this.listeners.get(type).push(fn);
      return this;
    }

    emit(type, payload) {
      for (const fn of this.listeners.get(type) || []) {
        try { fn(payload); } catch (e) { if (global.console) console.error('ChatEngine listener', type, e); }
      }
    }

    setState(state) {
      if (this.state === state) return;
      this.state = state;
      this.renderStatus();
      this.emit('status', state);
    }

    renderStatus() {
      if (!this.showStatus) return;
      const node = this.statusNode || document.getElementById('ce-connection-status');
      if (!node) return;
      this.statusNode = node;
      node.setAttribute('data-state', this.state);
      node.textContent = STATUS_TEXT[this.state] || this.state;
      node.title = STATUS_TEXT[this.state] || this.state;
    }

    // --------------------------------------------------------------- lifecycle

    start() {
      if (this.started) return this;
      this.started = true;
      this.stopped = false;
      const mark = () => { this.userInput = true; };
      for (const ev of ['keydown', 'mousedown', 'mousemove', 'touchstart', 'wheel']) {
        document.addEventListener(ev, mark, { passive: true, capture: true });
      }
      this.heartbeatTimer = setInterval(() => this.heartbeat(), 20000);
      if (this.mode === 'polling') this.pollLoop();
      else this.openSocket();
      return this;
    }

    stop() {
      this.stopped = true;
      clearInterval(this.heartbeatTimer);
      clearTimeout(this.reconnectTimer);
      if (this.ws) {
        const ws = this.ws;
        this.ws = null;
        try { ws.close(1000); } catch (e) { /* ignore */ }
      }
      if (this.pollAbort) this.pollAbort.abort();
      this.setState('stopped');
    }

    sinceObject() {
      const since = {};
      for (const [id, seq] of this.lastSeq) since[id] = seq;
      return since;
    }

    // --------------------------------------------------------------- WebSocket

    socketAddress() {
      const scheme = global.location.protocol === 'https:' ? 'wss:' : 'ws:';
      const q = new URLSearchParams();
      q.set('Interface', this.iface);
      if (this.visitorToken) q.set('VisitorToken', this.visitorToken);
      else q.set('ChallengeToken', this.challengeToken);
      const sep = this.socketURL.indexOf('?') >= 0 ? '&' : '?';
      return scheme + '//' + global.location.host + this.socketURL + sep + q.toString();
    }

    openSocket() {
      if (this.stopped || this.mode !== 'socket') return;
      const generation = ++this.socketGeneration;
      let ws;
      try {
        ws = new WebSocket(this.socketAddress());
      } catch (e) {
        this.switchToPolling();
        return;
      }
      this.ws = ws;
      let opened = false;
      let gotSnapshot = false;

      ws.onopen = () => {
        if (generation !== this.socketGeneration) return;
        opened = true;
        this.sendFrame({ Type: 'Hello', Since: this.sinceObject() });
        // unacknowledged commands go again (the server records each CommandID once)
        for (const [id, p] of this.pending) {
          p.sentAt = Date.now();
          this.sendFrame({ Type: 'Command', CommandID: id, Subaction: p.subaction, Params: p.params });
        }
      };

      ws.onmessage = (msg) => {
        if (generation !== this.socketGeneration) return;
        let frame;
        try { frame = JSON.parse(msg.data); } catch (e) { return; }
        if (!frame || typeof frame !== 'object') return;
        if (frame.Type === 'Snapshot') {
          gotSnapshot = true;
          this.everSnapshot = true;
          this.closesBeforeSnapshot = 0;
          this.backoff = 500;
          this.setState('connected');
        }
        this.handleFrame(frame);
      };

      ws.onerror = () => { /* onclose follows */ };

      ws.onclose = (ev) => {
        if (generation !== this.socketGeneration) return;
        this.ws = null;
        if (this.stopped) return;
        if (!gotSnapshot) {
          this.closesBeforeSnapshot += 1;
          // fallback only while the page never had a working socket
          if (!this.everSnapshot && (!opened || this.closesBeforeSnapshot >= 3)) {
            this.switchToPolling();
            return;
          }
        }
        this.setState('reconnecting');
        let delay;
        if (ev && ev.code === 1012) {
          // 1012 "service restart": the server shuts down gracefully and comes back. Not a failure, so the
          // backoff does not grow; a random 1–2 s spreads the pages so the restarted server is not hit by
          // all of them at once. Unacknowledged commands are resent after the next Hello (onopen).
          delay = 1000 + Math.floor(Math.random() * 1000);
        } else {
          delay = ev && ev.code === 4008 ? 500 : this.backoff;
          this.backoff = Math.min(this.backoff * 2, 10000);
        }
        this.reconnectTimer = setTimeout(() => this.reconnectSocket(!opened), delay);
      };
    }

    async reconnectSocket(lastFailedToOpen) {
      if (this.stopped || this.mode !== 'socket') return;
      if (lastFailedToOpen) {
        // the upgrade was refused or the server is down: find out whether the session is gone
        try {
          await this.post('Heartbeat', { Input: '0' });
        } catch (e) {
          if (isSessionError(e)) {
            this.sessionLost(e);
            return;
          }
        }
      }
      this.openSocket();
    }

    switchToPolling() {
      if (this.mode === 'polling') return;
      this.mode = 'polling';
      this.socketGeneration++;
      if (this.ws) { try { this.ws.close(); } catch (e) { /* ignore */ } this.ws = null; }
      this.backoff = 500;
      this.emit('transport', 'polling');
      this.pollLoop();
      // commands that waited for the socket go as POSTs now
      for (const [id, p] of this.pending) {
        if (!p.inFlight) this.postCommand(id, p);
      }
    }

    sendFrame(frame) {
      if (!this.ws || this.ws.readyState !== 1) return false;
      try {
        this.ws.send(JSON.stringify(frame));
        return true;
      } catch (e) {
        return false;
      }
    }

    socketReady() {
      return this.mode === 'socket' && this.ws && this.ws.readyState === 1;
    }

    sessionLost(err) {
      this.stop();
      for (const [, p] of this.pending) p.reject(err);
      this.pending.clear();
      this.emit('session-lost', err);
    }

    // --------------------------------------------------------------- long polling

    async pollLoop() {
      let first = true;
      while (!this.stopped && this.mode === 'polling') {
        try {
          const data = await this.post('Events', {
            Since: JSON.stringify(this.sinceObject()),
            Wait: first ? '0' : '25',
          }, { timeoutMs: 45000, poll: true });
          if (this.stopped) return;
          const frames = (data && Array.isArray(data.Frames)) ? data.Frames : [];
          for (const frame of frames) {
            if (frame && frame.Type === 'Snapshot') this.everSnapshot = true;
            this.handleFrame(frame);
          }
          this.backoff = 500;
          this.setState('polling');
          first = false;
        } catch (e) {
          if (this.stopped) return;
          if (isSessionError(e)) {
            this.sessionLost(e);
            return;
          }
          this.setState('reconnecting');
          await CEUtil.sleep(this.backoff);
          this.backoff = Math.min(this.backoff * 2, 10000);
          first = true;
        }
      }
    }

    // --------------------------------------------------------------- HTTP

    /** POST a Subaction; resolves with Data, rejects with CommandError (code, status). */
    async post(subaction, params, options) {
      const opts = options || {};
      const body = new URLSearchParams();
      body.set('Action', opts.action || this.action);
      if (subaction) body.set('Subaction', subaction);
      if (this.challengeToken) body.set('ChallengeToken', this.challengeToken);
      if (this.visitorToken) body.set('VisitorToken', this.visitorToken);
      if (opts.commandID) body.set('CommandID', opts.commandID);
      for (const [k, v] of Object.entries(params || {})) {
        if (v === undefined || v === null) continue;
        body.set(k, String(v));
      }
      const controller = typeof AbortController === 'function' ? new AbortController() : null;
      if (opts.poll) this.pollAbort = controller;
      const timer = controller ? setTimeout(() => controller.abort(), opts.timeoutMs || 30000) : null;
      let res;
      try {
        res = await fetch(this.script, {
          method: 'POST',
          body,
          credentials: 'same-origin',
          headers: { Accept: 'application/json' },
          signal: controller ? controller.signal : undefined,
        });
      } catch (e) {
        throw new CommandError('network', 'The server cannot be reached.', 0);
      } finally {
        if (timer) clearTimeout(timer);
      }
      let json = null;
      try { json = await res.json(); } catch (e) { json = null; }
      if (!json || typeof json !== 'object') {
        if (res.status === 401) throw new CommandError('no_session', 'Your session has expired.', 401);
        throw new CommandError('network', 'Unexpected answer from the server (HTTP ' + res.status + ').', res.status);
      }
      if (json.OK === false || (!res.ok && json.OK !== true)) {
        const err = json.Error || {};
        throw new CommandError(err.Code || 'error', err.Message || ('HTTP ' + res.status), res.status);
      }
      return json.Data !== undefined ? json.Data : json;
    }

    /** A read-only query (lists, previews, histories): always a plain POST. */
    request(subaction, params, options) {
      return this.post(subaction, params, options);
    }

    // --------------------------------------------------------------- commands

    /** A state-changing command: socket Command frame or POST, with a CommandID, resent until answered. */
    command(subaction, params) {
      const strParams = {};
      for (const [k, v] of Object.entries(params || {})) {
        if (v !== undefined && v !== null) strParams[k] = String(v);
      }
      const id = CEUtil.newCommandID();
      return new Promise((resolve, reject) => {
        const entry = { subaction, params: strParams, resolve, reject, inFlight: false };
        this.pending.set(id, entry);
        if (this.mode === 'polling' || !this.started) {
          this.postCommand(id, entry);
        } else {
          entry.sentAt = Date.now();
          this.sendFrame({ Type: 'Command', CommandID: id, Subaction: subaction, Params: strParams });
          // not open: sent after the next Hello
        }
      });
    }

    async postCommand(id, entry) {
      entry.inFlight = true;
      let delay = 500;
      while (this.pending.has(id) && !this.stopped) {
        try {
          const data = await this.post(entry.subaction, entry.params, { commandID: id });
          this.settle(id, true, data, null);
          return;
        } catch (e) {
          if (e.code !== 'network') {
            this.settle(id, false, null, e);
            if (isSessionError(e)) this.sessionLost(e);
            return;
          }
          await CEUtil.sleep(delay);
          delay = Math.min(delay * 2, 10000);
          if (this.mode === 'socket' && this.started) { entry.inFlight = false; return; } // the socket resends it
        }
      }
    }

    settle(id, ok, data, error) {
      const entry = this.pending.get(id);
      if (!entry) return;
      this.pending.delete(id);
      if (ok) entry.resolve(data || {});
      else entry.reject(error);
    }

    // --------------------------------------------------------------- frames

    handleFrame(frame) {
      if (!frame || typeof frame !== 'object') return;
      switch (frame.Type) {
        case 'Snapshot':
          this.emit('snapshot', frame.Data || {});
          break;
        case 'Events':
          this.ingest(frame.Chat, frame.Events);
          break;
        case 'Requests':
          this.emit('requests', frame.Data || {});
          break;
        case 'Result': {
          const err = frame.Error || {};
          this.settle(frame.CommandID, frame.OK !== false, frame.Data,
            frame.OK === false ? new CommandError(err.Code, err.Message) : null);
          if (frame.OK === false && isSessionError(err)) this.sessionLost(new CommandError(err.Code, err.Message));
          break;
        }
        case 'Typing':
          this.emit('typing', frame);
          break;
        case 'Notification':
          this.emit('notification', frame);
          break;
        case 'Error':
          this.emit('server-error', frame.Error || {});
          break;
        default:
          break;
      }
    }

    /**
     * Merge a chat and its events (from a frame or an HTTP answer): events at or below the last Seq
     * seen for that chat are dropped, so nothing is ever shown twice. Emits 'events' {chat, events}.
     */
    ingest(chat, events) {
      if (!chat || chat.ChatID === undefined || chat.ChatID === null) return;
      const id = String(chat.ChatID);
      let last = this.lastSeq.has(id) ? this.lastSeq.get(id) : 0;
      const fresh = [];
      const list = Array.isArray(events) ? events.slice().sort((a, b) => a.Seq - b.Seq) : [];
      for (const ev of list) {
        if (!ev || typeof ev.Seq !== 'number' || ev.Seq <= last) continue;
        fresh.push(ev);
        last = ev.Seq;
      }
      if (fresh.length || !this.lastSeq.has(id)) this.lastSeq.set(id, last);
      let entry = this.chats.get(id);
      if (!entry) {
        entry = { chat, events: [] };
        this.chats.set(id, entry);
      }
      entry.chat = Object.assign({}, entry.chat, chat);
      for (const ev of fresh) entry.events.push(ev);
      this.emit('events', { chat: entry.chat, events: fresh });
    }

    /** Known state of one chat: {chat, events} or undefined. */
    chatEntry(chatID) {
      return this.chats.get(String(chatID));
    }

    /** Fetch events after the last shown Seq over HTTP (used when a chat is opened) and merge them. */
    async catchUp(chatID, subaction) {
      const id = String(chatID);
      const after = this.lastSeq.has(id) ? this.lastSeq.get(id) : 0;
      const data = await this.request(subaction || (this.iface === 'Agent' ? 'ChatHistory' : 'ChatUpdate'),
        { ChatID: id, After: after });
      if (data && data.Chat) this.ingest(data.Chat, data.Events || []);
      return data;
    }

    // --------------------------------------------------------------- typing and heartbeats

    /** Throttled: at most one signal per chat every 2 s; typing inside the window is signalled at its end. */
    typing(chatID) {
      const id = String(chatID);
      const now = Date.now();
      const since = now - (this.typingSentAt.get(id) || 0);
      if (since < 2000) {
        if (!this.typingTimers) this.typingTimers = new Map();
        if (!this.typingTimers.has(id)) {
          this.typingTimers.set(id, setTimeout(() => {
            this.typingTimers.delete(id);
            this.typing(id);
          }, 2000 - since));
        }
        return;
      }
      this.typingSentAt.set(id, now);
      if (this.socketReady()) {
        this.sendFrame({ Type: 'Typing', ChatID: Number(id) });
      } else if (this.mode === 'polling') {
        this.post('Typing', { ChatID: id }).catch(() => {});
      }
    }

    heartbeat() {
      if (this.stopped) return;
      const input = this.userInput;
      this.userInput = false;
      if (this.socketReady()) {
        this.sendFrame({ Type: 'Heartbeat', Input: input });
        // a command unanswered for 20 s on a live socket goes again (the server records a CommandID once)
        const now = Date.now();
        for (const [id, p] of this.pending) {
          if (!p.inFlight && now - (p.sentAt || 0) >= 20000) {
            p.sentAt = now;
            this.sendFrame({ Type: 'Command', CommandID: id, Subaction: p.subaction, Params: p.params });
          }
        }
      } else if (this.mode === 'polling') {
        this.post('Heartbeat', { Input: input ? '1' : '0' }).catch(() => {});
      }
    }
  }

  global.CEUtil = CEUtil;
  global.ChatConnection = ChatConnection;
  global.CECommandError = CommandError;
  CEUtil.normCode = normCode;
})(window);
