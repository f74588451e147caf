import { test } from 'node:test';
import assert from 'node:assert/strict';
import { historyTicketLink, ticketFromChatControl, ticketZoomURL } from '../../public/js/chat-ticket-from-chat.js';

test('the ticket link goes to the customer zoom, the ID encoded', () => {
  assert.equal(ticketZoomURL('/otrs/customer.pl', 12), '/otrs/customer.pl?Action=CustomerTicketZoom;TicketID=12');
  assert.equal(ticketZoomURL('/otrs/customer.pl', '1;x=2'), '/otrs/customer.pl?Action=CustomerTicketZoom;TicketID=1%3Bx%3D2');
});

test('offered only on a closed chat the customer asked for that is in no ticket', () => {
  const conn = { request: () => Promise.reject(new Error('not called')) };
  assert.equal(ticketFromChatControl(conn, '', null), null);
  assert.equal(ticketFromChatControl(conn, '', { ChatID: 1, State: 'active', HasTicket: false, RequesterKind: 'customer' }), null);
  assert.equal(ticketFromChatControl(conn, '', { ChatID: 1, State: 'closed', HasTicket: true, RequesterKind: 'customer' }), null);
  assert.equal(ticketFromChatControl(conn, '', { ChatID: 1, State: 'closed', HasTicket: false, RequesterKind: 'agent' }), null);
});

test('a history without a ticket the viewer may see shows no link', () => {
  assert.equal(historyTicketLink('', null), null);
  assert.equal(historyTicketLink('', {}), null);
  // a customer's chat in a ticket she may not see: no offer either
  const conn = { request: () => Promise.reject(new Error('not called')) };
  assert.equal(ticketFromChatControl(conn, '', { ChatID: 1, State: 'closed', HasTicket: true, RequesterKind: 'customer' }, null), null);
});
