// The connection's reconnect state machine (public/js/connection-state.js), event by event.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BACKOFF_MAX, BACKOFF_MIN, CLOSES_BEFORE_POLLING, initialState, isSessionError, normCode, pollingReady,
  socketReady, statusOf, transition,
} from '../../public/js/connection-state.js';

/** Runs events in order from `state`; returns the last state and every effect. */
function run(state, ...events) {
  let effects = [];
  for (const event of events) {
    const out = transition(state, typeof event === 'string' ? { type: event } : event);
    state = out.state;
    effects = effects.concat(out.effects);
  }
  return { state, effects };
}

const types = (effects) => effects.map((e) => e.type);
const sentFrames = (effects) => effects.filter((e) => e.type === 'send').map((e) => e.frame);
const command = (id, text) => ({ type: 'command', id, subaction: 'ChatMessageAdd', params: { ChatID: '1', Message: text || id } });
const live = () => run(initialState(), 'start', 'socketOpen', 'snapshot').state;
const polling = () => run(initialState('polling'), 'start', 'pollOk').state;

describe('start and the first connection', () => {
  it('starts idle and opens a socket', () => {
    const s = initialState();
    assert.equal(s.phase, 'idle');
    assert.equal(statusOf(s), 'connecting');
    const out = transition(s, { type: 'start' });
    assert.equal(out.state.phase, 'connecting');
    assert.deepEqual(types(out.effects), ['openSocket']);
    assert.equal(statusOf(out.state), 'connecting');
  });

  it('starting twice does nothing', () => {
    const once = run(initialState(), 'start').state;
    assert.deepEqual(transition(once, { type: 'start' }), { state: once, effects: [] });
  });

  it('sends Hello with the Since it knows when the socket opens', () => {
    const s = run(initialState(), 'start', { type: 'events', chat: { ChatID: 7 }, events: [{ Seq: 4 }] }).state;
    const out = transition(s, { type: 'socketOpen' });
    assert.equal(out.state.phase, 'open');
    assert.deepEqual(sentFrames(out.effects), [{ Type: 'Hello', Since: { 7: 4 } }]);
    assert.equal(statusOf(out.state), 'connecting');
  });

  it('is connected once the Snapshot came', () => {
    const s = live();
    assert.equal(s.phase, 'live');
    assert.equal(statusOf(s), 'connected');
    assert.ok(socketReady(s));
    assert.ok(!pollingReady(s));
  });

  it('a second Snapshot on a live socket keeps it live', () => {
    const out = transition(live(), { type: 'snapshot' });
    assert.equal(out.state.phase, 'live');
  });

  it('ignores a socketOpen it did not ask for', () => {
    const s = live();
    assert.deepEqual(transition(s, { type: 'socketOpen' }).effects, []);
    assert.deepEqual(transition(initialState(), { type: 'socketOpen' }).effects, []);
  });

  it('starts polling at once when told to', () => {
    const out = run(initialState('polling'), 'start');
    assert.equal(out.state.phase, 'connecting');
    assert.deepEqual(out.effects, [{ type: 'poll', wait: 0, since: {} }]);
    assert.ok(pollingReady(out.state));
  });
});

