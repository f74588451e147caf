/* ChatEngine: one chat rendered into the page (header, participants, actions, messages, notice, typing,
 * message box). Used by the agent chat manager, the agent popup, the customer and the public page.
 * (Not the website widget: that name belongs to the embeddable widget.)
 */
import { siteText, t } from './i18n.js';
import { agentTypingText } from './site-texts.js';
import { el, flash, flashError, presenceDot } from './dom.js';
import {
  agentTitle, customerTitle, messageProblem, participantLabel, presenceLabel, remaining, roleLabel, stateLabel,
} from './format.js';
import { ChatActions } from './chat-view-actions.js';
import { MessageList } from './message-list.js';
import * as typingState from './typing-state.js';
import { serverTime, waitingNotice } from './waiting-time.js';

const PLACEHOLDER = 'Type your message… (Enter sends, Shift+Enter adds a new line)';

export class ChatView {
  /**
   * options:
   *   conn          ChatConnection (none for a read-only history)
   *   chatID, iface 'Agent' | 'Customer' | 'Public'
   *   page          the page configuration (page-start.js): maxLength, texts(), thresholdMinutes(), typingTimeoutMs
   *   readOnly      history view (closed chats): no input, no actions
   *   channels      () => channels (agents: channel change)
   *   newWindow     (chatID) => void   (agents, absent in the popup)
   *   onLeft        (chat) => void     called after a successful leave/close
   */
  constructor(options) {
    this.o = options;
    this.conn = options.conn;
    this.page = options.page;
    this.chatID = String(options.chatID);
    this.iface = options.iface || 'Agent';
    this.isAgent = this.iface === 'Agent';
    this.readOnly = !!options.readOnly;
    this.chat = { ChatID: Number(this.chatID) };
    this.typers = typingState.none();
    this.build();
  }

  build() {
    const id = this.chatID;
    this.root = el('section', {
      class: 'ce-chat-view', id: (this.readOnly ? 'ce-history-' : 'ce-chat-') + id,
      data: { chatId: id, readonly: this.readOnly ? '1' : '0', state: '', myRole: '', myState: '', monitoring: '' },
      attrs: { 'aria-label': t('Chat %s', id) },
    });
    this.requesterNode = el('span', { class: 'ce-chat-requester', test: 'chat-requester' });
    this.channelNode = el('span', { class: 'ce-chat-channel', test: 'chat-channel' });
    this.stateNode = el('span', { class: 'ce-chat-state', test: 'chat-state' });
    this.roleNode = el('span', { class: 'ce-chat-role', test: 'chat-role', hidden: !this.isAgent });
    this.root.appendChild(el('header', { class: 'ce-chat-header' }, [
      el('div', { class: 'ce-chat-title' }, [this.requesterNode]),
      el('div', { class: 'ce-chat-meta' }, [
        el('span', { class: 'ce-label', text: t('Channel:') + ' ' }), this.channelNode,
        el('span', { class: 'ce-sep', text: ' · ' }), this.stateNode,
        this.isAgent ? el('span', { class: 'ce-sep', text: ' · ' }) : null, this.roleNode,
      ]),
    ]));
    this.participantsNode = el('ul', { class: 'ce-participants', test: 'participants', attrs: { 'aria-label': t('Participants') } });
    this.root.appendChild(this.participantsNode);
    if (!this.readOnly) {
      this.actions = new ChatActions(this);
      this.root.appendChild(this.actions.root);
    }
    this.messages = new MessageList();
    this.noticeNode = el('p', { class: 'ce-waiting-notice', test: 'waiting-notice', hidden: true, data: { kind: '' } });
    this.typingNode = el('p', { class: 'ce-typing', test: 'typing', hidden: true });
    this.root.appendChild(this.messages.node);
    this.root.appendChild(this.noticeNode);
    this.root.appendChild(this.typingNode);
    if (!this.readOnly) this.root.appendChild(this.buildInput());
  }

