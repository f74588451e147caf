/* ChatEngine: the customer user's chat page (Action=CustomerChat on customer.pl). */
import { t } from './i18n.js';
import { $, clear, el, flashError, onActivate } from './dom.js';
import { formatTime, stateLabel } from './format.js';
import { connect, fillView, pageSettings, readConfig, showChat } from './page-start.js';
import { messageForm } from './message-form.js';
import { ChatView } from './chat-view.js';
import { downloadControl } from './chat-download.js';
import { ticketFromChatControl } from './chat-ticket-from-chat.js';
import { customerMailControl } from './chat-send-mail.js';
import { notifier } from './notify.js';

const page = pageSettings(readConfig());
const settings = page.settings;
const state = {
  open: new Map(),        // ChatID -> chat (open chats)
  order: [],
  views: new Map(),       // ChatID -> live ChatView
  history: null,          // read-only view currently shown
  selected: null,
  openWhenListed: new Set(),
  requests: [],
  channelsLoaded: false,
};
const conn = connect(page, { viewFor: (id) => state.views.get(id) });
const key = (id) => String(id);
const download = (id, text) => downloadControl({ script: page.config.Script || '', iface: 'Customer', chatID: id, text });

// ------------------------------------------------------------------ views

function viewFor(id) {
  id = key(id);
  let view = state.views.get(id);
  if (view) return view;
  view = new ChatView({ conn, chatID: id, iface: 'Customer', page, onLeft: () => loadOverview() });
  state.views.set(id, view);
  fillView(view, conn, state.open.get(id));
  view.root.hidden = true;
  $('ce-chat-area').appendChild(view.root);
  return view;
}

function showOnly(root) {
  for (const view of state.views.values()) view.root.hidden = view.root !== root;
  if (state.history && state.history.root !== root) {
    state.history.destroy();
    state.history = null;
  }
  $('ce-no-chat-selected').hidden = !!root;
}

function selectChat(id, quiet) {
  id = key(id);
  state.selected = id;
  const view = viewFor(id);
  showOnly(view.root);
  $('ce-new-chat-form').hidden = true;
  renderOpenChats();
  view.scrollToBottom();
  if (!quiet) view.focus();
}

function forgetOpen(id) {
  state.open.delete(id);
  state.order = state.order.filter((x) => x !== id);
  const view = state.views.get(id);
  if (view) { view.destroy(); state.views.delete(id); }
  if (state.selected === id) state.selected = null;
  renderOpenChats();
}

function showHistory(id) {
  id = key(id);
  const open = state.open.get(id);
  if (open && open.State !== 'closed') { selectChat(id); return; }
  if (open) forgetOpen(id);   // closed: the read-only history replaces the live view
  conn.request('ChatUpdate', { ChatID: id, After: 0 }).then((data) => {
    const view = new ChatView({ chatID: id, iface: 'Customer', readOnly: true, page });
    showChat(view, { chat: (data && data.Chat) || { ChatID: id }, events: (data && data.Events) || [] });
    showOnly(null);
    state.history = view;
    state.selected = null;
    // the read-only history has no action bar: its download goes above it
    view.root.insertBefore(download(id), view.root.firstChild);
    const offer = ticketFromChatControl(conn, page.config.Script || '', data && data.Chat, data && data.Ticket);
    if (offer) view.root.insertBefore(offer, view.root.firstChild.nextSibling);
    const mailOffer = customerMailControl(page.config, data && data.Chat);
    if (mailOffer) view.root.insertBefore(mailOffer, view.root.firstChild.nextSibling);
    $('ce-chat-area').appendChild(view.root);
    $('ce-no-chat-selected').hidden = true;
    $('ce-new-chat-form').hidden = true;
    renderOpenChats();
    view.scrollToBottom();
  }, (err) => flashError(err));
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
  clear(list);
  for (const id of state.order) {
    const chat = state.open.get(id);
    if (!chat) continue;
    const li = el('li', {
      class: 'ce-active-chat' + (state.selected === id ? ' ce-selected' : ''), test: 'open-chat',
      data: { chatId: id, state: chat.State || '' },
    }, [
      el('span', { class: 'ce-state-dot ce-state-' + (chat.State || 'unknown'), attrs: { title: stateLabel(chat.State) } }),
      // the button is inside the list item (a role on the <li> would take it out of the list); Enter bubbles to the item
      el('span', { class: 'ce-active-chat-name', text: chat.ChannelName || t('Chat %s', id),
        attrs: { tabindex: '0', role: 'button', 'aria-current': state.selected === id ? 'true' : null } }),
      el('span', { class: 'ce-active-chat-channel', text: stateLabel(chat.State) }),
    ]);
    onActivate(li, () => selectChat(id));
    list.appendChild(li);
  }
  if (!state.order.length) list.appendChild(el('li', { class: 'ce-empty', text: t('No open chats.') }));
  list.dataset.count = String(state.order.length);
}

// ------------------------------------------------------------------ agents' requests

function answerButton(action, text, cls, id, subaction, then) {
  const b = el('button', { class: 'ce-button ce-small ' + cls, type: 'button', action, text });
  b.addEventListener('click', () => {
    b.disabled = true;
    conn.command(subaction, { ChatID: id }).then(() => {
      state.requests = state.requests.filter((c) => key(c.ChatID) !== id);
      renderRequests();
      if (then) then(id);
    }, (err) => flashError(err)).finally(() => { b.disabled = false; });
  });
  return b;
}

