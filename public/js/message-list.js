/* ChatEngine: a chat's messages in Seq order, plus the user's own messages still on their way
 * (data-pending="1", greyed, "Sending…", always last) until the server acknowledged them and their
 * event arrived: then the event shows instead, once.
 */
import { el } from './dom.js';
import { formatTime } from './format.js';

export function renderEvent(ev) {
  const system = ev.Kind === 'system';
  const classes = ['ce-message', system ? 'ce-message-system' : 'ce-message-user'];
  if (ev.Internal) classes.push('ce-message-internal');
  if (ev.Mine) classes.push('ce-message-mine');
  const meta = el('div', { class: 'ce-message-meta' }, [
    system ? null : el('span', { class: 'ce-message-author', test: 'message-author', text: ev.Author || '' }),
    el('time', { class: 'ce-message-time', test: 'message-time', text: formatTime(ev.At), attrs: { datetime: ev.At || '' } }),
    ev.Internal ? el('span', { class: 'ce-internal-marker', test: 'internal-marker', text: 'internal', attrs: { title: 'Only agents see this message' } }) : null,
  ]);
  return el('li', {
    class: classes.join(' '), test: 'message',
    data: { seq: ev.Seq, kind: system ? 'system' : 'message', internal: ev.Internal ? '1' : '0', mine: ev.Mine ? '1' : '0' },
  }, [meta, el('div', { class: 'ce-message-text', test: 'message-text', text: ev.Text || '' })]);
}

export class MessageList {
  constructor() {
    this.node = el('ol', { class: 'ce-messages', test: 'messages', attrs: { 'aria-live': 'polite' } });
    this.seqs = new Set();
    this.pendingBySeq = new Map();   // acknowledged Seq -> its pending node, until the event arrives
  }

  /** Adds events not shown yet, in Seq order; returns the ones added. */
  add(events) {
    const added = [];
    const nearBottom = this.isNearBottom();
    for (const ev of events || []) {
      if (!ev || typeof ev.Seq !== 'number' || this.seqs.has(ev.Seq)) continue;
      this.seqs.add(ev.Seq);
      this.dropPending(ev.Seq);
      // pending messages stay last; an older page of history arriving late keeps its place
      let before = null;
      for (let n = this.node.lastElementChild; n; n = n.previousElementSibling) {
        if (n.dataset.pending === '1' || Number(n.dataset.seq) > ev.Seq) before = n; else break;
      }
      this.node.insertBefore(renderEvent(ev), before);
      added.push(ev);
    }
    if (nearBottom) this.scrollToBottom();
    return added;
  }

  /**
   * Shows my message while it travels. Returns {confirm(seq), fail()}: confirm when the server
   * acknowledged it (the node goes once the event with that Seq shows), fail when it was refused.
   */
  addPending(text, internal) {
    const node = el('li', {
      class: 'ce-message ce-message-user ce-message-mine ce-message-pending' + (internal ? ' ce-message-internal' : ''),
      test: 'message', data: { seq: '', pending: '1', kind: 'message', internal: internal ? '1' : '0', mine: '1' },
    }, [
      el('div', { class: 'ce-message-meta' }, [el('span', { class: 'ce-pending-label', test: 'pending-label', text: 'Sending…' })]),
      el('div', { class: 'ce-message-text', test: 'message-text', text }),
    ]);
    this.node.appendChild(node);
    this.scrollToBottom();
    const remove = () => { if (node.parentNode) node.parentNode.removeChild(node); };
    return {
      confirm: (seq) => {
        if (typeof seq !== 'number' || this.seqs.has(seq)) remove();
        else this.pendingBySeq.set(seq, remove);
      },
      fail: remove,
    };
  }

  dropPending(seq) {
    const remove = this.pendingBySeq.get(seq);
    if (remove) { this.pendingBySeq.delete(seq); remove(); }
  }

  isNearBottom() {
    const n = this.node;
    return n.scrollHeight - n.scrollTop - n.clientHeight < 60;
  }

  scrollToBottom() {
    this.node.scrollTop = this.node.scrollHeight;
  }
}
