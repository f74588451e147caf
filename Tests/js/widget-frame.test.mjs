// When the widget frame shows the operator's no-agent link (public/widget/frame.js, noAgentLinkWait).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { noAgentLinkWait } from '../../public/widget/frame.js';

const created = Date.parse('2026-12-02T12:00:00Z');

describe('the no-agent link\'s delay', () => {
  it('is counted from the chat\'s creation, so a chat resumed on the next page keeps its time', () => {
    assert.equal(noAgentLinkWait(created, 30, created + 1000, created + 1000), 29000);
    assert.equal(noAgentLinkWait(created, 30, created + 20000, created + 20000), 10000);
    assert.equal(noAgentLinkWait(created, 30, created + 45000, created + 45000), 0);
  });

  it('is never longer than the delay from when the frame saw the chat waiting (a visitor\'s clock behind the server\'s)', () => {
    const behind = created - 600000;  // the visitor's clock ten minutes slow
    assert.equal(noAgentLinkWait(created, 5, behind, behind), 5000);
    assert.equal(noAgentLinkWait(created, 5, behind + 2000, behind), 3000);
  });

  it('counts from the first sight when CreatedAt is missing or unreadable, and a bad delay means at once', () => {
    const now = created + 7000;
    assert.equal(noAgentLinkWait(NaN, 4, now, now), 4000);
    assert.equal(noAgentLinkWait(created, 'x', now, now), 0);
    assert.equal(noAgentLinkWait(created, -3, now, now), 0);
  });
});
