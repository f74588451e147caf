/* ChatEngine: one chat rendered into a container (header, participants, history, typing, input, actions).
 * Used by the agent chat manager, the agent popup, the customer and the public page.
 * All user data goes in with textContent / createTextNode.
 */
(function (global) {
  'use strict';

  const U = global.CEUtil;
  const el = U.el;

  const DEFAULT_TEXTS = {
    NotYetAccepted: 'Your chat request has been sent. Please wait until an agent accepts it.',
    NoAgentsAvailable: 'Unfortunately no agent is available at the moment. Please try again later or leave us a message.',
    ChatClosed: 'This chat has been closed.',
    ChatCompleted: 'You have left this chat.',
  };

  class ChatWidget {
    /**
     * options:
     *   conn          ChatConnection (required unless readOnly)
     *   chatID        number|string
     *   iface         'Agent' | 'Customer' | 'Public'
     *   readOnly      history view (closed chats): no input, no actions
     *   maxLength     MaxMessageLength
     *   channels      () => [{ChatChannelID, Name, ...}] (agents: channel change)
     *   texts         () => {NotYetAccepted, NoAgentsAvailable}
     *   thresholdMinutes () => number (customer/public waiting notice)
     *   newWindow     (chatID) => void   (agents, absent in the popup)
     *   onLeft        (chat) => void     called after a successful leave/close
     */
    constructor(options) {
      this.o = options;
      this.conn = options.conn;
      this.chatID = String(options.chatID);
      this.iface = options.iface || 'Agent';
      this.isAgent = this.iface === 'Agent';
      this.readOnly = !!options.readOnly;
      this.maxLength = Number(options.maxLength) > 0 ? Number(options.maxLength) : 3800;
      this.chat = { ChatID: Number(this.chatID) };
      this.seqs = new Set();
      this.typingTimer = null;
      this.typingName = '';
      this.waitTimer = null;
      this.build();
    }

    // ------------------------------------------------------------ structure

    build() {
      const id = this.chatID;
      this.root = el('section', {
        class: 'ce-chat-widget', id: (this.readOnly ? 'ce-history-' : 'ce-chat-') + id,
        data: { chatId: id, readonly: this.readOnly ? '1' : '0', state: '', myRole: '', myState: '', monitoring: '' },
        attrs: { 'aria-label': 'Chat ' + id },
      });

      // header
      this.requesterNode = el('span', { class: 'ce-chat-requester', test: 'chat-requester' });
      this.channelNode = el('span', { class: 'ce-chat-channel', test: 'chat-channel' });
      this.stateNode = el('span', { class: 'ce-chat-state', test: 'chat-state' });
      this.roleNode = el('span', { class: 'ce-chat-role', test: 'chat-role', hidden: !this.isAgent });
      const header = el('header', { class: 'ce-chat-header' }, [
        el('div', { class: 'ce-chat-title' }, [this.requesterNode]),
        el('div', { class: 'ce-chat-meta' }, [
          el('span', { class: 'ce-label', text: 'Channel: ' }), this.channelNode,
          el('span', { class: 'ce-sep', text: ' · ' }), this.stateNode,
          this.isAgent ? el('span', { class: 'ce-sep', text: ' · ' }) : null, this.roleNode,
        ]),
      ]);

      this.participantsNode = el('ul', { class: 'ce-participants', test: 'participants', attrs: { 'aria-label': 'Participants' } });
      this.actionsNode = this.buildActions();

      this.messagesNode = el('ol', { class: 'ce-messages', test: 'messages', attrs: { 'aria-live': 'polite' } });
      this.noticeNode = el('p', { class: 'ce-waiting-notice', test: 'waiting-notice', hidden: true, data: { kind: '' } });
      this.typingNode = el('p', { class: 'ce-typing', test: 'typing', hidden: true });

      this.root.appendChild(header);
      this.root.appendChild(this.participantsNode);
      if (this.actionsNode) this.root.appendChild(this.actionsNode);
      this.root.appendChild(this.messagesNode);
      this.root.appendChild(this.noticeNode);
      this.root.appendChild(this.typingNode);
      if (!this.readOnly) this.root.appendChild(this.buildInput());
    }

    buildInput() {
      const id = this.chatID;
      this.input = el('textarea', {
        class: 'ce-input', test: 'message-input', id: 'ce-input-' + id,
        attrs: { rows: '3', placeholder: 'Type your message… (Enter sends, Shift+Enter adds a new line)', 'aria-label': 'Message' },
      });
      this.sendButton = el('button', { class: 'ce-button ce-primary ce-send', test: 'send', type: 'button', text: 'Send' });
      this.counterNode = el('span', { class: 'ce-counter', test: 'char-counter', data: { remaining: this.maxLength } });
      this.sendError = el('p', { class: 'ce-send-error', test: 'send-error', hidden: true, attrs: { role: 'alert' } });

      let internalLabel = null;
      if (this.isAgent) {
        this.internalBox = el('input', { type: 'checkbox', test: 'internal', id: 'ce-internal-' + id });
        internalLabel = el('label', { class: 'ce-internal-toggle', attrs: { for: 'ce-internal-' + id, title: 'Only agents see internal messages' } },
          [this.internalBox, ' Internal (agents only)']);
      }

      this.input.addEventListener('keydown', (ev) => {
        if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing && !ev.altKey && !ev.ctrlKey && !ev.metaKey) {
          ev.preventDefault();
          this.send();
        }
      });
      this.input.addEventListener('input', () => {
        this.updateCounter();
        this.hideSendError();
        if (this.input.value && this.conn && this.canWrite()) this.conn.typing(this.chatID);
      });
      this.sendButton.addEventListener('click', () => this.send());
      this.updateCounter();

      return el('div', { class: 'ce-compose' }, [
        this.input,
        el('div', { class: 'ce-compose-bar' }, [internalLabel, this.counterNode, this.sendButton]),
        this.sendError,
      ]);
    }

    buildActions() {
      if (this.readOnly) return null;
      const bar = el('div', { class: 'ce-chat-actions', test: 'chat-actions' });
      const button = (action, text, title, handler) => {
        const b = el('button', { class: 'ce-button ce-small', action, type: 'button', text, attrs: { title: title || text } });
        b.addEventListener('click', handler);
        bar.appendChild(b);
        return b;
      };
      this.actions = {};
      if (this.isAgent) {
        this.actions.roleParticipant = button('role-participant', 'Participate', 'Take part in this chat',
          () => this.run('ChatRoleSwitch', { ChatID: this.chatID, Role: 'Participant' }));
        this.actions.roleObserver = button('role-observer', 'Observe', 'Follow this chat as an observer (invisible to customers)',
          () => this.run('ChatRoleSwitch', { ChatID: this.chatID, Role: 'Observer' }));
        this.actions.invite = button('invite', 'Invite agent', 'Invite another agent to this chat', () => this.toggleInviteList());

        this.monitorSelect = el('select', { class: 'ce-select ce-small', action: 'monitor', attrs: { title: 'Monitoring', 'aria-label': 'Monitoring' } }, [
          el('option', { attrs: { value: 'none' }, text: 'No monitoring' }),
          el('option', { attrs: { value: 'customer_activity' }, text: 'Monitor customer activity' }),
          el('option', { attrs: { value: 'all_actions' }, text: 'Monitor all actions' }),
        ]);
        this.monitorSelect.addEventListener('change', () => {
          const value = this.monitorSelect.value;
          this.run('ChatMonitorSwitch', { ChatID: this.chatID, MonitoringType: value })
            .then((ok) => { if (!ok) this.monitorSelect.value = this.chat.Monitoring || 'none'; });
        });
        bar.appendChild(this.monitorSelect);
        this.actions.monitor = this.monitorSelect;

        this.channelSelect = el('select', { class: 'ce-select ce-small', action: 'change-channel', attrs: { 'aria-label': 'Change channel' } });
        this.channelSelect.addEventListener('change', () => {
          const value = this.channelSelect.value;
          if (!value) return;
          this.channelSelect.value = '';
          this.run('ChangeChannel', { ChatID: this.chatID, ChatChannelID: value }, 'The chat was moved to another channel.');
        });
        bar.appendChild(this.channelSelect);
        this.actions.channel = this.channelSelect;

        if (typeof this.o.newWindow === 'function') {
          this.actions.newWindow = button('new-window', 'New window', 'Open this chat in its own window',
            () => this.o.newWindow(this.chatID));
        }
        this.actions.leave = button('leave', 'Leave', 'Leave this chat', () => {
          this.run('LeaveChat', { ChatID: this.chatID }).then((ok) => { if (ok && this.o.onLeft) this.o.onLeft(this.chat); });
        });
        this.actions.close = button('close', 'Close chat', 'Close this chat for everybody', () => {
          if (!global.confirm('Close this chat for everybody?')) return;
          this.run('ChatDiscard', { ChatID: this.chatID });
        });
        this.actions.close.classList.add('ce-danger');

        this.inviteList = el('ul', { class: 'ce-invite-list', test: 'invite-list', hidden: true });
      } else {
        this.actions.leave = button('leave', 'Leave chat', 'Leave this chat', () => {
          this.run('ChatLeave', { ChatID: this.chatID }).then((ok) => { if (ok && this.o.onLeft) this.o.onLeft(this.chat); });
        });
        if (this.iface === 'Customer') {
          this.actions.close = button('close', 'Close chat', 'Close this chat', () => {
            this.run('ChatClose', { ChatID: this.chatID }).then((ok) => { if (ok && this.o.onLeft) this.o.onLeft(this.chat); });
          });
        }
      }
      const wrap = el('div', { class: 'ce-chat-actions-wrap' }, [bar]);
      if (this.inviteList) wrap.appendChild(this.inviteList);
      return wrap;
    }

    /** Run a command; errors go to the flash area. Resolves true on success. */
    run(subaction, params, successText) {
      if (!this.conn) return Promise.resolve(false);
      return this.conn.command(subaction, params).then(() => {
        if (successText) U.flash(successText, 'info', 'info');
        return true;
      }, (err) => {
        U.flash(err.message || 'The action failed.', err.code);
        return false;
      });
    }

    // ------------------------------------------------------------ invitations

    toggleInviteList() {
      if (!this.inviteList) return;
      if (!this.inviteList.hidden) { this.inviteList.hidden = true; return; }
      U.clear(this.inviteList);
      this.inviteList.appendChild(el('li', { class: 'ce-muted', text: 'Loading agents…' }));
      this.inviteList.hidden = false;
      this.conn.request('GetInviteAgentList', { ChatID: this.chatID }).then((data) => {
        U.clear(this.inviteList);
        const agents = (data && data.Agents) || [];
        if (!agents.length) this.inviteList.appendChild(el('li', { class: 'ce-muted', text: 'No agent can be invited right now.' }));
        for (const a of agents) {
          const b = el('button', { class: 'ce-button ce-small', type: 'button', action: 'invite-agent', data: { userId: a.UserID }, text: 'Invite' });
          b.addEventListener('click', () => {
            b.disabled = true;
            this.run('InviteAgent', { ChatID: this.chatID, UserID: a.UserID }, 'Invitation sent to ' + (a.Name || a.UserID) + '.')
              .then((ok) => { if (ok) this.inviteList.hidden = true; else b.disabled = false; });
          });
          this.inviteList.appendChild(el('li', { class: 'ce-invite-item', data: { userId: a.UserID, presence: a.Presence || 'offline' } }, [
            U.presenceDot(a.Presence), el('span', { class: 'ce-name', test: 'invite-agent-name', text: a.Name || String(a.UserID) }), b,
          ]));
        }
        const cancel = el('button', { class: 'ce-button ce-small ce-link', type: 'button', action: 'invite-cancel', text: 'Cancel' });
        cancel.addEventListener('click', () => { this.inviteList.hidden = true; });
        this.inviteList.appendChild(el('li', { class: 'ce-invite-cancel' }, [cancel]));
      }, (err) => {
        this.inviteList.hidden = true;
        U.flash(err.message, err.code);
      });
    }

    // ------------------------------------------------------------ chat state

    setChannels(channels) {
      if (!this.channelSelect) return;
      const current = this.chat.ChannelID;
      U.clear(this.channelSelect);
      this.channelSelect.appendChild(el('option', { attrs: { value: '' }, text: 'Change channel…' }));
      for (const c of channels || []) {
        if (String(c.ChatChannelID) === String(current)) continue;
        this.channelSelect.appendChild(el('option', { attrs: { value: String(c.ChatChannelID) }, text: c.Name }));
      }
      this.channelSelect.value = '';
    }

    setChat(chat) {
      if (!chat) return;
      const prevChannel = this.chat.ChannelID;
      this.chat = Object.assign({}, this.chat, chat);
      const c = this.chat;
      const d = this.root.dataset;
      d.state = c.State || '';
      d.myRole = c.MyRole || '';
      d.myState = c.MyState || '';
      d.monitoring = c.Monitoring || '';

      this.requesterNode.textContent = this.title();
      this.channelNode.textContent = c.ChannelName || '';
      this.stateNode.textContent = U.stateLabel(c.State);
      this.roleNode.textContent = c.MyRole ? 'You: ' + U.roleLabel(c.MyRole) : '';

      this.renderParticipants(c.Participants || []);
      if (this.isAgent && prevChannel !== c.ChannelID && this.o.channels) this.setChannels(this.o.channels());
      if (this.monitorSelect && document.activeElement !== this.monitorSelect) this.monitorSelect.value = c.Monitoring || 'none';
      this.updateActions();
      this.updateInputState();
      this.updateWaitingNotice();
    }

    /** Agents see who asked; customers and visitors see whom they chat with. */
    title() {
      const c = this.chat;
      if (this.isAgent) return ChatWidget.agentTitle(c);
      const agents = (c.Participants || []).filter((p) => p.Kind === 'agent' && !p.IsMe).map((p) => p.Name).filter(Boolean);
      if (agents.length) return 'Chat with ' + agents.join(', ');
      if (c.RequesterKind === 'agent' && c.Requester) return 'Chat with ' + c.Requester;
      return c.State === 'request' ? 'Waiting for an agent' : 'Chat';
    }

    renderParticipants(list) {
      U.clear(this.participantsNode);
      for (const p of list) {
        const presence = p.Presence || 'offline';
        const li = el('li', {
          class: 'ce-participant' + (p.IsMe ? ' ce-me' : ''), test: 'participant',
          data: { role: p.Role || '', presence, state: p.State || '', kind: p.Kind || '', me: p.IsMe ? '1' : '0' },
          attrs: { title: U.presenceLabel(presence) + (p.Role ? ' · ' + U.roleLabel(p.Role) : '') },
        }, [
          U.presenceDot(presence),
          el('span', { class: 'ce-name', test: 'participant-name', text: p.Name || '' }),
          p.Role && this.isAgent ? el('span', { class: 'ce-role', test: 'participant-role', text: U.roleLabel(p.Role) }) : null,
        ]);
        this.participantsNode.appendChild(li);
      }
    }

    updateActions() {
      if (!this.actions) return;
      const c = this.chat;
      const closed = c.State === 'closed';
      const inChat = !!c.MyRole && c.MyState !== 'left' && c.MyState !== 'invited';
      const show = (node, visible) => { if (node) node.hidden = !visible; };
      if (this.isAgent) {
        const role = inChat ? c.MyRole : null;
        show(this.actions.roleParticipant, !closed && (role === 'observer' || !role));
        show(this.actions.roleObserver, !closed && (role === 'participant' || !role));
        show(this.actions.invite, !closed && !!role);
        show(this.actions.monitor, !closed);
        show(this.actions.channel, !closed && (role === 'owner' || role === 'participant'));
        show(this.actions.newWindow, true);
        show(this.actions.leave, !closed && !!role);
        show(this.actions.close, !closed && (role === 'owner' || role === 'participant'));
        if (closed && this.inviteList) this.inviteList.hidden = true;
      } else {
        const left = c.MyState === 'left';
        show(this.actions.leave, !closed && !left);
        show(this.actions.close, !closed && !left);
      }
    }

    canWrite() {
      const c = this.chat;
      if (this.readOnly || c.State === 'closed' || c.MyState === 'left') return false;
      if (this.isAgent) {
        if (!c.MyRole || c.MyRole === 'observer' || c.MyState === 'invited') return false;
      }
      return true;
    }

    updateInputState() {
      if (!this.input) return;
      const ok = this.canWrite();
      this.input.disabled = !ok;
      this.sendButton.disabled = !ok;
      if (this.internalBox) this.internalBox.disabled = !ok;
      const c = this.chat;
      if (ok) {
        this.input.placeholder = 'Type your message… (Enter sends, Shift+Enter adds a new line)';
      } else if (c.State === 'closed') {
        this.input.placeholder = 'This chat is closed.';
      } else if (c.MyState === 'left') {
        this.input.placeholder = 'You left this chat.';
      } else if (c.MyRole === 'observer') {
        this.input.placeholder = 'You are observing this chat.';
      } else {
        this.input.placeholder = 'Join the chat to write.';
      }
    }

    // ------------------------------------------------------------ waiting notice (customer / public)

    updateWaitingNotice() {
      if (this.isAgent) return;
      const c = this.chat;
      const texts = Object.assign({}, DEFAULT_TEXTS, (this.o.texts && this.o.texts()) || {});
      const waiting = !this.readOnly && c.State === 'request' && (c.Target === 'channel' || !c.Target);
      let kind = '';
      let text = '';
      if (waiting) {
        const minutes = Number(this.o.thresholdMinutes ? this.o.thresholdMinutes() : 0) || 0;
        const created = U.parseTime(c.CreatedAt);
        if (!this.firstSeenAt) this.firstSeenAt = Date.now();
        const start = created && created.getTime() <= Date.now() ? created.getTime() : this.firstSeenAt;
        const late = minutes > 0 && Date.now() - start >= minutes * 60000;
        kind = late ? 'no-agents' : 'not-yet-accepted';
        text = late ? texts.NoAgentsAvailable : texts.NotYetAccepted;
        if (!this.waitTimer) this.waitTimer = setInterval(() => this.updateWaitingNotice(), 5000);
      } else {
        if (this.waitTimer) { clearInterval(this.waitTimer); this.waitTimer = null; }
        if (c.State === 'closed') { kind = 'closed'; text = texts.ChatClosed; }
        else if (c.MyState === 'left') { kind = 'completed'; text = texts.ChatCompleted; }
      }
      if (!kind || !text) {
        this.noticeNode.hidden = true;
        this.noticeNode.dataset.kind = '';
        this.noticeNode.textContent = '';
        return;
      }
      this.noticeNode.dataset.kind = kind;
      this.noticeNode.textContent = text;
      this.noticeNode.classList.toggle('ce-warning', kind === 'no-agents');
      this.noticeNode.hidden = false;
    }

    // ------------------------------------------------------------ history

    addEvents(events) {
      if (!events || !events.length) return;
      const nearBottom = this.isNearBottom();
      for (const ev of events) {
        if (!ev || typeof ev.Seq !== 'number' || this.seqs.has(ev.Seq)) continue;
        this.seqs.add(ev.Seq);
        const node = this.renderEvent(ev);
        // keep Seq order even if an older page of history arrives late
        let before = null;
        for (let n = this.messagesNode.lastElementChild; n; n = n.previousElementSibling) {
          if (Number(n.dataset.seq) > ev.Seq) before = n; else break;
        }
        this.messagesNode.insertBefore(node, before);
        if (ev.Kind !== 'system' && this.typingName && ev.Author === this.typingName) this.hideTyping();
      }
      if (nearBottom) this.scrollToBottom();
    }

    renderEvent(ev) {
      const system = ev.Kind === 'system';
      const classes = ['ce-message', system ? 'ce-message-system' : 'ce-message-user'];
      if (ev.Internal) classes.push('ce-message-internal');
      if (ev.Mine) classes.push('ce-message-mine');
      const time = el('time', { class: 'ce-message-time', test: 'message-time', text: U.formatTime(ev.At), attrs: { datetime: ev.At || '' } });
      const meta = el('div', { class: 'ce-message-meta' }, [
        system ? null : el('span', { class: 'ce-message-author', test: 'message-author', text: ev.Author || '' }),
        time,
        ev.Internal ? el('span', { class: 'ce-internal-marker', test: 'internal-marker', text: 'internal', attrs: { title: 'Only agents see this message' } }) : null,
      ]);
      return el('li', {
        class: classes.join(' '), test: 'message',
        data: { seq: ev.Seq, kind: system ? 'system' : 'message', internal: ev.Internal ? '1' : '0', mine: ev.Mine ? '1' : '0' },
      }, [meta, el('div', { class: 'ce-message-text', test: 'message-text', text: ev.Text || '' })]);
    }

    isNearBottom() {
      const n = this.messagesNode;
      return n.scrollHeight - n.scrollTop - n.clientHeight < 60;
    }

    scrollToBottom() {
      const n = this.messagesNode;
      n.scrollTop = n.scrollHeight;
    }

    // ------------------------------------------------------------ typing

    showTyping(name) {
      if (!name) return;
      this.typingName = name;
      this.typingNode.textContent = name + ' is typing…';
      this.typingNode.hidden = false;
      clearTimeout(this.typingTimer);
      this.typingTimer = setTimeout(() => this.hideTyping(), 4000);
    }

    hideTyping() {
      clearTimeout(this.typingTimer);
      this.typingName = '';
      this.typingNode.hidden = true;
      this.typingNode.textContent = '';
    }

    // ------------------------------------------------------------ input

    updateCounter() {
      if (!this.input) return;
      const remaining = this.maxLength - U.codePoints(this.input.value);
      this.counterNode.dataset.remaining = String(remaining);
      this.counterNode.textContent = remaining >= 0
        ? remaining + ' characters left'
        : (-remaining) + ' characters too many';
      this.counterNode.classList.toggle('ce-over', remaining < 0);
    }

    showSendError(text) {
      this.sendError.textContent = text;
      this.sendError.hidden = false;
    }

    hideSendError() {
      if (this.sendError && !this.sendError.hidden) {
        this.sendError.hidden = true;
        this.sendError.textContent = '';
      }
    }

    send() {
      if (!this.input || !this.canWrite()) return;
      const text = this.input.value;
      if (!text.trim()) { this.input.focus(); return; }
      const length = U.codePoints(text);
      if (length > this.maxLength) {
        this.showSendError('The message is too long: ' + length + ' characters, at most ' + this.maxLength + ' are allowed.');
        this.input.focus();
        return;
      }
      const params = { ChatID: this.chatID, Message: text };
      if (this.isAgent) params.Internal = this.internalBox && this.internalBox.checked ? '1' : '0';
      this.hideSendError();
      this.input.value = '';
      this.updateCounter();
      this.input.focus();
      this.conn.command('ChatMessageAdd', params).catch((err) => {
        this.showSendError(err.message || 'The message could not be sent.');
        if (!this.input.value) {
          this.input.value = text;
          this.updateCounter();
        }
      });
    }

    focus() {
      if (this.input && !this.input.disabled) this.input.focus();
    }

    destroy() {
      clearTimeout(this.typingTimer);
      if (this.waitTimer) clearInterval(this.waitTimer);
      if (this.root.parentNode) this.root.parentNode.removeChild(this.root);
    }
  }

  /** For agents: the requester, or — in a chat I started myself — the people I chat with. */
  ChatWidget.agentTitle = function (c) {
    const parts = c.Participants || [];
    const me = parts.find((p) => p.IsMe);
    if (me && c.Target && c.Target !== 'channel' && c.Requester === me.Name) {
      const others = parts.filter((p) => !p.IsMe && p.Role !== 'observer').map((p) => p.Name).filter(Boolean);
      if (others.length) return others.join(', ');
    }
    return c.Requester || ('Chat ' + c.ChatID);
  };

  global.ChatWidget = ChatWidget;
})(window);
