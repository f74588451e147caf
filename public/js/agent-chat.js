/* ChatEngine: the agent chat manager (Action=AgentChat) and the one-chat popup (Action=AgentChatPopup):
 * the active chats and their views; the panels live in agent-*.js.
 */
import { $, clear, el, flash, flashError } from './dom.js';
import { agentTitle, setTimeZone, stateLabel } from './format.js';
import { connect, fillView, pageSettings, readConfig, sessionEnded, showChat } from './page-start.js';
import { ChatView } from './chat-view.js';
import { requestsPanel } from './agent-requests.js';
import { renderAvailability, renderMyChannels, setupSettings, takeFilter } from './agent-settings.js';
import { notifier, setupNotifications } from './notify.js';
import { peoplePanel } from './agent-people.js';
import { closedPanel } from './agent-closed.js';

const page = pageSettings(readConfig());
const config = page.config;
const settings = page.settings;
setTimeZone(settings.TimeZone);
const isPopup = config.Action === 'AgentChatPopup';
const key = (id) => String(id);

const state = {
  me: {},
  channels: Array.isArray(settings.Channels) ? settings.Channels : [],
  requests: { Customer: [], Public: [], Personal: [] },
  filter: 'All',
  listed: new Map(),     // ChatID -> chat (active chats list)
  order: [],             // ChatIDs in list order
  views: new Map(),      // ChatID -> ChatView
  unread: new Map(),     // ChatID -> count
  selected: null,
  openWhenListed: new Set(),
  declined: new Set(),
  chatOrder: settings.ChatOrder === 'Prepend' ? 'Prepend' : 'Append',
};

const conn = connect(page, {
  viewFor: (id) => (isPopup && id !== key(config.ChatID) ? null : state.views.get(id)),
  onSessionLost: () => {
    sessionEnded(config.Script);
    for (const view of state.views.values()) {
      if (view.input) { view.input.disabled = true; view.sendButton.disabled = true; }
    }
  },
});

function runCommand(subaction, params, successText) {
  return conn.command(subaction, params).then((data) => {
    if (successText) flash(successText, 'info', 'info');
    return data || {};
  }, (err) => {
    flashError(err);
    throw err;
  });
}

function openPopup(chatID) {
  const w = window.open(config.Script + '?Action=AgentChatPopup;ChatID=' + encodeURIComponent(chatID), 'ce-chat-' + chatID,
    'width=520,height=720,resizable=yes,scrollbars=yes');
  if (w) w.focus();
  else flash('The browser blocked the new window. Please allow pop-ups for this site.', 'popup_blocked');
}

/** After accepting/starting/joining: open the chat once it shows up; fetch it if no Events frame comes. */
function openSoon(chatID) {
  const id = key(chatID);
  if (state.listed.has(id)) { selectChat(id); return; }
  state.openWhenListed.add(id);
  setTimeout(() => { if (state.openWhenListed.has(id)) conn.catchUp(id, 'ChatHistory').catch(() => {}); }, 1500);
}

const ctx = { conn, page, state, runCommand, openSoon, isPopup };
const requests = requestsPanel(ctx);
const people = isPopup ? null : peoplePanel(ctx);
const closed = isPopup ? null : closedPanel(Object.assign(ctx, { showInArea, selectChat: (id) => selectChat(id) }));

// ------------------------------------------------------------------ views and the active list

function viewFor(chatID) {
  const id = key(chatID);
  let view = state.views.get(id);
  if (view) return view;
  view = new ChatView({
    conn, chatID: id, iface: 'Agent', page,
    channels: () => state.channels,
    newWindow: isPopup ? null : openPopup,
    onLeft: () => { if (!isPopup) removeListed(id); },
  });
  state.views.set(id, view);
  fillView(view, conn, state.listed.get(id));
  view.root.hidden = !isPopup;
  ($('ce-chat-area') || $('ce-popup')).appendChild(view.root);
  return view;
}

/** Shows `node` (a closed chat's history) in the chat area instead of the selected chat; null: the selected chat again. */
function showInArea(node) {
  for (const [id, view] of state.views) view.root.hidden = !!node || id !== state.selected;
  $('ce-no-chat-selected').hidden = !!node || !!state.selected;
}

function setChannels(channels) {
  if (!Array.isArray(channels)) return;
  state.channels = channels;
  renderMyChannels(state.channels);
  requests.channelsChanged();
  for (const view of state.views.values()) view.setChannels(state.channels);
}

function upsertListed(chat) {
  const id = key(chat.ChatID);
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
  id = key(id);
  state.listed.delete(id);
  state.order = state.order.filter((x) => x !== id);
  state.unread.delete(id);
  const view = state.views.get(id);
  if (view) { view.destroy(); state.views.delete(id); }
  if (state.selected === id) {
    state.selected = null;
    if (state.order.length) selectChat(state.order[0], true);
  }
  renderActiveList();
  showInArea(null);
}

