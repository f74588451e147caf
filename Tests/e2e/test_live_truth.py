"""The live view tells the truth (issue 10, the server's items): presence follows the person into open chats,
whoever just wrote shows as active, internal typing reaches agents only, personal requests notify, the public
page says at once that nobody is there, and a visitor's own Leave is reported as leaving.

Each test would fail against the server (or page) before the fix; each leaves screenshots of the state it
checks in its output folder (see conftest.py). The e2e servers sweep presence every second
(harness/server.py), but availability, writing and logging out must show without waiting for a sweep.
"""

import pytest
from selenium.webdriver.common.by import By

from harness.browser import notifications, page_config
from harness.pages import (attribute, click, css, customer_login, flash_items, invite_agent, join_invitation, logout,
                           message_texts, messages, page_post, participants, send_message, set_availability,
                           start_chat_with, typing_indicator, until, visible, wait_message, wait_presence,
                           wait_request, wait_widget, widget)
from test_journeys import ANNA, BERT, CARLA, accept_public, agent, public_visitor
from test_live_view import active_chat, never_within

PUBLIC_PAGE = "/otrs/public.pl?Action=PublicChat"
SOON = 10  # seconds: "within seconds", with room for a slow machine


# -- items 1 and 2 --------------------------------------------------------------------------------


def test_presence_follows_people(server, browsers, shot):
    """The visitor who has just written shows active (and as the visitor) at the agent; the visitor sees the
    agent turn unavailable, then offline after logging out, without any message in between."""
    anna, visitor, chat_id = active_chat(server, browsers, "Pia Präsenz", "Hallo.")
    before = next(p for p in participants(anna, chat_id) if p["kind"] == "visitor")
    shot(anna, f"agent-sees-visitor-{before['presence']}")

    # item 2: the heartbeat that reports input comes only every 20 s, so "active" is the server's doing: what
    # someone does in a chat (the first request, a message) counts as their input
    text = "Sind Sie noch da?"
    send_message(visitor, chat_id, text)
    wait_message(anna, chat_id, text)
    shown = wait_presence(anna, chat_id, "visitor", "active", timeout=5)
    assert shown["label"] == "Visitor", f"the visitor is not labelled as such: {shown}"
    shot(anna, "agent-sees-visitor-active")

    # item 1: the agent's switch and logout reach the visitor by themselves
    wait_presence(visitor, chat_id, "agent", "active")
    said = message_texts(visitor, chat_id)
    set_availability(anna, "unavailable")
    wait_presence(visitor, chat_id, "agent", "unavailable", timeout=SOON)
    shot(visitor, "visitor-sees-agent-unavailable")

    logout(anna)
    wait_presence(visitor, chat_id, "agent", "offline", timeout=SOON)
    shot(visitor, "visitor-sees-agent-offline")
    assert message_texts(visitor, chat_id) == said, "something was said in between: the test proves nothing"


# -- item 3 (server) -------------------------------------------------------------------------------


