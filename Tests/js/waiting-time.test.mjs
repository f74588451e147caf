// How long a request has waited, by the server's clock (public/js/waiting-time.js): the no-agents text after
// ChatEngine::CustomerThreshold (chat-view.js) and the widget's no-agent link (public/widget/frame.js).
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { msUntilWaited, serverClock, waitingNotice } from '../../public/js/waiting-time.js';

const created = '2026-12-02T12:00:00Z';
const createdMs = Date.parse(created);
const waiting = { State: 'request', Target: 'channel', CreatedAt: created };

/** A page whose monotonic clock (performance.now()) the test moves; `skewMs` sets its wall clock wrong. */
function page(skewMs) {
  let mono = 1000;
  const realNow = Date.now;
  Date.now = () => realNow.call(Date) + skewMs;
  const clock = serverClock(() => mono);
  return { clock, pass(ms) { mono += ms; }, restore() { Date.now = realNow; } };
}

let restore = () => {};
afterEach(() => restore());

describe('the no-agents text after ChatEngine::CustomerThreshold', () => {
  it('is not there before the threshold, is there from it on, and says when it is due', () => {
    assert.deepEqual(waitingNotice(waiting, 5, createdMs), { kind: 'not-yet-accepted', inMs: 300000 });
    assert.deepEqual(waitingNotice(waiting, 5, createdMs + 299999), { kind: 'not-yet-accepted', inMs: 1 });
    assert.deepEqual(waitingNotice(waiting, 5, createdMs + 300000), { kind: 'no-agents', inMs: Infinity });
    assert.equal(waitingNotice(waiting, '2', createdMs + 130000).kind, 'no-agents');
  });

  it('goes once an agent joins, at the close and for a request to a person', () => {
    assert.equal(waitingNotice({ ...waiting, State: 'active' }, 5, createdMs + 600000).kind, '');
    assert.equal(waitingNotice({ ...waiting, State: 'closed' }, 5, createdMs + 600000).kind, '');
    assert.equal(waitingNotice({ ...waiting, Target: 'agent' }, 5, createdMs + 600000).kind, '');
    assert.equal(waitingNotice(null, 5, createdMs).kind, '');
  });

  it('shows at once for 0 minutes (OTRS: the minutes which need to pass before it shows)', () => {
    assert.deepEqual(waitingNotice(waiting, 0, createdMs), { kind: 'no-agents', inMs: Infinity });
    assert.equal(waitingNotice(waiting, '', createdMs).kind, 'no-agents');
  });

  it('never comes early when the time is unknown (no timestamp yet, no CreatedAt)', () => {
    assert.equal(waitingNotice(waiting, 5, NaN).inMs, 300000);
    assert.equal(waitingNotice({ State: 'request' }, 5, createdMs + 900000).inMs, 300000);
  });
});

describe('the server\'s clock', () => {
  it('is the newest server timestamp plus the monotonic time since it arrived, never moved by older ones', () => {
    const p = page(0);
    restore = p.restore;
    assert.ok(Number.isNaN(p.clock.now()));
    p.clock.saw(created);
    p.pass(4000);
    assert.equal(p.clock.now(), createdMs + 4000);
    p.clock.saw(createdMs + 1000);       // a replayed event from before: the clock stays
    assert.equal(p.clock.now(), createdMs + 4000);
    p.clock.saw('2026-12-02T12:01:00Z'); // a live event: the clock catches up
    p.pass(500);
    assert.equal(p.clock.now(), createdMs + 60500);
    p.clock.saw('not a time');
    p.clock.saw(undefined);
    assert.equal(p.clock.now(), createdMs + 60500);
  });

  it('after a reload goes on from the page\'s ServerTime, not from the chat\'s newest (older) event', () => {
    const p = page(-600000);
    restore = p.restore;
    p.clock.saw('2026-12-02T12:04:00Z'); // ServerTime of the reloaded page, four minutes into the wait
    p.clock.saw(created);               // then the chat's replayed events, older: the clock stays
    p.pass(60000);
    assert.equal(waitingNotice(waiting, 5, p.clock.now()).kind, 'no-agents');
  });

  for (const [name, skew] of [['ten minutes ahead', 600000], ['ten minutes behind', -600000], ['a day behind', -86400000]]) {
    it(`brings the text and the link neither early nor late with the visitor's clock ${name}`, () => {
      const p = page(skew);
      restore = p.restore;
      p.clock.saw(created);               // the chat as the server reports it at once
      p.pass(100);
      p.clock.saw('2026-12-02T12:00:00.100Z'); // its request event, live
      p.pass(60000 - 200);
      assert.equal(waitingNotice(waiting, 1, p.clock.now()).kind, 'not-yet-accepted');
      assert.equal(waitingNotice(waiting, 1, p.clock.now()).inMs, 100);
      assert.equal(msUntilWaited(createdMs, 90, p.clock.now()), 30100);
      p.pass(100);
      assert.equal(waitingNotice(waiting, 1, p.clock.now()).kind, 'no-agents');
      p.pass(30000);
      assert.equal(msUntilWaited(createdMs, 90, p.clock.now()), 0);
    });
  }
});

describe('the widget\'s no-agent link', () => {
  it('comes with the no-agents text when the init call set no delay (public-chat.js passes the threshold\'s seconds)', () => {
    for (const now of [createdMs, createdMs + 1000, createdMs + 179999, createdMs + 180000, createdMs + 900000]) {
      const text = waitingNotice(waiting, 3, now);
      const link = msUntilWaited(createdMs, 3 * 60, now);
      assert.equal(link === 0, text.kind === 'no-agents', `at ${now - createdMs} ms`);
      if (link) assert.equal(link, text.inMs);
    }
  });

  it('keeps its own delay otherwise, counted from the request; 0, a bad or negative delay means at once', () => {
    assert.equal(msUntilWaited(createdMs, 30, createdMs + 1000), 29000);
    assert.equal(msUntilWaited(createdMs, 30, createdMs + 45000), 0);
    assert.equal(msUntilWaited(createdMs, 0, createdMs), 0);
    assert.equal(msUntilWaited(createdMs, 'x', createdMs), 0);
    assert.equal(msUntilWaited(createdMs, -3, createdMs), 0);
  });
});
