/* ChatEngine: "Download PDF", a chat's transcript as the viewer may see it. Agents and customer users follow a
 * link (their session cookie says who they are); a visitor's page posts a form, so the VisitorToken goes in
 * the request's body and never into a URL, a history or a server log.
 */
import { t } from './i18n.js';
import { el } from './dom.js';

const ACTIONS = { Agent: 'AgentChatDownload', Customer: 'CustomerChatDownload' };

/** The browser's IANA time zone ('' when it cannot tell): the PDF's times are shown in it. */
export function browserTimeZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || '';
  } catch (e) {
    return '';
  }
}

/** The page's language (its configuration's `Language`), so a customer's copy comes in it; '' when unknown. */
function pageLanguage() {
  try {
    const node = typeof document !== 'undefined' ? document.getElementById('ce-config') : null;
    return String(JSON.parse((node && node.textContent) || '{}').Language || '');
  } catch (e) {
    return '';
  }
}

/** The download URL for agents and customer users; null for the public page (it posts). */
export function downloadURL(script, iface, chatID, zone, lang) {
  const action = ACTIONS[iface];
  if (!action) return null;
  let url = script + '?Action=' + action + ';ChatID=' + encodeURIComponent(String(chatID));
  if (zone) url += ';TimeZone=' + encodeURIComponent(zone);
  if (lang) url += ';Lang=' + encodeURIComponent(lang);
  return url;
}

/** The fields of the visitor's download form. */
export function publicDownloadFields(chatID, visitorToken, zone, lang) {
  const fields = { Subaction: 'ChatDownload', ChatID: String(chatID), VisitorToken: visitorToken || '' };
  if (zone) fields.TimeZone = zone;
  if (lang) fields.Lang = lang;
  return fields;
}

/** Posts the visitor's download form (a hidden form, submitted and removed). */
function postDownload(script, fields) {
  const form = el('form', { attrs: { method: 'post', action: script + '?Action=PublicChat', hidden: true } },
    Object.entries(fields).map(([name, value]) => el('input', { type: 'hidden', attrs: { name, value } })));
  document.body.appendChild(form);
  form.submit();
  form.remove();
}

/**
 * A "Download PDF" control for a chat. options: script (the page's Script), iface ('Agent' | 'Customer' |
 * 'Public'), chatID, visitorToken (public: () => token), small (a small button), text (the label; in lists "PDF").
 */
export function downloadControl(options) {
  const o = options;
  const cls = 'ce-button' + (o.small === false ? '' : ' ce-small') + ' ce-download';
  const title = t('Download this chat as PDF');
  const text = o.text || t('Download PDF');
  const url = downloadURL(o.script, o.iface, o.chatID, browserTimeZone(), pageLanguage());
  if (url) {
    const link = el('a', { class: cls, action: 'download-pdf', text, attrs: { href: url, title, download: '' } });
    // inside a clickable list item: the download, not the item's own action
    link.addEventListener('click', (ev) => ev.stopPropagation());
    link.addEventListener('keydown', (ev) => ev.stopPropagation());
    return link;
  }
  const button = el('button', { class: cls, action: 'download-pdf', type: 'button', text, attrs: { title } });
  button.addEventListener('click', (ev) => {
    ev.stopPropagation();
    const token = typeof o.visitorToken === 'function' ? o.visitorToken() : o.visitorToken;
    postDownload(o.script, publicDownloadFields(o.chatID, token, browserTimeZone(), pageLanguage()));
  });
  return button;
}
