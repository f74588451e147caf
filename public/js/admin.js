/* ChatEngine admin and preferences screens: the toolbar's availability switch (as on the chat page, through
 * AgentChatAvailability) and a confirmation before deleting or invalidating something.
 */
import { flashError } from './dom.js';
import { readConfig } from './page-start.js';
import { postSubaction } from './server-post.js';
import { renderAvailability } from './agent-settings.js';

const config = readConfig();

function setupAvailability() {
  const box = document.getElementById('ce-availability');
  if (!box) return;
  const run = (subaction, params) => postSubaction(config, subaction, params, { action: 'AgentChatAvailability' });
  run('GetAvailability', {}).then((data) => renderAvailability(data.Availability), () => {});
  box.addEventListener('click', (ev) => {
    const button = ev.target.closest('button[data-availability]');
    if (!button) return;
    button.classList.add('ce-pending');
    run('SetAvailability', { Availability: button.dataset.availability })
      .then((data) => renderAvailability(data.Availability || button.dataset.availability), (err) => flashError(err))
      .finally(() => button.classList.remove('ce-pending'));
  });
}

/** Forms with data-confirm ask always; with data-confirm-invalid, when a valid thing is being made invalid. */
function setupConfirmations() {
  for (const form of document.querySelectorAll('form[data-confirm], form[data-confirm-invalid]')) {
    form.addEventListener('submit', (ev) => {
      let question = form.dataset.confirm;
      const validity = form.querySelector('select[name="ValidID"]');
      if (!question && validity && validity.dataset.wasValid === '1' && validity.value !== '1') {
        question = form.dataset.confirmInvalid;
      }
      if (question && !window.confirm(question)) ev.preventDefault();
    });
  }
}

setupAvailability();
setupConfirmations();
