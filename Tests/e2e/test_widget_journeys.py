"""Issue 19's widget behaviours that only a browser shows (docs/widget.md), on a third-party page served from
another origin (http://localhost:<port>, ChatEngine on http://127.0.0.1:<port>), third-party cookies blocked:

- the operator's no-agent link (`noAgentLink: {url, text, delay}`, delay set short): absent before its delay,
  then below the waiting chat, pointing where the init call said and opening in a new tab without `opener`
  or referrer; gone once an agent accepts;
- the launcher's unread badge: agents' messages while the panel is closed count (also in the launcher's
  accessible name), opening clears the count, messages while it is open never count;
- phones: the on-screen keyboard, simulated through CDP (headless Chromium has no keyboard; under mobile
  emulation `Emulation.setVisibleSize` and `set_window_size` leave `visualViewport` alone, and touch scroll and
  pinch gestures do nothing): `Emulation.setDeviceMetricsOverride` shrinks the visual and the layout viewport
  together, `Emulation.setPageScaleFactor` the visual viewport alone (its offsetTop stays 0). Either way the
  panel follows the visual viewport, the message box, its Send button and the latest message stay visible,
  the host page does not scroll.

Screenshots go to E2E_OUTPUT/<test>/ (names below).
"""

import json
import time

import pytest
from selenium.webdriver.common.by import By

from harness.pages import (accept_request, any_widget, css, message_texts, send_message, type_text, until,
                           wait_message, wait_request, wait_widget, widget)
from harness.server import free_port
from harness.staticsite import StaticSite
from test_widget import agent, into_frame, launcher, shadow, visitor_browser

LINK_DELAY = 8  # seconds: noAgentLink.delay, the operator's short threshold for the link


def waiting_site(chat_url: str, options: dict) -> StaticSite:
    """A company site on http://localhost:<port>: `/` embeds the widget with `options` (`{{SITE}}` in them is
    the site's own URL); `/contact` is the operator's contact page the no-agent link points to."""
    port = free_port()
    url = f"http://localhost:{port}"
    init = json.dumps(dict(options, server=chat_url + "/otrs/")).replace("{{SITE}}", url)
    return StaticSite({
        "/": "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
             "content=\"width=device-width, initial-scale=1\"><title>Example Corp - Home</title></head><body>"
             "<h1>Example Corp</h1><p>A plain third-party page.</p>"
             f"<script async src=\"{chat_url}/otrs-web/widget/loader.js\"></script>"
             "<script>window.ChatEngine=window.ChatEngine||{q:[]};ChatEngine.initChat=ChatEngine.initChat||"
             f"function(o){{ChatEngine.q.push(o)}};ChatEngine.initChat({init});</script></body></html>",
        "/contact": "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Contact form</title>"
                    "</head><body><h1>Contact form</h1></body></html>",
    }, port, name="widget-site")


def badge_state(driver) -> dict:
    """The launcher's badge: shown, its number, and the launcher's accessible name (Chromium's computed one)."""
    driver.switch_to.default_content()
    button, badge = shadow(driver, "button.l"), shadow(driver, "span.b")
    return {"shown": badge.is_displayed(), "count": badge.text if badge.is_displayed() else "",
            "name": button.accessible_name}


