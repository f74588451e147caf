// Pure text helpers of the pages (public/js/format.js).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  actionFor, agentTitle, codePoints, customerTitle, formatTime, messageProblem, parseTime, participantLabel, presenceLabel,
  remaining, roleLabel, setTimeZone, stateLabel,
} from '../../public/js/format.js';

describe('message length', () => {
  it('counts code points as the server does (emoji and CJK are one each)', () => {
    assert.equal(codePoints('abc'), 3);
    assert.equal(codePoints('你好👋'), 3);
    assert.equal(codePoints('👋🏽'), 2);   // hand + skin tone modifier
    assert.equal(codePoints(''), 0);
    assert.equal(codePoints(null), 0);
  });

  it('the counter says what is left, or how much is too many', () => {
    assert.deepEqual(remaining('ab', 5), { left: 3, text: '3 characters left', over: false });
    assert.deepEqual(remaining('abcde', 5), { left: 0, text: '0 characters left', over: false });
    assert.deepEqual(remaining('abcdef', 5), { left: -1, text: '1 character too many', over: true });
    assert.deepEqual(remaining('abcd', 5), { left: 1, text: '1 character left', over: false });
    assert.deepEqual(remaining('abcdefg', 5), { left: -2, text: '2 characters too many', over: true });
  });

  it('a message may go when not empty and within the limit', () => {
    assert.equal(messageProblem('hi', 5, 'empty'), '');
    assert.equal(messageProblem('  \n', 5, 'empty'), 'empty');
    assert.equal(messageProblem('abcdef', 5, 'empty'), 'The message is too long: 6 characters, at most 5 are allowed.');
    assert.equal(messageProblem('👋👋👋', 3, 'empty'), '');
  });
});

describe('times', () => {
  it('shows the time today and the date before', () => {
    const now = new Date(2024, 2, 5, 18, 0);
    assert.equal(formatTime(new Date(2024, 2, 5, 9, 7).toISOString(), now), '09:07');
    assert.equal(formatTime(new Date(2024, 2, 4, 23, 59).toISOString(), now), '2024-03-04 23:59');
  });

  it('in the time zone the agent chose (an unknown one keeps the browser\'s)', () => {
    const now = new Date(Date.UTC(2024, 2, 5, 12, 0));
    setTimeZone('Asia/Tokyo');
    assert.equal(formatTime('2024-03-05T12:07:00Z', now), '21:07');
    assert.equal(formatTime('2024-03-05T16:30:00Z', now), '2024-03-06 01:30');
    setTimeZone('America/New_York');
    assert.equal(formatTime('2024-03-05T12:07:00Z', now), '07:07');
    setTimeZone('Not/AZone');
    assert.equal(formatTime(new Date(2024, 2, 5, 9, 7).toISOString(), new Date(2024, 2, 5, 10, 0)), '09:07');
    setTimeZone(null);
  });

  it('bad or missing times are empty', () => {
    assert.equal(formatTime('', new Date()), '');
    assert.equal(formatTime('not a date', new Date()), '');
    assert.equal(parseTime(undefined), null);
  });
});

describe('labels', () => {
  it('presence, state and role', () => {
    assert.equal(presenceLabel('active'), 'Active');
    assert.equal(presenceLabel('away'), 'Away');
    assert.equal(presenceLabel('unavailable'), 'Unavailable');
    assert.equal(presenceLabel('weird'), 'weird');
    assert.equal(presenceLabel(undefined), 'Unknown');
    assert.equal(stateLabel('request'), 'Waiting for acceptance');
    assert.equal(stateLabel('closed'), 'Closed');
    assert.equal(roleLabel('observer'), 'Observer');
    assert.equal(roleLabel(null), '');
  });

  it('the Action of each interface', () => {
    assert.equal(actionFor('Agent'), 'AgentChat');
    assert.equal(actionFor('Customer'), 'CustomerChat');
    assert.equal(actionFor('Public'), 'PublicChat');
    assert.equal(actionFor(undefined), 'AgentChat');
  });
});

describe('chat titles', () => {
  const me = { Name: 'Anna Agent', IsMe: true, Kind: 'agent', Role: 'owner' };
  it('agents see the requester', () => {
    assert.equal(agentTitle({ ChatID: 3, Requester: 'Grete', Target: 'channel', Participants: [me] }), 'Grete');
    assert.equal(agentTitle({ ChatID: 3 }), 'Chat 3');
  });

  it('in a chat an agent started, the people they chat with (not observers)', () => {
    const chat = { ChatID: 4, Requester: 'Anna Agent', Target: 'agent', Participants: [
      me, { Name: 'Bert', Role: 'participant' }, { Name: 'Olga', Role: 'observer' }] };
    assert.equal(agentTitle(chat), 'Bert');
  });

  it('customers see the agents, or that they wait', () => {
    assert.equal(customerTitle({ State: 'active', Participants: [{ Kind: 'agent', Name: 'Support Agent 1' }, { Kind: 'customer', Name: 'Me', IsMe: true }] }),
      'Chat with Support Agent 1');
    assert.equal(customerTitle({ State: 'request', Participants: [] }), 'Waiting for an agent');
    assert.equal(customerTitle({ State: 'request', RequesterKind: 'agent', Requester: 'Support Agent 2' }), 'Chat with Support Agent 2');
    assert.equal(customerTitle({ State: 'closed' }), 'Chat');
  });
});

describe('participant labels', () => {
  it('a customer or visitor is labelled as such, agents by their role', () => {
    assert.equal(participantLabel({ Kind: 'customer', Role: 'participant' }), 'Customer');
    assert.equal(participantLabel({ Kind: 'visitor', Role: 'participant' }), 'Visitor');
    assert.equal(participantLabel({ Kind: 'agent', Role: 'observer' }), 'Observer');
    assert.equal(participantLabel({ Kind: 'agent', Role: 'owner' }), 'Owner');
  });
});
