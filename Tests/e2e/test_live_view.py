"""The live view tells the truth (issue 10, the front end's items): pending messages, the internal box,
closed chats' history, the public chat in a small frame, the typing indicator.

Each test would fail on the pages before the fix; each leaves screenshots of the state it checks in its
output folder (see conftest.py).
"""

import time

from selenium.webdriver.common.by import By

from harness.pages import (accept_alert_if_any, attribute, click, css, message_texts, pending_messages,
                           send_message, type_text, typing_indicator, until, visible, wait_connection,
                           wait_message, wait_widget, widget)
from test_journeys import ANNA, accept_public, agent, assert_once, exchange, public_visitor, visitor_start_chat


def active_chat(server, browsers, visitor_name: str, first: str, base_url: str | None = None):
    """Anna (external) and a visitor (through `base_url`, default the server) in an accepted public chat."""
    server.add_agent(*ANNA)
    anna = agent(browsers, server, ANNA, "external")
    visitor, chat_id = public_visitor(browsers, base_url or server.base_url, visitor_name, first)
    accept_public(anna, visitor, chat_id, first)
    return anna, visitor, chat_id


# -- item 6 ----------------------------------------------------------------------------------------


def test_message_pending_until_acknowledged(server, browsers, shot, proxy_factory):
    """A message sent while the connection is down shows as pending ("Sending…"), then once, confirmed."""
    proxy = proxy_factory(server.port)
    anna, visitor, chat_id = active_chat(server, browsers, "Paul Pending", "Hallo, ich sitze im Zug.", proxy.base_url)
    wait_connection(visitor, ("connected",))

    proxy.stop()
    wait_connection(visitor, ("reconnecting",))
    text = "Im Tunnel geschrieben – ü 你 👋🏽"
    send_message(visitor, chat_id, text)
    pending = until(visitor, lambda d: pending_messages(d, chat_id), "the message shown as pending")
    assert [m["text"].strip() for m in pending] == [text], pending
    label = css(visitor, f'{widget(chat_id)} li[data-pending="1"] [data-test="pending-label"]')
    assert label.is_displayed() and "Sending" in label.text, f"no 'Sending…' label: {label.text!r}"
    time.sleep(1)  # still pending while nothing can reach the server
    assert pending_messages(visitor, chat_id), "the pending message went away while offline"
    shot(visitor, "visitor-message-pending")

    proxy.start()
    wait_connection(visitor, ("connected", "polling"))
    wait_message(visitor, chat_id, text)
    until(visitor, lambda d: not pending_messages(d, chat_id), "the pending mark to go once acknowledged")
    wait_message(anna, chat_id, text)
    assert_once(message_texts(visitor, chat_id), [text], "visitor's page (pending and confirmed together)")
    assert_once(message_texts(anna, chat_id), [text], "agent's page")
    shot(visitor, "visitor-message-delivered")


# -- item 8 ----------------------------------------------------------------------------------------


def test_internal_box_clears_after_sending(server, browsers, shot):
    """The agent's "Internal (agents only)" box is cleared after an internal message went out."""
    anna, visitor, chat_id = active_chat(server, browsers, "Ida Intern", "Guten Tag.")

    box = f'{widget(chat_id)} [data-test="internal"]'
    click(anna, box)
    assert css(anna, box).is_selected()
    type_text(anna, f'{widget(chat_id)} [data-test="message-input"]', "Notiz: Stammkunde.")
    click(anna, f'{widget(chat_id)} [data-test="send"]')
    note = wait_message(anna, chat_id, "Notiz: Stammkunde.")
    assert note["internal"], note
    assert not css(anna, box).is_selected(), "the internal box is still checked after sending"
    shot(anna, "agent-internal-box-cleared")

    # the next message is an ordinary one, which the visitor sees
    type_text(anna, f'{widget(chat_id)} [data-test="message-input"]', "Wie kann ich helfen?")
    click(anna, f'{widget(chat_id)} [data-test="send"]')
    wait_message(visitor, chat_id, "Wie kann ich helfen?")
    assert "Notiz: Stammkunde." not in message_texts(visitor, chat_id)