describe('reconnecting a socket', () => {
  it('waits with a doubling backoff between 0.5 s and 10 s', () => {
    let s = live();
    const delays = [];
    for (let i = 0; i < 8; i++) {
      const closed = transition(s, { type: 'socketClosed', code: 1006 });
      assert.equal(closed.state.phase, 'waiting');
      assert.equal(statusOf(closed.state), 'reconnecting');
      delays.push(closed.effects.find((e) => e.type === 'schedule').ms);
      // the retry opens again; it opens, but no Snapshot comes: counts as live again only after one
      s = run(closed.state, 'retry', 'socketOpen', 'snapshot').state;
      s = Object.assign({}, s, { backoff: closed.state.backoff });   // keep growing: no reset for the test
    }
    assert.equal(delays[0], BACKOFF_MIN);
    assert.deepEqual(delays, [500, 1000, 2000, 4000, 8000, 10000, 10000, 10000]);
    assert.ok(delays.every((d) => d >= BACKOFF_MIN && d <= BACKOFF_MAX));
  });

  it('resets the backoff once a Snapshot arrives', () => {
    let s = run(live(), { type: 'socketClosed', code: 1006 }).state;
    assert.equal(s.backoff, 1000);
    s = run(s, 'retry', 'socketOpen', 'snapshot').state;
    assert.equal(s.backoff, BACKOFF_MIN);
  });

  it('retry opens the socket again and Hello carries the last Seq per chat', () => {
    let s = live();
    s = run(s, { type: 'events', chat: { ChatID: 3 }, events: [{ Seq: 1 }, { Seq: 2 }] },
      { type: 'events', chat: { ChatID: 9 }, events: [{ Seq: 40 }] }).state;
    const out = run(s, { type: 'socketClosed', code: 1006 }, 'retry', 'socketOpen');
    assert.deepEqual(types(out.effects), ['schedule', 'openSocket', 'send']);
    assert.deepEqual(sentFrames(out.effects)[0], { Type: 'Hello', Since: { 3: 2, 9: 40 } });
  });

  it('checks the session first when the socket did not even open', () => {
    let s = run(live(), { type: 'socketClosed', code: 1006 }, 'retry').state;
    // this attempt fails to open
    s = run(s, { type: 'socketClosed', code: 1006 }).state;
    assert.equal(s.phase, 'waiting');
    const out = transition(s, { type: 'retry' });
    assert.equal(out.state.phase, 'checking');
    assert.deepEqual(types(out.effects), ['checkSession']);
    assert.equal(statusOf(out.state), 'reconnecting');
    const ok = transition(out.state, { type: 'sessionOk' });
    assert.equal(ok.state.phase, 'connecting');
    assert.deepEqual(types(ok.effects), ['openSocket']);
  });

  it('stops when the session check says the session is gone', () => {
    let s = run(live(), { type: 'socketClosed', code: 1006 }, 'retry', { type: 'socketClosed', code: 1006 }, 'retry').state;
    const error = { code: 'NoSession', status: 401 };
    const out = transition(s, { type: 'sessionLost', error });
    assert.equal(out.state.phase, 'stopped');
    assert.equal(statusOf(out.state), 'stopped');
    assert.ok(types(out.effects).includes('sessionLost'));
  });

  it('sessionOk outside a check does nothing', () => {
    assert.deepEqual(transition(live(), { type: 'sessionOk' }).effects, []);
  });

  it('a service restart (1012) waits 1–2 s without growing the backoff', () => {
    const s = live();
    for (const [random, ms] of [[0, 1000], [0.5, 1500], [0.999, 1999]]) {
      const out = transition(s, { type: 'socketClosed', code: 1012, random });
      assert.deepEqual(out.effects, [{ type: 'schedule', ms }]);
      assert.equal(out.state.backoff, s.backoff);
      assert.equal(out.state.phase, 'waiting');
    }
  });

  it('a connection closed as too slow (4008) comes back after the shortest wait', () => {
    let s = run(live(), { type: 'socketClosed', code: 1006 }, 'retry', 'socketOpen', 'snapshot').state;
    s = Object.assign({}, s, { backoff: 8000 });
    const out = transition(s, { type: 'socketClosed', code: 4008 });
    assert.deepEqual(out.effects, [{ type: 'schedule', ms: BACKOFF_MIN }]);
  });

  it('a closed session (4401) stops at once and rejects what is pending', () => {
    let s = run(live(), command('a')).state;
    const out = transition(s, { type: 'socketClosed', code: 4401 });
    assert.equal(out.state.phase, 'stopped');
    assert.deepEqual(out.state.pending, []);
    const settle = out.effects.find((e) => e.type === 'settle');
    assert.equal(settle.id, 'a');
    assert.equal(settle.ok, false);
    assert.ok(isSessionError(settle.error));
    assert.ok(types(out.effects).includes('sessionLost'));
  });

  it('a retry timer that fires late (not waiting) does nothing', () => {
    assert.deepEqual(transition(live(), { type: 'retry' }).effects, []);
  });
});

