/* ChatEngine: "Send me this conversation" (OTRS 7) on a closed chat. A customer user's goes to the address on file
 * (Action=CustomerChatMail, POST with the challenge token); a visitor's only to the address they gave on the start
 * form for that chat (Action=PublicChatMail: SetAddress once at the start, Send after the close; the VisitorToken
 * in the body). The answer says where it goes ("We will send the conversation to j***@example.com.") or why not.
 */
import { el } from './dom.js';
import { t } from './i18n.js';
import { newCommandID, storageGet, storageSet } from './browser.js';
import { postSubaction } from './server-post.js';
import { browserTimeZone } from './chat-download.js';

const MAIL_KEY = 'ce-visitor-mail';
export const MAX_ADDRESS_LENGTH = 254;

/** Why the start form's optional address cannot be used ('' when empty or fine). */
export function addressProblem(value) {
  const v = String(value || '').trim();
  if (!v) return '';
  if (v.length > MAX_ADDRESS_LENGTH) return t('The e-mail address is too long.');
  if (!/^[^\s@<>,;:"()[\]\\]+@[^\s@<>,;:"()[\]\\]+\.[^\s@<>,;:"()[\]\\]+$/.test(v)) {
    return t('Please enter an e-mail address like name@example.com, or leave the field empty.');
  }
  return '';
}

/** A button and its answer; `send(requestID)` posts. A resend after an error keeps the request's ID (queued once). */
function control(send) {
  const box = el('p', { class: 'ce-send-mail', test: 'send-mail' });
  const button = el('button', { class: 'ce-button ce-small', action: 'send-mail', type: 'button', text: t('Send me this conversation') });
  const status = el('span', { class: 'ce-send-mail-status', test: 'send-mail-status', attrs: { role: 'status' } });
  let requestID = newCommandID();
  button.addEventListener('click', () => {
    button.disabled = true;
    send(requestID).then((data) => {
      status.textContent = (data && data.Message) || t('The conversation will be sent.');
      status.dataset.state = 'ok';
      requestID = newCommandID();   // asking again is a new request (within the limit)
      button.disabled = false;
    }, (err) => {
      status.textContent = (err && err.message) || t('The conversation could not be sent.');
      status.dataset.state = 'error';
      button.disabled = false;
    });
  });
  box.append(button, ' ', status);
  return box;
}

/** The customer user's control for `chat` (its JSON as ChatUpdate answers it), or null before the close. */
export function customerMailControl(config, chat) {
  if (!chat || chat.State !== 'closed') return null;
  return control((requestID) => postSubaction(config, '', {
    ChatID: String(chat.ChatID), RequestID: requestID, TimeZone: browserTimeZone(),
  }, { action: 'CustomerChatMail' }));
}

/** Stores the visitor's optional address with their new chat; the promise answers the masked address or ''. */
export function setVisitorAddress(config, chatID, token, value) {
  const address = String(value || '').trim();
  if (!address) return Promise.resolve('');
  const problem = addressProblem(address);
  if (problem) return Promise.reject(new Error(problem + ' ' + t('The chat goes on without it.')));
  return postSubaction(config, 'SetAddress', { ChatID: String(chatID), Email: address },
    { action: 'PublicChatMail', visitorToken: token }).then((data) => {
    storageSet('sessionStorage', MAIL_KEY, String(chatID));
    return (data && data.Address) || '';
  });
}

/** The visitor's control once their chat ended, when they gave an address for it; else null. */
export function visitorMailControl(config, chatID, token) {
  if (!chatID || !token || storageGet('sessionStorage', MAIL_KEY) !== String(chatID)) return null;
  return control((requestID) => postSubaction(config, 'Send', {
    ChatID: String(chatID), RequestID: requestID, TimeZone: browserTimeZone(),
  }, { action: 'PublicChatMail', visitorToken: token }));
}
