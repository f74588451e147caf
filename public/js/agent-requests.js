/* ChatEngine agent page: the three request lists (customers, public users, personal requests and
 * invitations) and the preview dialog, with accept, join, decline and channel change.
 */
import { $, clear, el, flashError } from './dom.js';
import { formatTime, stateLabel } from './format.js';
import { renderEvent } from './message-list.js';

const key = (id) => String(id);
const SECTIONS = { Customer: 'ce-requests-customer', Public: 'ce-requests-public', Personal: 'ce-requests-personal' };

/** An invitation asks me to join a chat that is already running; a new agent-to-agent chat is a request. */
export const isInvitation = (chat) => chat.State === 'active';

/** ctx: {conn, state, runCommand, openSoon, isPopup}. */
export function requestsPanel(ctx) {
  const { conn, state } = ctx;

  function fillChannelSelect(select, currentChannelID) {
    clear(select);
    select.appendChild(el('option', { attrs: { value: '' }, text: 'Change channel…' }));
    for (const c of state.channels) {
      if (String(c.ChatChannelID) === String(currentChannelID)) continue;
      select.appendChild(el('option', {
        attrs: { value: String(c.ChatChannelID) }, text: c.Name + (c.Staffed === false ? ' (nobody available)' : ''),
      }));
    }
    select.value = '';
  }

  function requestItem(chat) {
    const id = key(chat.ChatID);
    const invitation = isInvitation(chat);
    const li = el('li', { class: 'ce-request-item', test: 'request', data: { chatId: id, kind: invitation ? 'invitation' : 'request', channelId: chat.ChannelID } });
    const actions = el('div', { class: 'ce-request-actions' });
    const btn = (action, text, cls, handler) => {
      const b = el('button', { class: 'ce-button ce-small ' + (cls || ''), type: 'button', action, text });
      b.addEventListener('click', () => { b.disabled = true; Promise.resolve(handler()).finally(() => { b.disabled = false; }); });
      actions.appendChild(b);
    };
    btn('preview', 'Open chat', '', () => openPreview(id));
    if (invitation) {
      btn('join-participant', 'Join as participant', 'ce-primary', () => join(id, 'Participant'));
      btn('join-observer', 'Join as observer', '', () => join(id, 'Observer'));
    } else {
      btn('accept', 'Accept', 'ce-primary', () => accept(id));
    }
    btn('decline', 'Decline', '', () => decline(id));
    if (!invitation && state.channels.length > 1) {
      const sel = el('select', { class: 'ce-select ce-small', action: 'change-channel', attrs: { 'aria-label': 'Change channel' } });
      fillChannelSelect(sel, chat.ChannelID);
      sel.addEventListener('change', () => {
        if (!sel.value) return;
        sel.disabled = true;
        changeChannel(id, sel.value).finally(() => { sel.disabled = false; sel.value = ''; });
      });
      actions.appendChild(sel);
    }
    li.appendChild(el('div', { class: 'ce-request-info' }, [
      el('span', { class: 'ce-request-requester', test: 'request-requester', text: chat.Requester || '' }),
      el('span', { class: 'ce-request-channel', test: 'request-channel', text: chat.ChannelName || '' }),
      el('time', { class: 'ce-request-time', test: 'request-time', text: formatTime(chat.CreatedAt), attrs: { datetime: chat.CreatedAt || '' } }),
      invitation ? el('span', { class: 'ce-badge', text: 'Invitation' }) : null,
    ]));
    li.appendChild(actions);
    return li;
  }

  function render() {
    if (ctx.isPopup) return;
    const mine = new Set(state.channels.filter((c) => c.Mine).map((c) => String(c.ChatChannelID)));
    let total = 0;
    for (const [name, sectionID] of Object.entries(SECTIONS)) {
      const section = $(sectionID);
      if (!section) continue;
      const list = section.querySelector('ul');
      const items = state.requests[name].filter((c) => name === 'Personal' || state.filter !== 'Mine' || mine.has(String(c.ChannelID)));
      clear(list);
      for (const chat of items) list.appendChild(requestItem(chat));
      if (!items.length) list.appendChild(el('li', { class: 'ce-empty', text: 'No requests.' }));
      section.dataset.count = String(items.length);
      section.querySelector('.ce-count').textContent = String(items.length);
      total += items.length;
    }
    const badge = $('ce-requests-total');
    if (badge) { badge.textContent = String(total); badge.dataset.count = String(total); }
  }

  function set(data) {
    const r = (data && data.Requests) ? data.Requests : (data || {});
    state.requests = { Customer: [], Public: [], Personal: [] };
    for (const name of Object.keys(SECTIONS)) if (Array.isArray(r[name])) state.requests[name] = r[name];
    // invitations known from the chats' own events stay listed until answered
    const listed = new Set(Object.values(state.requests).flat().map((c) => key(c.ChatID)));
    for (const [id, entry] of conn.chats) {
      const c = entry.chat;
      if (c && c.MyState === 'invited' && c.State !== 'closed' && !listed.has(id) && !state.declined.has(id)) state.requests.Personal.push(c);
    }
    render();
    const preview = $('ce-preview');
    if (preview && !preview.hidden && !Object.values(state.requests).some((l) => l.some((c) => key(c.ChatID) === preview.dataset.chatId))) closePreview();
  }

  function drop(id) {
    for (const name of Object.keys(state.requests)) state.requests[name] = state.requests[name].filter((c) => key(c.ChatID) !== id);
    render();
  }

  /** The chat's own events keep the personal list right (an invitation reaches me as Events only). */
  function follow(chat) {
    const id = key(chat.ChatID);
    const listed = state.requests.Personal.some((c) => key(c.ChatID) === id);
    const invited = chat.MyState === 'invited' && chat.State !== 'closed' && !state.declined.has(id);
    if (invited && !listed) state.requests.Personal.push(chat);
    else if (!invited && listed) state.requests.Personal = state.requests.Personal.filter((c) => key(c.ChatID) !== id);
    else return;
    render();
  }

  const answered = (id) => () => { drop(id); closePreview(); };
  const accept = (id) => ctx.runCommand('ChatRequestAccept', { ChatID: id }).then(answered(id)).then(() => ctx.openSoon(id), () => {});
  const join = (id, role) => ctx.runCommand('ChatRoleSwitch', { ChatID: id, Role: role }).then(answered(id)).then(() => ctx.openSoon(id), () => {});
  const decline = (id) => ctx.runCommand('DeclineRequest', { ChatID: id }).then(() => { state.declined.add(id); answered(id)(); }, () => {});

  function changeChannel(id, channelID) {
    return ctx.runCommand('ChangeChannel', { ChatID: id, ChatChannelID: channelID }, 'The request was moved to another channel.').then(() => {
      const preview = $('ce-preview');
      if (preview && !preview.hidden && preview.dataset.chatId === id) openPreview(id);
    }, () => {});
  }

  function openPreview(id) {
    const dlg = $('ce-preview');
    return conn.request('', { ChatID: id }, { action: 'AgentChatPreview' }).then((data) => {
      const chat = (data && data.Chat) || {};
      const events = (data && data.Events) || [];
      dlg.dataset.chatId = id;
      dlg.dataset.channelId = String(chat.ChannelID || '');
      $('ce-preview-requester').textContent = chat.Requester || '';
      $('ce-preview-channel').textContent = chat.ChannelName || '';
      $('ce-preview-state').textContent = stateLabel(chat.State);
      const list = $('ce-preview-messages');
      clear(list);
      for (const ev of events) list.appendChild(renderEvent(ev));
      if (!events.length) list.appendChild(el('li', { class: 'ce-empty', text: 'No messages yet.' }));
      const invitation = isInvitation(chat);
      $('ce-preview-accept').textContent = invitation ? 'Join as participant' : 'Accept';
      const sel = $('ce-preview-channel-select');
      fillChannelSelect(sel, chat.ChannelID);
      sel.hidden = invitation || state.channels.length < 2;
      dlg.hidden = false;
      $('ce-preview-accept').focus();
    }, (err) => flashError(err));
  }

  function closePreview() {
    const dlg = $('ce-preview');
    if (dlg) { dlg.hidden = true; dlg.dataset.chatId = ''; }
  }

  function setupPreview() {
    const dlg = $('ce-preview');
    if (!dlg) return;
    $('ce-preview-close').addEventListener('click', closePreview);
    $('ce-preview-accept').addEventListener('click', () => {
      const id = dlg.dataset.chatId;
      if (!id) return;
      const req = Object.values(state.requests).flat().find((c) => key(c.ChatID) === id);
      if (req && isInvitation(req)) join(id, 'Participant');
      else accept(id);
    });
    $('ce-preview-decline').addEventListener('click', () => { if (dlg.dataset.chatId) decline(dlg.dataset.chatId); });
    const sel = $('ce-preview-channel-select');
    sel.addEventListener('change', () => {
      if (!sel.value || !dlg.dataset.chatId) return;
      const target = sel.value;
      sel.value = '';
      changeChannel(dlg.dataset.chatId, target);
    });
    document.addEventListener('keydown', (ev) => { if (ev.key === 'Escape' && !dlg.hidden) closePreview(); });
  }

  /** New channel list: the preview's select follows it. */
  function channelsChanged() {
    render();
    const preview = $('ce-preview');
    if (preview && !preview.hidden) fillChannelSelect($('ce-preview-channel-select'), preview.dataset.channelId);
  }

  setupPreview();
  return { render, set, follow, channelsChanged };
}
