/* ChatEngine: pure text helpers of the pages (labels, times, message length). No DOM. */

/** Length as the server counts it: Unicode code points. */
export function codePoints(text) {
  return [...String(text || '')].length;
}

export function parseTime(iso) {
  if (!iso) return null;
  const d = new Date(iso);
  return isNaN(d.getTime()) ? null : d;
}

/** "14:05" today, "2024-03-01 14:05" otherwise (local time). `now` for tests. */
export function formatTime(iso, now) {
  const d = parseTime(iso);
  if (!d) return '';
  const today = now || new Date();
  const pad = (n) => String(n).padStart(2, '0');
  const hm = pad(d.getHours()) + ':' + pad(d.getMinutes());
  if (d.toDateString() === today.toDateString()) return hm;
  return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' + hm;
}

const PRESENCE = { active: 'Active', away: 'Away', inactive: 'Inactive', unavailable: 'Unavailable', offline: 'Offline' };
const STATES = { request: 'Waiting for acceptance', active: 'Active', closed: 'Closed' };
const ROLES = { owner: 'Owner', participant: 'Participant', observer: 'Observer' };

export function presenceLabel(p) { return PRESENCE[p] || (p || 'Unknown'); }
export function stateLabel(s) { return STATES[s] || (s || ''); }
export function roleLabel(r) { return ROLES[r] || ''; }
/** What a participant is in the chat: the customer or visitor as such (their role is only technical). */
export function participantLabel(p) {
  if (p.Kind === 'customer') return 'Customer';
  if (p.Kind === 'visitor') return 'Visitor';
  return roleLabel(p.Role);
}

/** The character counter under a message box. */
export function remaining(text, maxLength) {
  const left = maxLength - codePoints(text);
  const n = Math.abs(left);
  const chars = n === 1 ? ' character' : ' characters';
  return { left, text: left >= 0 ? n + chars + ' left' : n + chars + ' too many', over: left < 0 };
}

/** Why a message may not be sent, or '' when it may. `emptyText` names what is missing. */
export function messageProblem(text, maxLength, emptyText) {
  if (!String(text || '').trim()) return emptyText;
  const n = codePoints(text);
  if (n > maxLength) return 'The message is too long: ' + n + ' characters, at most ' + maxLength + ' are allowed.';
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
  if (agents.length) return 'Chat with ' + agents.join(', ');
  if (c.RequesterKind === 'agent' && c.Requester) return 'Chat with ' + c.Requester;
  return c.State === 'request' ? 'Waiting for an agent' : 'Chat';
}
