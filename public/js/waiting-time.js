/* ChatEngine: how long a request has waited, by the server's clock (the no-agents text after
 * ChatEngine::CustomerThreshold, the widget's no-agent link): a visitor's clock set wrong must not make either
 * come early or late, so the page's wall clock is never read. */
import { readConfig } from './page-config.js';

/** The server's time: the newest server timestamp received (CreatedAt, an event's At) plus the monotonic time
 * since it arrived. Never ahead of the server; behind by at most the time a page or message took to arrive. */
export function serverClock(monotonic = () => performance.now()) {
  let server = NaN;
  let local = 0;
  const now = () => server + (monotonic() - local);
  return {
    now,
    saw(stamp) {
      const ms = typeof stamp === 'number' ? stamp : Date.parse(stamp);
      if (Number.isFinite(ms) && !(ms <= now())) { server = ms; local = monotonic(); }
    },
  };
}

/** The page's one server clock (every chat's timestamps come from the same server), set first by the server's
 * time when it made the page (`ServerTime` in its configuration): after a reload a wait goes on where it was. */
export const serverTime = serverClock();
if (typeof document !== 'undefined') serverTime.saw(readConfig().ServerTime);

/** Milliseconds until a request made at `requestedMs` has waited `seconds` by `nowMs` (both server time); 0 for
 * 0 seconds (OTRS: the minutes "which need to pass"); an unknown time counts as just now. */
export function msUntilWaited(requestedMs, seconds, nowMs) {
  const waited = nowMs - requestedMs > 0 ? nowMs - requestedMs : 0;
  return Math.max(0, Math.max(0, Number(seconds) || 0) * 1000 - waited);
}

/** A waiting request's notice: 'not-yet-accepted' until `minutes` passed, then 'no-agents'; '' when it does not
 * wait for the channel (accepted, closed, to a person). `inMs`: until the kind changes. */
export function waitingNotice(chat, minutes, nowMs) {
  if (!chat || chat.State !== 'request' || (chat.Target && chat.Target !== 'channel')) return { kind: '', inMs: Infinity };
  const inMs = msUntilWaited(Date.parse(chat.CreatedAt), (Number(minutes) || 0) * 60, nowMs);
  return inMs > 0 ? { kind: 'not-yet-accepted', inMs } : { kind: 'no-agents', inMs: Infinity };
}
