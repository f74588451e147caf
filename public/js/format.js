/* ChatEngine: pure text helpers of the pages (labels, times, message length). No DOM. */
import { t } from './i18n.js';

/** Length as the server counts it: Unicode code points. */
export function codePoints(text) {
  return [...String(text || '')].length;
}

export function parseTime(iso) {
  if (!iso) return null;
  const d = new Date(iso);
  return isNaN(d.getTime()) ? null : d;
}

let timeZone = null;

/** The agent's chosen time zone (an IANA name from their preferences); null: the browser's own. */
export function setTimeZone(zone) {
  timeZone = null;
  if (!zone) return;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    timeZone = zone;
  } catch (e) { /* unknown to this browser: keep its own */ }
}

/** Year, month, day, hours and minutes of `d` in the chosen time zone (or the browser's). */
function parts(d) {
  if (!timeZone) return { y: d.getFullYear(), mo: d.getMonth() + 1, d: d.getDate(), h: d.getHours(), mi: d.getMinutes() };
  const format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric',
    hour: 'numeric', minute: 'numeric', hourCycle: 'h23' });
  const p = {};
  for (const { type, value } of format.formatToParts(d)) p[type] = Number(value);
  return { y: p.year, mo: p.month, d: p.day, h: p.hour % 24, mi: p.minute };
}

/** "14:05" today, "2024-03-01 14:05" otherwise (local time, or the chosen zone). `now` for tests. */
export function formatTime(iso, now) {
  const d = parseTime(iso);
  if (!d) return '';
  const when = parts(d);
  const today = parts(now || new Date());
  const pad = (n) => String(n).padStart(2, '0');
  const hm = pad(when.h) + ':' + pad(when.mi);
  if (when.y === today.y && when.mo === today.mo && when.d === today.d) return hm;
  return when.y + '-' + pad(when.mo) + '-' + pad(when.d) + ' ' + hm;
}

const PRESENCE = { active: 'Active', away: 'Away', inactive: 'Inactive', unavailable: 'Unavailable', offline: 'Offline' };
const STATES = { request: 'Waiting for acceptance', active: 'Active', closed: 'Closed' };
const ROLES = { owner: 'Owner', participant: 'Participant', observer: 'Observer' };

export function presenceLabel(p) { return t(PRESENCE[p] || (p || 'Unknown')); }
export function stateLabel(s) { return STATES[s] ? t(STATES[s]) : (s || ''); }
export function roleLabel(r) { return ROLES[r] ? t(ROLES[r]) : ''; }
/** What a participant is in the chat: the customer or visitor as such (their role is only technical). */
export function participantLabel(p) {
  if (p.Kind === 'customer') return t('Customer');
  if (p.Kind === 'visitor') return t('Visitor');
  return roleLabel(p.Role);
}

/** The character counter under a message box. */
export function remaining(text, maxLength) {
  const left = maxLength - codePoints(text);
  const n = Math.abs(left);
  const label = left >= 0 ? (n === 1 ? t('%s character left', n) : t('%s characters left', n))
    : (n === 1 ? t('%s character too many', n) : t('%s characters too many', n));
  return { left, text: label, over: left < 0 };
}

/** Why a message may not be sent, or '' when it may. `emptyText` names what is missing. */
export function messageProblem(text, maxLength, emptyText) {
  if (!String(text || '').trim()) return emptyText;
  const n = codePoints(text);
  if (n > maxLength) return t('The message is too long: %s characters, at most %s are allowed.', n, maxLength);
  return '';
}

/** The Action that owns the JSON Subactions of an interface. */
export function actionFor(iface) {
  return ({ Agent: 'AgentChat', Customer: 'CustomerChat', Public: 'PublicChat' })[iface] || 'AgentChat';
}

/** For agents: the requester, or, in a chat I started myself, the people I chat with. */
export function agentTitle(c) {
  const parts = c.Participants || [];
  const me = parts.find((p) => p.IsMe);
  if (me && c.Target && c.Target !== 'channel' && c.Requester === me.Name) {
    const others = parts.filter((p) => !p.IsMe && p.Role !== 'observer').map((p) => p.Name).filter(Boolean);
    if (others.length) return others.join(', ');
  }
  return c.Requester || ('Chat ' + c.ChatID);
}

/** Customers and visitors see whom they chat with. */
export function customerTitle(c) {
  const agents = (c.Participants || []).filter((p) => p.Kind === 'agent' && !p.IsMe).map((p) => p.Name).filter(Boolean);
  if (agents.length) return t('Chat with %s', agents.join(', '));
  if (c.RequesterKind === 'agent' && c.Requester) return t('Chat with %s', c.Requester);
  return c.State === 'request' ? t('Waiting for an agent') : t('Chat');
}
