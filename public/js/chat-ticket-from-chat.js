/* ChatEngine: the customer user's "Create a ticket from this conversation" (OTRS 7), offered on a closed chat
 * of theirs that is in no ticket yet. Subaction=TicketCreate (POST with the challenge token, a command ID so
 * a resend makes no second ticket); the answer's ticket replaces the button with a link to its zoom, and the
 * history shows that link again after a reload (the answer's `Ticket`).
 */
import { t } from './i18n.js';
import { el, flashError } from './dom.js';

/** The ticket's link in the customer interface. */
export function ticketZoomURL(script, ticketID) {
  return script + '?Action=CustomerTicketZoom;TicketID=' + encodeURIComponent(String(ticketID));
}

/** A closed chat's ticket as its history answers it (`Ticket`: agents get `TicketURL`, a customer user opens
 * it in their own zoom), or null when there is none the viewer may see. */
export function historyTicketLink(script, ticket) {
  if (!ticket || !ticket.TicketID) return null;
  const attrs = ticket.TicketURL ? { href: ticket.TicketURL, target: '_blank', rel: 'noopener' }
    : { href: ticketZoomURL(script, ticket.TicketID) };
  return el('p', { class: 'ce-ticket-from-chat', test: 'history-ticket' }, [el('a', {
    class: 'ce-ticket-link', test: 'ticket-from-chat-link', text: t('Ticket #%s', ticket.TicketNumber), attrs,
  })]);
}

/** The control for `chat` (its JSON as ChatUpdate answers it, with the answer's `Ticket`): the link to the
 * chat's ticket when it has one the customer user may see, else the offer, or null when not offered. */
export function ticketFromChatControl(conn, script, chat, ticket) {
  if (chat && chat.HasTicket && ticket) return historyTicketLink(script, ticket);
  if (!chat || chat.State !== 'closed' || chat.HasTicket || chat.RequesterKind !== 'customer') return null;
  const box = el('p', { class: 'ce-ticket-from-chat', test: 'ticket-from-chat' });
  const button = el('button', {
    class: 'ce-button ce-small', action: 'ticket-from-chat', type: 'button', text: t('Create a ticket from this conversation'),
  });
  const commandID = 'ticket-' + String(chat.ChatID) + '-' + Math.random().toString(36).slice(2);
  button.addEventListener('click', () => {
    button.disabled = true;
    conn.request('TicketCreate', { ChatID: String(chat.ChatID) }, { commandID }).then((data) => {
      box.replaceChildren(el('a', {
        class: 'ce-ticket-link', test: 'ticket-from-chat-link', text: t('Ticket #%s', data.TicketNumber),
        attrs: { href: ticketZoomURL(script, data.TicketID) },
      }));
    }, (err) => { button.disabled = false; flashError(err); });
  });
  box.appendChild(button);
  return box;
}
