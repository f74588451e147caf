/* ChatEngine: the customer user's chat page (Action=CustomerChat on customer.pl). */
(function (global) {
  'use strict';

  const U = global.CEUtil;
  const el = U.el;
  const $ = (id) => document.getElementById(id);

  const config = U.readConfig();
  const settings = config.Settings || {};
  const maxLength = config.MaxMessageLength || 3800;
  const script = config.Script || '/otrs/customer.pl';

  const conn = new global.ChatConnection(config);

  const state = {
    texts: Object.assign({}, settings.Texts || {}),
    threshold: Number(settings.CustomerThresholdMinutes || 0),
    open: new Map(),        // ChatID -> chat (open chats)
    order: [],
    widgets: new Map(),     // ChatID -> live ChatWidget
    history: null,          // read-only widget currently shown
    selected: null,
    openWhenListed: new Set(),
    requests: [],
    channelsLoaded: false,
  };

  function key(id) { return String(id); }

  function describe(err) { return (err && err.message) || 'The action failed.'; }

  // ------------------------------------------------------------------ widgets

  function widgetFor(id) {
    id = key(id);
    let w = state.widgets.get(id);
    if (w) return w;
    w = new global.ChatWidget({
      conn, chatID: id, iface: 'Customer', maxLength,
      texts: () => state.texts,
      thresholdMinutes: () => state.threshold,
      onLeft: () => { loadOverview(); },
    });
    state.widgets.set(id, w);
    const entry = conn.chatEntry(id);
    if (entry) { w.setChat(entry.chat); w.addEvents(entry.events); }
    else if (state.open.has(id)) w.setChat(state.open.get(id));
    w.root.hidden = true;
    $('ce-chat-area').appendChild(w.root);
    return w;
  }

  function showOnly(root) {
    for (const w of state.widgets.values()) w.root.hidden = w.root !== root;
    if (state.history && state.history.root !== root) {
      state.history.destroy();
      state.history = null;
    }
    const empty = $('ce-no-chat-selected');
    if (empty) empty.hidden = !!root;
  }

  function selectChat(id, quiet) {
    id = key(id);
    state.selected = id;
    const w = widgetFor(id);
    showOnly(w.root);
    $('ce-new-chat-form').hidden = true;
    renderOpenChats();
    w.scrollToBottom();
    if (!quiet) w.focus();
  }

  function forgetOpen(id) {
    state.open.delete(id);
    state.order = state.order.filter((x) => x !== id);
    const w = state.widgets.get(id);
    if (w) { w.destroy(); state.widgets.delete(id); }
    if (state.selected === id) state.selected = null;
    renderOpenChats();
  }

  function showHistory(id) {
    id = key(id);
    const open = state.open.get(id);
    if (open && open.State !== 'closed') { selectChat(id); return; }
    if (open) forgetOpen(id);   // closed: the read-only history replaces the live widget
    conn.request('ChatUpdate', { ChatID: id, After: 0 }).then((data) => {
      const w = new global.ChatWidget({ conn: null, chatID: id, iface: 'Customer', readOnly: true, maxLength });
      w.setChat((data && data.Chat) || { ChatID: id });
      w.addEvents((data && data.Events) || []);
      showOnly(null);
      state.history = w;
      state.selected = null;
      $('ce-chat-area').appendChild(w.root);
      $('ce-no-chat-selected').hidden = true;
      $('ce-new-chat-form').hidden = true;
      renderOpenChats();
      w.scrollToBottom();
    }, (err) => U.flash(describe(err), err.code));
  }

  function openSoon(id) {
    id = key(id);
    if (state.open.has(id)) { selectChat(id); return; }
    state.openWhenListed.add(id);
    setTimeout(() => {
      if (state.openWhenListed.has(id)) conn.catchUp(id, 'ChatUpdate').catch(() => {});
    }, 1500);
  }

  // ------------------------------------------------------------------ open chats

  function upsertOpen(chat) {
    const id = key(chat.ChatID);
    const known = state.open.has(id);
    state.open.set(id, Object.assign({}, state.open.get(id), chat));
    if (!known) state.order.unshift(id);
    renderOpenChats();
    if (state.openWhenListed.has(id)) {
      state.openWhenListed.delete(id);
      selectChat(id);
    } else if (!state.selected && !state.history && $('ce-new-chat-form').hidden) {
      selectChat(id, true);
    }
  }

  function renderOpenChats() {
    const list = $('ce-open-chats');
    U.clear(list);
    for (const id of state.order) {
      const chat = state.open.get(id);
      if (!chat) continue;
      const li = el('li', {
        class: 'ce-active-chat' + (state.selected === id ? ' ce-selected' : ''), test: 'open-chat',
        data: { chatId: id, state: chat.State || '' },
        attrs: { tabindex: '0', role: 'button', 'aria-current': state.selected === id ? 'true' : null },
      }, [
        el('span', { class: 'ce-state-dot ce-state-' + (chat.State || 'unknown'), attrs: { title: U.stateLabel(chat.State) } }),
        el('span', { class: 'ce-active-chat-name', text: chat.ChannelName || ('Chat ' + id) }),
        el('span', { class: 'ce-active-chat-channel', text: U.stateLabel(chat.State) }),
      ]);
      li.addEventListener('click', () => selectChat(id));
      li.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') selectChat(id); });
      list.appendChild(li);
    }
    if (!state.order.length) list.appendChild(el('li', { class: 'ce-empty', text: 'No open chats.' }));
    list.dataset.count = String(state.order.length);
  }

  // ------------------------------------------------------------------ agents' requests

  function renderRequests() {
    const list = $('ce-customer-requests');
    const box = $('ce-customer-requests-box');
    U.clear(list);
    for (const chat of state.requests) {
      const id = key(chat.ChatID);
      const accept = el('button', { class: 'ce-button ce-small ce-primary', type: 'button', action: 'accept', text: 'Accept' });
      const decline = el('button', { class: 'ce-button ce-small', type: 'button', action: 'decline', text: 'Decline' });
      accept.addEventListener('click', () => {
        accept.disabled = true;
        conn.command('ChatRequestAccept', { ChatID: id }).then(() => {
          state.requests = state.requests.filter((c) => key(c.ChatID) !== id);
          renderRequests();
          openSoon(id);
        }, (err) => U.flash(describe(err), err.code)).finally(() => { accept.disabled = false; });
      });
      decline.addEventListener('click', () => {
        decline.disabled = true;
        conn.command('DeclineRequest', { ChatID: id }).then(() => {
          state.requests = state.requests.filter((c) => key(c.ChatID) !== id);
          renderRequests();
        }, (err) => U.flash(describe(err), err.code)).finally(() => { decline.disabled = false; });
      });
      list.appendChild(el('li', { class: 'ce-request-item', test: 'request', data: { chatId: id } }, [
        el('div', { class: 'ce-request-info' }, [
          el('span', { class: 'ce-request-requester', test: 'request-requester', text: chat.Requester || 'Support' }),
          el('span', { class: 'ce-request-channel', test: 'request-channel', text: chat.ChannelName || '' }),
          el('time', { class: 'ce-request-time', test: 'request-time', text: U.formatTime(chat.CreatedAt), attrs: { datetime: chat.CreatedAt || '' } }),
        ]),
        el('div', { class: 'ce-request-actions' }, [accept, decline]),
      ]));
    }
    box.hidden = state.requests.length === 0;
    list.dataset.count = String(state.requests.length);
  }

  function setRequests(data) {
    const r = data && (Array.isArray(data) ? data : data.Requests);
    state.requests = Array.isArray(r) ? r : [];
    renderRequests();
  }

  // ------------------------------------------------------------------ overview

  let overviewTimer = null;
  function scheduleOverview() {
    clearTimeout(overviewTimer);
    overviewTimer = setTimeout(loadOverview, 300);
  }

  function loadOverview() {
    const list = $('ce-chat-overview');
    conn.request('ChatOverview', {}).then((data) => {
      U.clear(list);
      const chats = (data && data.Chats) || [];
      for (const chat of chats) {
        const id = key(chat.ChatID);
        const li = el('li', {
          class: 'ce-overview-item', test: 'overview-chat', data: { chatId: id, state: chat.State || '' },
          attrs: { tabindex: '0', role: 'button' },
        }, [
          el('span', { class: 'ce-state-dot ce-state-' + (chat.State || 'unknown') }),
          el('span', { class: 'ce-name', text: chat.ChannelName || ('Chat ' + id) }),
          el('time', { class: 'ce-muted', text: U.formatTime(chat.CreatedAt), attrs: { datetime: chat.CreatedAt || '' } }),
          el('span', { class: 'ce-muted', text: U.stateLabel(chat.State) }),
        ]);
        li.addEventListener('click', () => showHistory(id));
        li.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') showHistory(id); });
        list.appendChild(li);
      }
      if (!chats.length) list.appendChild(el('li', { class: 'ce-empty', text: 'You have no chats yet.' }));
      list.dataset.count = String(chats.length);
    }, () => {});
  }

  // ------------------------------------------------------------------ new conversation

  function loadChannels() {
    const sel = $('ce-new-chat-channel');
    const row = $('ce-new-chat-channel-row');
    if (!settings.AllowChannels) { row.hidden = true; return; }
    const fill = (channels) => {
      U.clear(sel);
      for (const c of channels) sel.appendChild(el('option', { attrs: { value: String(c.ChatChannelID) }, text: c.Name }));
      row.hidden = channels.length === 0;
      state.channelsLoaded = true;
    };
    if (Array.isArray(settings.Channels) && !state.channelsLoaded) fill(settings.Channels);
    conn.request('Channels', {}).then((data) => fill((data && data.Channels) || []), () => {});
  }

  function setupNewChat() {
    const form = $('ce-new-chat-form');
    const msg = $('ce-new-chat-message');
    const err = $('ce-new-chat-error');
    const counter = $('ce-new-chat-counter');
    const updateCounter = () => {
      const remaining = maxLength - U.codePoints(msg.value);
      counter.dataset.remaining = String(remaining);
      counter.textContent = remaining >= 0 ? remaining + ' characters left' : (-remaining) + ' characters too many';
      counter.classList.toggle('ce-over', remaining < 0);
    };
    $('ce-new-conversation').addEventListener('click', () => {
      showOnly(null);
      state.selected = null;
      renderOpenChats();
      $('ce-no-chat-selected').hidden = true;
      form.hidden = false;
      err.hidden = true;
      loadChannels();
      msg.focus();
    });
    $('ce-new-chat-cancel').addEventListener('click', () => {
      form.hidden = true;
      if (state.order.length) selectChat(state.order[0], true);
      else $('ce-no-chat-selected').hidden = false;
    });
    msg.addEventListener('input', updateCounter);
    updateCounter();
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const text = msg.value;
      const n = U.codePoints(text);
      if (!text.trim()) { err.textContent = 'Please enter your question.'; err.hidden = false; msg.focus(); return; }
      if (n > maxLength) { err.textContent = 'The message is too long: ' + n + ' characters, at most ' + maxLength + ' are allowed.'; err.hidden = false; return; }
      const params = { Message: text };
      if (settings.AllowChannels && !$('ce-new-chat-channel-row').hidden && $('ce-new-chat-channel').value) {
        params.ChatChannelID = $('ce-new-chat-channel').value;
      }
      const btn = $('ce-new-chat-submit');
      btn.disabled = true;
      err.hidden = true;
      conn.command('CreateChatRequest', params).then((data) => {
        msg.value = '';
        updateCounter();
        form.hidden = true;
        if (data && data.ChatID !== undefined) openSoon(data.ChatID);
        loadOverview();
      }, (e) => {
        err.textContent = describe(e);
        err.hidden = false;
      }).finally(() => { btn.disabled = false; });
    });
    msg.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) { ev.preventDefault(); form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event('submit', { cancelable: true })); }
    });
  }

  // ------------------------------------------------------------------ frames

  function onSnapshot(data) {
    if (data.Texts) state.texts = Object.assign({}, state.texts, data.Texts);
    if (data.CustomerThresholdMinutes !== undefined) state.threshold = Number(data.CustomerThresholdMinutes) || 0;
    if (data.Requests) setRequests(data.Requests);
    else if (!state.requestsAsked) {
      state.requestsAsked = true;
      conn.request('ChatGetOpenRequests', {}).then(setRequests, () => {});
    }
    const chats = Array.isArray(data.Chats) ? data.Chats : [];
    const ids = new Set(chats.map((c) => key(c.ChatID)));
    for (const id of [...state.open.keys()]) {
      // no longer open on the server: closed ones leave the list unless shown right now
      if (!ids.has(id) && state.selected !== id) forgetOpen(id);
    }
    for (const chat of chats) {
      upsertOpen(chat);
      const w = state.widgets.get(key(chat.ChatID));
      if (w) w.setChat(chat);
    }
    renderOpenChats();
    // long polling repeats the snapshot with every answer: reload the overview only when something changed
    const signature = chats.map((c) => c.ChatID + ':' + c.State).join(',');
    if (signature !== state.snapshotSignature) {
      state.snapshotSignature = signature;
      loadOverview();
    }
    if (state.initialChat) {
      const id = state.initialChat;
      state.initialChat = null;
      if (state.open.has(id)) selectChat(id);
      else showHistory(id);
    }
  }

  function onEvents(payload) {
    const chat = payload.chat;
    const id = key(chat.ChatID);
    const gone = chat.State === 'closed' || chat.MyState === 'left';
    if (chat.State === 'request' && chat.MyState === 'invited') {
      // an agent's request to me: shown in the requests box until I accept or decline it
      if (!state.requests.some((c) => key(c.ChatID) === id)) state.requests.push(chat);
      else state.requests = state.requests.map((c) => (key(c.ChatID) === id ? chat : c));
      renderRequests();
      return;
    }
    if (state.requests.some((c) => key(c.ChatID) === id)) {
      state.requests = state.requests.filter((c) => key(c.ChatID) !== id);
      renderRequests();
    }
    if (!state.open.has(id) && gone && !state.widgets.has(id)) return;
    const before = state.open.get(id);
    upsertOpen(chat);
    const w = state.widgets.get(id);
    if (w) { w.setChat(chat); w.addEvents(payload.events); }
    if (!before || before.State !== chat.State || before.ChannelID !== chat.ChannelID || before.MyState !== chat.MyState) {
      scheduleOverview();
    }
  }

  function onTyping(frame) {
    const w = state.widgets.get(key(frame.ChatID));
    if (w) w.showTyping(frame.Name);
  }

  function init() {
    conn.on('snapshot', onSnapshot);
    conn.on('events', onEvents);
    conn.on('requests', setRequests);
    conn.on('typing', onTyping);
    conn.on('server-error', (e) => U.flash(e.Message || 'The server could not read a message.', e.Code));
    conn.on('session-lost', () => {
      const item = U.flash('Your session has ended. Please log in again.', 'no_session');
      item.appendChild(document.createTextNode(' '));
      item.appendChild(el('a', { attrs: { href: script }, text: 'Log in' }));
    });
    setupNewChat();
    $('ce-chat-overview-refresh').addEventListener('click', loadOverview);
    renderOpenChats();
    renderRequests();
    conn.start();
    loadOverview();
    if (config.ChatID !== null && config.ChatID !== undefined && config.ChatID !== '') state.initialChat = key(config.ChatID);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})(window);
