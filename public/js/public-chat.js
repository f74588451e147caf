/* ChatEngine: the public (website visitor) chat (Action=PublicChat on public.pl). Works inside an iframe
 * on another origin: no cookies, the visitor's identity is the VisitorToken (memory + sessionStorage).
 */
import { setSiteTexts, siteText, t } from './i18n.js';
import { $, clear, el, flash } from './dom.js';
import { newCommandID, storageGet, storageSet } from './browser.js';
import { postSubaction, CommandError } from './server-post.js';
import { pageSettings, readConfig } from './page-config.js';
import { messageForm } from './message-form.js';
import { widgetFrame } from '../widget/frame.js';

const page = pageSettings(readConfig());
const STORAGE_KEY = 'ce-visitor-token';
const state = { token: null, chatID: null, conn: null, view: null, options: {} };
// the website widget's frame (Widget=1): the loader on the host page is its partner (docs/widget.md)
let widget = widgetFrame(page.settings);
// the chat's modules come when a chat starts: the start form alone is what a visitor downloads first
let chatModules = null;
// the transcript by e-mail, too: needed once a chat exists
const mailModule = () => import('./chat-send-mail.js');
function loadChat() {
  chatModules = chatModules || Promise.all([import('./page-start.js'), import('./chat-view.js')]);
  return chatModules;
}

/** The widget's chat bound to its website (refused when the token was carried to another site). */
function bindWidget() {
  if (!widget) return Promise.resolve();
  const fields = JSON.stringify({ pdata: state.options.pdata || {}, udata: state.options.udata || {} });
  return postSubaction(page.config, 'WidgetBind', { ChatID: state.chatID, HostOrigin: widget.hostOrigin, Fields: fields },
    { visitorToken: state.token });
}

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
    emptyText: t('Please enter your question.'),
    check: () => (name.value.trim() ? '' : t('Please enter your name.')),
    submit: (text) => {
      const params = { Name: name.value.trim(), Message: text };
      if (page.settings.AllowChannels && !$('ce-public-channel-row').hidden && $('ce-public-channel').value) {
        params.ChatChannelID = $('ce-public-channel').value;
      }
      // a CommandID makes a resend after a network error safe
      return postSubaction(page.config, 'CreateChatRequest', params, { commandID: newCommandID() }).then((data) => {
        if (!data || !data.VisitorToken || data.ChatID === undefined) throw new CommandError('malformed', t('Unexpected answer from the server.'));
        state.token = String(data.VisitorToken);
        state.chatID = String(data.ChatID);
        saveToken();
        // the optional address for this chat's transcript: stored once with it (a refusal says why)
        const address = $('ce-public-email').value;
        mailModule().then((m) => m.setVisitorAddress(page.config, state.chatID, state.token, address)).catch((e) => flash(e.message, e.code));
        if (widget) widget.token({ VisitorToken: state.token, ChatID: state.chatID });
        startChat();
      });
    },
  });
  loadChannels();
}

function finished() {
  $('ce-public-new').hidden = false;
  // "Send me this conversation", when an address was given for this chat
  const chatID = state.chatID, token = state.token;
  mailModule().then(({ visitorMailControl }) => {
    const offer = $('ce-chat-area').querySelector('[data-test="send-mail"]') ? null : visitorMailControl(page.config, chatID, token);
    if (offer) $('ce-chat-area').appendChild(offer);
  }, () => {});
}

function startChat() {
  loadChat().then(([start, chatView]) => {
    if (!widget) return openChat(start, chatView.ChatView);
    // every start and resume in a frame checks the chat's website first
    return bindWidget().then(() => openChat(start, chatView.ChatView), (e) => {
      if (e && e.code === 'OriginNotAllowed') {
        widget.refused(e.message, true);
        resetToForm();
      } else openChat(start, chatView.ChatView);
    });
  }, () => flash(t('The chat could not be loaded. Please reload the page.'), 'network'));
}

function openChat({ connect, fillView, showChat }, ChatView) {
  $('ce-public-unavailable').hidden = true;
  $('ce-public-form').hidden = true;
  $('ce-public-intro').hidden = true;
  $('ce-public-new').hidden = true;
  const conn = connect(page, {
    visitorToken: state.token,
    viewFor: (id) => (id === state.chatID ? state.view : null),
    onSessionLost: () => {
      // the token is no longer valid (chat deleted, server reset): start over
      flash(t('This chat is no longer available. You can start a new one.'), 'challenge_token');
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
    if (chat && widget) widget.waiting(chat, noAgentLink(), area);
    else if (!chat && !fetched) {
      // no longer open (closed or left): show what there is
      fetched = true;
      conn.catchUp(state.chatID, 'ChatUpdate').catch(() => {});
    }
  });
  let firstEvents = true;
  conn.on('events', (payload) => {
    if (String(payload.chat.ChatID) !== state.chatID) return;
    showChat(view, payload);
    if (widget) {
      widget.events(payload, firstEvents);
      widget.waiting(payload.chat, noAgentLink(), area);
    }
    firstEvents = false;
    if (payload.chat.State === 'closed' || payload.chat.MyState === 'left') finished();
  });
  fillView(view, conn);
  conn.start();
  // in a frame only when the visitor is in it (a resumed chat on the next page does not take the focus)
  if (!widget || document.hasFocus()) view.focus();
}

function resetToForm() {
  if (state.conn) { state.conn.stop(); state.conn = null; }
  if (state.view) { state.view.destroy(); state.view = null; }
  state.token = null;
  state.chatID = null;
  saveToken();
  if (widget) widget.token(null);
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

/** The operator's no-agent link, after its delay or ChatEngine::CustomerThreshold. */
function noAgentLink() {
  const link = state.options.noAgentLink;
  if (!link || !/^https?:\/\//i.test(String(link.url || ''))) return null;
  return { url: String(link.url), text: String(link.text || link.url), delay: Number(link.delay) || page.thresholdMinutes() * 60 };
}

/** The host page's visitor data fills the form; the channel option picks the topic. */
function prefill(options) {
  const pdata = options.pdata || {};
  if (pdata.name && !$('ce-public-name').value) $('ce-public-name').value = String(pdata.name).slice(0, 200);
  const email = document.getElementById('ce-public-email');
  if (email && pdata.email && !email.value) email.value = String(pdata.email).slice(0, 200);
  const sel = $('ce-public-channel');
  const wanted = String(options.channel || '');
  const pick = () => {
    for (const o of sel.options) if (wanted && (o.value === wanted || o.textContent === wanted)) sel.value = o.value;
  };
  pick();
  new MutationObserver(pick).observe(sel, { childList: true });
}

setupForm();
$('ce-public-new').addEventListener('click', resetToForm);
if (widget) {
  widget.onInit((options, token) => {
    state.options = options;
    // the website's own texts, in the frame's language (the widget's `language`, else the page's)
    setSiteTexts(options.texts, options.language || page.config.Language);
    if (siteText('outOfService')) $('ce-public-unavailable').textContent = siteText('outOfService');
    prefill(options);
    if (token && token.ChatID !== 'undefined') {
      state.token = token.VisitorToken;
      state.chatID = token.ChatID;
      saveToken();
      startChat();
    } else if (restoreToken()) {
      widget.token({ VisitorToken: state.token, ChatID: state.chatID });
      startChat();
    }
  });
  widget.onOpen((focus) => {
    if (!focus) return;
    if (state.view) state.view.focus();
    else if (!$('ce-public-form').hidden) $('ce-public-name').focus();
  });
  if (!widget.ready()) widget = null;
} else if (restoreToken()) startChat();
