"""Chats into tickets (issues 16 and 20), in real browsers, on each ticket backend: ChatEngine's own store
(`embedded`) and a Znuny 7 through its GenericInterface (`stand-in`: the replaying stand-in, people from the
seeded Znuny database; see harness/ticketflows.py).

A visitor's chat becomes a phone ticket from the agent's widget form, and the agent finds it with its two
transcript articles; a customer user's second chat is appended to her ticket, and she then sees in
CustomerTicketZoom exactly the articles visible for the customer while the agent sees both kinds. On the
stand-in, what it recorded is checked too: exactly one ticket per flow, its articles, no request shape that
Znuny was never seen to accept. Screenshots go to the test's output folder.
"""

from harness.pages import click, css, send_message, type_text, wait_message, wait_widget, widget
from harness.ticketflows import (assert_agent_link, assert_one_more_ticket, back_to_chat_manager, choose_queue,
                                 customers_ticket, field, kinds, open_agent_zoom, open_customer_zoom, open_phone_ticket_form,
                                 people, system_line_with, ticket_link, wait_recorded_articles, zoom_articles)
from test_journeys import accept_public, agent, customer_chat, exchange, public_visitor

INTERNAL_NOTE = "Intern: Kundin ist VIP – nicht weitersagen"


def message_texts_in(article: dict) -> list[str]:
    return [e["text"] for e in article["entries"] if e["kind"] == "message"]


def test_phone_ticket_from_a_visitors_chat(ticket_system, browsers, shot):
    system = ticket_system
    anna = agent(browsers, system.server, system.agent, "external")
    first = "Mein Drucker druckt nur noch Hieroglyphen – 打印机坏了"
    visitor, chat_id = public_visitor(browsers, system.server.base_url, "Vera Besucherin", first)
    accept_public(anna, visitor, chat_id, first)
    exchange(visitor, anna, chat_id, "Modell LX-300, seit gestern.", "Ich lege ein Ticket an.")
    send_message(anna, chat_id, INTERNAL_NOTE, internal=True)
    wait_message(anna, chat_id, INTERNAL_NOTE)

    open_phone_ticket_form(anna, chat_id)
    assert field(anna, chat_id, "Title").get_attribute("value") == first
    assert field(anna, chat_id, "CustomerUser").get_attribute("value") == "Vera Besucherin"
    queues = [o.get_attribute("value") for o in field(anna, chat_id, "Queue").find_elements("css selector", "option")]
    assert {"Raw", "Junk", "Misc"} <= set(queues), queues
    type_text(anna, f'{widget(chat_id)} [data-test="phone-ticket-form"] [name="Email"]', "vera@example.com")
    choose_queue(anna, chat_id, "Misc")
    shot(anna, "phone-ticket-form")
    click(anna, f'{widget(chat_id)} [data-action="phone-ticket-create"]')

    number, url = ticket_link(anna, chat_id)
    assert len(number) >= 14 and number.isdigit(), number
    # both sides are told in the chat, which closes
    assert number in system_line_with(visitor, chat_id, "has created ticket")
    wait_widget(visitor, chat_id, "closed")
    shot(visitor, "visitor-told-ticket-number")
    recorded = assert_one_more_ticket(system, number, articles=2, customer="vera@example.com")
    if recorded:
        assert recorded["queue"] == "Misc" and recorded["title"].endswith(first), recorded["title"]
        # Znuny's history shows who worked the ticket: the agent owns it and wrote its articles
        assert recorded["owner"] == system.agent.login, recorded["owner"]
        assert all(system.agent.first in a["from"] for a in recorded["articles"]), [a["from"] for a in recorded["articles"]]
        written = [(a["channel"], a["isVisibleForCustomer"]) for a in recorded["articles"]]
        assert written == [("Phone", True), ("Internal", False)], written
        assert INTERNAL_NOTE not in recorded["articles"][0]["body"] and INTERNAL_NOTE in recorded["articles"][1]["body"]
    assert_agent_link(system, url, number)

    open_agent_zoom(anna, system, number)
    assert "vera@example.com" in css(anna, "#ce-ticket-customer-user").text
    articles = zoom_articles(anna)
    assert kinds(articles) == [("Phone", "1"), ("Internal", "0")], articles
    customer_view, full_log = articles
    assert all(a["sender"] == "agent" for a in articles)
    for text in (first, "Modell LX-300, seit gestern.", "Ich lege ein Ticket an."):
        assert text in customer_view["text"] and text in full_log["text"], (text, customer_view["text"])
    assert INTERNAL_NOTE not in customer_view["text"] and INTERNAL_NOTE in full_log["text"]
    if customer_view["entries"]:  # ChatEngine's own store keeps the transcript as a chat log
        assert message_texts_in(customer_view) == [first, "Modell LX-300, seit gestern.", "Ich lege ein Ticket an."]
        assert any(e["text"] == INTERNAL_NOTE and e["internal"] == "1" for e in full_log["entries"]), full_log["entries"]
    shot(anna, "ticket-zoom-with-chat-article")


def test_append_to_a_customers_ticket_and_customer_zoom(ticket_system, browsers, shot):
    system = ticket_system
    anna, carla = people(browsers, system)
    number, _ = customers_ticket(system, anna, carla)
    open_agent_zoom(anna, system, number)
    before = len(zoom_articles(anna))
    back_to_chat_manager(anna, system)

    # a new chat is appended to that ticket, found by its number
    chat_id = customer_chat(carla, anna, "Nachtrag: auch Rechnung 4712 – 请检查")
    exchange(carla, anna, chat_id, "Danke für die Hilfe!", "Ich hänge das an Ihr Ticket an.")
    send_message(anna, chat_id, INTERNAL_NOTE, internal=True)
    wait_message(anna, chat_id, INTERNAL_NOTE)
    click(anna, f'{widget(chat_id)} [data-action="append-ticket"]')
    type_text(anna, f'{widget(chat_id)} [data-test="append-form"] [name="Search"]', number)
    click(anna, f'{widget(chat_id)} [data-action="ticket-search"]')
    shot(anna, "append-search-hit")
    click(anna, f'{widget(chat_id)} [data-test="ticket-hit"][data-ticket-number="{number}"] [data-action="ticket-append"]',
          "the found ticket's Append button")
    appended, url = ticket_link(anna, chat_id)
    assert appended == number
    assert number in system_line_with(carla, chat_id, "has added this chat to ticket")
    assert_agent_link(system, url, number)
    wait_recorded_articles(system, number, before + 2)

    # the customer user sees exactly the articles visible for the customer
    open_customer_zoom(carla, system, number)
    customer_articles = zoom_articles(carla)
    assert all(a["visible"] == "1" for a in customer_articles), kinds(customer_articles)
    assert kinds(customer_articles)[-1] == ("Phone", "1"), kinds(customer_articles)
    page = carla.find_element("css selector", "body").text
    assert INTERNAL_NOTE not in page and "Nachtrag: auch Rechnung 4712 – 请检查" in page
    shot(carla, "customer-ticket-zoom")

    # the agent sees both kinds, the appended chat's last
    open_agent_zoom(anna, system, number)
    articles = zoom_articles(anna)
    assert len(articles) == before + 2 and kinds(articles)[-2:] == [("Phone", "1"), ("Internal", "0")], kinds(articles)
    assert INTERNAL_NOTE in articles[-1]["text"] and INTERNAL_NOTE not in articles[-2]["text"]
    shot(anna, "agent-ticket-zoom-two-chats")
