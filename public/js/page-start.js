/* ChatEngine: what the agent, customer and public pages share at start: the page's configuration
 * (rendered by the server into <script id="ce-config" type="application/json">), the connection and
 * the handlers every page wires the same way.
 */
import { t } from './i18n.js';
import { ChatConnection } from './chat-connection.js';
import { el, flash } from './dom.js';

export { pageSettings, readConfig } from './page-config.js';

/** The flash that says the session ended, with a link to log in again. */
export function sessionEnded(script) {
  const item = flash(t('Your session has ended. Please log in again.'), 'no_session');
  item.appendChild(document.createTextNode(' '));
  item.appendChild(el('a', { attrs: { href: script }, text: t('Log in') }));
}

/**
 * A connection with the common handlers: server errors flashed, typing shown in the chat's view,
 * snapshot texts taken, session loss told (or `onSessionLost`). options: visitorToken, viewFor(chatID).
 */
export function connect(page, options) {
  const opts = options || {};
  const conn = new ChatConnection(page.config, { visitorToken: opts.visitorToken });
  conn.on('snapshot', (data) => page.takeSnapshot(data));
  conn.on('server-error', (e) => flash(e.Message || t('The server could not read a message.'), e.Code));
  conn.on('typing', (frame) => {
    const view = opts.viewFor && opts.viewFor(String(frame.ChatID));
    if (view) view.showTyping(frame.Name);
  });
  conn.on('session-lost', opts.onSessionLost || (() => sessionEnded(page.config.Script)));
  return conn;
}

/** Keeps a view's messages in step with the connection's Events for its chat. */
export function showChat(view, payload) {
  view.setChat(payload.chat);
  view.addEvents(payload.events);
}

/** A view starts from what the connection already knows of its chat (or `fallback`, a chat summary). */
export function fillView(view, conn, fallback) {
  const entry = conn.chatEntry(view.chatID);
  if (entry) showChat(view, { chat: entry.chat, events: entry.events });
  else if (fallback) view.setChat(fallback);
}
