/* ChatEngine: the chat widget's "Phone ticket" and "Append" (OTRS Business Solution): a form inside the
 * widget; on success the chat closes (the server says so in the chat) and the agent gets a link to the ticket;
 * on failure the backend's error shows in the form, the chat stays open and the agent can try again.
 */
import { clear, el, flash, showError } from './dom.js';

/** A labelled form field. */
function field(label, input) {
  return el('label', { class: 'ce-ticket-field' }, [el('span', { class: 'ce-ticket-label', text: label }), input]);
}

function select(name, values, selected) {
  const s = el('select', { class: 'ce-select', attrs: { name } });
  for (const v of values) {
    const value = typeof v === 'string' ? v : v.value;
    const text = typeof v === 'string' ? v : v.text;
    s.appendChild(el('option', { attrs: { value, selected: value === selected }, text }));
  }
  return s;
}

export class ChatTicketPanel {
  /** view: the ChatView (chatID, conn). */
  constructor(view) {
    this.view = view;
    this.root = el('div', { class: 'ce-ticket-panel', test: 'ticket-panel', hidden: true });
    this.result = el('p', { class: 'ce-ticket-result', test: 'ticket-result', hidden: true, attrs: { role: 'status' } });
    this.wrap = el('div', { class: 'ce-ticket-wrap' }, [this.root, this.result]);
    this.busy = false;
  }

  close() {
    this.root.hidden = true;
    clear(this.root);
    this.mode = null;
  }

