// Who is typing (public/js/typing-state.js): signals, timeouts, messages, close.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TYPING_TIMEOUT_MS, expire, label, nextExpiry, none, typed, wrote } from '../../public/js/typing-state.js';

describe('typing indicator', () => {
  it('nobody types at first', () => {
    assert.equal(label(none()), '');
    assert.equal(nextExpiry(none()), null);
  });

  it('a signal shows the name until the timeout', () => {
    const s = typed(none(), 'Ann', 1000);
    assert.equal(label(s), 'Ann is typing…');
    assert.equal(nextExpiry(s), 1000 + TYPING_TIMEOUT_MS);
    assert.equal(label(expire(s, 1000 + TYPING_TIMEOUT_MS - 1)), 'Ann is typing…');
    assert.equal(label(expire(s, 1000 + TYPING_TIMEOUT_MS)), '');
  });

  it('a new signal extends the time; a custom timeout is honoured', () => {
    let s = typed(none(), 'Ann', 0, 3000);
    s = typed(s, 'Ann', 2000, 3000);
    assert.equal(nextExpiry(s), 5000);
    assert.equal(label(expire(s, 4000)), 'Ann is typing…');
  });

  it('the person\'s message ends their typing at once, not someone else\'s', () => {
    let s = typed(typed(none(), 'Ann', 0), 'Bo', 0);
    assert.equal(label(s), 'Ann and Bo are typing…');
    s = wrote(s, 'Ann');
    assert.equal(label(s), 'Bo is typing…');
    assert.equal(wrote(s, 'Cy'), s);
  });

  it('three and more are listed', () => {
    const s = ['Ann', 'Bo', 'Cy'].reduce((acc, n) => typed(acc, n, 0), none());
    assert.equal(label(s), 'Ann, Bo and Cy are typing…');
  });

  it('the earliest timeout is next', () => {
    const s = typed(typed(none(), 'Ann', 500), 'Bo', 100);
    assert.equal(nextExpiry(s), 100 + TYPING_TIMEOUT_MS);
  });

  it('a signal without a name changes nothing', () => {
    const s = none();
    assert.equal(typed(s, '', 0), s);
    assert.equal(wrote(s, ''), s);
  });

  it('does not change the state it is given', () => {
    const s = typed(none(), 'Ann', 0);
    wrote(s, 'Ann');
    expire(s, 1e9);
    assert.equal(label(s), 'Ann is typing…');
  });
});
