/* ChatEngine: a chat view's action bar (role switch, invite, monitoring, channel, new window, leave,
 * close) and which actions apply to the chat as it is now.
 */
import { t } from './i18n.js';
import { clear, el, flashError, presenceDot } from './dom.js';
import { ChatTicketPanel } from './chat-ticket-forms.js';
import { downloadControl } from './chat-download.js';

export class ChatActions {
  /** view: the ChatView (chatID, iface, conn, options, chat, run(...)). */
  constructor(view) {
    this.view = view;
    this.bar = el('div', { class: 'ce-chat-actions', test: 'chat-actions' });
    this.buttons = {};
    if (view.isAgent) this.buildAgent();
    else this.buildCustomer();
    this.root = el('div', { class: 'ce-chat-actions-wrap' }, [this.bar, this.inviteList, this.tickets && this.tickets.wrap]);
  }

  /** "Download PDF": the transcript as this viewer may see it (also once the chat is closed). */
  addDownload() {
    const v = this.view;
    const script = (v.page && v.page.config && v.page.config.Script) || '';
    const control = downloadControl({ script, iface: v.iface, chatID: v.chatID, visitorToken: () => v.conn && v.conn.visitorToken });
    this.bar.appendChild(control);
    return control;
  }

  button(action, text, title, handler) {
    const b = el('button', { class: 'ce-button ce-small', action, type: 'button', text, attrs: { title: title || text } });
    b.addEventListener('click', handler);
    this.bar.appendChild(b);
    return b;
  }

  buildAgent() {
    const v = this.view;
    const id = v.chatID;
    const b = this.buttons;
    b.roleParticipant = this.button('role-participant', 'Participate', 'Take part in this chat',
      () => v.run('ChatRoleSwitch', { ChatID: id, Role: 'Participant' }));
    b.roleObserver = this.button('role-observer', 'Observe', 'Follow this chat as an observer (invisible to customers)',
      () => v.run('ChatRoleSwitch', { ChatID: id, Role: 'Observer' }));
    b.invite = this.button('invite', 'Invite agent', 'Invite another agent to this chat', () => this.toggleInviteList());

    this.monitorSelect = el('select', { class: 'ce-select ce-small', action: 'monitor', attrs: { title: 'Monitoring', 'aria-label': 'Monitoring' } }, [
      el('option', { attrs: { value: 'none' }, text: 'No monitoring' }),
      el('option', { attrs: { value: 'customer_activity' }, text: 'Monitor customer activity' }),
      el('option', { attrs: { value: 'all_actions' }, text: 'Monitor all actions' }),
    ]);
    this.monitorSelect.addEventListener('change', () => {
      v.run('ChatMonitorSwitch', { ChatID: id, MonitoringType: this.monitorSelect.value })
        .then((ok) => { if (!ok) this.monitorSelect.value = v.chat.Monitoring || 'none'; });
    });
    this.bar.appendChild(this.monitorSelect);
    b.monitor = this.monitorSelect;

    this.channelSelect = el('select', { class: 'ce-select ce-small', action: 'change-channel', attrs: { 'aria-label': 'Change channel' } });
    this.channelSelect.addEventListener('change', () => {
      const value = this.channelSelect.value;
      if (!value) return;
      this.channelSelect.value = '';
      v.run('ChangeChannel', { ChatID: id, ChatChannelID: value }, 'The chat was moved to another channel.');
    });
    this.bar.appendChild(this.channelSelect);
    b.channel = this.channelSelect;

    const settings = (v.o.page && v.o.page.settings) || {};
    if (settings.Tickets !== false) {
      this.tickets = new ChatTicketPanel(v);
      b.phoneTicket = this.button('phone-ticket', 'Phone ticket', 'Create a phone ticket from this chat (the chat closes)',
        () => this.tickets.openPhoneTicket());
      b.appendTicket = this.button('append-ticket', 'Append', 'Append this chat to a ticket (the chat closes)',
        () => this.tickets.openAppend());
    }
    b.download = this.addDownload();
    if (typeof v.o.newWindow === 'function') {
      b.newWindow = this.button('new-window', 'New window', 'Open this chat in its own window', () => v.o.newWindow(id));
    }
    b.leave = this.button('leave', 'Leave', 'Leave this chat', () => v.leave('LeaveChat'));
    b.close = this.button('close', 'Close chat', 'Close this chat for everybody', () => {
      if (window.confirm('Close this chat for everybody?')) v.run('ChatDiscard', { ChatID: id });
    });
    b.close.classList.add('ce-danger');
    // abuse: refuse the visitor's new chats (by token and IP address) for ChatEngine::PublicInterface::BlockDuration
    b.blockVisitor = this.button('block-visitor', 'Block visitor',
      'Close this chat and refuse new chats from this visitor (browser and IP address) for a while', () => {
        if (window.confirm('Block this visitor? The chat closes and new chats from this visitor are refused for a while.')) {
          v.run('VisitorBlock', { ChatID: id }, 'The visitor is blocked.');
        }
      });
    b.blockVisitor.classList.add('ce-danger');
    this.inviteList = el('ul', { class: 'ce-invite-list', test: 'invite-list', hidden: true });
  }

