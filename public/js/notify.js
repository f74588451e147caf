/* ChatEngine pages: desktop notifications (or an in-page one when not granted) and the sound. */
import { $, flash } from './dom.js';
import { storageGet, storageSet } from './browser.js';

/** The agent's stored choice (their preferences); pages without one (customers) keep it in the browser. */
let storedSound = null;
const soundOn = () => (storedSound === null ? storageGet('localStorage', 'ce-sound') === '1' : storedSound);

function playSound() {
  if (!soundOn()) return;
  try {
    // beside this module, wherever ChatEngine::Frontend::WebPath puts the files
    const p = new Audio(new URL('../sounds/notify.wav', import.meta.url).href).play();
    if (p && p.catch) p.catch(() => {});
  } catch (e) { /* no audio */ }
}

/** onClick(chatID): the agent clicked a desktop notification of that chat. */
export function notifier(onClick) {
  return (frame) => {
    const title = frame.Title || 'Chat';
    const body = frame.Body || '';
    playSound();
    if (!('Notification' in window) || window.Notification.permission !== 'granted') {
      flash(title + (body ? ': ' + body : ''), 'notification', 'info');
      return;
    }
    try {
      const n = new window.Notification(title, { body, tag: 'ce-chat-' + (frame.ChatID || '') });
      n.onclick = () => {
        window.focus();
        if (frame.ChatID) onClick(frame.ChatID);
        n.close();
      };
    } catch (e) { /* e.g. mobile browsers need a service worker */ }
  };
}

/**
 * The "Enable notifications" button (hidden unless the page may ask) and the sound toggle. `sound`:
 * {on, save(on) → Promise} when the choice is stored with the agent's preferences.
 */
export function setupNotifications(allowed, sound) {
  if (sound) storedSound = !!sound.on;
  const btn = $('ce-notify-enable');
  const supported = 'Notification' in window;
  const refresh = () => { if (btn) btn.hidden = !allowed || !supported || window.Notification.permission !== 'default'; };
  refresh();
  if (btn && supported) btn.addEventListener('click', () => window.Notification.requestPermission().then(refresh, refresh));
  const toggle = $('ce-sound-toggle');
  if (toggle) {
    toggle.checked = soundOn();
    toggle.addEventListener('change', () => {
      const on = toggle.checked;
      if (sound) {
        storedSound = on;
        sound.save(on).catch(() => { storedSound = !on; toggle.checked = !on; });
      } else {
        storageSet('localStorage', 'ce-sound', on ? '1' : '0');
      }
      if (on) playSound();
    });
  }
}
