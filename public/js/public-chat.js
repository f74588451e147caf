/* ChatEngine: the public (website visitor) chat (Action=PublicChat on public.pl). Works inside an iframe
 * on another origin: no cookies, the visitor's identity is the VisitorToken (memory + sessionStorage).
 */
(function (global) {
  'use strict';

  const U = global.CEUtil;
  const el = U.el;
  const $ = (id) => document.getElementById(id);

  const config = U.readConfig();
  const settings = config.Settings || {};
  const maxLength = config.MaxMessageLength || 3800;
  const STORAGE_KEY = 'ce-visitor-token';

  const state = {
    token: null,
    chatID: null,
    conn: null,
    widget: null,
    texts: Object.assign({}, settings.Texts || {}),
    threshold: Number(settings.CustomerThresholdMinutes || 0),
  };

  function describe(err) { return (err && err.message) || 'Something went wrong. Please try again.'; }

  function saveToken() {
    if (state.token) U.storageSet('sessionStorage', STORAGE_KEY, JSON.stringify({ VisitorToken: state.token, ChatID: state.chatID }));
    else U.storageSet('sessionStorage', STORAGE_KEY, null);
  }

  function restoreToken() {
    const raw = U.storageGet('sessionStorage', STORAGE_KEY);
    if (!raw) return false;
    try {
      const v = JSON.parse(raw);
      if (v && v.VisitorToken && v.ChatID !== undefined && v.ChatID !== null) {
        state.token = String(v.VisitorToken);
        state.chatID = String(v.ChatID);
        return true;
      }
    } catch (e) { /* a bare token from an older page */ }
    return false;
  }

  // ------------------------------------------------------------------ start form

  function loadChannels(conn) {
    const row = $('ce-public-channel-row');
    const sel = $('ce-public-channel');
    if (!settings.AllowChannels) { row.hidden = true; return; }
    const fill = (channels) => {
      U.clear(sel);
      for (const c of channels) sel.appendChild(el('option', { attrs: { value: String(c.ChatChannelID) }, text: c.Name }));
      row.hidden = channels.length === 0;
    };
    if (Array.isArray(settings.Channels)) fill(settings.Channels);
    conn.request('Channels', {}).then((data) => fill((data && data.Channels) || []), () => {});
  }

  function setupForm() {
    const form = $('ce-public-form');
    const name = $('ce-public-name');
    const msg = $('ce-public-message');
    const err = $('ce-public-error');
    const counter = $('ce-public-counter');
    const formConn = new global.ChatConnection(config, { transport: 'polling', status: false }); // only for plain POSTs

    const updateCounter = () => {
      const remaining = maxLength - U.codePoints(msg.value);
      counter.dataset.remaining = String(remaining);
      counter.textContent = remaining >= 0 ? remaining + ' characters left' : (-remaining) + ' characters too many';
      counter.classList.toggle('ce-over', remaining < 0);
    };
    msg.addEventListener('input', updateCounter);
    updateCounter();
    loadChannels(formConn);

    const showError = (text) => { err.textContent = text; err.hidden = false; };

    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      err.hidden = true;
      const visitor = name.value.trim();
      const text = msg.value;
      if (!visitor) { showError('Please enter your name.'); name.focus(); return; }
      if (!text.trim()) { showError('Please enter your question.'); msg.focus(); return; }
      const n = U.codePoints(text);
      if (n > maxLength) { showError('The message is too long: ' + n + ' characters, at most ' + maxLength + ' are allowed.'); return; }
      const params = { Name: visitor, Message: text };
      if (settings.AllowChannels && !$('ce-public-channel-row').hidden && $('ce-public-channel').value) {
        params.ChatChannelID = $('ce-public-channel').value;
      }
      const btn = $('ce-public-start');
      btn.disabled = true;
      // a CommandID makes a resend after a network error safe
      formConn.post('CreateChatRequest', params, { commandID: U.newCommandID() }).then((data) => {
        if (!data || !data.VisitorToken || data.ChatID === undefined) throw new global.CECommandError('malformed', 'Unexpected answer from the server.');
        state.token = String(data.VisitorToken);
        state.chatID = String(data.ChatID);
        saveToken();
        msg.value = '';
        updateCounter();
        startChat();
      }).catch((e) => showError(describe(e))).finally(() => { btn.disabled = false; });
    });
    msg.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
        ev.preventDefault();
        if (form.requestSubmit) form.requestSubmit(); else $('ce-public-start').click();
      }
    });
  }

  // ------------------------------------------------------------------ the chat

  function finished() {
    $('ce-public-new').hidden = false;
  }

  function startChat() {
    $('ce-public-form').hidden = true;
    $('ce-public-intro').hidden = true;
    $('ce-public-new').hidden = true;
    const conn = new global.ChatConnection(config, { visitorToken: state.token });
    state.conn = conn;
    const w = new global.ChatWidget({
      conn, chatID: state.chatID, iface: 'Public', maxLength,
      texts: () => state.texts,
      thresholdMinutes: () => state.threshold,
      onLeft: finished,
    });
    state.widget = w;
    const area = $('ce-chat-area');
    U.clear(area);
    area.appendChild(w.root);
    area.hidden = false;

    let fetched = false;
    conn.on('snapshot', (data) => {
      if (data.Texts) state.texts = Object.assign({}, state.texts, data.Texts);
      if (data.CustomerThresholdMinutes !== undefined) state.threshold = Number(data.CustomerThresholdMinutes) || 0;
      const chats = Array.isArray(data.Chats) ? data.Chats : [];
      const chat = chats.find((c) => String(c.ChatID) === state.chatID);
      if (chat) w.setChat(chat);
      else if (!fetched) {
        // no longer open (closed or left): show what there is
        fetched = true;
        conn.catchUp(state.chatID, 'ChatUpdate').catch(() => {});
      }
    });
    conn.on('events', (payload) => {
      if (String(payload.chat.ChatID) !== state.chatID) return;
      w.setChat(payload.chat);
      w.addEvents(payload.events);
      if (payload.chat.State === 'closed' || payload.chat.MyState === 'left') finished();
    });
    conn.on('typing', (frame) => {
      if (String(frame.ChatID) === state.chatID) w.showTyping(frame.Name);
    });
    conn.on('server-error', (e) => U.flash(e.Message || 'The server could not read a message.', e.Code));
    conn.on('session-lost', () => {
      // the token is no longer valid (chat deleted, server reset): start over
      state.token = null;
      state.chatID = null;
      saveToken();
      U.flash('This chat is no longer available. You can start a new one.', 'challenge_token');
      resetToForm();
    });
    conn.start();
    w.focus();
  }

  function resetToForm() {
    if (state.conn) { state.conn.stop(); state.conn = null; }
    if (state.widget) { state.widget.destroy(); state.widget = null; }
    state.token = null;
    state.chatID = null;
    saveToken();
    $('ce-chat-area').hidden = true;
    $('ce-public-new').hidden = true;
    const status = $('ce-connection-status');
    status.setAttribute('data-state', 'idle');
    status.textContent = '';
    $('ce-public-form').hidden = false;
    $('ce-public-intro').hidden = false;
    $('ce-public-name').focus();
  }

  function init() {
    setupForm();
    $('ce-public-new').addEventListener('click', resetToForm);
    if (restoreToken()) startChat();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})(window);