  buildCustomer() {
    const v = this.view;
    this.buttons.leave = this.button('leave', t('Leave chat'), t('Leave this chat'), () => v.leave('ChatLeave'));
    if (v.iface === 'Customer') this.buttons.close = this.button('close', t('Close chat'), t('Close this chat'), () => v.leave('ChatClose'));
    this.buttons.download = this.addDownload();
  }

  /** The channels an agent may move the chat to (all but its own). */
  setChannels(channels) {
    if (!this.channelSelect) return;
    const current = this.view.chat.ChannelID;
    clear(this.channelSelect);
    this.channelSelect.appendChild(el('option', { attrs: { value: '' }, text: 'Change channel…' }));
    for (const c of channels || []) {
      if (String(c.ChatChannelID) === String(current)) continue;
      this.channelSelect.appendChild(el('option', { attrs: { value: String(c.ChatChannelID) }, text: c.Name }));
    }
    this.channelSelect.value = '';
  }

  /** Hides what does not apply to the chat as it is now. */
  update() {
    const c = this.view.chat;
    const b = this.buttons;
    const closed = c.State === 'closed';
    const show = (node, visible) => { if (node) node.hidden = !visible; };
    if (this.monitorSelect && document.activeElement !== this.monitorSelect) this.monitorSelect.value = c.Monitoring || 'none';
    if (!this.view.isAgent) {
      const left = c.MyState === 'left';
      show(b.leave, !closed && !left);
      show(b.close, !closed && !left);
      return;
    }
    const inChat = !!c.MyRole && c.MyState !== 'left' && c.MyState !== 'invited';
    const role = inChat ? c.MyRole : null;
    const writer = role === 'owner' || role === 'participant';
    show(b.roleParticipant, !closed && (role === 'observer' || !role));
    show(b.roleObserver, !closed && (role === 'participant' || !role));
    show(b.invite, !closed && !!role);
    show(b.monitor, !closed);
    show(b.channel, !closed && writer);
    show(b.newWindow, true);
    show(b.leave, !closed && !!role);
    show(b.close, !closed && writer);
    show(b.blockVisitor, writer && c.RequesterKind === 'visitor');
    // a chat about a ticket (from a ticket, pre-ticket) has its ticket: the engine refuses a second one
    show(b.phoneTicket, !closed && writer && !c.HasTicket);
    show(b.appendTicket, !closed && writer);
    if (closed) this.inviteList.hidden = true;
    if (closed && this.tickets) this.tickets.close();
  }

  toggleInviteList() {
    const list = this.inviteList;
    if (!list.hidden) { list.hidden = true; return; }
    clear(list);
    list.appendChild(el('li', { class: 'ce-muted', text: 'Loading agents…' }));
    list.hidden = false;
    this.view.conn.request('GetInviteAgentList', { ChatID: this.view.chatID }).then((data) => {
      clear(list);
      const agents = (data && data.Agents) || [];
      if (!agents.length) list.appendChild(el('li', { class: 'ce-muted', text: 'No agent can be invited right now.' }));
      for (const a of agents) list.appendChild(this.inviteItem(a));
      const cancel = el('button', { class: 'ce-button ce-small ce-link', type: 'button', action: 'invite-cancel', text: 'Cancel' });
      cancel.addEventListener('click', () => { list.hidden = true; });
      list.appendChild(el('li', { class: 'ce-invite-cancel' }, [cancel]));
    }, (err) => {
      list.hidden = true;
      flashError(err);
    });
  }

  inviteItem(a) {
    const b = el('button', { class: 'ce-button ce-small', type: 'button', action: 'invite-agent', data: { userId: a.UserID }, text: 'Invite' });
    b.addEventListener('click', () => {
      b.disabled = true;
      this.view.run('InviteAgent', { ChatID: this.view.chatID, UserID: a.UserID }, 'Invitation sent to ' + (a.Name || a.UserID) + '.')
        .then((ok) => { if (ok) this.inviteList.hidden = true; else b.disabled = false; });
    });
    return el('li', { class: 'ce-invite-item', data: { userId: a.UserID, presence: a.Presence || 'offline' } }, [
      presenceDot(a.Presence), el('span', { class: 'ce-name', test: 'invite-agent-name', text: a.Name || String(a.UserID) }), b,
    ]);
  }
}
