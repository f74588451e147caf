"""Chats into tickets on ChatEngine's own ticket store (issue 16), in real browsers.

A visitor's chat becomes a phone ticket; a customer user's first chat becomes a ticket and the second is
appended to it; the customer user then sees in CustomerTicketZoom exactly the articles visible for the
customer, and the agent sees both kinds. Screenshots of the phone-ticket form and of a zoom with a chat
article go to the test's output folder.
"""

from harness.pages import (choose, click, css, customer_login, send_message, type_text, until, visible, wait_message,
                           wait_widget, widget)
from test_journeys import ANNA, CARLA, accept_public, agent, customer_chat, exchange, public_visitor

INTERNAL_NOTE = "Intern: Kundin ist VIP – nicht weitersagen"


def open_phone_ticket_form(driver, chat_id):
    click(driver, f'{widget(chat_id)} [data-action="phone-ticket"]', "the widget's Phone ticket button")
    return visible(driver, f'{widget(chat_id)} [data-test="phone-ticket-form"]', "the phone-ticket form")


def field(driver, chat_id, name):
    return css(driver, f'{widget(chat_id)} [data-test="phone-ticket-form"] [name="{name}"]')


def ticket_link(driver, chat_id) -> tuple[str, str]:
    """After a phone ticket or append: (ticket number from the widget's notice, the link's URL)."""
    link = visible(driver, f'{widget(chat_id)} [data-test="ticket-link"]', "the link to the ticket")
    notice = css(driver, f'{widget(chat_id)} [data-test="ticket-result"]').text
    number = notice.split("#", 1)[1].split(" ", 1)[0].rstrip(".")
    return number, link.get_attribute("href")


def system_line_with(driver, chat_id, text: str) -> str:
    return until(driver, lambda d: next((e.text for e in d.find_elements(
        "css selector", f'{widget(chat_id)} [data-kind="system"]') if text in e.text), None),
        f"a system message containing {text!r} in chat {chat_id}")


def zoom_articles(driver) -> list[dict]:
    return driver.execute_script("""
        return Array.from(document.querySelectorAll('article.ce-ticket-article')).map(a => ({
          visible: a.dataset.visibleForCustomer, channel: a.dataset.channel, sender: a.dataset.senderType,
          text: a.textContent,
          entries: Array.from(a.querySelectorAll('.ce-chatlog-entry')).map(e => ({kind: e.dataset.kind,
            internal: e.dataset.internal, text: e.querySelector('.ce-message-text').textContent}))}));""")


def test_phone_ticket_from_a_visitors_chat(server, browsers, shot):
    server.add_agent(*ANNA)
    anna = agent(browsers, server, ANNA, "external")
    first = "Mein Drucker druckt nur noch Hieroglyphen – 打印机坏了"
    visitor, chat_id = public_visitor(browsers, server.base_url, "Vera Besucherin", first)
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
    choose(anna, f'{widget(chat_id)} [data-test="phone-ticket-form"] [name="Queue"]', "Misc")
    shot(anna, "phone-ticket-form")
    click(anna, f'{widget(chat_id)} [data-action="phone-ticket-create"]')

    number, url = ticket_link(anna, chat_id)
    assert len(number) >= 14 and number.isdigit(), number
    # both sides are told in the chat, which closes
    assert number in system_line_with(visitor, chat_id, "has created ticket")
    wait_widget(visitor, chat_id, "closed")
    shot(visitor, "visitor-told-ticket-number")

    anna.get(url)
    visible(anna, "#ce-ticket-zoom", "the agent's ticket zoom")
    assert css(anna, "#ce-ticket-number").text == number
    assert "vera@example.com" in css(anna, "#ce-ticket-customer-user").text
    articles = zoom_articles(anna)
    assert [(a["channel"], a["visible"]) for a in articles] == [("Phone", "1"), ("Internal", "0")], articles
    customer_view, full_log = articles
    assert all(a["sender"] == "agent" for a in articles)
    assert INTERNAL_NOTE not in customer_view["text"] and "Anna" not in " ".join(e["text"] for e in customer_view["entries"])
    assert any(e["text"] == INTERNAL_NOTE and e["internal"] == "1" for e in full_log["entries"]), full_log["entries"]
    assert [e["text"] for e in customer_view["entries"] if e["kind"] == "message"] == [
        first, "Modell LX-300, seit gestern.", "Ich lege ein Ticket an."]
    shot(anna, "ticket-zoom-with-chat-article")


def test_append_to_a_customers_ticket_and_customer_zoom(server, browsers, shot):
    server.add_agent(*ANNA)
    server.add_customer_user(CARLA.login, CARLA.password, CARLA.first, CARLA.last)
    anna = agent(browsers, server, ANNA, "external")
    carla = browsers.new("customer")
    customer_login(carla, server, CARLA.login, CARLA.password)

    first_chat = customer_chat(carla, anna, "Meine Rechnung 4711 ist doppelt")
    send_message(anna, first_chat, INTERNAL_NOTE, internal=True)
    wait_message(anna, first_chat, INTERNAL_NOTE)
    open_phone_ticket_form(anna, first_chat)
    assert field(anna, first_chat, "CustomerUser").get_attribute("value") == CARLA.login
    click(anna, f'{widget(first_chat)} [data-action="phone-ticket-create"]')
    number, _ = ticket_link(anna, first_chat)
    wait_widget(carla, first_chat, "closed")

    # the second chat is appended to that ticket, found by its number
    second_chat = customer_chat(carla, anna, "Nachtrag: auch Rechnung 4712 – 请检查")
    exchange(carla, anna, second_chat, "Danke für die Hilfe!", "Ich hänge das an Ihr Ticket an.")
    click(anna, f'{widget(second_chat)} [data-action="append-ticket"]')
    type_text(anna, f'{widget(second_chat)} [data-test="append-form"] [name="Search"]', number)
    click(anna, f'{widget(second_chat)} [data-action="ticket-search"]')
    click(anna, f'{widget(second_chat)} [data-test="ticket-hit"][data-ticket-number="{number}"] [data-action="ticket-append"]',
          "the found ticket's Append button")
    appended, url = ticket_link(anna, second_chat)
    assert appended == number
    assert number in system_line_with(carla, second_chat, "has added this chat to ticket")

    # the customer user sees exactly the articles visible for the customer
    carla.get(server.url("/otrs/customer.pl?Action=CustomerTicketOverview"))
    click(carla, f'#ce-ticket-list tr[data-ticket-number="{number}"] a', "Carla's ticket in her overview")
    visible(carla, "#ce-ticket-zoom", "the customer's ticket zoom")
    customer_articles = zoom_articles(carla)
    assert [(a["channel"], a["visible"]) for a in customer_articles] == [("Phone", "1"), ("Phone", "1")], customer_articles
    page = carla.find_element("css selector", "body").text
    assert INTERNAL_NOTE not in page and "full log" not in page
    assert "Nachtrag: auch Rechnung 4712 – 请检查" in page
    shot(carla, "customer-ticket-zoom")

    # the agent sees both kinds, for both chats
    anna.get(url)
    visible(anna, "#ce-ticket-zoom", "the agent's ticket zoom")
    assert [(a["channel"], a["visible"]) for a in zoom_articles(anna)] == [
        ("Phone", "1"), ("Internal", "0"), ("Phone", "1"), ("Internal", "0")]
    assert INTERNAL_NOTE in anna.find_element("css selector", "body").text
    shot(anna, "agent-ticket-zoom-two-chats")
