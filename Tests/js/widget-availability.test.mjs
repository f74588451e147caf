// The widget loader's reading of the availability answer (public/widget/loader.js, `ChatEngine.verdict`): shown,
// refused (the site is not allowed), limited (429: wait as told, keep going), down (unreachable: back off).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

// the loader as a host page runs it, with an empty queue: it only defines window.ChatEngine
const window = { ChatEngine: { q: [] } };
vm.runInNewContext(readFileSync(new URL('../../public/widget/loader.js', import.meta.url), 'utf8'),
  { window, document: { currentScript: null } });
const verdict = window.ChatEngine.verdict;
const site = 'https://www.example.com', server = 'https://chat.example.com/otrs/';

describe('availability answers', () => {
  it('200: available or not, and the next check after PollSeconds (at least 5)', () => {
    const v = verdict(200, { OK: true, Data: { Available: true, PollSeconds: 12 } }, null, 0, 30, site, server);
    assert.deepEqual({ ...v }, { kind: 'ok', available: true, wait: 12, poll: 12 });
    assert.equal(verdict(200, { OK: true, Data: { Available: false, PollSeconds: 1 } }, null, 0, 30, site, server).wait, 5);
  });

  it('403 OriginNotAllowed: refused, with a message naming the site and the allowed websites', () => {
    const v = verdict(403, { OK: false, Error: { Code: 'OriginNotAllowed', Message: 'x' } }, null, 0, 30, site, server);
    assert.equal(v.kind, 'refused');
    assert.match(v.log, /^this website \(https:\/\/www\.example\.com\) is not in ChatEngine's allowed websites/);
    assert.doesNotMatch(v.log, /unreachable/);
  });

  it('429: waits Retry-After (never less than the poll, at most an hour), keeps what it knew', () => {
    const v = verdict(429, { OK: false, Error: { Code: 'RateLimited' } }, '45', 0, 30, site, server);
    assert.equal(v.kind, 'limited');
    assert.equal(v.wait, 45);
    assert.equal('available' in v, false, 'the launcher keeps its state');
    assert.equal(verdict(429, null, '2', 0, 30, site, server).wait, 30);
    assert.equal(verdict(429, null, '99999', 0, 30, site, server).wait, 3600);
    assert.equal(verdict(429, null, null, 0, 30, site, server).wait, 30);
  });

  it('no answer, a server error or a body that is not ours: unreachable, hidden, backing off to at most 10 minutes', () => {
    const first = verdict(0, undefined, undefined, 0, 30, site, server);
    assert.equal(first.kind, 'down');
    assert.equal(first.available, false);
    assert.equal(first.wait, 30);
    assert.match(first.log, /^ChatEngine unreachable at https:\/\/chat\.example\.com\/otrs\/; /);
    assert.doesNotMatch(first.log, /allowed websites/);
    assert.deepEqual([1, 2, 3, 9].map((fails) => verdict(0, null, null, fails, 30, site, server).wait), [60, 120, 240, 600]);
    assert.match(verdict(502, null, null, 0, 30, site, server).log, /\(HTTP 502\)/);
    // a 403 that is not ours (a proxy's page) is not taken for a refusal by ChatEngine
    assert.equal(verdict(403, null, null, 0, 30, site, server).kind, 'down');
  });
});
