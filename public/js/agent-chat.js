/* ChatEngine: the agent chat manager (Action=AgentChat) and the one-chat popup (Action=AgentChatPopup). */
(function (global) {
  'use strict';

  const U = global.CEUtil;
  const el = U.el;
  const $ = (id) => document.getElementById(id);

  const config = U.readConfig();
  const settings = config.Settings || {};
  const maxLength = config.MaxMessageLength || 3800;
  const script = config.Script || '/otrs/index.pl';
  const isPopup = config.Action === 'AgentChatPopup' || !!$('ce-popup');

  const conn = new global.ChatConnection(config);

  const state = {
    me: {},
    channels: Array.isArray(settings.Channels) ? settings.Channels : [],
    requests: { Customer: [], Public: [], Personal: [] },
    filter: 'All',
    listed: new Map(),     // ChatID -> chat (active chats list)
    order: [],             // ChatIDs in list order
    widgets: new Map(),    // ChatID -> ChatWidget
    unread: new Map(),     // ChatID -> count
    selected: null,
    openWhenListed: new Set(),
    declined: new Set(),
    chatOrder: settings.ChatOrder === 'Prepend' ? 'Prepend' : 'Append',
  };

  // ------------------------------------------------------------------ helpers

  function chatKey(id) { return String(id); }

  function openPopup(chatID) {
    const url = script + '?Action=AgentChatPopup;ChatID=' + encodeURIComponent(chatID);
    const w = global.open(url, 'ce-chat-' + chatID, 'width=520,height=720,resizable=yes,scrollbars=yes');
    if (w) w.focus();
    else U.flash('The browser blocked the new window. Please allow pop-ups for this site.', 'popup_blocked');
  }

  function isListed(chat) {
    if (!chat || !chat.MyRole) return false;
    if (chat.MyState === 'left' || chat.MyState === 'invited') return false;
    return true;
  }

  function widgetFor(chatID, create) {
    const id = chatKey(chatID);
    let w = state.widgets.get(id);
    if (w || !create) return w;
    w = new global.ChatWidget({
      conn, chatID: id, iface: 'Agent', maxLength,
      channels: () => state.channels,
      newWindow: isPopup ? null : openPopup,
      onLeft: () => { if (!isPopup) removeListed(id); },
    });
    state.widgets.set(id, w);
    const entry = conn.chatEntry(id);
    if (entry) {
      w.setChat(entry.chat);
      w.addEvents(entry.events);
    } else if (state.listed.has(id)) {
      w.setChat(state.listed.get(id));
    }
    w.root.hidden = true;
    const area = $('ce-chat-area');
    if (area) area.appendChild(w.root);
    return w;
  }

  function describeError(err) {
    return (err && err.message) || 'The action failed.';
  }

  function runCommand(subaction, params, successText) {
    return conn.command(subaction, params).then((data) => {
      if (successText) U.flash(successText, 'info', 'info');
      return data || {};
    }, (err) => {
      U.flash(describeError(err), err.code);
      throw err;
    });
  }

  /** After accepting/starting/joining: open the chat once it shows up; fetch it if no Events frame comes. */
  function openSoon(chatID) {
    const id = chatKey(chatID);
    if (state.listed.has(id)) { selectChat(id); return; }
    state.openWhenListed.add(id);
    setTimeout(() => {
      if (!state.openWhenListed.has(id)) return;
      conn.catchUp(id, 'ChatHistory').catch(() => {});
    }, 1500);
  }

  // ------------------------------------------------------------------ availability

  function renderAvailability(value) {
    const box = $('ce-availability');
    if (!box) return;
    box.dataset.state = value || '';
    for (const b of box.querySelectorAll('button[data-availability]')) {
      const on = b.dataset.availability === value;
      b.setAttribute('aria-pressed', on ? 'true' : 'false');
      b.classList.toggle('ce-selected', on);
    }
  }

  function setupAvailability() {
    const box = $('ce-availability');
    if (!box) return;
    box.addEventListener('click', (ev) => {
      const b = ev.target.closest('button[data-availability]');
      if (!b) return;
      const value = b.dataset.availability;
      // data-state changes only when the server confirmed it (tests and people may rely on it)
      b.classList.add('ce-pending');
      runCommand('SetAvailability', { Availability: value }).then((data) => {
        state.me.Availability = data.Availability || value;
        renderAvailability(state.me.Availability);
      }, () => renderAvailability(state.me.Availability)).finally(() => b.classList.remove('ce-pending'));
    });
  }

  // ------------------------------------------------------------------ channels

  function myChannelIDs() {
    return new Set(state.channels.filter((c) => c.Mine).map((c) => String(c.ChatChannelID)));
  }

  function fillChannelSelect(select, currentChannelID) {
    U.clear(select);
    select.appendChild(el('option', { attrs: { value: '' }, text: 'Change channel…' }));
    for (const c of state.channels) {
      if (String(c.ChatChannelID) === String(currentChannelID)) continue;
      select.appendChild(el('option', {
        attrs: { value: String(c.ChatChannelID) },
        text: c.Name + (c.Staffed === false ? ' (nobody available)' : ''),
      }));
    }
    select.value = '';
  }

  function setChannels(channels) {
    if (!Array.isArray(channels)) return;
    state.channels = channels;
    renderMyChannels();
    renderRequests();
    for (const w of state.widgets.values()) w.setChannels(state.channels);
    const pSel = $('ce-preview-channel-select');
    const preview = $('ce-preview');
    if (pSel && preview && !preview.hidden) fillChannelSelect(pSel, preview.dataset.channelId);
  }

  function renderMyChannels() {
    const box = $('ce-my-channels-list');
    if (!box) return;
    U.clear(box);
    if (!state.channels.length) {
      box.appendChild(el('li', { class: 'ce-muted', text: 'No chat channels.' }));
      return;
    }
    for (const c of state.channels) {
      const id = 'ce-my-channel-' + c.ChatChannelID;
      const box1 = el('input', { type: 'checkbox', id, data: { channelId: c.ChatChannelID } });
      box1.checked = !!c.Mine;
      box.appendChild(el('li', {}, [
        el('label', { attrs: { for: id } }, [box1, ' ', c.Name + (c.Default ? ' (default)' : '')]),
      ]));
    }
  }

  function setupMyChannels() {
    const save = $('ce-my-channels-save');
    if (!save) return;
    save.addEventListener('click', () => {
      const ids = [...document.querySelectorAll('#ce-my-channels input[type=checkbox][data-channel-id]')]
        .filter((b) => b.checked).map((b) => b.dataset.channelId);
      save.disabled = true;
      runCommand('MyChannels', { ChatChannelIDs: ids.join(',') }, 'Your chat channels were saved.')
        .then((data) => { if (data.Channels) setChannels(data.Channels); }, () => {})
        .finally(() => { save.disabled = false; });
    });
  }

  // ------------------------------------------------------------------ requests

  function normalizeRequests(data) {
    const r = (data && data.Requests) ? data.Requests : (data || {});
    return {
      Customer: Array.isArray(r.Customer) ? r.Customer : [],
      Public: Array.isArray(r.Public) ? r.Public : [],
      Personal: Array.isArray(r.Personal) ? r.Personal : [],
    };
  }

  function isInvitation(chat) {
    // an invitation asks me to join a chat that is already running; a new agent-to-agent chat is a 'request'
    return chat.State === 'active';
  }

  function requestItem(chat) {
    const id = chatKey(chat.ChatID);
    const invitation = isInvitation(chat);
    const li = el('li', {
      class: 'ce-request-item', test: 'request',
      data: { chatId: id, kind: invitation ? 'invitation' : 'request', channelId: chat.ChannelID },
    });
    const info = el('div', { class: 'ce-request-info' }, [
      el('span', { class: 'ce-request-requester', test: 'request-requester', text: chat.Requester || '' }),
      el('span', { class: 'ce-request-channel', test: 'request-channel', text: chat.ChannelName || '' }),
      el('time', { class: 'ce-request-time', test: 'request-time', text: U.formatTime(chat.CreatedAt), attrs: { datetime: chat.CreatedAt || '' } }),
      invitation ? el('span', { class: 'ce-badge', text: 'Invitation' }) : null,
    ]);
    const actions = el('div', { class: 'ce-request-actions' });
    const btn = (action, text, cls, handler) => {
      const b = el('button', { class: 'ce-button ce-small ' + (cls || ''), type: 'button', action, text });
      b.addEventListener('click', () => { b.disabled = true; Promise.resolve(handler()).finally(() => { b.disabled = false; }); });
      actions.appendChild(b);
      return b;
    };
    btn('preview', 'Open chat', '', () => openPreview(id));
    if (invitation) {
      btn('join-participant', 'Join as participant', 'ce-primary', () => joinChat(id, 'Participant'));
      btn('join-observer', 'Join as observer', '', () => joinChat(id, 'Observer'));
    } else {
      btn('accept', 'Accept', 'ce-primary', () => acceptRequest(id));
    }
    btn('decline', 'Decline', '', () => declineRequest(id));
    if (!invitation && state.channels.length > 1) {
      const sel = el('select', { class: 'ce-select ce-small', action: 'change-channel', attrs: { 'aria-label': 'Change channel' } });
      fillChannelSelect(sel, chat.ChannelID);
      sel.addEventListener('change', () => {
        if (!sel.value) return;
        const target = sel.value;
        sel.disabled = true;
        changeRequestChannel(id, target).finally(() => { sel.disabled = false; sel.value = ''; });
      });
      actions.appendChild(sel);
    }
    li.appendChild(info);
    li.appendChild(actions);
    return li;
  }

  function renderRequests() {
    if (isPopup) return;
    const mine = myChannelIDs();
    const filterMine = state.filter === 'Mine';
    const sections = { Customer: 'ce-requests-customer', Public: 'ce-requests-public', Personal: 'ce-requests-personal' };
    let total = 0;
    for (const [key, sectionID] of Object.entries(sections)) {
      const section = $(sectionID);
      if (!section) continue;
      const list = section.querySelector('ul');
      U.clear(list);
      const items = state.requests[key].filter((c) => key === 'Personal' || !filterMine || mine.has(String(c.ChannelID)));
      for (const chat of items) list.appendChild(requestItem(chat));
      if (!items.length) list.appendChild(el('li', { class: 'ce-empty', text: 'No requests.' }));
      section.dataset.count = String(items.length);
      const counter = section.querySelector('.ce-count');
      if (counter) counter.textContent = String(items.length);
      total += items.length;
    }
    const badge = $('ce-requests-total');
    if (badge) { badge.textContent = String(total); badge.dataset.count = String(total); }
  }

  function setRequests(data) {
    state.requests = normalizeRequests(data);
    // invitations known from the chats' own events stay listed until answered
    const listed = new Set(Object.values(state.requests).flat().map((c) => chatKey(c.ChatID)));
    for (const [id, entry] of conn.chats) {
      const c = entry.chat;
      if (c && c.MyState === 'invited' && c.State !== 'closed' && !listed.has(id) && !state.declined.has(id)) {
        state.requests.Personal.push(c);
      }
    }
    renderRequests();
    const preview = $('ce-preview');
    if (preview && !preview.hidden) {
      const id = preview.dataset.chatId;
      const still = Object.values(state.requests).some((l) => l.some((c) => chatKey(c.ChatID) === id));
      if (!still) closePreview();
    }
  }

  function dropRequest(id) {
    for (const key of Object.keys(state.requests)) {
      state.requests[key] = state.requests[key].filter((c) => chatKey(c.ChatID) !== id);
    }
    renderRequests();
  }

  function acceptRequest(id) {
    return runCommand('ChatRequestAccept', { ChatID: id }).then(() => {
      dropRequest(id);
      closePreview();
      openSoon(id);
    }, () => {});
  }

  function joinChat(id, role) {
    return runCommand('ChatRoleSwitch', { ChatID: id, Role: role }).then(() => {
      dropRequest(id);
      closePreview();
      openSoon(id);
    }, () => {});
  }

  function declineRequest(id) {
    return runCommand('DeclineRequest', { ChatID: id }).then(() => {
      state.declined.add(id);
      dropRequest(id);
      closePreview();
    }, () => {});
  }

  function changeRequestChannel(id, channelID) {
    return runCommand('ChangeChannel', { ChatID: id, ChatChannelID: channelID }, 'The request was moved to another channel.')
      .then(() => {
        const preview = $('ce-preview');
        if (preview && !preview.hidden && preview.dataset.chatId === id) openPreview(id);
      }, () => {});
  }

  function setupFilter() {
    const sel = $('ce-request-filter');
    if (!sel) return;
    sel.addEventListener('change', () => {
      state.filter = sel.value === 'Mine' ? 'Mine' : 'All';
      renderRequests();
      conn.request('ChatGetOpenRequests', { Filter: state.filter }).then(setRequests, (err) => U.flash(describeError(err), err.code));
    });
  }

  /** The agent's order of active chats: stored on the server (UpdateChatOrder), so it follows them. */
  function setupChatOrder() {
    const sel = $('ce-chat-order');
    if (!sel) return;
    sel.value = state.chatOrder;
    sel.addEventListener('change', () => {
      const order = sel.value === 'Prepend' ? 'Prepend' : 'Append';
      if (order === state.chatOrder) return;
      state.chatOrder = order;
      state.order.reverse();
      renderActiveList();
      conn.command('UpdateChatOrder', { ChatOrder: order }).catch((err) => U.flash(describeError(err), err.code));
    });
  }

  // ------------------------------------------------------------------ preview

  function openPreview(id) {
    const dlg = $('ce-preview');
    if (!dlg) return Promise.resolve();
    return conn.request('', { ChatID: id }, { action: 'AgentChatPreview' }).then((data) => {
      const chat = (data && data.Chat) || {};
      const events = (data && data.Events) || [];
      dlg.dataset.chatId = id;
      dlg.dataset.channelId = String(chat.ChannelID || '');
      $('ce-preview-requester').textContent = chat.Requester || '';
      $('ce-preview-channel').textContent = chat.ChannelName || '';
      $('ce-preview-state').textContent = U.stateLabel(chat.State);
      const list = $('ce-preview-messages');
      U.clear(list);
      const scratch = new global.ChatWidget({ conn: null, chatID: id, iface: 'Agent', readOnly: true });
      for (const ev of events) list.appendChild(scratch.renderEvent(ev));
      if (!events.length) list.appendChild(el('li', { class: 'ce-empty', text: 'No messages yet.' }));
      const invitation = isInvitation(chat);
      $('ce-preview-accept').textContent = invitation ? 'Join as participant' : 'Accept';
      const sel = $('ce-preview-channel-select');
      fillChannelSelect(sel, chat.ChannelID);
      sel.hidden = invitation || state.channels.length < 2;
      dlg.hidden = false;
      $('ce-preview-accept').focus();
    }, (err) => U.flash(describeError(err), err.code));
  }

  function closePreview() {
    const dlg = $('ce-preview');
    if (dlg) { dlg.hidden = true; dlg.dataset.chatId = ''; }
  }

  function setupPreview() {
    const dlg = $('ce-preview');
    if (!dlg) return;
    $('ce-preview-close').addEventListener('click', closePreview);
    $('ce-preview-accept').addEventListener('click', () => {
      const id = dlg.dataset.chatId;
      if (!id) return;
      const req = Object.values(state.requests).flat().find((c) => chatKey(c.ChatID) === id);
      if (req && isInvitation(req)) joinChat(id, 'Participant');
      else acceptRequest(id);
    });
    $('ce-preview-decline').addEventListener('click', () => { if (dlg.dataset.chatId) declineRequest(dlg.dataset.chatId); });
    const sel = $('ce-preview-channel-select');
    sel.addEventListener('change', () => {
      if (!sel.value || !dlg.dataset.chatId) return;
      const target = sel.value;
      sel.value = '';
      changeRequestChannel(dlg.dataset.chatId, target);
    });
    document.addEventListener('keydown', (ev) => { if (ev.key === 'Escape' && !dlg.hidden) closePreview(); });
  }

  // ------------------------------------------------------------------ active chats

  function upsertListed(chat) {
    const id = chatKey(chat.ChatID);
    const known = state.listed.has(id);
    state.listed.set(id, Object.assign({}, state.listed.get(id), chat));
    if (!known) {
      if (state.chatOrder === 'Prepend') state.order.unshift(id);
      else state.order.push(id);
    }
    renderActiveList();
    if (state.openWhenListed.has(id)) {
      state.openWhenListed.delete(id);
      selectChat(id);
    } else if (!state.selected) {
      selectChat(id, true);
    }
  }

  function removeListed(id) {
    id = chatKey(id);
    state.listed.delete(id);
    state.order = state.order.filter((x) => x !== id);
    state.unread.delete(id);
    const w = state.widgets.get(id);
    if (w) { w.destroy(); state.widgets.delete(id); }
    if (state.selected === id) {
      state.selected = null;
      if (state.order.length) selectChat(state.order[0], true);
    }
    renderActiveList();
    updateEmptyState();
  }

  function renderActiveList() {
    const list = $('ce-active-chats');
    if (!list) return;
    U.clear(list);
    for (const id of state.order) {
      const chat = state.listed.get(id);
      if (!chat) continue;
      const unread = state.unread.get(id) || 0;
      const li = el('li', {
        class: 'ce-active-chat' + (state.selected === id ? ' ce-selected' : '') + (unread ? ' ce-has-unread' : ''),
        test: 'active-chat',
        data: { chatId: id, state: chat.State || '', unread },
        attrs: { tabindex: '0', role: 'button', 'aria-current': state.selected === id ? 'true' : null },
      }, [
        el('span', { class: 'ce-state-dot ce-state-' + (chat.State || 'unknown'), attrs: { title: U.stateLabel(chat.State) } }),
        el('span', { class: 'ce-active-chat-name', test: 'active-chat-requester', text: global.ChatWidget.agentTitle(chat) }),
        el('span', { class: 'ce-active-chat-channel', text: chat.ChannelName || '' }),
        unread ? el('span', { class: 'ce-unread', test: 'unread', text: String(unread) }) : null,
      ]);
      if (chat.State === 'closed') {
        const dismiss = el('button', { class: 'ce-button ce-small ce-link', type: 'button', action: 'dismiss', text: 'Remove', attrs: { title: 'Remove this closed chat from the list' } });
        dismiss.addEventListener('click', (ev) => { ev.stopPropagation(); removeListed(id); });
        li.appendChild(dismiss);
      }
      li.addEventListener('click', () => selectChat(id));
      li.addEventListener('keydown', (ev) => { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); selectChat(id); } });
      list.appendChild(li);
    }
    list.dataset.count = String(state.order.length);
    const counter = $('ce-active-count');
    if (counter) counter.textContent = String(state.order.length);
    updateEmptyState();
  }

  function updateEmptyState() {
    const empty = $('ce-no-chat-selected');
    if (empty) empty.hidden = !!state.selected;
  }

  function selectChat(id, quiet) {
    id = chatKey(id);
    state.selected = id;
    state.unread.delete(id);
    const w = widgetFor(id, true);
    for (const [otherID, other] of state.widgets) other.root.hidden = otherID !== id;
    renderActiveList();
    w.scrollToBottom();
    if (!quiet) w.focus();
    updateEmptyState();
  }

  // ------------------------------------------------------------------ frames

  function onSnapshot(data) {
    state.me = data.Me || state.me || {};
    renderAvailability(state.me.Availability);
    if (state.me.ChannelFilter && !state.filterTouched) {
      state.filter = state.me.ChannelFilter === 'Mine' ? 'Mine' : 'All';
      const sel = $('ce-request-filter');
      if (sel) sel.value = state.filter;
    }
    if (Array.isArray(data.Channels)) setChannels(data.Channels);
    if (data.Requests) setRequests(data.Requests);
    if (!state.peopleAfterSnapshot) {
      // the people list marks "me" (no chat icon): it needs Me.UserID
      state.peopleAfterSnapshot = true;
      loadPeople();
    }

    const active = Array.isArray(data.ActiveChats) ? data.ActiveChats : [];
    const ids = new Set(active.map((c) => chatKey(c.ChatID)));
    if (isPopup) {
      const target = chatKey(config.ChatID);
      const chat = active.find((c) => chatKey(c.ChatID) === target);
      const w = popupWidget();
      if (chat) w.setChat(chat);
      else if (!state.popupFetched) {
        state.popupFetched = true;
        conn.catchUp(target, 'ChatHistory').catch((err) => U.flash(describeError(err), err.code));
      }
      return;
    }
    // chats that are no longer active for me (left elsewhere) leave the list; closed ones stay until removed
    for (const id of [...state.listed.keys()]) {
      const chat = state.listed.get(id);
      if (!ids.has(id) && chat.State !== 'closed') removeListed(id);
    }
    for (const chat of active) {
      upsertListed(chat);
      const w = state.widgets.get(chatKey(chat.ChatID));
      if (w) w.setChat(chat);
    }
    renderActiveList();
  }

  function onEvents(payload) {
    const chat = payload.chat;
    const id = chatKey(chat.ChatID);
    if (isPopup) {
      if (id !== chatKey(config.ChatID)) return;
      const w = popupWidget();
      w.setChat(chat);
      w.addEvents(payload.events);
      return;
    }
    // the request lists follow the chat's own state too (an invitation to a running chat changes no
    // request list on the server side, but its Events reach the invited agent)
    const inPersonal = state.requests.Personal.some((c) => chatKey(c.ChatID) === id);
    if (chat.MyState === 'invited' && chat.State !== 'closed' && !state.declined.has(id)) {
      if (!inPersonal) {
        state.requests.Personal.push(chat);
        renderRequests();
      }
    } else if (inPersonal) {
      state.requests.Personal = state.requests.Personal.filter((c) => chatKey(c.ChatID) !== id);
      renderRequests();
    }
    const wasListed = state.listed.has(id);
    if (isListed(chat) || (wasListed && chat.State === 'closed')) {
      upsertListed(chat);
      const w = state.widgets.get(id);
      if (w) {
        w.setChat(chat);
        w.addEvents(payload.events);
      }
      if (state.selected !== id) {
        const n = payload.events.filter((e) => e.Kind !== 'system' && !e.Mine).length;
        if (n) {
          state.unread.set(id, (state.unread.get(id) || 0) + n);
          renderActiveList();
        }
      }
    } else if (wasListed) {
      removeListed(id);
    }
  }

  function onTyping(frame) {
    const w = isPopup ? state.popup : state.widgets.get(chatKey(frame.ChatID));
    if (w && (!isPopup || chatKey(frame.ChatID) === chatKey(config.ChatID))) w.showTyping(frame.Name);
  }

  // ------------------------------------------------------------------ notifications

  function soundOn() { return U.storageGet('localStorage', 'ce-sound') === '1'; }

  function playSound() {
    if (!soundOn()) return;
    try {
      const a = new Audio('/otrs-web/sounds/notify.wav');
      const p = a.play();
      if (p && p.catch) p.catch(() => {});
    } catch (e) { /* no audio */ }
  }

  function onNotification(frame) {
    const title = frame.Title || 'Chat';
    const body = frame.Body || '';
    playSound();
    const system = 'Notification' in global && global.Notification.permission === 'granted';
    if (!system) U.flash(title + (body ? ': ' + body : ''), 'notification', 'info');
    if (system) {
      try {
        const n = new global.Notification(title, { body, tag: 'ce-chat-' + (frame.ChatID || ''), icon: undefined });
        n.onclick = () => {
          global.focus();
          if (frame.ChatID && state.listed.has(chatKey(frame.ChatID))) selectChat(frame.ChatID);
          n.close();
        };
      } catch (e) { /* e.g. mobile browsers need a service worker */ }
    }
  }

  function setupNotifications() {
    const btn = $('ce-notify-enable');
    const supported = 'Notification' in global;
    const refresh = () => {
      if (!btn) return;
      btn.hidden = !supported || global.Notification.permission !== 'default' || btn.dataset.disabled === '1';
    };
    refresh();
    if (btn) {
      btn.addEventListener('click', () => {
        if (!supported) return;
        const r = global.Notification.requestPermission((p) => { refresh(); void p; });
        if (r && r.then) r.then(refresh, refresh);
      });
    }
    const sound = $('ce-sound-toggle');
    if (sound) {
      sound.checked = soundOn();
      sound.addEventListener('change', () => {
        U.storageSet('localStorage', 'ce-sound', sound.checked ? '1' : '0');
        if (sound.checked) playSound();
      });
    }
  }

  // ------------------------------------------------------------------ people online

  let startTarget = null;

  function personItem(p, kind) {
    const presence = p.Presence || 'offline';
    const login = p.Login || String(p.UserID || '');
    const isMe = kind === 'agent' && state.me && String(p.UserID) === String(state.me.UserID);
    const allowed = kind === 'agent' ? settings.AgentToAgent !== false : settings.AgentToCustomer !== false;
    const canChat = allowed && !isMe && presence !== 'offline' &&
      (kind === 'customer' || (p.Availability && p.Availability !== 'unavailable'));
    const li = el('li', {
      class: 'ce-person', test: 'person',
      data: { kind, userId: p.UserID, login, presence, availability: p.Availability || '', me: isMe ? '1' : '0' },
    }, [
      U.presenceDot(presence),
      el('span', { class: 'ce-name', test: 'person-name', text: p.Name || login }),
    ]);
    if (canChat) {
      const b = el('button', {
        class: 'ce-icon-button ce-chat-icon', type: 'button', action: 'start-chat',
        attrs: { title: 'Start a chat with ' + (p.Name || login), 'aria-label': 'Start a chat with ' + (p.Name || login) },
      });
      b.addEventListener('click', () => openStartChat(kind === 'agent' ? 'User' : 'Customer', login, p.Name || login));
      li.appendChild(b);
    }
    return li;
  }

  function loadPeople() {
    const agents = $('ce-people-agents');
    if (!agents) return;
    conn.request('UpdateOnlineUsers', {}).then((data) => {
      const customers = $('ce-people-customers');
      U.clear(agents);
      U.clear(customers);
      for (const a of (data && data.Agents) || []) agents.appendChild(personItem(a, 'agent'));
      for (const c of (data && data.Customers) || []) customers.appendChild(personItem(c, 'customer'));
      if (!agents.firstChild) agents.appendChild(el('li', { class: 'ce-empty', text: 'No agents online.' }));
      if (!customers.firstChild) customers.appendChild(el('li', { class: 'ce-empty', text: 'No customer users online.' }));
    }, () => { /* shown again at the next refresh */ });
  }

  function openStartChat(userType, login, name) {
    const dlg = $('ce-start-chat');
    if (!dlg) return;
    startTarget = { userType, login };
    dlg.dataset.userType = userType;
    dlg.dataset.userId = login;
    $('ce-start-chat-name').textContent = name;
    $('ce-start-chat-message').value = '';
    $('ce-start-chat-error').hidden = true;
    dlg.hidden = false;
    $('ce-start-chat-message').focus();
  }

  function setupStartChat() {
    const dlg = $('ce-start-chat');
    if (!dlg) return;
    const msg = $('ce-start-chat-message');
    const err = $('ce-start-chat-error');
    const close = () => { dlg.hidden = true; startTarget = null; };
    $('ce-start-chat-cancel').addEventListener('click', close);
    const submit = () => {
      if (!startTarget) return;
      const text = msg.value;
      const n = U.codePoints(text);
      if (!text.trim()) { err.textContent = 'Please enter a first message.'; err.hidden = false; return; }
      if (n > maxLength) { err.textContent = 'The message is too long: ' + n + ' characters, at most ' + maxLength + '.'; err.hidden = false; return; }
      const btn = $('ce-start-chat-submit');
      btn.disabled = true;
      conn.command('ChatStart', { UserType: startTarget.userType, UserID: startTarget.login, Message: text }).then((data) => {
        close();
        if (data && data.ChatID) openSoon(data.ChatID);
      }, (e) => {
        err.textContent = describeError(e);
        err.hidden = false;
      }).finally(() => { btn.disabled = false; });
    };
    $('ce-start-chat-submit').addEventListener('click', submit);
    msg.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) { ev.preventDefault(); submit(); }
      if (ev.key === 'Escape') close();
    });
    const refresh = $('ce-people-refresh');
    if (refresh) refresh.addEventListener('click', loadPeople);
  }

  // ------------------------------------------------------------------ closed chats

  function searchClosed() {
    const list = $('ce-closed-chats');
    if (!list) return;
    const q = ($('ce-closed-search') || {}).value || '';
    conn.request('ClosedChats', { Search: q }).then((data) => {
      U.clear(list);
      const chats = (data && data.Chats) || [];
      for (const chat of chats) {
        const id = chatKey(chat.ChatID);
        const li = el('li', {
          class: 'ce-closed-chat', test: 'closed-chat', data: { chatId: id },
          attrs: { tabindex: '0', role: 'button' },
        }, [
          el('span', { class: 'ce-name', text: chat.Requester || ('Chat ' + id) }),
          el('span', { class: 'ce-muted', text: chat.ChannelName || '' }),
          el('time', { class: 'ce-muted', text: U.formatTime(chat.CreatedAt), attrs: { datetime: chat.CreatedAt || '' } }),
        ]);
        li.addEventListener('click', () => showClosed(id));
        li.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') showClosed(id); });
        list.appendChild(li);
      }
      if (!chats.length) list.appendChild(el('li', { class: 'ce-empty', text: q ? 'No closed chats match.' : 'No closed chats.' }));
    }, (err) => U.flash(describeError(err), err.code));
  }

  function showClosed(id) {
    const view = $('ce-closed-view');
    if (!view) return;
    conn.request('ChatHistory', { ChatID: id, After: 0 }).then((data) => {
      U.clear(view);
      const w = new global.ChatWidget({ conn: null, chatID: id, iface: 'Agent', readOnly: true, maxLength });
      w.setChat(data.Chat || { ChatID: id });
      w.addEvents(data.Events || []);
      const close = el('button', { class: 'ce-button ce-small ce-link', type: 'button', id: 'ce-closed-view-close', text: 'Close history' });
      close.addEventListener('click', () => { U.clear(view); view.hidden = true; });
      view.appendChild(close);
      view.appendChild(w.root);
      view.hidden = false;
      w.scrollToBottom();
      view.scrollIntoView({ block: 'start', behavior: 'smooth' });
    }, (err) => U.flash(describeError(err), err.code));
  }

  function setupClosed() {
    const input = $('ce-closed-search');
    if (!input) return;
    $('ce-closed-search-submit').addEventListener('click', searchClosed);
    input.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') { ev.preventDefault(); searchClosed(); } });
  }

  // ------------------------------------------------------------------ popup

  function popupWidget() {
    if (state.popup) return state.popup;
    const id = chatKey(config.ChatID);
    const w = new global.ChatWidget({ conn, chatID: id, iface: 'Agent', maxLength, channels: () => state.channels });
    state.popup = w;
    state.widgets.set(id, w);
    const box = $('ce-popup');
    U.clear(box);
    box.appendChild(w.root);
    const entry = conn.chatEntry(id);
    if (entry) { w.setChat(entry.chat); w.addEvents(entry.events); }
    w.focus();
    return w;
  }

  // ------------------------------------------------------------------ start

  function onSessionLost() {
    const msg = 'Your session has ended. Please log in again.';
    const item = U.flash(msg, 'no_session');
    item.appendChild(document.createTextNode(' '));
    item.appendChild(el('a', { attrs: { href: script }, text: 'Log in' }));
    for (const w of state.widgets.values()) {
      if (w.input) { w.input.disabled = true; w.sendButton.disabled = true; }
    }
  }

  function init() {
    conn.on('snapshot', onSnapshot);
    conn.on('events', onEvents);
    conn.on('requests', setRequests);
    conn.on('typing', onTyping);
    conn.on('notification', onNotification);
    conn.on('server-error', (e) => U.flash(e.Message || 'The server could not read a message.', e.Code));
    conn.on('session-lost', onSessionLost);

    if (isPopup) {
      if (config.ChatID === null || config.ChatID === undefined) {
        U.flash('No chat selected.', 'not_found');
        return;
      }
      popupWidget();
      conn.start();
      return;
    }

    if (settings.IsAdmin === false) {
      const admin = $('ce-nav-admin-channels');
      if (admin) admin.hidden = true;
    }
    if (settings.Notify === false) {
      const notify = $('ce-notify-enable');
      if (notify) notify.dataset.disabled = '1';
    }
    setupAvailability();
    setupFilter();
    setupChatOrder();
    const filterSel = $('ce-request-filter');
    if (filterSel) filterSel.addEventListener('change', () => { state.filterTouched = true; });
    setupPreview();
    setupMyChannels();
    setupNotifications();
    setupStartChat();
    setupClosed();
    renderMyChannels();
    renderRequests();
    renderActiveList();
    conn.start();
    setInterval(loadPeople, 30000);
    searchClosed();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})(window);
