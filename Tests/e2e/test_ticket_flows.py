"""Chats that start from a ticket, pre-ticket chats and tickets from closed chats (issue 20), in real browsers,
on each ticket backend: ChatEngine's own store (`embedded`) and a Znuny 7 through its GenericInterface
(`stand-in`; see harness/ticketflows.py).

- The agent opens the customer user's ticket (ChatEngine's ticket search, then its zoom) and starts a chat with
  her while she is online; she accepts and closes it, and the chat's log reaches the ticket by itself (outbox).
- The customer user starts "Chat about this ticket" from her ticket zoom; the agent accepts; at the close the
  log reaches that ticket.
- Pre-ticket chat (`ChatEngine::PreTicketChat`): her request is her description; a ticket is made of it first
  and the chat's log follows at the close.
- After a closed chat she makes a ticket of it ("create a ticket from this conversation") and finds it in her
  ticket zoom.

On the stand-in each flow also checks what it recorded: exactly one ticket per flow (none for the flows that
append), its articles, and no request shape Znuny was never seen to accept.
"""

from harness.pages import (accept_request, click, css, open_active_chat, type_text, until, visible, wait_message,
                           wait_request, wait_widget, widget)
from harness.ticketflows import (accept_at_customer, assert_one_more_ticket, customer_closes, kinds,
                                 open_customer_zoom, people, system_line_with, talk_close_and_assert_appended,
                                 ticket_before_chat, wait_request_at_customer, zoom_articles)
from test_journeys import customer_chat, exchange


def test_agent_chat_from_ticket_appends_on_close(ticket_system, browsers, shot):
    system = ticket_system
    anna, carla = people(browsers, system)
    # the customer user is online in her page: the zoom offers the chat with her
    number, before, tickets_before = ticket_before_chat(system, anna, carla)
    visible(anna, "#ce-ticket-chat-form", "the zoom's chat form")
    shot(anna, "zoom-offers-chat")
    type_text(anna, "#ce-ticket-chat-message", "Eine Frage zu Ihrem Ticket – 请回答")
    click(anna, "#ce-ticket-chat-start")
    until(anna, lambda d: "Action=AgentChat" in d.current_url, "the chat manager after starting")

    chat_id = wait_request_at_customer(carla)
    accept_at_customer(carla, chat_id)
    wait_message(carla, chat_id, f"This chat is about ticket #{number}.")
    open_active_chat(anna, chat_id)
    # the chat has its ticket: Append is offered, Phone ticket is not
    visible(anna, f'{widget(chat_id)} [data-action="append-ticket"]', "the widget's Append button")
    phone_ticket_button = css(anna, f'{widget(chat_id)} [data-action="phone-ticket"]')
    assert not phone_ticket_button.is_displayed(), "Phone ticket offered on a chat about a ticket"
    talk_close_and_assert_appended(system, anna, carla, chat_id, number, before, tickets_before,
                                   "Ja, bitte – 😀", "Der Techniker kommt morgen.")
    shot(anna, "ticket-with-appended-chat")


def test_customer_chat_about_ticket_appends_on_close(ticket_system, browsers, shot):
    system = ticket_system
    anna, carla = people(browsers, system)
    number, before, tickets_before = ticket_before_chat(system, anna, carla)
    anna.get(system.server.url("/otrs/index.pl?Action=AgentChat"))

    open_customer_zoom(carla, system, number)
    visible(carla, "#ce-ticket-chat-form", "the customer zoom's 'Chat about this ticket'")
    shot(carla, "customer-zoom-offers-chat")
    type_text(carla, "#ce-ticket-chat-message", "Wann kommt der Techniker? – いつ")
    click(carla, "#ce-ticket-chat-start")
    until(carla, lambda d: "Action=CustomerChat" in d.current_url, "the customer's chat page after starting")
    chat_id = until(carla, lambda d: next((w.get_attribute("data-chat-id") for w in d.find_elements(
        "css selector", '#ce-chat-area .ce-chat-view[data-chat-id][data-state="request"]') if w.is_displayed()), None),
        "the customer's chat request about the ticket")

    wait_request(anna, "customer", chat_id)
    accept_request(anna, "customer", chat_id)
    wait_widget(carla, chat_id, "active")
    wait_message(anna, chat_id, f"This chat is about ticket #{number}.")
    talk_close_and_assert_appended(system, anna, carla, chat_id, number, before, tickets_before,
                                   "Ist morgen um 9 Uhr möglich?", "Ja, 9 Uhr passt.")
    shot(anna, "ticket-with-customers-chat")


