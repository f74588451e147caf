/* ChatEngine: small DOM helpers. User data only ever goes in as text (textContent / text nodes). */
import { t } from './i18n.js';
import { presenceLabel } from './format.js';

export const $ = (id) => document.getElementById(id);

/** el('li', {class: 'a b', data: {seq: 3}, text: 'x', attrs: {title: 'y'}, on: {click: fn}}, [children]) */
export function el(tag, opts, children) {
  const node = document.createElement(tag);
  const o = opts || {};
  if (o.class) node.className = o.class;
  if (o.id) node.id = o.id;
  if (o.test) node.setAttribute('data-test', o.test);
  if (o.action) node.setAttribute('data-action', o.action);
  for (const [k, v] of Object.entries(o.data || {})) {
    if (v !== undefined && v !== null) node.dataset[k] = String(v);
  }
  for (const [k, v] of Object.entries(o.attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    node.setAttribute(k, v === true ? '' : String(v));
  }
  if (o.type) node.type = o.type;
  if (o.text !== undefined && o.text !== null) node.textContent = String(o.text);
  if (o.hidden) node.hidden = true;
  for (const [k, fn] of Object.entries(o.on || {})) node.addEventListener(k, fn);
  for (const child of children || []) {
    if (child === null || child === undefined || child === false) continue;
    node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

export function clear(node) {
  while (node && node.firstChild) node.removeChild(node.firstChild);
}

export function presenceDot(presence) {
  const p = presence || 'offline';
  return el('span', {
    class: 'ce-presence ce-presence-' + p, test: 'presence',
    data: { presence: p }, attrs: { title: presenceLabel(p), 'aria-label': presenceLabel(p) },
  });
}

/** A short message in #ce-flash. kind: 'error' | 'info'. Returns the item (a link may be added). */
export function flash(message, code, kind) {
  let box = $('ce-flash');
  if (!box) {
    box = el('div', { id: 'ce-flash', class: 'ce-flash', attrs: { 'aria-live': 'polite' } });
    document.body.appendChild(box);
  }
  const item = el('div', {
    class: 'ce-flash-item ce-flash-' + (kind || 'error'),
    data: { code: code || (kind === 'info' ? 'info' : 'error') },
    attrs: { role: kind === 'info' ? 'status' : 'alert' },
    text: message,
  });
  const remove = () => { if (item.parentNode) item.parentNode.removeChild(item); };
  item.addEventListener('click', remove);
  box.appendChild(item);
  setTimeout(remove, kind === 'info' ? 5000 : 8000);
  return item;
}

/** A failed request's text in the flash area. */
export function flashError(err, fallback) {
  return flash((err && err.message) || fallback || t('The action failed.'), err && err.code);
}

/** Clicking or pressing Enter on a list item (role=button) runs `handler`. */
export function onActivate(node, handler) {
  node.addEventListener('click', handler);
  node.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') handler(ev); });
}

/** Shows `text` in an error paragraph, or hides it when `text` is empty. */
export function showError(node, text) {
  node.textContent = text || '';
  node.hidden = !text;
}