describe('falling back to long polling', () => {
  it('falls back when the first socket cannot open', () => {
    const out = run(initialState(), 'start', { type: 'socketClosed', code: 1006 });
    assert.equal(out.state.transport, 'polling');
    assert.equal(out.state.phase, 'connecting');
    assert.deepEqual(types(out.effects), ['openSocket', 'transport', 'poll']);
    assert.equal(out.effects[2].wait, 0);
  });

  it(`falls back after ${CLOSES_BEFORE_POLLING} closes before any Snapshot`, () => {
    let s = run(initialState(), 'start', 'socketOpen', { type: 'socketClosed', code: 1006 }).state;
    assert.equal(s.transport, 'socket');
    s = run(s, 'retry', 'socketOpen', { type: 'socketClosed', code: 1006 }).state;
    assert.equal(s.transport, 'socket');
    const out = run(s, 'retry', 'socketOpen', { type: 'socketClosed', code: 1006 });
    assert.equal(out.state.transport, 'polling');
    assert.ok(types(out.effects).includes('transport'));
  });

  it('never falls back once a socket worked', () => {
    let s = live();
    for (let i = 0; i < 5; i++) s = run(s, { type: 'socketClosed', code: 1006 }, 'retry', 'sessionOk').state;
    assert.equal(s.transport, 'socket');
  });

  it('polls again with Wait=25 after each answer and says polling', () => {
    const out = run(initialState('polling'), 'start', 'pollOk');
    assert.equal(out.state.phase, 'live');
    assert.equal(statusOf(out.state), 'polling');
    assert.deepEqual(out.effects.at(-1), { type: 'poll', wait: 25, since: {} });
  });

  it('a Snapshot by polling marks the page as having worked', () => {
    const out = run(initialState('polling'), 'start', 'snapshot');
    assert.equal(out.state.everLive, true);
  });

  it('a failed poll waits with backoff, then polls from scratch', () => {
    let s = polling();
    const failed = transition(s, { type: 'pollFailed', error: { code: 'network' } });
    assert.equal(failed.state.phase, 'waiting');
    assert.deepEqual(failed.effects, [{ type: 'schedule', ms: BACKOFF_MIN }]);
    const again = transition(failed.state, { type: 'retry' });
    assert.equal(again.state.phase, 'connecting');
    assert.equal(again.effects[0].type, 'poll');
    assert.equal(again.effects[0].wait, 0);
    const second = transition(again.state, { type: 'pollFailed', error: { code: 'network' } });
    assert.deepEqual(second.effects, [{ type: 'schedule', ms: 1000 }]);
    assert.equal(run(second.state, 'retry', 'pollOk').state.backoff, BACKOFF_MIN);
  });

  it('a poll refused for the session stops', () => {
    const out = transition(polling(), { type: 'pollFailed', error: { code: 'no_session' } });
    assert.equal(out.state.phase, 'stopped');
    assert.ok(types(out.effects).includes('sessionLost'));
  });

  it('socket events do not touch a polling connection', () => {
    const s = polling();
    assert.deepEqual(transition(s, { type: 'socketClosed', code: 1006 }).effects, []);
    assert.deepEqual(transition(s, { type: 'socketOpen' }).effects, []);
  });

  it('poll answers do not touch a socket connection', () => {
    assert.deepEqual(transition(live(), { type: 'pollOk' }).effects, []);
    assert.deepEqual(transition(live(), { type: 'pollFailed', error: {} }).effects, []);
  });
});