def test_pre_ticket_chat_ticket_first_log_at_close(pre_ticket_system, browsers, shot):
    system = pre_ticket_system
    anna, carla = people(browsers, system)
    description = "VPN verbindet nicht seit dem Update – 错误 809"
    click(carla, "#ce-new-conversation")
    type_text(carla, "#ce-new-chat-message", description)
    shot(carla, "pre-ticket-description")
    click(carla, "#ce-new-chat-submit")
    chat_id = until(carla, lambda d: next((w.get_attribute("data-chat-id") for w in d.find_elements(
        "css selector", '#ce-chat-area .ce-chat-view[data-chat-id]') if w.is_displayed()), None),
        "the customer's pre-ticket chat")
    line = system_line_with(carla, chat_id, "This chat is about ticket #")
    number = line.split("#", 1)[1].split(".", 1)[0]
    # the ticket exists before anyone took the chat: hers, with her description
    recorded = assert_one_more_ticket(system, number, articles=1, customer=system.customer.login)
    if recorded:
        assert recorded["queue"] == "Raw" and recorded["articles"][0]["body"] == description, recorded

    wait_request(anna, "customer", chat_id)
    accept_request(anna, "customer", chat_id)
    wait_widget(carla, chat_id, "active")
    talk_close_and_assert_appended(system, anna, carla, chat_id, number, 1, 1, "Fehler 809 bei jedem Versuch.",
                                   "Bitte Port 500 freigeben.")
    open_customer_zoom(carla, system, number)
    assert description in css(carla, "body").text
    shot(carla, "pre-ticket-customer-zoom")


def test_customer_creates_ticket_after_close(ticket_system, browsers, shot):
    system = ticket_system
    anna, carla = people(browsers, system)

    chat_id = customer_chat(carla, anna, "Mein Passwort läuft ab <b>morgen</b>")
    exchange(carla, anna, chat_id, "Was soll ich tun?", "Bitte ein Ticket anlegen.")
    customer_closes(carla, chat_id)

    carla.get(system.server.url("/otrs/customer.pl?Action=CustomerChat"))
    click(carla, f'#ce-chat-overview li[data-chat-id="{chat_id}"][data-state="closed"]', "the closed chat in the overview")
    click(carla, '[data-action="ticket-from-chat"]', "Create a ticket from this conversation")
    link = visible(carla, '[data-test="ticket-from-chat-link"]', "the new ticket's link")
    number = link.text.split("#", 1)[1]
    ticket_id = link.get_attribute("href").rsplit("TicketID=", 1)[1]
    shot(carla, "ticket-from-closed-chat")
    recorded = assert_one_more_ticket(system, number, articles=2, customer=system.customer.login)
    if recorded:
        assert recorded["queue"] == "Raw", recorded["queue"]
    link.click()
    visible(carla, "#ce-ticket-zoom", "the customer's ticket zoom")
    assert css(carla, "#ce-ticket-number").text == number
    assert kinds(zoom_articles(carla)) == [("Phone", "1")]
    page = carla.find_element("css selector", "body").text
    assert "Bitte ein Ticket anlegen." in page and "<b>morgen</b>" in page

    # the closed chat has its ticket now: no second offer
    carla.get(system.server.url("/otrs/customer.pl?Action=CustomerChat"))
    click(carla, f'#ce-chat-overview li[data-chat-id="{chat_id}"][data-state="closed"]', "the closed chat again")
    wait_message(carla, chat_id, "Bitte ein Ticket anlegen.")
    assert not carla.find_elements("css selector", '[data-action="ticket-from-chat"]'), "offered a second ticket"
    # ...and the reloaded history links it, as the live page did
    again = visible(carla, '[data-test="ticket-from-chat-link"]', "the ticket's link after the reload")
    assert again.text.endswith("#" + number) and f"TicketID={ticket_id}" in again.get_attribute("href"), again.text
    if system.on_stand_in:
        assert system.tickets()[-1]["number"] == number, "a ticket was written after this flow's"