function activeItem(id, chat) {
  const unread = state.unread.get(id) || 0;
  const li = el('li', {
    class: 'ce-active-chat' + (state.selected === id ? ' ce-selected' : '') + (unread ? ' ce-has-unread' : ''),
    test: 'active-chat', data: { chatId: id, state: chat.State || '', unread },
  }, [
    el('span', { class: 'ce-state-dot ce-state-' + (chat.State || 'unknown'), attrs: { title: stateLabel(chat.State) } }),
    // the button is inside the list item (a role on the <li> would take it out of the list); Enter bubbles to the item
    el('span', { class: 'ce-active-chat-name', test: 'active-chat-requester', text: agentTitle(chat),
      attrs: { tabindex: '0', role: 'button', 'aria-current': state.selected === id ? 'true' : null } }),
    el('span', { class: 'ce-active-chat-channel', text: chat.ChannelName || '' }),
    unread ? el('span', { class: 'ce-unread', test: 'unread', text: String(unread) }) : null,
  ]);
  if (chat.State === 'closed') {
    li.appendChild(el('button', {
      class: 'ce-button ce-small ce-link', type: 'button', action: 'dismiss', text: 'Remove', attrs: { title: 'Remove this closed chat from the list' },
      on: { click: (ev) => { ev.stopPropagation(); removeListed(id); } },
    }));
  }
  li.addEventListener('click', () => selectChat(id));
  li.addEventListener('keydown', (ev) => { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); selectChat(id); } });
  return li;
}

function renderActiveList() {
  const list = $('ce-active-chats');
  if (!list) return;
  clear(list);
  for (const id of state.order) if (state.listed.has(id)) list.appendChild(activeItem(id, state.listed.get(id)));
  list.dataset.count = String(state.order.length);
  $('ce-active-count').textContent = String(state.order.length);
}

function selectChat(id, quiet) {
  id = key(id);
  if (closed) closed.close();
  state.selected = id;
  state.unread.delete(id);
  const view = viewFor(id);
  showInArea(null);
  renderActiveList();
  view.scrollToBottom();
  if (!quiet) view.focus();
}

// ------------------------------------------------------------------ frames

function onSnapshot(data) {
  state.me = data.Me || state.me || {};
  renderAvailability(state.me.Availability);
  takeFilter(state, state.me);
  if (Array.isArray(data.Channels)) setChannels(data.Channels);
  if (data.Requests) requests.set(data.Requests);
  if (people && !state.peopleLoaded) {
    // the people list marks "me" (no chat icon): it needs Me.UserID
    state.peopleLoaded = true;
    people.load();
  }
  const active = Array.isArray(data.ActiveChats) ? data.ActiveChats : [];
  if (isPopup) {
    const target = key(config.ChatID);
    const chat = active.find((c) => key(c.ChatID) === target);
    if (chat) viewFor(target).setChat(chat);
    else if (!state.popupFetched) {
      state.popupFetched = true;
      conn.catchUp(target, 'ChatHistory').catch((err) => flashError(err));
    }
    return;
  }
  // chats that are no longer active for me (left elsewhere) leave the list; closed ones stay until removed
  const ids = new Set(active.map((c) => key(c.ChatID)));
  for (const [id, chat] of [...state.listed]) if (!ids.has(id) && chat.State !== 'closed') removeListed(id);
  for (const chat of active) {
    upsertListed(chat);
    const view = state.views.get(key(chat.ChatID));
    if (view) view.setChat(chat);
  }
  renderActiveList();
}

const isListed = (chat) => !!chat.MyRole && chat.MyState !== 'left' && chat.MyState !== 'invited';

function onEvents(payload) {
  const chat = payload.chat;
  const id = key(chat.ChatID);
  if (isPopup) {
    if (id === key(config.ChatID)) showChat(viewFor(id), payload);
    return;
  }
  requests.follow(chat);
  const wasListed = state.listed.has(id);
  if (wasListed && chat.State === 'closed' && state.listed.get(id).State !== 'closed') closed.refresh();
  if (isListed(chat) || (wasListed && chat.State === 'closed')) {
    upsertListed(chat);
    const view = state.views.get(id);
    if (view) showChat(view, payload);
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

// ------------------------------------------------------------------ start

conn.on('snapshot', onSnapshot);
conn.on('events', onEvents);
conn.on('requests', (data) => requests.set(data));
const notify = notifier((chatID) => { if (state.listed.has(key(chatID))) selectChat(chatID); });
// the agent may turn notifications off in their preferences
conn.on('notification', (frame) => { if (settings.Notifications !== false) notify(frame); });

if (isPopup) {
  if (config.ChatID === null || config.ChatID === undefined) {
    flash('No chat selected.', 'not_found');
  } else {
    clear($('ce-popup'));
    viewFor(config.ChatID).focus();
    conn.start();
  }
} else {
  if (settings.IsAdmin === false && $('ce-nav-admin-channels')) $('ce-nav-admin-channels').hidden = true;
  setupSettings(Object.assign(ctx, { setChannels, setRequests: (data) => requests.set(data), renderRequests: requests.render, renderActiveList }));
  setupNotifications(settings.Notify !== false && settings.Notifications !== false, {
    on: settings.Sound === true,
    save: (on) => conn.command('UpdateSound', { Sound: on ? '1' : '0' }),
  });
  renderMyChannels(state.channels);
  requests.render();
  renderActiveList();
  conn.start();
  closed.search();
}