def test_internal_typing_reaches_agents_only(server, browsers, shot):
    """While the agent types an internal note, the observing agent sees it and the visitor never does;
    an ordinary message's typing reaches the visitor. The invited agent gets a browser notification."""
    server.add_agent(*ANNA)
    bert_id = server.add_agent(*BERT)
    anna = agent(browsers, server, ANNA, "external")
    bert = agent(browsers, server, BERT, "internal", notify=True)
    first = "Ich habe eine Frage zur Rechnung."
    visitor, chat_id = public_visitor(browsers, server.base_url, "Vera Verborgen", first)
    accept_public(anna, visitor, chat_id, first)
    invite_agent(anna, chat_id, bert_id)
    invitation = until(bert, lambda d: [n for n in notifications(d) if n["title"] == "Chat invitation"],
                       "a desktop notification of the invitation", describe=lambda: notifications(bert))
    assert f"chat {chat_id}" in invitation[0]["body"], invitation
    join_invitation(bert, chat_id, "observer")

    seen = lambda d: typing_indicator(d, chat_id)  # noqa: E731
    box = f'{widget(chat_id)} [data-test="message-input"]'
    click(anna, f'{widget(chat_id)} [data-test="internal"]')
    assert css(anna, f'{widget(chat_id)} [data-test="internal"]').is_selected()
    css(anna, box).send_keys("Notiz: ")
    until(bert, seen, "the agent's internal typing at the observing agent")
    for word in ("Kunde ", "wartet ", "seit ", "Montag"):  # signals keep coming while she types
        css(anna, box).send_keys(word)
        never_within(visitor, seen, 0.6, "the visitor sees the agent typing an internal message")
    shot(bert, "observer-sees-internal-typing")
    shot(visitor, "visitor-sees-no-internal-typing")
    never_within(visitor, seen, 2, "the visitor sees the agent typing an internal message (late signal)")
    click(anna, f'{widget(chat_id)} [data-test="send"]')
    wait_message(bert, chat_id, "Notiz: Kunde wartet seit Montag")

    # an ordinary message: the visitor sees it being typed
    css(anna, box).send_keys("Einen Moment, ich schaue nach.")
    until(visitor, seen, "the agent's ordinary typing at the visitor")
    shot(visitor, "visitor-sees-ordinary-typing")
    click(anna, f'{widget(chat_id)} [data-test="send"]')
    wait_message(visitor, chat_id, "Einen Moment, ich schaue nach.")
    assert "Notiz: Kunde wartet seit Montag" not in message_texts(visitor, chat_id)


# -- item 4 ----------------------------------------------------------------------------------------


def test_personal_requests_notify(server, browsers, shot):
    """An agent asks another agent (desktop notification) and a customer user (in-page notification, as
    the customer did not allow desktop ones) to chat."""
    server.add_agent(*ANNA)
    server.add_agent(*BERT)
    server.add_customer_user(CARLA.login, CARLA.password, CARLA.first, CARLA.last)
    anna = agent(browsers, server, ANNA, "external")
    bert = agent(browsers, server, BERT, "internal", notify=True)
    carla = browsers.new("customer")
    customer_login(carla, server, CARLA.login, CARLA.password)

    # agent to agent
    start_chat_with(anna, "agent", BERT.login, "Bert, hast du kurz Zeit?")
    chat_id = wait_request(bert, "personal")
    shown = until(bert, lambda d: [n for n in notifications(d) if n["title"] == "New personal chat request"],
                  "a desktop notification of the personal request", describe=lambda: notifications(bert))
    assert "Anna" in shown[0]["body"] and "wants to chat with you" in shown[0]["body"], shown
    assert not flash_items(bert, "notification"), "shown in the page as well as on the desktop"
    shot(bert, "agent-personal-request-notified")
    assert not flash_items(carla, "notification"), f"the customer was notified of a chat between agents (chat {chat_id})"

    # agent to customer user: no desktop permission, so the page shows it
    start_chat_with(anna, "customer", CARLA.login, "Hallo Carla, eine Rückfrage.")
    flashed = until(carla, lambda d: flash_items(d, "notification"), "an in-page notification of the agent's request",
                    describe=lambda: flash_items(carla))
    assert flashed[0].startswith("Chat request") and "wants to chat with you" in flashed[0], flashed
    until(carla, lambda d: css(d, '#ce-customer-requests li[data-test="request"][data-chat-id]'),
          "the agent's request in the customer's list")
    shot(carla, "customer-request-notified")
    assert notifications(carla) == [], "a desktop notification without permission"


# -- item 5 ----------------------------------------------------------------------------------------

NO_AGENTS_TEXT = "Gerade ist niemand für Sie da – schreiben Sie uns an hilfe@example.com."


