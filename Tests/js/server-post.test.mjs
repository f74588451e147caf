// POSTs of the pages (public/js/server-post.js): what a reverse proxy sees before the body.
import { describe, it, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { postSubaction, postURL } from '../../public/js/server-post.js';

const realFetch = globalThis.fetch;
afterEach(() => { globalThis.fetch = realFetch; });

/** Replaces fetch with one that records the request and answers `answer`. */
function recordFetch(answer) {
  const seen = [];
  globalThis.fetch = async (url, init) => {
    seen.push({ url, init });
    return { ok: true, status: 200, json: async () => answer };
  };
  return seen;
}

describe('POST URL', () => {
  it('carries the Action in the query string', () => {
    assert.equal(postURL('/otrs/index.pl', 'AgentChat'), '/otrs/index.pl?Action=AgentChat');
    assert.equal(postURL('/otrs/public.pl', 'Public Chat&x=1'), '/otrs/public.pl?Action=Public%20Chat%26x%3D1');
  });

  it('a Subaction POST names the same Action in the query and the body', async () => {
    const seen = recordFetch({ OK: true, Data: { Fine: 1 } });
    const config = { Interface: 'Agent', Script: '/otrs/index.pl', ChallengeToken: 'tok' };
    const data = await postSubaction(config, 'ChatMessageAdd', { ChatID: 7, Text: 'hi' }, { commandID: 'c1' });
    assert.deepEqual(data, { Fine: 1 });
    assert.equal(seen.length, 1);
    const url = new URL(seen[0].url, 'http://x');
    assert.equal(url.pathname, '/otrs/index.pl');
    assert.equal(url.searchParams.get('Action'), 'AgentChat');
    assert.equal(seen[0].init.method, 'POST');
    const body = seen[0].init.body;
    assert.equal(body.get('Action'), 'AgentChat');
    assert.equal(body.get('Subaction'), 'ChatMessageAdd');
    assert.equal(body.get('ChallengeToken'), 'tok');
    assert.equal(body.get('ChatID'), '7');
  });

  it('an explicit action (another Action of the same interface) goes in both places', async () => {
    const seen = recordFetch({ OK: true, Data: {} });
    await postSubaction({ Interface: 'Agent', Script: '/otrs/index.pl' }, 'SetAvailability', {},
      { action: 'AgentChatAvailability' });
    assert.equal(new URL(seen[0].url, 'http://x').searchParams.get('Action'), 'AgentChatAvailability');
    assert.equal(seen[0].init.body.get('Action'), 'AgentChatAvailability');
  });

  it('the public and customer interfaces post to their own script', async () => {
    const seen = recordFetch({ OK: true, Data: {} });
    await postSubaction({ Interface: 'Public', Script: '/otrs/public.pl' }, 'Channels', {});
    await postSubaction({ Interface: 'Customer', Script: '/otrs/customer.pl' }, 'Snapshot', {});
    assert.deepEqual(seen.map((s) => s.url), ['/otrs/public.pl?Action=PublicChat', '/otrs/customer.pl?Action=CustomerChat']);
  });
});
