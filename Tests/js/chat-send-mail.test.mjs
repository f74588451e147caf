// The start form's optional e-mail address, checked before the chat starts (public/js/chat-send-mail.js); the
// server checks it again (TranscriptMail.checkedAddress) and stores it once with the chat.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addressProblem, MAX_ADDRESS_LENGTH } from '../../public/js/chat-send-mail.js';

describe('chat send mail', () => {
  it('an empty field is fine (the address is optional), a plain address too', () => {
    assert.equal(addressProblem(''), '');
    assert.equal(addressProblem('   '), '');
    assert.equal(addressProblem(' jürgen@beispiel.de '), '');
  });

  it('what is no address, or could be read as more than one, is named', () => {
    for (const bad of ['vera', 'vera@', '@example.com', 'vera@example', 'a b@example.com', 'a@b.c, x@y.z', '"x"@example.com',
      'v<x>@example.com']) {
      assert.match(addressProblem(bad), /e-mail address like name@example.com/, bad);
    }
    assert.match(addressProblem('v'.repeat(MAX_ADDRESS_LENGTH) + '@example.com'), /too long/);
  });
});
