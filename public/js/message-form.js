/* ChatEngine: a form with a first message (customer's new conversation, visitor's start form): the
 * remaining-characters counter, Enter to send, and the checks before anything is sent.
 */
import { t } from './i18n.js';
import { messageProblem, remaining } from './format.js';
import { showError } from './dom.js';

/**
 * form, message (textarea), counter, error: the elements. check(): '' or why the form cannot go yet
 * (before the message is looked at). submit(text): a promise; the message box clears when it resolves.
 */
export function messageForm({ form, message, counter, error, maxLength, emptyText, check, submit, button }) {
  const update = () => {
    const r = remaining(message.value, maxLength);
    counter.dataset.remaining = String(r.left);
    counter.textContent = r.text;
    counter.classList.toggle('ce-over', r.over);
  };
  message.addEventListener('input', update);
  update();
  message.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
      ev.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const problem = (check && check()) || messageProblem(message.value, maxLength, emptyText);
    showError(error, problem);
    if (problem) return;
    button.disabled = true;
    Promise.resolve(submit(message.value)).then((done) => {
      if (done === false) return;
      message.value = '';
      update();
    }, (e) => showError(error, (e && e.message) || t('Something went wrong. Please try again.')))
      .finally(() => { button.disabled = false; });
  });
  return { update };
}