# -- item 9 ----------------------------------------------------------------------------------------

_VIEWS = """
return Array.from(document.querySelectorAll('#ce-chat-area .ce-chat-view')).filter(v => v.offsetParent !== null)
  .map(v => ({id: v.getAttribute('data-chat-id'), readonly: v.getAttribute('data-readonly'),
              top: v.getBoundingClientRect().top, height: window.innerHeight}));
"""


def displayed_views(driver) -> list[dict]:
    return driver.execute_script(_VIEWS) or []


def close_chat(driver, chat_id) -> None:
    click(driver, f'{widget(chat_id)} [data-action="close"]')
    accept_alert_if_any(driver)
    wait_widget(driver, chat_id, "closed")


def test_closed_chat_history_in_place(server, browsers, shot):
    """Closed chats are listed before any search; a closed chat's history replaces the chat shown."""
    anna, visitor, chat_id = active_chat(server, browsers, "Clara Closed", "Eine kurze Frage.")
    exchange(anna, visitor, chat_id, "Gern.", "Danke, das war's.")
    close_chat(anna, chat_id)

    closed_item = f'#ce-closed-chats li[data-test="closed-chat"][data-chat-id="{chat_id}"]'
    until(anna, lambda d: d.find_elements(By.CSS_SELECTOR, closed_item),
          "the chat just closed in the closed-chats panel, without a search")
    assert not css(anna, "#ce-closed-search").get_attribute("value")
    shot(anna, "closed-chats-listed-without-search")

    # still in my active chats: its own view shows, no second copy
    click(anna, closed_item)
    until(anna, lambda d: [v["id"] for v in displayed_views(d)] == [chat_id], "only the chat's own view")
    assert len(anna.find_elements(By.CSS_SELECTOR, f'.ce-chat-view[data-chat-id="{chat_id}"]')) == 1, \
        "a second copy of the chat"

    # removed from the active chats, and another chat selected: the history takes that chat's place
    click(anna, f'#ce-active-chats li[data-chat-id="{chat_id}"] [data-action="dismiss"]')
    second, second_id = public_visitor(browsers, server.base_url, "Otto Other", "Noch eine Frage.", "visitor2")
    accept_public(anna, second, second_id, "Noch eine Frage.")
    until(anna, lambda d: [v["id"] for v in displayed_views(d)] == [second_id], "the second chat selected")
    click(anna, closed_item)
    shown = until(anna, lambda d: (lambda v: v if [x["id"] for x in v] == [chat_id] else None)(displayed_views(d)),
                  "the closed chat's history alone in the chat area", describe=lambda: displayed_views(anna))
    assert shown[0]["readonly"] == "1", shown
    assert 0 <= shown[0]["top"] < shown[0]["height"], f"the history is not in view: {shown}"
    assert "Danke, das war's." in message_texts(anna, chat_id)
    shot(anna, "closed-history-in-place")

    click(anna, "#ce-closed-view-close")
    until(anna, lambda d: [v["id"] for v in displayed_views(d)] == [second_id], "the selected chat back")
    shot(anna, "closed-history-closed")


# -- item 10 ---------------------------------------------------------------------------------------

_FITS = """
const b = document.querySelector(arguments[0]);
if (!b) return {missing: true};
window.scrollTo(0, 0);
const r = b.getBoundingClientRect();
const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: innerWidth, height: innerHeight,
        scrollHeight: document.documentElement.scrollHeight, onTop: !!hit && (hit === b || b.contains(hit))};
"""