  /** Opens the phone-ticket form, prefilled by the server from the chat. */
  async openPhoneTicket() {
    if (this.mode === 'phone') { this.close(); return; }
    this.show('phone', [el('p', { class: 'ce-muted', text: 'Loading…' })]);
    let data;
    try {
      data = await this.view.conn.request('PhoneTicketForm', { ChatID: this.view.chatID });
    } catch (err) {
      this.show('phone', [this.errorLine(err.message)]);
      return;
    }
    if (this.mode !== 'phone') return;
    const title = el('input', { class: 'ce-input', attrs: { name: 'Title', maxlength: 250, required: true, value: data.Title || '' } });
    const queue = select('Queue', (data.Queues || []).map((q) => q.Name));
    const customer = el('input', { class: 'ce-input', attrs: { name: 'CustomerUser', maxlength: 200, value: data.CustomerUser || '' } });
    const email = el('input', { class: 'ce-input', attrs: { name: 'Email', type: 'email', maxlength: 200, placeholder: 'optional' } });
    const priority = select('Priority', data.Priorities || [], data.DefaultPriority);
    const state = select('State', data.States || [], data.DefaultState);
    const error = this.errorLine('');
    const submit = el('button', { class: 'ce-button', type: 'submit', action: 'phone-ticket-create', text: 'Create ticket' });
    const form = el('form', { class: 'ce-ticket-form', test: 'phone-ticket-form', attrs: { 'aria-label': 'Phone ticket' } }, [
      el('h3', { class: 'ce-ticket-heading', text: 'Phone ticket from this chat' }),
      field('Title', title), field('Queue', queue),
      field(data.IsCustomerUser ? 'Customer user' : 'Customer (name)', customer),
      data.IsCustomerUser ? null : field('E-mail', email),
      field('Priority', priority), field('State', state),
      error, el('div', { class: 'ce-ticket-buttons' }, [submit, this.cancelButton()]),
    ]);
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      this.submit(submit, error, 'PhoneTicketCreate', {
        ChatID: this.view.chatID, Title: title.value, Queue: queue.value, CustomerUser: customer.value,
        Email: data.IsCustomerUser ? '' : email.value, Priority: priority.value, State: state.value,
      }, 'created');
    });
    this.show('phone', [form]);
    title.focus();
  }

  /** Opens the ticket search: pick a ticket the agent may write to. */
  openAppend() {
    if (this.mode === 'append') { this.close(); return; }
    const search = el('input', { class: 'ce-input', attrs: { name: 'Search', type: 'search', maxlength: 200,
      placeholder: 'Ticket number, title or customer', 'aria-label': 'Search tickets' } });
    const list = el('ul', { class: 'ce-ticket-hits', test: 'ticket-hits' });
    const error = this.errorLine('');
    const form = el('form', { class: 'ce-ticket-form', test: 'append-form', attrs: { 'aria-label': 'Append to ticket' } }, [
      el('h3', { class: 'ce-ticket-heading', text: 'Append this chat to a ticket' }),
      el('div', { class: 'ce-ticket-search' }, [search,
        el('button', { class: 'ce-button ce-small', type: 'submit', action: 'ticket-search', text: 'Search' })]),
      list, error, el('div', { class: 'ce-ticket-buttons' }, [this.cancelButton()]),
    ]);
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      this.search(search.value, list, error);
    });
    this.show('append', [form]);
    search.focus();
  }

  async search(text, list, error) {
    showError(error, '');
    clear(list);
    list.appendChild(el('li', { class: 'ce-muted', text: 'Searching…' }));
    let data;
    try {
      data = await this.view.conn.request('TicketSearch', { Search: text });
    } catch (err) {
      clear(list);
      showError(error, err.message);
      return;
    }
    clear(list);
    const tickets = (data && data.Tickets) || [];
    if (!tickets.length) list.appendChild(el('li', { class: 'ce-muted', text: 'No ticket you may write to matches.' }));
    for (const t of tickets) {
      const pick = el('button', { class: 'ce-button ce-small', type: 'button', action: 'ticket-append',
        data: { ticketId: t.TicketID }, text: 'Append' });
      pick.addEventListener('click', () => this.submit(pick, error, 'TicketAppend',
        { ChatID: this.view.chatID, TicketID: t.TicketID }, 'appended'));
      list.appendChild(el('li', { class: 'ce-ticket-hit', test: 'ticket-hit', data: { ticketNumber: t.TicketNumber } }, [
        el('span', { class: 'ce-ticket-number', text: '#' + t.TicketNumber }),
        el('span', { class: 'ce-ticket-title', text: t.Title }),
        el('span', { class: 'ce-muted', text: [t.Queue, t.CustomerUser].filter(Boolean).join(' · ') }),
        pick,
      ]));
    }
  }

  /** Sends the command once (a resend carries the same command ID); shows the ticket or the error. */
  async submit(button, error, subaction, params, how) {
    if (this.busy) return;
    this.busy = true;
    button.disabled = true;
    showError(error, '');
    try {
      const data = await this.view.conn.command(subaction, params);
      this.close();
      this.showResult(data, how);
    } catch (err) {
      showError(error, err.message || 'The ticket could not be saved.');
    } finally {
      this.busy = false;
      button.disabled = false;
    }
  }

  showResult(data, how) {
    const text = (how === 'created' ? 'Ticket #' + data.TicketNumber + ' created.' : 'Chat appended to ticket #' + data.TicketNumber + '.');
    const link = () => el('a', { class: 'ce-ticket-link', test: 'ticket-link', text: 'Open ticket',
      attrs: { href: data.TicketURL, target: '_blank', rel: 'noopener' } });
    clear(this.result);
    this.result.appendChild(document.createTextNode(text + ' '));
    this.result.appendChild(link());
    this.result.hidden = false;
    const item = flash(text + ' ', 'ticket', 'info');
    item.appendChild(link());
  }

  show(mode, children) {
    this.mode = mode;
    clear(this.root);
    for (const c of children) this.root.appendChild(c);
    this.root.hidden = false;
  }

  cancelButton() {
    const b = el('button', { class: 'ce-button ce-small ce-link', type: 'button', action: 'ticket-cancel', text: 'Cancel' });
    b.addEventListener('click', () => this.close());
    return b;
  }

  errorLine(text) {
    const p = el('p', { class: 'ce-ticket-error ce-error', test: 'ticket-error', attrs: { role: 'alert' } });
    showError(p, text);
    return p;
  }
}