function renderRequests() {
  const list = $('ce-customer-requests');
  clear(list);
  for (const chat of state.requests) {
    const id = key(chat.ChatID);
    list.appendChild(el('li', { class: 'ce-request-item', test: 'request', data: { chatId: id } }, [
      el('div', { class: 'ce-request-info' }, [
        el('span', { class: 'ce-request-requester', test: 'request-requester', text: chat.Requester || t('Support') }),
        el('span', { class: 'ce-request-channel', test: 'request-channel', text: chat.ChannelName || '' }),
        el('time', { class: 'ce-request-time', test: 'request-time', text: formatTime(chat.CreatedAt), attrs: { datetime: chat.CreatedAt || '' } }),
      ]),
      el('div', { class: 'ce-request-actions' }, [
        answerButton('accept', t('Accept'), 'ce-primary', id, 'ChatRequestAccept', openSoon),
        answerButton('decline', t('Decline'), '', id, 'DeclineRequest'),
      ]),
    ]));
  }
  $('ce-customer-requests-box').hidden = state.requests.length === 0;
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
    clear(list);
    const chats = (data && data.Chats) || [];
    for (const chat of chats) {
      const id = key(chat.ChatID);
      const li = el('li', {
        class: 'ce-overview-item', test: 'overview-chat', data: { chatId: id, state: chat.State || '' },
      }, [
        el('span', { class: 'ce-state-dot ce-state-' + (chat.State || 'unknown') }),
        el('span', { class: 'ce-name', text: chat.ChannelName || t('Chat %s', id), attrs: { tabindex: '0', role: 'button' } }),
        el('time', { class: 'ce-muted', text: formatTime(chat.CreatedAt), attrs: { datetime: chat.CreatedAt || '' } }),
        el('span', { class: 'ce-muted', text: stateLabel(chat.State) }),
        chat.State === 'closed' ? download(id, 'PDF') : null,
      ]);
      onActivate(li, () => showHistory(id));
      list.appendChild(li);
    }
    if (!chats.length) list.appendChild(el('li', { class: 'ce-empty', text: t('You have no chats yet.') }));
    list.dataset.count = String(chats.length);
  }, () => {});
}

// ------------------------------------------------------------------ new conversation

function loadChannels() {
  const sel = $('ce-new-chat-channel');
  const row = $('ce-new-chat-channel-row');
  if (!settings.AllowChannels) { row.hidden = true; return; }
  const fill = (channels) => {
    clear(sel);
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
  messageForm({
    form, message: msg, counter: $('ce-new-chat-counter'), error: $('ce-new-chat-error'),
    button: $('ce-new-chat-submit'), maxLength: page.maxLength, emptyText: t('Please enter your question.'),
    submit: (text) => {
      const params = { Message: text };
      if (settings.AllowChannels && !$('ce-new-chat-channel-row').hidden && $('ce-new-chat-channel').value) {
        params.ChatChannelID = $('ce-new-chat-channel').value;
      }
      return conn.command('CreateChatRequest', params).then((data) => {
        form.hidden = true;
        if (data && data.ChatID !== undefined) openSoon(data.ChatID);
        loadOverview();
      });
    },
  });
  // NewChat (Ticket::Customer::StartChatWOTicket, or a pre-ticket chat): off, chats start from a ticket only
  if (settings.NewChat === false) { $('ce-new-conversation').hidden = true; return; }
  $('ce-new-conversation').addEventListener('click', () => {
    showOnly(null);
    state.selected = null;
    renderOpenChats();
    $('ce-no-chat-selected').hidden = true;
    form.hidden = false;
    $('ce-new-chat-error').hidden = true;
    loadChannels();
    msg.focus();
  });
  $('ce-new-chat-cancel').addEventListener('click', () => {
    form.hidden = true;
    if (state.order.length) selectChat(state.order[0], true);
    else $('ce-no-chat-selected').hidden = false;
  });
}

// ------------------------------------------------------------------ frames

function onSnapshot(data) {
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
    const view = state.views.get(key(chat.ChatID));
    if (view) view.setChat(chat);
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
  if (!state.open.has(id) && gone && !state.views.has(id)) return;
  const before = state.open.get(id);
  upsertOpen(chat);
  const view = state.views.get(id);
  if (view) showChat(view, payload);
  if (!before || before.State !== chat.State || before.ChannelID !== chat.ChannelID || before.MyState !== chat.MyState) {
    scheduleOverview();
  }
}

conn.on('snapshot', onSnapshot);
conn.on('events', onEvents);
conn.on('requests', setRequests);
// an agent asks this customer user to chat: a browser notification, as for agents (OTRS 7 manual)
conn.on('notification', notifier(() => window.scrollTo(0, 0)));
setupNewChat();
$('ce-chat-overview-refresh').addEventListener('click', loadOverview);
renderOpenChats();
renderRequests();
conn.start();
loadOverview();
if (page.config.ChatID !== null && page.config.ChatID !== undefined && page.config.ChatID !== '') state.initialChat = key(page.config.ChatID);