describe('pending commands', () => {
  it('goes out at once on a live socket and stays pending until its Result', () => {
    const out = transition(live(), command('a', 'Hallo'));
    assert.deepEqual(sentFrames(out.effects), [{ Type: 'Command', CommandID: 'a', Subaction: 'ChatMessageAdd', Params: { ChatID: '1', Message: 'Hallo' } }]);
    assert.equal(out.state.pending.length, 1);
    const done = transition(out.state, { type: 'result', id: 'a', ok: true, data: { Seq: 5 } });
    assert.deepEqual(done.state.pending, []);
    assert.deepEqual(done.effects, [{ type: 'settle', id: 'a', ok: true, data: { Seq: 5 }, error: undefined }]);
  });

  it('waits while disconnected and goes once after the next Hello, in order', () => {
    let s = run(live(), { type: 'socketClosed', code: 1006 }).state;
    const queued = run(s, command('a'), command('b'));
    assert.deepEqual(queued.effects, []);
    const back = run(queued.state, 'retry', 'socketOpen');
    const frames = sentFrames(back.effects);
    assert.deepEqual(frames.map((f) => f.Type), ['Hello', 'Command', 'Command']);
    assert.deepEqual(frames.slice(1).map((f) => f.CommandID), ['a', 'b']);
    // a Snapshot and more frames do not send them again
    const later = run(back.state, 'snapshot', { type: 'events', chat: { ChatID: 1 }, events: [{ Seq: 9 }] });
    assert.deepEqual(sentFrames(later.effects), []);
  });

  it('a command sent on a socket that then drops goes again, once, on the next socket', () => {
    let s = run(live(), command('a')).state;
    const out = run(s, { type: 'socketClosed', code: 1006 }, 'retry', 'socketOpen', 'snapshot');
    const commands = sentFrames(out.effects).filter((f) => f.Type === 'Command');
    assert.deepEqual(commands.map((f) => f.CommandID), ['a']);
  });

  it('is kept across a server restart until acknowledged', () => {
    let s = run(live(), command('a'), { type: 'socketClosed', code: 1012, random: 0 }).state;
    assert.equal(s.pending.length, 1);
    s = run(s, 'retry', 'socketOpen', 'snapshot').state;
    assert.equal(s.pending.length, 1);
    s = transition(s, { type: 'result', id: 'a', ok: true }).state;
    assert.equal(s.pending.length, 0);
  });

  it('while connecting it waits for the socket to open', () => {
    const out = run(initialState(), 'start', command('a'));
    assert.deepEqual(types(out.effects), ['openSocket']);
    const open = transition(out.state, { type: 'socketOpen' });
    assert.deepEqual(sentFrames(open.effects).map((f) => f.Type), ['Hello', 'Command']);
  });

  it('a repeated Result is ignored', () => {
    let s = run(live(), command('a'), { type: 'result', id: 'a', ok: true }).state;
    assert.deepEqual(transition(s, { type: 'result', id: 'a', ok: true }).effects, []);
  });

  it('a refused command settles with its error and the connection carries on', () => {
    const s = run(live(), command('a')).state;
    const out = transition(s, { type: 'result', id: 'a', ok: false, error: { code: 'MessageTooLong' } });
    assert.equal(out.state.phase, 'live');
    assert.deepEqual(out.effects, [{ type: 'settle', id: 'a', ok: false, data: undefined, error: { code: 'MessageTooLong' } }]);
  });

  it('a command refused for the session stops the connection and rejects the rest', () => {
    const s = run(live(), command('a'), command('b')).state;
    const out = transition(s, { type: 'result', id: 'a', ok: false, error: { Code: 'NoSession' } });
    assert.equal(out.state.phase, 'stopped');
    const settled = out.effects.filter((e) => e.type === 'settle').map((e) => [e.id, e.ok]);
    assert.deepEqual(settled, [['a', false], ['b', false]]);
  });

  it('by polling: posted at once, re-posted after a failure only when polling works again', () => {
    let out = transition(polling(), command('a'));
    assert.deepEqual(out.effects, [{ type: 'post', id: 'a' }]);
    out = transition(out.state, { type: 'postFailed', id: 'a' });
    assert.deepEqual(out.effects, []);
    out = transition(out.state, { type: 'pollOk' });
    assert.deepEqual(out.effects.filter((e) => e.type === 'post'), [{ type: 'post', id: 'a' }]);
    // answered: a later poll does not post it again
    out = run(out.state, { type: 'result', id: 'a', ok: true }, 'pollOk');
    assert.deepEqual(out.effects.filter((e) => e.type === 'post'), []);
  });

  it('by polling: a failed poll re-posts what is pending when it tries again', () => {
    let s = run(polling(), command('a'), { type: 'pollFailed', error: { code: 'network' } }).state;
    const out = transition(s, { type: 'retry' });
    assert.deepEqual(types(out.effects), ['poll', 'post']);
  });

  it('switching to polling posts the commands that waited for the socket', () => {
    const out = run(initialState(), 'start', command('a'), { type: 'socketClosed', code: 1006 });
    assert.deepEqual(out.effects.filter((e) => e.type === 'post'), [{ type: 'post', id: 'a' }]);
  });

  it('before start a command is a plain POST, not sent again by the socket', () => {
    const out = run(initialState(), command('a'), 'start', 'socketOpen');
    assert.deepEqual(out.effects.filter((e) => e.type === 'post'), [{ type: 'post', id: 'a' }]);
    assert.deepEqual(sentFrames(out.effects).map((f) => f.Type), ['Hello']);
  });

  it('a POST that failed while the socket works goes by the socket', () => {
    const s = run(initialState(), command('a'), 'start', 'socketOpen', 'snapshot').state;
    const out = transition(s, { type: 'postFailed', id: 'a' });
    assert.deepEqual(sentFrames(out.effects).map((f) => f.CommandID), ['a']);
  });

  it('after stop a command is refused at once', () => {
    const s = run(live(), 'stop').state;
    const out = transition(s, command('a'));
    assert.equal(out.effects[0].type, 'settle');
    assert.equal(out.effects[0].ok, false);
  });
});