def test_widget_no_agent_link_then_unread_badge(server, browsers, shot):
    """No agent accepts: after noAgentLink.delay (and not before) the link shows below the waiting chat and opens
    the operator's page safely; an agent accepts (the link goes), and the launcher counts the agent's messages
    only while the panel is closed."""
    anna = agent(browsers, server)  # available, so the launcher shows, but she does not accept yet
    site = waiting_site(server.base_url, {"title": "Example support", "launcherText": "Chat with Example",
                                         "noAgentLink": {"url": "{{SITE}}/contact?from=chat&topic=a%20b",
                                                         "text": "Write to us instead", "delay": LINK_DELAY}})
    contact = f"{site.url}/contact?from=chat&topic=a%20b"
    try:
        visitor = visitor_browser(browsers, "visitor")
        visitor.get(site.url + "/")
        launcher(visitor).click()
        into_frame(visitor)
        type_text(visitor, "#ce-public-name", "Wanda Wartend")
        type_text(visitor, "#ce-public-message", "Ist jemand da?")
        css(visitor, "#ce-public-start").click()
        started = time.monotonic()
        chat_id = until(visitor, lambda d: css(d, any_widget()).get_attribute("data-chat-id"), "the visitor's chat")
        wait_widget(visitor, chat_id, "request")

        # before the delay: the waiting text, no link
        notice = css(visitor, f'{widget(chat_id)} [data-test="waiting-notice"]')
        assert notice.get_attribute("data-kind") == "not-yet-accepted", notice.get_attribute("data-kind")
        assert not visitor.find_elements(By.ID, "ce-widget-noagent"), "the no-agent link shows before its delay"
        early = time.monotonic() - started
        assert early < LINK_DELAY - 2, f"too slow to check the time before the delay ({early:.1f} s)"
        shot(visitor, "widget-waiting-before-delay")

        link = until(visitor, lambda d: d.find_elements(By.CSS_SELECTOR, "#ce-widget-noagent a"), "the no-agent link",
                     timeout=LINK_DELAY + 10)[0]
        waited = time.monotonic() - started
        # CreatedAt is the server's (whole seconds at worst), after our click
        assert waited >= LINK_DELAY - 1.2, f"the no-agent link came after {waited:.1f} s, its delay is {LINK_DELAY} s"
        assert link.get_attribute("href") == contact, link.get_attribute("href")
        assert link.text == "Write to us instead"
        assert link.get_attribute("target") == "_blank"
        assert {"noopener", "noreferrer"} <= set(link.get_attribute("rel").split()), link.get_attribute("rel")
        assert css(visitor, "#ce-widget-noagent").get_attribute("role") == "status"
        shot(visitor, "widget-no-agent-link")

        # it opens the operator's page in a new tab that cannot reach back (no opener, no referrer)
        tabs = set(visitor.window_handles)
        link.click()
        new_tab = until(visitor, lambda d: next(iter(set(d.window_handles) - tabs), None), "the contact page's tab")
        visitor.switch_to.window(new_tab)
        until(visitor, lambda d: d.title == "Contact form", "the contact page")
        assert visitor.current_url == contact
        assert visitor.execute_script("return [window.opener === null, document.referrer]") == [True, ""]
        visitor.close()
        visitor.switch_to.window(next(iter(tabs)))

        # an agent accepts: the link goes; her message while the panel is open does not count
        wait_request(anna, "public", chat_id)
        accept_request(anna, "public", chat_id)
        into_frame(visitor)
        wait_widget(visitor, chat_id, "active")
        until(visitor, lambda d: not d.find_elements(By.ID, "ce-widget-noagent"), "the no-agent link gone")
        send_message(anna, chat_id, "Hallo Wanda, hier ist Anna")
        wait_message(visitor, chat_id, "Hallo Wanda, hier ist Anna")
        state = badge_state(visitor)
        assert not state["shown"], f"a message while the panel is open counted: {state}"

        # panel closed: two messages raise the badge to 2, also in the launcher's accessible name
        shadow(visitor, "button.x").click()
        until(visitor, lambda d: not shadow(d, "div.p").is_displayed(), "the panel closed")
        send_message(anna, chat_id, "Noch da?")
        send_message(anna, chat_id, "Ich warte auf Ihre Antwort")
        state = until(visitor, lambda d: (lambda s: s if s["count"] == "2" else None)(badge_state(d)),
                      "the launcher's badge at 2", describe=lambda: badge_state(visitor))
        assert "2 unread" in state["name"] and "Chat with Example" in state["name"], state
        shot(visitor, "widget-unread-badge-2")

        # opening clears it, and it stays cleared when the panel closes again
        shadow(visitor, "button.l").click()
        until(visitor, lambda d: shadow(d, "div.p").is_displayed(), "the panel open again")
        state = badge_state(visitor)
        assert not state["shown"] and "unread" not in state["name"], state
        into_frame(visitor)
        wait_message(visitor, chat_id, "Ich warte auf Ihre Antwort")
        visitor.switch_to.default_content()
        shadow(visitor, "button.x").click()
        until(visitor, lambda d: not shadow(d, "div.p").is_displayed(), "the panel closed again")
        time.sleep(0.5)  # a stale count would come back with the next state message; give one the chance
        assert not badge_state(visitor)["shown"], "the badge came back after the panel was closed again"
        # and counting starts from zero
        send_message(anna, chat_id, "Eine dritte Nachricht")
        state = until(visitor, lambda d: (lambda s: s if s["shown"] else None)(badge_state(d)), "the badge again",
                      describe=lambda: badge_state(visitor))
        assert state["count"] == "1" and "1 unread" in state["name"], state
    finally:
        site.close()


