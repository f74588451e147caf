/* ChatEngine agent page: people online (UpdateOnlineUsers, every 30 s) and the dialog that starts a
 * chat with one of them.
 */
import { $, clear, el, presenceDot, showError } from './dom.js';
import { messageProblem } from './format.js';

const REFRESH_MS = 30000;

/** ctx: {conn, state, page, openSoon}. Returns load(). */
export function peoplePanel(ctx) {
  const { conn, state, page } = ctx;
  const settings = page.settings;
  let target = null;

  function personItem(p, kind) {
    const presence = p.Presence || 'offline';
    const login = p.Login || String(p.UserID || '');
    const name = p.Name || login;
    const isMe = kind === 'agent' && String(p.UserID) === String(state.me.UserID);
    // StartWithoutTicket (Ticket::Agent::StartChatWOTicket): off, chats start only from a ticket
    const allowed = settings.StartWithoutTicket !== false
      && (kind === 'agent' ? settings.AgentToAgent !== false : settings.AgentToCustomer !== false);
    const canChat = allowed && !isMe && presence !== 'offline' && (kind === 'customer' || (p.Availability && p.Availability !== 'unavailable'));
    const li = el('li', {
      class: 'ce-person', test: 'person',
      data: { kind, userId: p.UserID, login, presence, availability: p.Availability || '', me: isMe ? '1' : '0' },
    }, [presenceDot(presence), el('span', { class: 'ce-name', test: 'person-name', text: name })]);
    if (canChat) {
      li.appendChild(el('button', {
        class: 'ce-icon-button ce-chat-icon', type: 'button', action: 'start-chat',
        attrs: { title: 'Start a chat with ' + name, 'aria-label': 'Start a chat with ' + name },
        on: { click: () => open(kind === 'agent' ? 'User' : 'Customer', login, name) },
      }));
    }
    return li;
  }

  function fill(list, people, kind, emptyText) {
    clear(list);
    for (const p of people || []) list.appendChild(personItem(p, kind));
    if (!list.firstChild) list.appendChild(el('li', { class: 'ce-empty', text: emptyText }));
  }

  function load() {
    if (!$('ce-people-agents')) return;
    conn.request('UpdateOnlineUsers', {}).then((data) => {
      fill($('ce-people-agents'), data && data.Agents, 'agent', 'No agents online.');
      fill($('ce-people-customers'), data && data.Customers, 'customer', 'No customer users online.');
    }, () => { /* shown again at the next refresh */ });
  }

  function open(userType, login, name) {
    const dlg = $('ce-start-chat');
    target = { userType, login };
    dlg.dataset.userType = userType;
    dlg.dataset.userId = login;
    $('ce-start-chat-name').textContent = name;
    $('ce-start-chat-message').value = '';
    showError($('ce-start-chat-error'), '');
    dlg.hidden = false;
    $('ce-start-chat-message').focus();
  }

  function setup() {
    const dlg = $('ce-start-chat');
    if (!dlg) return;
    const msg = $('ce-start-chat-message');
    const err = $('ce-start-chat-error');
    const close = () => { dlg.hidden = true; target = null; };
    const submit = () => {
      if (!target) return;
      const problem = messageProblem(msg.value, page.maxLength, 'Please enter a first message.');
      showError(err, problem);
      if (problem) return;
      const btn = $('ce-start-chat-submit');
      btn.disabled = true;
      conn.command('ChatStart', { UserType: target.userType, UserID: target.login, Message: msg.value }).then((data) => {
        close();
        if (data && data.ChatID) ctx.openSoon(data.ChatID);
      }, (e) => showError(err, (e && e.message) || 'The action failed.')).finally(() => { btn.disabled = false; });
    };
    $('ce-start-chat-cancel').addEventListener('click', close);
    $('ce-start-chat-submit').addEventListener('click', submit);
    msg.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) { ev.preventDefault(); submit(); }
      if (ev.key === 'Escape') close();
    });
    $('ce-people-refresh').addEventListener('click', load);
    setInterval(load, REFRESH_MS);
  }

  setup();
  return { load };
}