  buildInput() {
    const id = this.chatID;
    this.input = el('textarea', {
      class: 'ce-input', test: 'message-input', id: 'ce-input-' + id,
      attrs: { rows: '3', placeholder: t(PLACEHOLDER), 'aria-label': t('Message') },
    });
    this.sendButton = el('button', { class: 'ce-button ce-primary ce-send', test: 'send', type: 'button', text: t('Send') });
    this.counterNode = el('span', { class: 'ce-counter', test: 'char-counter' });
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
      this.showSendError('');
      if (this.input.value && this.conn && this.canWrite()) this.conn.typing(this.chatID, this.internalBox && this.internalBox.checked);
    });
    this.sendButton.addEventListener('click', () => this.send());
    this.updateCounter();
    return el('div', { class: 'ce-compose' }, [
      this.input,
      el('div', { class: 'ce-compose-bar' }, [internalLabel, this.counterNode, this.sendButton]),
      this.sendError,
    ]);
  }

  /** Runs a command; errors go to the flash area. Resolves true on success. */
  run(subaction, params, successText) {
    if (!this.conn) return Promise.resolve(false);
    return this.conn.command(subaction, params).then(() => {
      if (successText) flash(successText, 'info', 'info');
      return true;
    }, (err) => {
      flashError(err);
      return false;
    });
  }

  leave(subaction) {
    this.run(subaction, { ChatID: this.chatID }).then((ok) => { if (ok && this.o.onLeft) this.o.onLeft(this.chat); });
  }

  setChannels(channels) {
    if (this.actions) this.actions.setChannels(channels);
  }

  // ------------------------------------------------------------ chat state

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
    this.requesterNode.textContent = this.isAgent ? agentTitle(c) : customerTitle(c);
    this.channelNode.textContent = c.ChannelName || '';
    this.stateNode.textContent = stateLabel(c.State);
    this.roleNode.textContent = c.MyRole ? 'You: ' + roleLabel(c.MyRole) : '';
    this.renderParticipants(c.Participants || []);
    if (this.actions) {
      if (this.isAgent && prevChannel !== c.ChannelID && this.o.channels) this.actions.setChannels(this.o.channels());
      this.actions.update();
    }
    if (c.State === 'closed') this.setTypers(typingState.none());
    this.updateInputState();
    this.updateWaitingNotice();
  }

  renderParticipants(list) {
    const items = list.map((p) => {
      const presence = p.Presence || 'offline';
      return el('li', {
        class: 'ce-participant' + (p.IsMe ? ' ce-me' : ''), test: 'participant',
        data: { role: p.Role || '', presence, state: p.State || '', kind: p.Kind || '', me: p.IsMe ? '1' : '0' },
        attrs: { title: presenceLabel(presence) + (participantLabel(p) ? ' · ' + participantLabel(p) : '') },
      }, [
        presenceDot(presence),
        el('span', { class: 'ce-name', test: 'participant-name', text: p.Name || '' }),
        p.Role && this.isAgent ? el('span', { class: 'ce-role', test: 'participant-role', text: participantLabel(p) }) : null,
      ]);
    });
    this.participantsNode.replaceChildren(...items);
  }

  canWrite() {
    const c = this.chat;
    if (this.readOnly || c.State === 'closed' || c.MyState === 'left') return false;
    return !this.isAgent || (!!c.MyRole && c.MyRole !== 'observer' && c.MyState !== 'invited');
  }

  updateInputState() {
    if (!this.input) return;
    const ok = this.canWrite();
    this.input.disabled = !ok;
    this.sendButton.disabled = !ok;
    if (this.internalBox) this.internalBox.disabled = !ok;
    const c = this.chat;
    if (ok) this.input.placeholder = (!this.isAgent && siteText('editorPlaceholder')) || t(PLACEHOLDER);
    else if (c.State === 'closed') this.input.placeholder = t('This chat is closed.');
    else if (c.MyState === 'left') this.input.placeholder = t('You left this chat.');
    else if (c.MyRole === 'observer') this.input.placeholder = t('You are observing this chat.');
    else this.input.placeholder = t('Join the chat to write.');
  }

  /** Customers and visitors: the configured texts while waiting, after closing and after leaving. */
  updateWaitingNotice() {
    if (this.isAgent || !this.page) return;
    const c = this.chat;
    const texts = this.page.texts();
    const waiting = !this.readOnly && c.State === 'request' && (c.Target === 'channel' || !c.Target);
    let kind = '';
    let text = '';
    if (this.waitTimer) { clearTimeout(this.waitTimer); this.waitTimer = null; }
    if (waiting) {
      // by the server's clock (waiting-time.js): a visitor's clock set wrong brings the text neither early nor late
      serverTime.saw(c.CreatedAt);
      const notice = waitingNotice(c, this.page.thresholdMinutes(), serverTime.now());
      kind = notice.kind;
      const late = kind === 'no-agents';
      // the website's own texts (widget) first, else the configured ones in the reader's language
      text = late ? (siteText('noAgents') || t(texts.NoAgentsAvailable || ''))
        : (siteText('welcomeMessage') || t(texts.NotYetAccepted || ''));
      if (!late) this.waitTimer = setTimeout(() => this.updateWaitingNotice(), Math.min(notice.inMs + 50, 3600000));
    } else {
      // one's own leaving closes a customer's or visitor's chat too: it is reported as leaving
      if (c.MyState === 'left') { kind = 'completed'; text = siteText('bye') || t(texts.ChatCompleted || ''); }
      else if (c.State === 'closed') {
        kind = 'closed';
        const answered = (c.Participants || []).some((p) => p.Kind === 'agent');
        text = (!answered && siteText('byeNoAgent')) || siteText('bye') || t(texts.ChatClosed || '');
      }
    }
    const shown = !!(kind && text);
    this.noticeNode.dataset.kind = shown ? kind : '';
    this.noticeNode.textContent = shown ? text : '';
    this.noticeNode.classList.toggle('ce-warning', kind === 'no-agents');
    this.noticeNode.hidden = !shown;
  }

  // ------------------------------------------------------------ messages and typing

  addEvents(events) {
    let typers = this.typers;
    for (const ev of events || []) if (ev) serverTime.saw(ev.At);
    if (this.waitTimer) this.updateWaitingNotice();
    for (const ev of this.messages.add(events)) {
      if (ev.Kind !== 'system') typers = typingState.wrote(typers, ev.Author);
    }
    this.setTypers(typers);
  }

  showTyping(name) {
    if (this.chat.State === 'closed') return;
    this.setTypers(typingState.typed(this.typers, name, Date.now(), this.page && this.page.typingTimeoutMs));
  }

  /** Shows who types; one timer takes them off when their time is up. */
  setTypers(typers) {
    this.typers = typingState.expire(typers, Date.now());
    const names = Object.keys(this.typers);
    const text = !this.isAgent && siteText('agentTyping') && names.length
      ? names.map((name) => agentTypingText(siteText('agentTyping'), name)).join(' ')
      : typingState.label(this.typers);
    this.typingNode.textContent = text;
    this.typingNode.hidden = !text;
    clearTimeout(this.typingTimer);
    const next = typingState.nextExpiry(this.typers);
    if (next !== null) this.typingTimer = setTimeout(() => this.setTypers(this.typers), Math.max(0, next - Date.now()) + 10);
  }

  // ------------------------------------------------------------ sending

  updateCounter() {
    if (!this.input) return;
    const r = remaining(this.input.value, this.page.maxLength);
    this.counterNode.dataset.remaining = String(r.left);
    this.counterNode.textContent = r.text;
    this.counterNode.classList.toggle('ce-over', r.over);
  }

  showSendError(text) {
    this.sendError.textContent = text || '';
    this.sendError.hidden = !text;
  }

  /** Sends the box's text; it shows as pending until the server has it, then once as a message. */
  send() {
    if (!this.input || !this.canWrite()) return;
    const text = this.input.value;
    this.input.focus();
    if (!text.trim()) return;
    const problem = messageProblem(text, this.page.maxLength, '');
    if (problem) { this.showSendError(problem); return; }
    const internal = !!(this.internalBox && this.internalBox.checked);
    const params = { ChatID: this.chatID, Message: text };
    if (this.isAgent) params.Internal = internal ? '1' : '0';
    this.showSendError('');
    this.input.value = '';
    if (this.internalBox) this.internalBox.checked = false;
    this.updateCounter();
    this.conn.stopTyping(this.chatID);
    const pending = this.messages.addPending(text, internal);
    this.conn.command('ChatMessageAdd', params).then((data) => pending.confirm(data.Seq), (err) => {
      pending.fail();
      this.showSendError(err.message || t('The message could not be sent.'));
      if (!this.input.value) {
        this.input.value = text;
        this.updateCounter();
      }
    });
  }

  focus() {
    if (this.input && !this.input.disabled) this.input.focus();
  }

  scrollToBottom() {
    this.messages.scrollToBottom();
  }

  destroy() {
    clearTimeout(this.typingTimer);
    if (this.waitTimer) clearTimeout(this.waitTimer);
    if (this.root.parentNode) this.root.parentNode.removeChild(this.root);
  }
}

