/* ChatEngine: the public (website visitor) chat (Action=PublicChat on public.pl). Works inside an iframe
 * on another origin: no cookies, the visitor's identity is the VisitorToken (memory + sessionStorage).
 */
import { $, clear, el, flash } from './dom.js';
import { newCommandID, storageGet, storageSet } from './browser.js';
import { postSubaction, CommandError } from './server-post.js';
import { connect, fillView, pageSettings, readConfig, showChat } from './page-start.js';
import { messageForm } from './message-form.js';
import { ChatView } from './chat-view.js';

const page = pageSettings(readConfig());
const STORAGE_KEY = 'ce-visitor-token';
const state = { token: null, chatID: null, conn: null, view: null };

function saveToken() {
  const value = state.token ? JSON.stringify({ VisitorToken: state.token, ChatID: state.chatID }) : null;
  storageSet('sessionStorage', STORAGE_KEY, value);
}

function restoreToken() {
  try {
    const v = JSON.parse(storageGet('sessionStorage', STORAGE_KEY) || 'null');
    if (v && v.VisitorToken && v.ChatID !== undefined && v.ChatID !== null) {
      state.token = String(v.VisitorToken);
      state.chatID = String(v.ChatID);
      return true;
    }
  } catch (e) { /* a bare token from an older page */ }
  return false;
}

/** The channel choice, when the visitor may choose. */
function loadChannels() {
  const row = $('ce-public-channel-row');
  const sel = $('ce-public-channel');
  if (!page.settings.AllowChannels) { row.hidden = true; return; }
  const fill = (channels) => {
    clear(sel);
    for (const c of channels) sel.appendChild(el('option', { attrs: { value: String(c.ChatChannelID) }, text: c.Name }));
    row.hidden = channels.length === 0;
  };
  if (Array.isArray(page.settings.Channels)) fill(page.settings.Channels);
  postSubaction(page.config, 'Channels', {}).then((data) => fill((data && data.Channels) || []), () => {});
}

function setupForm() {
  const name = $('ce-public-name');
  messageForm({
    form: $('ce-public-form'), message: $('ce-public-message'), counter: $('ce-public-counter'),
    error: $('ce-public-error'), button: $('ce-public-start'), maxLength: page.maxLength,
    emptyText: 'Please enter your question.',
    check: () => (name.value.trim() ? '' : 'Please enter your name.'),
    submit: (text) => {
      const params = { Name: name.value.trim(), Message: text };
      if (page.settings.AllowChannels && !$('ce-public-channel-row').hidden && $('ce-public-channel').value) {
        params.ChatChannelID = $('ce-public-channel').value;
      }
      // a CommandID makes a resend after a network error safe
      return postSubaction(page.config, 'CreateChatRequest', params, { commandID: newCommandID() }).then((data) => {
        if (!data || !data.VisitorToken || data.ChatID === undefined) throw new CommandError('malformed', 'Unexpected answer from the server.');
        state.token = String(data.VisitorToken);
        state.chatID = String(data.ChatID);
        saveToken();
        startChat();
      });
    },
  });
  loadChannels();
}

function finished() {
  $('ce-public-new').hidden = false;
}

function startChat() {
  $('ce-public-unavailable').hidden = true;
  $('ce-public-form').hidden = true;
  $('ce-public-intro').hidden = true;
  $('ce-public-new').hidden = true;
  const conn = connect(page, {
    visitorToken: state.token,
    viewFor: (id) => (id === state.chatID ? state.view : null),
    onSessionLost: () => {
      // the token is no longer valid (chat deleted, server reset): start over
      flash('This chat is no longer available. You can start a new one.', 'challenge_token');
      resetToForm();
    },
  });
  state.conn = conn;
  const view = new ChatView({ conn, chatID: state.chatID, iface: 'Public', page, onLeft: finished });
  state.view = view;
  const area = $('ce-chat-area');
  clear(area);
  area.appendChild(view.root);
  area.hidden = false;

  let fetched = false;
  conn.on('snapshot', (data) => {
    const chat = (Array.isArray(data.Chats) ? data.Chats : []).find((c) => String(c.ChatID) === state.chatID);
    if (chat) view.setChat(chat);
    else if (!fetched) {
      // no longer open (closed or left): show what there is
      fetched = true;
      conn.catchUp(state.chatID, 'ChatUpdate').catch(() => {});
    }
  });
  conn.on('events', (payload) => {
    if (String(payload.chat.ChatID) !== state.chatID) return;
    showChat(view, payload);
    if (payload.chat.State === 'closed' || payload.chat.MyState === 'left') finished();
  });
  fillView(view, conn);
  conn.start();
  view.focus();
}

function resetToForm() {
  if (state.conn) { state.conn.stop(); state.conn = null; }
  if (state.view) { state.view.destroy(); state.view = null; }
  state.token = null;
  state.chatID = null;
  saveToken();
  $('ce-chat-area').hidden = true;
  $('ce-public-new').hidden = true;
  const status = $('ce-connection-status');
  status.setAttribute('data-state', 'idle');
  status.textContent = '';
  // the form only when a request could be made when the page was loaded; else the operator's text
  const open = page.settings.RequestsOpen !== false;
  $('ce-public-unavailable').hidden = open;
  $('ce-public-form').hidden = !open;
  $('ce-public-intro').hidden = !open;
  if (open) $('ce-public-name').focus();
}

setupForm();
$('ce-public-new').addEventListener('click', resetToForm);
if (restoreToken()) startChat();
