"""Chats that start from a ticket, and tickets from closed chats (issue 20), in real browsers, on
ChatEngine's own ticket store.

Anna makes a ticket of Carla's first chat; from that ticket's zoom she starts a chat with Carla (online in
the customer page); Carla accepts and closes it, and the chat's log turns up in the ticket by itself. Carla
then makes a ticket of a closed chat of hers ("create a ticket from this conversation") and finds it in her
ticket zoom.
"""

from harness.pages import click, css, customer_login, type_text, until, visible, wait_message, wait_widget, widget
from test_journeys import ANNA, CARLA, agent, customer_chat, exchange
from test_tickets import open_phone_ticket_form, ticket_link, zoom_articles


def test_agent_chat_from_ticket_appends_on_close(server, browsers, shot):
    server.add_agent(*ANNA)
    server.add_customer_user(CARLA.login, CARLA.password, CARLA.first, CARLA.last)
    anna = agent(browsers, server, ANNA, "external")
    carla = browsers.new("customer")
    customer_login(carla, server, CARLA.login, CARLA.password)

    first_chat = customer_chat(carla, anna, "Der Drucker im 2. Stock streikt")
    open_phone_ticket_form(anna, first_chat)
    click(anna, f'{widget(first_chat)} [data-action="phone-ticket-create"]')
    number, url = ticket_link(anna, first_chat)
    wait_widget(carla, first_chat, "closed")

    # Carla is online in her page: the zoom offers the chat with her
    anna.get(url)
    visible(anna, "#ce-ticket-chat-form", "the zoom's chat form")
    shot(anna, "zoom-offers-chat")
    type_text(anna, "#ce-ticket-chat-message", "Eine Frage zu Ihrem Ticket – 请回答")
    click(anna, "#ce-ticket-chat-start")
    until(anna, lambda d: "Action=AgentChat" in d.current_url, "the chat manager after starting")

    chat_id = until(carla, lambda d: css(d, '#ce-customer-requests li[data-test="request"][data-chat-id]')
                    .get_attribute("data-chat-id"), "Anna's request at Carla")
    click(carla, f'#ce-customer-requests li[data-chat-id="{chat_id}"] [data-action="accept"]')
    click(carla, f'#ce-open-chats li[data-test="open-chat"][data-chat-id="{chat_id}"]', "the accepted chat listed")
    wait_widget(carla, chat_id, "active")
    wait_message(carla, chat_id, f"This chat is about ticket #{number}.")
    exchange(carla, anna, chat_id, "Ja, bitte – 😀", "Der Techniker kommt morgen.")
    click(carla, f'{widget(chat_id)} [data-action="close"]', "Carla closes the chat")
    wait_widget(carla, chat_id, "closed")

    # the log arrives through the outbox, by itself
    def appended(d):
        d.get(url)
        return len(zoom_articles(d)) == 4 or None
    until(anna, appended, "the chat's two articles in the ticket", timeout=60)
    articles = zoom_articles(anna)
    assert [(a["channel"], a["visible"]) for a in articles[2:]] == [("Phone", "1"), ("Internal", "0")], articles
    assert any(e["text"] == "Ja, bitte – 😀" for e in articles[2]["entries"]), articles[2]["entries"]
    shot(anna, "ticket-with-appended-chat")


def test_customer_creates_ticket_after_close(server, browsers, shot):
    server.add_agent(*ANNA)
    server.add_customer_user(CARLA.login, CARLA.password, CARLA.first, CARLA.last)
    anna = agent(browsers, server, ANNA, "external")
    carla = browsers.new("customer")
    customer_login(carla, server, CARLA.login, CARLA.password)

    chat_id = customer_chat(carla, anna, "Mein Passwort läuft ab <b>morgen</b>")
    exchange(carla, anna, chat_id, "Was soll ich tun?", "Bitte ein Ticket anlegen.")
    click(carla, f'{widget(chat_id)} [data-action="close"]', "Carla closes the chat")
    wait_widget(carla, chat_id, "closed")

    carla.get(server.url("/otrs/customer.pl?Action=CustomerChat"))
    click(carla, f'#ce-chat-overview li[data-chat-id="{chat_id}"][data-state="closed"]', "the closed chat in Carla's overview")
    click(carla, '[data-action="ticket-from-chat"]', "Create a ticket from this conversation")
    link = visible(carla, '[data-test="ticket-from-chat-link"]', "the new ticket's link")
    number = link.text.split("#", 1)[1]
    shot(carla, "ticket-from-closed-chat")
    link.click()
    visible(carla, "#ce-ticket-zoom", "Carla's ticket zoom")
    assert css(carla, "#ce-ticket-number").text == number
    assert [(a["channel"], a["visible"]) for a in zoom_articles(carla)] == [("Phone", "1")]
    assert "Bitte ein Ticket anlegen." in carla.find_element("css selector", "body").text