def assert_fits(driver, selector: str, what: str) -> None:
    box = driver.execute_script(_FITS, selector)
    assert not box.get("missing"), f"{what}: {selector} not found"
    inside = box["top"] >= 0 and box["left"] >= 0 and box["bottom"] <= box["height"] and box["right"] <= box["width"]
    assert inside and box["onTop"], f"{what}: the button is not visible in the {box['width']}×{box['height']} frame: {box}"
    assert box["scrollHeight"] <= box["height"] + 1, f"{what}: the page scrolls in the frame: {box}"


def test_public_chat_fits_small_frame(server, browsers, shot):
    """The public chat (IsIframe) in a 380×560 frame: the Send button is visible without scrolling."""
    server.add_agent(*ANNA)
    anna = agent(browsers, server, ANNA, "external")
    visitor = browsers.new("visitor-small")
    visitor.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": 380, "height": 560, "deviceScaleFactor": 1, "mobile": False})
    visitor.get(server.url("/otrs/public.pl?Action=PublicChat;IsIframe=1"))
    visible(visitor, "#ce-public-form")
    assert_fits(visitor, "#ce-public-start", "the start form")
    shot(visitor, "public-form-380x560")

    first = "Passt das Fenster?"
    chat_id = visitor_start_chat(visitor, "Fiona Frame", first)
    wait_widget(visitor, chat_id, "request")
    assert_fits(visitor, f'{widget(chat_id)} [data-test="send"]', "the waiting chat")
    accept_public(anna, visitor, chat_id, first)
    for n in range(6):
        exchange(anna, visitor, chat_id, f"Antwort {n}" + " mit etwas mehr Text" * 3, f"Frage {n}")
    assert_fits(visitor, f'{widget(chat_id)} [data-test="send"]', "the chat with many messages")
    shot(visitor, "public-chat-380x560")


# -- item 3 (client) -------------------------------------------------------------------------------


def never_within(driver, condition, seconds: float, what: str) -> None:
    """`condition` stays false for `seconds`."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        assert not condition(driver), what
        time.sleep(0.1)


def test_typing_indicator_goes_away(server, browsers, shot):
    """The typing indicator ends with the message, a few seconds after the typing stops, and at close."""
    anna, visitor, chat_id = active_chat(server, browsers, "Tina Tipp", "Hallo!")
    visitor_box = f'{widget(chat_id)} [data-test="message-input"]'
    seen = lambda d: typing_indicator(d, chat_id)  # noqa: E731

    # the message arrives: the indicator goes with it and does not come back
    for word in ("Ich ", "schreibe ", "gerade"):
        css(visitor, visitor_box).send_keys(word)
        time.sleep(0.3)
    until(anna, seen, "the visitor's typing indicator at the agent")
    click(visitor, f'{widget(chat_id)} [data-test="send"]')
    wait_message(anna, chat_id, "Ich schreibe gerade")
    until(anna, lambda d: not seen(d), "the indicator to go with the message", timeout=1)
    never_within(anna, seen, 3, "the typing indicator came back after the message")
    shot(anna, "agent-typing-gone-with-message")

    # typing stops: gone after a few seconds
    css(visitor, visitor_box).send_keys("Moment")
    until(anna, seen, "the typing indicator again")
    started = time.monotonic()
    until(anna, lambda d: not seen(d), "the indicator to go once the typing stopped", timeout=8)
    assert time.monotonic() - started < 8
    shot(anna, "agent-typing-timed-out")

    # the chat closes: the visitor's indicator of the agent goes at once
    css(anna, f'{widget(chat_id)} [data-test="message-input"]').send_keys("Ich schließe gleich")
    until(visitor, seen, "the agent's typing indicator at the visitor")
    close_chat(anna, chat_id)
    wait_widget(visitor, chat_id, "closed")
    until(visitor, lambda d: not seen(d), "the indicator to go when the chat closed", timeout=1)
    shot(visitor, "visitor-typing-gone-at-close")
    assert attribute(visitor, f'{widget(chat_id)} [data-test="message-input"]', "disabled") is not None