VIEWPORT = """
const vv = visualViewport, p = arguments[0].getBoundingClientRect(), f = arguments[1].getBoundingClientRect();
return {vvHeight: vv.height, vvTop: vv.offsetTop, innerHeight: innerHeight, scrollY: scrollY,
        panel: [p.top, p.bottom, p.height], frame: [f.top, f.bottom]};
"""

# inside the frame: the message box, its Send button and the latest message, relative to the frame's own viewport
IN_FRAME = """
const w = document.querySelector(arguments[0]);
const box = w.querySelector('[data-test="message-input"]').getBoundingClientRect();
const items = w.querySelectorAll('li[data-test="message"]');
const last = items[items.length - 1].getBoundingClientRect();
const send = w.querySelector('[data-test="send"]').getBoundingClientRect();
const history = w.querySelector('[data-test="messages"]').getBoundingClientRect();
return {height: innerHeight, box: [box.top, box.bottom], last: [last.top, last.bottom], send: [send.top, send.bottom],
        history: Math.round(history.height),
        focused: document.activeElement && document.activeElement.getAttribute('data-test')};
"""


def keyboard(driver, visible_height: int) -> None:
    """The on-screen keyboard as the phone's browser shows it: the viewport shrinks to `visible_height`."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": 390, "height": visible_height, "deviceScaleFactor": 2, "mobile": True})


def chat_in_view(phone, panel, frame, chat_id, before: dict, height: int, last_text: str) -> None:
    """The panel covers the visual viewport of `height` px, the message box (focused), its Send button and the
    latest message are inside it, the history takes at least a third of the frame (17 % before the low-height rule,
    43 % with it), and the host page has not
    scrolled."""
    after = until(phone, lambda d: (lambda v: v if abs(v["panel"][2] - height) <= 1 else None)(
        d.execute_script(VIEWPORT, panel, frame)), f"the panel following the visual viewport ({height} px)",
        describe=lambda: phone.execute_script(VIEWPORT, panel, frame))
    assert abs(after["panel"][0] - after["vvTop"]) <= 1 and after["panel"][1] <= after["vvTop"] + after["vvHeight"] + 1, after
    assert after["scrollY"] == before["scrollY"], f"the host page scrolled: {before} -> {after}"
    phone.switch_to.frame(frame)
    inside = until(phone, lambda d: (lambda v: v if max(v["box"][1], v["send"][1]) <= v["height"] + 1 else None)(
        d.execute_script(IN_FRAME, widget(chat_id))), "the message box and Send inside the shrunk frame",
        describe=lambda: phone.execute_script(IN_FRAME, widget(chat_id)))
    # the box inside the visual viewport (frame offset added), the latest message still in view above it
    assert after["frame"][0] + inside["box"][1] <= after["vvTop"] + after["vvHeight"] + 1, (after, inside)
    assert inside["box"][0] >= 0, inside
    assert 0 <= inside["last"][0] and inside["last"][1] <= inside["box"][0] + 1, \
        f"the latest message scrolled out of view: {inside}"
    assert inside["focused"] == "message-input", inside
    # the low-height rule of frame.css: header, participants and actions compact, so the history keeps room
    assert inside["history"] >= inside["height"] / 3, \
        f"the history has {inside['history']} of the frame's {inside['height']} px: {inside}"
    print(f"keyboard open: the history has {inside['history']} of the frame's {inside['height']} px")
    assert message_texts(phone, chat_id)[-1] == last_text
    phone.switch_to.default_content()


@pytest.mark.server_config({"ChatEngine::CustomerThreshold": 0})
def test_widget_phone_keyboard_keeps_the_chat_in_view(server, browsers, shot):
    """A 390x740 phone: the visitor's chat with a few messages, the message box focused; the keyboard takes the
    lower 340 px: the panel shrinks to the visual viewport, the box and the latest message stay in view, the
    host page does not scroll; the keyboard goes and the panel fills the screen again. CustomerThreshold 0 and
    a noAgentLink without delay: the no-agents text and the link show at once, together."""
    agent(browsers, server)  # someone available, so the visitor may start a chat (she need not accept)
    site = waiting_site(server.base_url, {"launcherText": "Chat with Example",
                                         "noAgentLink": {"url": "{{SITE}}/contact", "text": "Write to us instead"}})
    try:
        phone = visitor_browser(browsers, "phone", mobile=True)
        phone.get(site.url + "/")
        launcher(phone).click()
        into_frame(phone)
        type_text(phone, "#ce-public-name", "Mobile Max")
        type_text(phone, "#ce-public-message", "Frage 1 vom Handy")
        css(phone, "#ce-public-start").click()
        chat_id = until(phone, lambda d: css(d, any_widget()).get_attribute("data-chat-id"), "the phone's chat")
        wait_widget(phone, chat_id)
        # threshold 0: at once, the no-agents text and, without a delay of its own, the link with it
        until(phone, lambda d: css(d, f'{widget(chat_id)} [data-test="waiting-notice"]').get_attribute("data-kind")
              == "no-agents", "the no-agents text at once")
        until(phone, lambda d: d.find_elements(By.CSS_SELECTOR, "#ce-widget-noagent a"), "the no-agent link with it",
              timeout=3)
        for n in range(2, 7):
            send_message(phone, chat_id, f"Frage {n} vom Handy, mit etwas mehr Text, damit die Liste wächst")
        last_text = "Frage 6 vom Handy, mit etwas mehr Text, damit die Liste wächst"
        wait_message(phone, chat_id, last_text)
        css(phone, f'{widget(chat_id)} [data-test="message-input"]').click()
        phone.switch_to.default_content()
        panel, frame = shadow(phone, "div.p"), shadow(phone, "iframe")
        before = phone.execute_script(VIEWPORT, panel, frame)
        assert before["vvHeight"] == 740 and abs(before["panel"][2] - 740) <= 1, before
        shot(phone, "phone-keyboard-closed")

        # the keyboard as Chromium can show it headless: the whole viewport shrinks (visual and layout)
        keyboard(phone, 400)
        until(phone, lambda d: d.execute_script("return visualViewport.height") == 400, "the visual viewport at 400 px")
        chat_in_view(phone, panel, frame, chat_id, before, 400, last_text)
        shot(phone, "phone-keyboard-open")
        keyboard(phone, 740)
        until(phone, lambda d: abs(d.execute_script(VIEWPORT, panel, frame)["panel"][2] - 740) <= 1,
              "the panel full height again", describe=lambda: phone.execute_script(VIEWPORT, panel, frame))
        shot(phone, "phone-keyboard-gone")

        # the visual viewport alone (as Chrome's and Safari's keyboards leave the layout viewport): headless,
        # only a page scale moves it; the panel must follow it, not the 740 px layout viewport
        phone.execute_cdp_cmd("Emulation.setPageScaleFactor", {"pageScaleFactor": 2})
        until(phone, lambda d: d.execute_script("return [visualViewport.height, innerHeight]") == [370, 740],
              "the visual viewport alone at 370 px")
        chat_in_view(phone, panel, frame, chat_id, before, 370, last_text)
        shot(phone, "phone-visual-viewport-alone")
        phone.execute_cdp_cmd("Emulation.setPageScaleFactor", {"pageScaleFactor": 1})
    finally:
        site.close()