def assert_unavailable_page(driver, text: str) -> None:
    """The operator's text at once, no start form, no setting names."""
    note = visible(driver, "#ce-public-unavailable", "the operator's text on the public page")
    assert note.text.strip() == text, f"not the configured text: {note.text!r}"
    assert not css(driver, "#ce-public-form").is_displayed(), "the start form is offered"
    page_text = css(driver, "body").text
    assert "ChatEngine::" not in page_text, f"the page names settings: {page_text!r}"


@pytest.mark.server_config({"ChatEngine::Texts::PublicFrontend::NoAgentsAvailable": NO_AGENTS_TEXT})
def test_public_page_without_agents(server, browsers, shot):
    """No agent takes external chats: the public page says so at once; once one does, a reload offers the form."""
    visitor = browsers.new("visitor")
    visitor.get(server.url(PUBLIC_PAGE))
    assert_unavailable_page(visitor, NO_AGENTS_TEXT)
    shot(visitor, "public-no-agent")

    server.add_agent(*ANNA)
    agent(browsers, server, ANNA, "external")
    visitor.refresh()
    visible(visitor, "#ce-public-form", "the start form once an agent is there")
    assert not css(visitor, "#ce-public-unavailable").is_displayed()
    shot(visitor, "public-agent-there")


@pytest.mark.server_config({"ChatEngine::ChatDirection::PublicToAgent": 0})
def test_public_page_direction_off(server, browsers, shot):
    """Public chat switched off: the default text at once, and a request sent anyway names no settings."""
    server.add_agent(*ANNA)
    agent(browsers, server, ANNA, "external")
    visitor = browsers.new("visitor")
    visitor.get(server.url(PUBLIC_PAGE))
    assert_unavailable_page(
        visitor, "Sorry, no agent is available right now. Please try again later or contact us by e-mail.")
    shot(visitor, "public-direction-off")

    answer = page_post(visitor, Action="PublicChat", Subaction="CreateChatRequest", Name="Rita Refused",
                       Message="Hallo?")
    assert not answer["json"].get("OK"), f"a request was made: {answer}"
    assert "ChatEngine::" not in str(answer["json"]), f"the refusal names settings: {answer}"


# -- item 7 ----------------------------------------------------------------------------------------


def test_visitor_leave_reported_as_leaving(server, browsers, shot):
    """The visitor's own Leave shows the "completed" text, never "closed by the agent", also after a reload."""
    anna, visitor, chat_id = active_chat(server, browsers, "Lea Leave", "Nur kurz: danke!")
    texts = page_config(visitor)["Settings"]["Texts"]
    notice = f'{widget(chat_id)} [data-test="waiting-notice"]'

    def completed(d):
        return attribute(d, notice, "data-kind") == "completed" and css(d, notice).is_displayed()

    click(visitor, f'{widget(chat_id)} [data-action="leave"]')
    until(visitor, completed, "the 'completed' notice after leaving",
          describe=lambda: (attribute(visitor, notice, "data-kind"), css(visitor, notice).text))
    assert css(visitor, notice).text.strip() == texts["ChatCompleted"]
    until(anna, lambda d: any(m["kind"] == "system" and "has left the chat" in m["text"] for m in messages(d, chat_id)),
          "the agent told that the visitor left", describe=lambda: message_texts(anna, chat_id)[-3:])
    never_within(visitor, lambda d: not completed(d), 2, "the notice changed after leaving")
    assert texts["ChatClosed"] not in css(visitor, "body").text
    shot(visitor, "visitor-left-completed")
    shot(anna, "agent-sees-visitor-left")

    visitor.refresh()
    wait_widget(visitor, chat_id)
    until(visitor, completed, "the 'completed' notice after a reload",
          describe=lambda: (attribute(visitor, notice, "data-kind"), css(visitor, notice).text))
    assert texts["ChatClosed"] not in css(visitor, "body").text
    assert not visitor.find_elements(By.CSS_SELECTOR, f'{widget(chat_id)} [data-action="leave"]:not([hidden])')
    shot(visitor, "visitor-left-reloaded")
