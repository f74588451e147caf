/* ChatEngine agent page: the agent's own settings: availability, my chat channels, the request filter
 * and the order of active chats (each stored on the server).
 */
import { $, clear, el, flashError } from './dom.js';

export function renderAvailability(value) {
  const box = $('ce-availability');
  if (!box) return;
  box.dataset.state = value || '';
  for (const b of box.querySelectorAll('button[data-availability]')) {
    const on = b.dataset.availability === value;
    b.setAttribute('aria-pressed', on ? 'true' : 'false');
    b.classList.toggle('ce-selected', on);
  }
}

export function renderMyChannels(channels) {
  const box = $('ce-my-channels-list');
  if (!box) return;
  clear(box);
  if (!channels.length) box.appendChild(el('li', { class: 'ce-muted', text: 'No chat channels.' }));
  for (const c of channels) {
    const id = 'ce-my-channel-' + c.ChatChannelID;
    const check = el('input', { type: 'checkbox', id, data: { channelId: c.ChatChannelID } });
    check.checked = !!c.Mine;
    box.appendChild(el('li', {}, [el('label', { attrs: { for: id } }, [check, ' ', c.Name + (c.Default ? ' (default)' : '')])]));
  }
}

/** ctx: {conn, state, runCommand, setChannels, renderRequests, renderActiveList}. */
export function setupSettings(ctx) {
  const { conn, state } = ctx;

  const availability = $('ce-availability');
  if (availability) {
    availability.addEventListener('click', (ev) => {
      const b = ev.target.closest('button[data-availability]');
      if (!b) return;
      // data-state changes only when the server confirmed it (tests and people may rely on it)
      b.classList.add('ce-pending');
      ctx.runCommand('SetAvailability', { Availability: b.dataset.availability }).then((data) => {
        state.me.Availability = data.Availability || b.dataset.availability;
        renderAvailability(state.me.Availability);
      }, () => renderAvailability(state.me.Availability)).finally(() => b.classList.remove('ce-pending'));
    });
  }

  const save = $('ce-my-channels-save');
  if (save) {
    save.addEventListener('click', () => {
      const ids = [...document.querySelectorAll('#ce-my-channels input[type=checkbox][data-channel-id]')]
        .filter((b) => b.checked).map((b) => b.dataset.channelId);
      save.disabled = true;
      ctx.runCommand('MyChannels', { ChatChannelIDs: ids.join(',') }, 'Your chat channels were saved.')
        .then((data) => { if (data.Channels) ctx.setChannels(data.Channels); }, () => {})
        .finally(() => { save.disabled = false; });
    });
  }

  const filter = $('ce-request-filter');
  if (filter) {
    filter.addEventListener('change', () => {
      state.filterTouched = true;
      state.filter = filter.value === 'Mine' ? 'Mine' : 'All';
      ctx.renderRequests();
      conn.request('ChatGetOpenRequests', { Filter: state.filter }).then(ctx.setRequests, (err) => flashError(err));
    });
  }

  /** The agent's order of active chats: stored on the server (UpdateChatOrder), so it follows them. */
  const order = $('ce-chat-order');
  if (order) {
    order.value = state.chatOrder;
    order.addEventListener('change', () => {
      const value = order.value === 'Prepend' ? 'Prepend' : 'Append';
      if (value === state.chatOrder) return;
      state.chatOrder = value;
      state.order.reverse();
      ctx.renderActiveList();
      conn.command('UpdateChatOrder', { ChatOrder: value }).catch((err) => flashError(err));
    });
  }
}

/** The snapshot's filter, unless the agent changed it on this page already. */
export function takeFilter(state, me) {
  if (!me.ChannelFilter || state.filterTouched) return;
  state.filter = me.ChannelFilter === 'Mine' ? 'Mine' : 'All';
  const sel = $('ce-request-filter');
  if (sel) sel.value = state.filter;
}
