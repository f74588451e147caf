/* ChatEngine website widget loader: launcher and chat frame in a shadow root, postMessage checked both ways.
 * The contract and the reasons: docs/widget.md. */
(function (w, d) {
  'use strict';
  var CE = w.ChatEngine = w.ChatEngine || { q: [] };
  if (CE.loaded) return;
  CE.loaded = true;
  var script = d.currentScript;
  var started = false;
  var LOG = 'ChatEngine widget: ';

  function warn(text) { if (w.console) w.console.warn(LOG + text); }
  function str(v, max) { return typeof v === 'string' ? v.slice(0, max) : (typeof v === 'number' || typeof v === 'boolean') ? String(v) : undefined; }

  /** Visitor data: at most 20 fields with names [A-Za-z0-9_.-]{1,40}, values of at most 500 characters. */
  function fields(obj, count, what) {
    var out = {};
    if (!obj || typeof obj !== 'object') return out;
    Object.keys(obj).forEach(function (k) {
      var v = str(obj[k], 500);
      if (v === undefined || !/^[A-Za-z0-9_.-]{1,40}$/.test(k) || count.n >= 20) { warn(what + '.' + k + ' dropped (name, type or more than 20 fields)'); return; }
      count.n++;
      out[k] = v;
    });
    return out;
  }

  // pure (status 0: no answer; fails: unreachable in a row)
  function verdict(status, body, retry, fails, poll, site, server) {
    var err = body && body.Error || {};
    if (status === 200 && body && body.Data) {
      var p = Math.max(5, Number(body.Data.PollSeconds) || 30);
      return { kind: 'ok', available: !!body.Data.Available, wait: p, poll: p };
    }
    if (status === 403 && err.Code === 'OriginNotAllowed') {
      return { kind: 'refused', log: 'this website (' + site + ") is not in ChatEngine's allowed websites " +
        '(ChatEngine::PublicInterface::AllowedOrigins), so the chat is not offered here.' };
    }
    if (status === 429) {
      var r = Math.max(poll, Math.min(3600, Number(retry) || 0));
      return { kind: 'limited', wait: r, log: 'too many availability checks from this address; asking again in ' + r + ' s.' };
    }
    var d = Math.min(600, poll * Math.pow(2, Math.min(fails, 5)));
    return { kind: 'down', available: false, wait: d, log: 'ChatEngine unreachable at ' + server +
      (status ? ' (HTTP ' + status + (err.Message ? ': ' + err.Message : '') + ')' : '') + '; the chat stays hidden, asking again in ' + d + ' s.' };
  }
  CE.verdict = verdict;

  function color(v, fallback) {
    return typeof v === 'string' && /^(#[0-9a-fA-F]{3,8}|rgba?\([0-9.,%\s]+\)|[a-zA-Z]{3,20})$/.test(v) ? v : fallback;
  }

  function options(o) {
    var count = { n: 0 };
    var link = o.noAgentLink && /^https?:\/\//i.test(o.noAgentLink.url || '') ? {
      url: String(o.noAgentLink.url).slice(0, 2000), text: str(o.noAgentLink.text, 200) || o.noAgentLink.url,
      delay: Number(o.noAgentLink.delay) > 0 ? Number(o.noAgentLink.delay) : null } : null;
    var texts = {};
    if (o.texts && typeof o.texts === 'object') Object.keys(o.texts).forEach(function (k) { var v = str(o.texts[k], 1000); if (v !== undefined) texts[k] = v; });
    return {
      language: /^[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})?$/.test(o.language || '') ? o.language : '',
      channel: str(o.channel, 200) || '',
      position: o.position === 'bottom-left' ? 'bottom-left' : 'bottom-right',
      colors: { primary: color(o.colors && o.colors.primary, '#0a5fb4'), text: color(o.colors && o.colors.text, '#ffffff') },
      title: str(o.title, 200) || 'Chat',
      launcherText: str(o.launcherText, 200) || 'Chat with us',
      showWhenUnavailable: o.showWhenUnavailable === true,
      noAgentLink: link,
      texts: texts,
      pdata: fields(o.pdata, count, 'pdata'),
      udata: fields(o.udata, count, 'udata'),
    };
  }

  var CSS = ':host{all:initial}*{box-sizing:border-box}' +
    '.l{position:fixed;bottom:16px;z-index:2147483646;display:flex;align-items:center;gap:8px;min-height:48px;padding:0 18px;' +
    'border:0;border-radius:24px;font:600 15px/1.2 system-ui,sans-serif;cursor:pointer;box-shadow:0 2px 10px rgba(0,0,0,.3)}' +
    '.l:focus-visible,.x:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}' +
    '.b{min-width:20px;padding:2px 6px;border-radius:10px;background:#c00;color:#fff;font-size:12px;text-align:center}' +
    '.p{position:fixed;bottom:76px;z-index:2147483647;width:370px;height:min(600px,calc(100vh - 96px));display:flex;flex-direction:column;' +
    'background:#fff;border-radius:10px;overflow:hidden;box-shadow:0 4px 24px rgba(0,0,0,.35)}' +
    '.h{display:flex;align-items:center;justify-content:space-between;padding:0 6px 0 14px;min-height:44px;font:600 15px system-ui,sans-serif}' +
    '.x{width:40px;height:40px;border:0;background:transparent;color:inherit;font:24px/1 system-ui,sans-serif;cursor:pointer}' +
    'iframe{flex:1;width:100%;border:0;display:block;background:#fff}[hidden]{display:none!important}' +
    '@media (max-width:600px){.p{left:0!important;right:0!important;top:var(--ce-top,0);bottom:auto;width:100%;height:var(--ce-h,100%);border-radius:0}}';

  function start(raw) {
    var opts = options(raw || {});
    var server = str(raw && raw.server, 2000) || (script && script.src ? new URL(script.src).origin + '/otrs/' : '');
    var serverOrigin;
    try { serverOrigin = new URL(server, w.location.href).origin; server = new URL(server, w.location.href).href; } catch (e) { warn('the server option is not a URL: ' + server); return; }
    if (!/\/$/.test(server)) server += '/';
    var hostOrigin = w.location.origin;
    var key = 'ChatEngine.widget:' + serverOrigin;
    var saved = {};
    try { saved = JSON.parse(w.sessionStorage.getItem(key) || '{}') || {}; } catch (e) { saved = {}; }
    function save() { try { w.sessionStorage.setItem(key, JSON.stringify(saved)); } catch (e) { /* storage off: no resume */ } }

    var host = d.createElement('chatengine-widget');
    host.style.setProperty('all', 'initial', 'important');
    var root = host.attachShadow ? host.attachShadow({ mode: 'closed' }) : host;
    try { var sheet = new CSSStyleSheet(); sheet.replaceSync(CSS); root.adoptedStyleSheets = [sheet]; }
    catch (e) { var st = d.createElement('style'); st.textContent = CSS; root.appendChild(st); }
    var side = opts.position === 'bottom-left' ? 'left:16px' : 'right:16px';
    var launcher = el('button', 'l', { type: 'button', 'aria-expanded': 'false', 'aria-controls': 'ce-panel', hidden: '' });
    launcher.style.cssText = side + ';background:' + opts.colors.primary + ';color:' + opts.colors.text;
    launcher.appendChild(d.createTextNode(opts.launcherText));
    var badge = el('span', 'b', { hidden: '' });
    launcher.appendChild(badge);
    var panel = el('div', 'p', { id: 'ce-panel', role: 'dialog', 'aria-label': opts.title, hidden: '' });
    panel.style.cssText = side;
    var head = el('div', 'h');
    head.style.cssText = 'background:' + opts.colors.primary + ';color:' + opts.colors.text;
    var titleEl = el('span', '', {});
    titleEl.textContent = opts.title;
    var closeBtn = el('button', 'x', { type: 'button', 'aria-label': 'Close chat' });
    closeBtn.textContent = '\u00d7';
    head.appendChild(titleEl);
    head.appendChild(closeBtn);
    panel.appendChild(head);
    // a landmark of its own (outside the host page's)
    var box = el('div', '', { role: 'complementary', 'aria-label': opts.title });
    box.appendChild(launcher);
    box.appendChild(panel);
    root.appendChild(box);
    d.body.appendChild(host);

    var frame = null, frameReady = false, wantFocus = false, chatting = !!saved.token, available = false, refused = false, down = false;

    function el(tag, cls, attrs) {
      var n = d.createElement(tag);
      if (cls) n.className = cls;
      for (var a in attrs || {}) n.setAttribute(a, attrs[a]);
      return n;
    }
    function post(msg) {
      if (!frameReady || !frame.contentWindow) return;  // before 'ready' the frame is not our page yet
      msg.ChatEngine = 1;
      frame.contentWindow.postMessage(msg, serverOrigin);
    }
    function showLauncher() {
      launcher.hidden = refused || !(available || (opts.showWhenUnavailable && !down) || chatting || !panel.hidden);
    }
    function makeFrame() {
      if (frame) return;
      frame = el('iframe', '', { title: opts.title, src: server + 'public.pl?Action=PublicChat;IsIframe=1;Widget=1;HostOrigin=' +
        encodeURIComponent(hostOrigin) + (opts.language ? ';Lang=' + encodeURIComponent(opts.language) : '') });
      panel.appendChild(frame);
    }
    function open(focus) {
      makeFrame();
      panel.hidden = false;
      launcher.setAttribute('aria-expanded', 'true');
      saved.open = true;
      save();
      badge.hidden = true;
      showLauncher();
      fit();
      wantFocus = !!focus && !frameReady;
      post({ type: 'open', focus: !!focus });
      if (focus) frame.focus();
    }
    function close() {
      panel.hidden = true;
      launcher.setAttribute('aria-expanded', 'false');
      saved.open = false;
      save();
      post({ type: 'close' });
      showLauncher();
      if (!launcher.hidden) launcher.focus();
    }
    function refuse(why) {
      refused = true;
      warn(why);
      host.remove();
    }
    // narrow screens: the panel follows the visual viewport, so the on-screen keyboard shrinks it, not the page
    function fit() {
      var vv = w.visualViewport;
      if (!vv) return;
      panel.style.setProperty('--ce-h', vv.height + 'px');
      panel.style.setProperty('--ce-top', vv.offsetTop + 'px');
    }
    if (w.visualViewport) { w.visualViewport.addEventListener('resize', fit); w.visualViewport.addEventListener('scroll', fit); }

    launcher.addEventListener('click', function () { if (panel.hidden) open(true); else close(); });
    closeBtn.addEventListener('click', close);
    panel.addEventListener('keydown', function (e) { if (e.key === 'Escape') close(); });

    w.addEventListener('message', function (e) {
      if (!frame || e.source !== frame.contentWindow || e.origin !== serverOrigin) return;
      var m = e.data;
      if (!m || m.ChatEngine !== 1) return;
      if (m.type === 'ready') {
        frameReady = true;
        post({ type: 'init', options: opts, token: saved.token || null, open: !panel.hidden, focus: wantFocus });
        wantFocus = false;
      } else if (m.type === 'token') {
        saved.token = m.token && m.token.VisitorToken ? { VisitorToken: String(m.token.VisitorToken), ChatID: String(m.token.ChatID) } : null;
        chatting = !!saved.token;
        save();
        showLauncher();
      } else if (m.type === 'state') {
        if (typeof m.chatting === 'boolean') chatting = m.chatting || !!saved.token;
        var n = Number(m.unread) || 0;
        badge.textContent = String(n);
        badge.setAttribute('aria-label', n + ' unread');
        badge.hidden = !n || !panel.hidden;
        showLauncher();
      } else if (m.type === 'close') {
        close();
      } else if (m.type === 'refused') {
        if (m.token) { saved.token = null; save(); }
        refuse(String(m.message || 'refused by the server'));
      }
    });

    var fails = 0, poll = 30, last = '';
    function check() {
      fetch(server + 'public.pl?Action=PublicChat;Subaction=WidgetAvailability', { credentials: 'omit' })
        .then(function (r) {
          return r.json().then(function (j) { return [r.status, j, r.headers.get('Retry-After')]; }, function () { return [r.status]; });
        }, function () { return [0]; })
        .then(function (a) {
          var v = verdict(a[0], a[1], a[2], fails, poll, hostOrigin, server);
          if (v.kind === 'refused') { refuse(v.log); return; }
          fails = v.kind === 'down' ? fails + 1 : 0;
          if (v.log && v.kind !== last) warn(v.log);  // once per episode
          last = v.kind;
          poll = v.poll || poll;
          if ('available' in v) available = v.available;
          down = v.kind === 'down';
          showLauncher();
          setTimeout(check, v.wait * 1000);
        });
    }
    check();
    if (saved.token) { makeFrame(); if (saved.open) open(false); }
  }

  CE.initChat = function (o) {
    if (started) { warn('initChat was called more than once; the first call counts'); return; }
    started = true;
    if (d.body) start(o); else d.addEventListener('DOMContentLoaded', function () { start(o); });
  };
  var queued = CE.q || [];
  CE.q = [];
  for (var i = 0; i < queued.length; i++) CE.initChat(queued[i]);
})(window, document);
