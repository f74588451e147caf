// The "Download PDF" control's URLs and the visitor's form fields (public/js/chat-download.js).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { browserTimeZone, downloadURL, publicDownloadFields } from '../../public/js/chat-download.js';

describe('chat download', () => {
  it('agents and customer users follow a link to their own Action, with the browser\'s time zone', () => {
    assert.equal(downloadURL('/otrs/index.pl', 'Agent', 12, 'Europe/Berlin'),
      '/otrs/index.pl?Action=AgentChatDownload;ChatID=12;TimeZone=Europe%2FBerlin');
    assert.equal(downloadURL('/otrs/customer.pl', 'Customer', '7', ''), '/otrs/customer.pl?Action=CustomerChatDownload;ChatID=7');
  });

  it('an odd chat ID is encoded, never spliced into the URL', () => {
    assert.equal(downloadURL('/otrs/index.pl', 'Agent', '1;Action=Admin', ''),
      '/otrs/index.pl?Action=AgentChatDownload;ChatID=1%3BAction%3DAdmin');
  });

  it('the public page has no link: the visitor posts the token in the body', () => {
    assert.equal(downloadURL('/otrs/public.pl', 'Public', 3, 'UTC'), null);
    assert.deepEqual(publicDownloadFields(3, 'tok', 'Asia/Tokyo'),
      { Subaction: 'ChatDownload', ChatID: '3', VisitorToken: 'tok', TimeZone: 'Asia/Tokyo' });
    assert.deepEqual(publicDownloadFields('3', null, ''), { Subaction: 'ChatDownload', ChatID: '3', VisitorToken: '' });
    // the page's language goes along, so a customer's copy comes in it
    assert.deepEqual(publicDownloadFields('3', 't', '', 'de'), { Subaction: 'ChatDownload', ChatID: '3', VisitorToken: 't', Lang: 'de' });
    assert.equal(downloadURL('/otrs/customer.pl', 'Customer', '7', '', 'pt_BR'),
      '/otrs/customer.pl?Action=CustomerChatDownload;ChatID=7;Lang=pt_BR');
  });

  it('the browser\'s time zone is an IANA name', () => {
    const zone = browserTimeZone();
    assert.equal(typeof zone, 'string');
    assert.ok(zone === '' || /^[A-Za-z0-9_+\-/]+$/.test(zone), zone);
  });
});
