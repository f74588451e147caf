/* ChatEngine: who is typing in one chat, pure (no DOM, no timers): the view asks `label` and, for its
 * one timer, `nextExpiry`. A person stops "typing" when their message arrives, when no Typing signal
 * came for `timeoutMs`, or when the chat closes (`none`).
 */
import { t } from './i18n.js';

/** Without a signal for this long a person no longer counts as typing (signals come every 2 s at most). */
export const TYPING_TIMEOUT_MS = 4000;

export function none() { return {}; }

/** A Typing signal from `name` at `now`. */
export function typed(state, name, now, timeoutMs) {
  if (!name) return state;
  return Object.assign({}, state, { [name]: now + (timeoutMs || TYPING_TIMEOUT_MS) });
}

/** `name`'s message arrived: they are done typing it. */
export function wrote(state, name) {
  if (!name || !(name in state)) return state;
  const next = Object.assign({}, state);
  delete next[name];
  return next;
}

/** Drops whoever has not typed since their timeout. */
export function expire(state, now) {
  const next = {};
  for (const [name, until] of Object.entries(state)) if (until > now) next[name] = until;
  return next;
}

/** The earliest moment someone's timeout ends, or null. */
export function nextExpiry(state) {
  const times = Object.values(state);
  return times.length ? Math.min(...times) : null;
}

/** "Ann is typing…", "Ann and Bo are typing…", or '' when nobody types. */
export function label(state) {
  const names = Object.keys(state);
  if (!names.length) return '';
  if (names.length === 1) return t('%s is typing…', names[0]);
  return t('%s and %s are typing…', names.slice(0, -1).join(', '), names[names.length - 1]);
}
