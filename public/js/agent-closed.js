/* ChatEngine agent page: the closed-chats panel (the latest closed chats, or those a search finds) and
 * a closed chat's history, shown in place of the selected chat in the chat area.
 */
import { $, clear, el, flashError, onActivate } from './dom.js';
import { formatTime } from './format.js';
import { showChat } from './page-start.js';
import { ChatView } from './chat-view.js';
import { downloadControl } from './chat-download.js';
import { historyTicketLink } from './chat-ticket-from-chat.js';

/** ctx: {conn, page, state, showInArea(root|null), selectChat}. Returns {search, refresh}. */
export function closedPanel(ctx) {
  const { conn, page } = ctx;
  const list = $('ce-closed-chats');
  const input = $('ce-closed-search');
  let history = null;

  function search() {
    const q = input.value || '';
    conn.request('ClosedChats', { Search: q }).then((data) => {
      clear(list);
      const chats = (data && data.Chats) || [];
      for (const chat of chats) {
        const id = String(chat.ChatID);
        const li = el('li', { class: 'ce-closed-chat', test: 'closed-chat', data: { chatId: id } }, [
          el('span', { class: 'ce-name', text: chat.Requester || ('Chat ' + id), attrs: { tabindex: '0', role: 'button' } }),
          el('span', { class: 'ce-muted', text: chat.ChannelName || '' }),
          el('time', { class: 'ce-muted', text: formatTime(chat.CreatedAt), attrs: { datetime: chat.CreatedAt || '' } }),
          download(id, 'PDF'),
        ]);
        onActivate(li, () => show(id));
        list.appendChild(li);
      }
      if (!chats.length) list.appendChild(el('li', { class: 'ce-empty', text: q ? 'No closed chats match.' : 'No closed chats.' }));
    }, (err) => flashError(err));
  }

  function download(id, text) {
    return downloadControl({ script: (page && page.config && page.config.Script) || '', iface: 'Agent', chatID: id, text });
  }

  /** A chat closed meanwhile: the list without a search term shows the latest, so it is fetched again. */
  function refresh() {
    if (!input.value) search();
  }

  function close() {
    if (history) history.destroy();
    history = null;
    const view = $('ce-closed-view');
    clear(view);
    view.hidden = true;
  }

  function show(id) {
    // the chat is still in my active list: that view is the one to show, not a second copy
    if (ctx.state.listed.has(id)) { close(); ctx.selectChat(id); return; }
    conn.request('ChatHistory', { ChatID: id, After: 0 }).then((data) => {
      close();
      history = new ChatView({ chatID: id, iface: 'Agent', readOnly: true, page });
      showChat(history, { chat: data.Chat || { ChatID: id }, events: data.Events || [] });
      const back = el('button', { class: 'ce-button ce-small ce-link', type: 'button', id: 'ce-closed-view-close', text: 'Close history' });
      back.addEventListener('click', () => { close(); ctx.showInArea(null); });
      const view = $('ce-closed-view');
      view.appendChild(back);
      view.appendChild(download(id));
      const ticket = historyTicketLink('', data.Ticket);
      if (ticket) view.appendChild(ticket);
      view.appendChild(history.root);
      ctx.showInArea(view);
      view.hidden = false;
      history.scrollToBottom();
      view.scrollIntoView({ block: 'nearest' });
    }, (err) => flashError(err));
  }

  $('ce-closed-search-submit').addEventListener('click', search);
  input.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') { ev.preventDefault(); search(); } });
  return { search, refresh, close };
}