describe('offline and online', () => {
  it('going offline closes the socket, cancels the timer and waits for online', () => {
    const out = transition(live(), { type: 'offline' });
    assert.equal(out.state.phase, 'offline');
    assert.equal(statusOf(out.state), 'offline');
    assert.deepEqual(types(out.effects), ['cancelTimer', 'closeSocket']);
    assert.deepEqual(transition(out.state, { type: 'retry' }).effects, []);
    assert.deepEqual(transition(out.state, { type: 'socketClosed', code: 1006 }).effects, []);
  });

  it('coming online connects at once with the shortest backoff and resends', () => {
    let s = run(live(), { type: 'socketClosed', code: 1006 }, 'retry', { type: 'socketClosed', code: 1006 }).state;
    s = run(s, 'offline', command('a')).state;
    const out = transition(s, { type: 'online' });
    assert.equal(out.state.backoff, BACKOFF_MIN);
    assert.deepEqual(types(out.effects), ['openSocket']);
    const open = transition(out.state, { type: 'socketOpen' });
    assert.deepEqual(sentFrames(open.effects).map((f) => f.Type), ['Hello', 'Command']);
  });

  it('offline while polling aborts the poll; online polls again', () => {
    const off = transition(polling(), { type: 'offline' });
    assert.deepEqual(types(off.effects), ['cancelTimer', 'abortPoll']);
    assert.deepEqual(transition(off.state, { type: 'pollFailed', error: {} }).effects, []);
    const on = transition(off.state, { type: 'online' });
    assert.equal(on.effects[0].type, 'poll');
  });

  it('online while connected and offline before start do nothing', () => {
    assert.deepEqual(transition(live(), { type: 'online' }).effects, []);
    assert.deepEqual(transition(initialState(), { type: 'offline' }).effects, []);
  });
});

describe('stop', () => {
  it('closes everything and ignores what comes later', () => {
    const out = transition(live(), { type: 'stop' });
    assert.equal(out.state.phase, 'stopped');
    assert.deepEqual(types(out.effects), ['cancelTimer', 'closeSocket', 'abortPoll']);
    for (const type of ['start', 'stop', 'socketOpen', 'retry', 'online', 'pollOk', 'sessionLost']) {
      assert.deepEqual(transition(out.state, { type }).effects, [], type);
    }
    assert.deepEqual(transition(out.state, { type: 'socketClosed', code: 1006 }).effects, []);
  });

  it('unknown events change nothing', () => {
    const s = live();
    assert.deepEqual(transition(s, { type: 'nonsense' }), { state: s, effects: [] });
  });
});

describe('events: resume without doubles', () => {
  it('delivers events in Seq order and drops those at or below the last one', () => {
    let out = transition(live(), { type: 'events', chat: { ChatID: 2 }, events: [{ Seq: 2 }, { Seq: 1 }, { Seq: 3 }] });
    assert.deepEqual(out.effects[0].events.map((e) => e.Seq), [1, 2, 3]);
    out = transition(out.state, { type: 'events', chat: { ChatID: 2 }, events: [{ Seq: 3 }, { Seq: 2 }, { Seq: 4 }] });
    assert.deepEqual(out.effects[0].events.map((e) => e.Seq), [4]);
    assert.deepEqual(out.state.since, { 2: 4 });
  });

  it('a chat without new events is still delivered (its summary may have changed)', () => {
    const out = transition(live(), { type: 'events', chat: { ChatID: 5, State: 'closed' }, events: [] });
    assert.deepEqual(out.effects, [{ type: 'deliver', chat: { ChatID: 5, State: 'closed' }, events: [] }]);
    assert.deepEqual(out.state.since, { 5: 0 });
  });

  it('ignores events without a chat or without a numeric Seq', () => {
    assert.deepEqual(transition(live(), { type: 'events', chat: null, events: [{ Seq: 1 }] }).effects, []);
    const out = transition(live(), { type: 'events', chat: { ChatID: 1 }, events: [{ Seq: '2' }, null, { Seq: 1 }] });
    assert.deepEqual(out.effects[0].events, [{ Seq: 1 }]);
  });

  it('the polling Since follows what was delivered', () => {
    let s = run(initialState('polling'), 'start', { type: 'events', chat: { ChatID: 4 }, events: [{ Seq: 6 }] }).state;
    const out = transition(s, { type: 'pollOk' });
    assert.deepEqual(out.effects.find((e) => e.type === 'poll').since, { 4: 6 });
  });
});

describe('session errors', () => {
  it('recognises the protocol spellings', () => {
    assert.equal(normCode('no_session'), 'nosession');
    assert.equal(normCode('No Session'), 'nosession');
    assert.ok(isSessionError({ code: 'NoSession' }));
    assert.ok(isSessionError({ Code: 'challenge_token' }));
    assert.ok(isSessionError({ code: 'network', status: 401 }));
    assert.ok(!isSessionError({ code: 'NotPermitted', status: 403 }));
    assert.ok(!isSessionError(null));
  });
});
